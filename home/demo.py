"""Demo builder: each site's guides ("Tutos"), in French, from `xmille/data/demo-guides.json`
(data, not code); their translations come with the others (`xmille.demo.translations`).

Runs before the locale structure is built, so the guides' index exists in every language.
Idempotent: a guide already there (by slug) is left as it is."""

import json
import uuid
from pathlib import Path

from django.conf import settings

from xmille.demo.images import demo_image
from xmille.demo.sites import DemoNetwork

from .guides import AUDIENCE_FIELDS, Audience, GuideIndexPage, TutorialPage

DATA = Path(settings.BASE_DIR) / "xmille" / "data" / "demo-guides.json"
SCREENSHOT_SIZE = (1200, 700)
SCREENSHOT_COLOUR = (70, 84, 102)


def load() -> dict:
    with DATA.open(encoding="utf-8") as handle:
        return json.load(handle)


def _screenshot(alt: str, label: str, collection):
    return demo_image(
        f"Capture d'écran : {label}",
        label,
        alt=alt,
        credit="Xmille",
        size=SCREENSHOT_SIZE,
        colour=SCREENSHOT_COLOUR,
        collection=collection,
    )


def _steps(spec: dict, collection) -> list[dict]:
    steps = []
    for step in spec["steps"]:
        # An empty optional ImageBlock, as the editor saves it (None breaks bulk loading).
        screenshot = {"image": None, "decorative": False, "alt_text": ""}
        if step.get("screenshot"):
            image = _screenshot(step["screenshot"], step["title"], collection)
            screenshot = {"image": image.pk, "decorative": False, "alt_text": step["screenshot"]}
        steps.append(
            {
                "type": "step",
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{spec['slug']}/{step['title']}")),
                "value": {
                    "title": step["title"],
                    "text": step["text"],
                    "screenshot": screenshot,
                    "video": step.get("video", ""),
                },
            }
        )
    return steps


def ensure_guides(home, collection, data: dict) -> int:
    """The site's guides' index and its guides; returns how many pages were created."""
    created = 0
    index = GuideIndexPage.objects.child_of(home).first()
    if index is None:
        index = GuideIndexPage(
            title=data["index"]["title"], slug=data["index"]["slug"], intro=data["index"]["intro"]
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        created += 1
    for spec in data["guides"]:
        if TutorialPage.objects.child_of(index).filter(slug=spec["slug"]).exists():
            continue
        audiences = {Audience(value) for value in spec["audiences"]}
        guide = TutorialPage(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            topic=spec["topic"],
            steps=_steps(spec, collection),
            **{name: audience in audiences for audience, name in AUDIENCE_FIELDS.items()},
        )
        index.add_child(instance=guide)
        guide.save_revision().publish()
        created += 1
    return created


def build(network: DemoNetwork) -> None:
    data = load()
    created = sum(ensure_guides(demo.home, demo.collection, data) for demo in network.sites)
    network.say(f"Guides: {created} pages created.")
