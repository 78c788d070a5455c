"""Generated, credited demo images: no network, no binary files in the repository."""

import colorsys
import hashlib
from io import BytesIO

from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Collection

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

DEMO_CREDIT = "Image générée — démo Xmille"


def _font(size: int):
    for name in ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def colour_for(text: str) -> tuple[int, int, int]:
    """A stable, pleasant colour derived from a text."""
    digest = hashlib.sha1(text.encode()).digest()
    hue = digest[0] / 255
    r, g, b = colorsys.hls_to_rgb(hue, 0.38, 0.55)
    return int(r * 255), int(g * 255), int(b * 255)


def render_jpeg(text: str, size=(1200, 800), colour=None, label: str = "") -> bytes:
    colour = colour or colour_for(text)
    image = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    width, height = size
    # A few soft diagonal bands so the pictures do not all look flat.
    for i in range(-height, width, max(width // 6, 1)):
        draw.line(
            [(i, height), (i + height, 0)],
            fill=tuple(min(c + 25, 255) for c in colour),
            width=width // 24,
        )
    font = _font(max(height // (3 if width < 400 else 7), 12))
    box = draw.textbbox((0, 0), text, font=font)
    draw.text(
        ((width - (box[2] - box[0])) / 2, (height - (box[3] - box[1])) / 2 - box[1]),
        text,
        font=font,
        fill=(255, 255, 255),
    )
    if label:
        small = _font(max(height // 24, 10))
        draw.text((width // 30, height - height // 12), label, font=small, fill=(255, 255, 255))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def demo_image(
    title: str,
    text: str,
    *,
    alt: str,
    credit: str = DEMO_CREDIT,
    size=(1200, 800),
    colour=None,
    collection=None,
):
    """Return the demo image called `title`, creating it once (idempotent)."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    content = render_jpeg(text, size=size, colour=colour)
    slug = hashlib.sha1(title.encode()).hexdigest()[:12]
    image = Image(
        title=title,
        description=alt,
        credit=credit,
        collection=collection or Collection.get_first_root_node(),
        file=ImageFile(BytesIO(content), name=f"demo-{slug}.jpg"),
    )
    image.save()
    return image
