"""Demo builder: every site's structure in nl, de, en (xmille.locales), before the roles so that
their permissions and workflows cover each locale's copy."""

from xmille.locales import ensure_locale_structure

from .sites import DemoNetwork


def build(network: DemoNetwork) -> None:
    report = ensure_locale_structure()
    network.say(
        f"Locale structure: {len(report.created)} pages created, {len(report.published)} published."
    )
