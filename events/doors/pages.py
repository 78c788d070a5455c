"""Building pages from what people typed: free slugs, plain text as rich text."""

from django.utils.html import linebreaks
from django.utils.text import slugify

from wagtail.models import Page


def free_slug(parent: Page, title: str) -> str:
    """A slug for a new child of `parent`, unused among its children."""
    base = (slugify(title) or "page")[:200]
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def paragraphs_html(text: str) -> str:
    """Plain text as escaped HTML paragraphs (a blank line separates them)."""
    return linebreaks(text or "", autoescape=True)


def teaser_from(text: str, limit: int = 200) -> str:
    """The first sentences of `text`, `limit` characters at most, cut at a word."""
    plain = " ".join((text or "").split())
    if len(plain) <= limit:
        return plain
    cut = plain[: limit - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


def services_blocks(text: str) -> list[tuple[str, dict]]:
    """The services typed in a request as ServiceBlock values: one per paragraph, its first
    line the title, the rest its description."""
    blocks = []
    for paragraph in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if not lines:
            continue
        title = lines[0][:120]
        description = "\n".join(lines[1:]) or lines[0]
        blocks.append(("service", {"title": title, "description": description, "audience": ""}))
    return blocks
