"""Guides built for the tests: an index under a site's home and tutorials in reading order."""

from wagtail.images import get_image_model
from wagtail.models import Page

from home.models import GuideIndexPage, TutorialPage


def guide_index(home: Page, **fields) -> GuideIndexPage:
    index = GuideIndexPage(title="Tutos", slug="tutos", **fields)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def tutorial(index: GuideIndexPage, title: str, *, audiences=(), topic="", steps=None, **fields):
    """A published tutorial; `audiences` are TutorialPage's `for_*` field suffixes."""
    from django.utils.text import slugify

    page = TutorialPage(
        title=title,
        slug=slugify(title),
        topic=topic,
        steps=steps
        if steps is not None
        else [
            (
                "step",
                {
                    "title": f"Étape de {title}",
                    "text": "<p>Faites ceci.</p>",
                    "screenshot": None,
                    "video": "",
                },
            )
        ],
        **{f"for_{who}": True for who in audiences},
        **fields,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def screenshot(alt: str = "L'éditeur d'événement, le champ du titre en évidence."):
    from io import BytesIO

    from django.core.files.images import ImageFile

    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.new("RGB", (40, 30), (90, 90, 90)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title="Capture", description=alt, credit="Xmille", file=ImageFile(buffer, "capture.png")
    )
