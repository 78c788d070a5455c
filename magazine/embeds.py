"""An embed finder that never touches the network: it answers for YouTube, Vimeo and PeerTube
(framatube.org) addresses with the oEmbed HTML those providers return (recorded responses).

Tests use it (WAGTAILEMBEDS_FINDERS in xmille/settings/test.py); the demo stores its answers as
Embed rows, so `make run` renders videos without asking anyone."""

import re
from html import escape

from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders.base import EmbedFinder

# (provider, pattern of a watch URL, player URL for the video id)
PROVIDERS = [
    (
        "YouTube",
        re.compile(
            r"^https?://(?:www\.|m\.)?(?:youtube\.com/watch\?(?:.*&)?v=|youtu\.be/)"
            r"(?P<id>[\w-]{11})"
        ),
        "https://www.youtube-nocookie.com/embed/{id}?feature=oembed",
    ),
    (
        "Vimeo",
        re.compile(r"^https?://(?:www\.)?vimeo\.com/(?P<id>\d+)"),
        "https://player.vimeo.com/video/{id}?app_id=122963",
    ),
    (
        "PeerTube",
        re.compile(r"^https?://framatube\.org/(?:w|videos/watch)/(?P<id>[\w-]+)"),
        "https://framatube.org/videos/embed/{id}",
    ),
]

# Titles of the videos the demo and the tests use, as their providers answer them.
RECORDED_TITLES = {
    "https://www.youtube.com/watch?v=aqz-KE-bpKQ": "Big Buck Bunny 60fps 4K - Official Blender Foundation Short Film",
    "https://vimeo.com/1084537": "Big Buck Bunny",
    "https://framatube.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d": "What is PeerTube?",
}


def recorded_oembed(url: str) -> dict | None:
    """The oEmbed answer for `url`, or None if no known provider serves it."""
    for provider, pattern, player in PROVIDERS:
        match = pattern.match(url)
        if not match:
            continue
        title = RECORDED_TITLES.get(url, f"{provider} video {match['id']}")
        src = player.format(id=match["id"])
        html = (
            f'<iframe width="560" height="315" src="{escape(src)}" title="{escape(title)}" '
            'frameborder="0" allow="autoplay; fullscreen; picture-in-picture" '
            'allowfullscreen loading="lazy"></iframe>'
        )
        return {
            "title": title,
            "author_name": provider,
            "provider_name": provider,
            "type": "video",
            "thumbnail_url": "",
            "width": 560,
            "height": 315,
            "html": html,
        }
    return None


class RecordedOEmbedFinder(EmbedFinder):
    """Answers from recorded oEmbed responses; refuses everything else."""

    def __init__(self, **options):
        self.options = options

    def accept(self, url):
        return recorded_oembed(url) is not None

    def find_embed(self, url, max_width=None, max_height=None):
        embed = recorded_oembed(url)
        if embed is None:
            raise EmbedNotFoundException
        return embed
