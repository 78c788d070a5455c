"""Demo builder: locales, one Wagtail Site and HomePage per regional site, branding, collections."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model

from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage
from xmille.models import SiteBranding
from xmille.network_data import SiteSpec, network_spec

from .images import demo_image

DEV_SUPERUSER = ("admin", "admin")


@dataclass
class DemoSite:
    spec: SiteSpec
    site: Site
    home: HomePage
    collection: Collection


@dataclass
class DemoNetwork:
    domain: str = "localhost"
    port: int = 8000
    sites: list[DemoSite] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    def say(self, message: str) -> None:
        self.log.append(message)


def ensure_locales() -> Locale:
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    return Locale.objects.get(language_code=settings.LANGUAGE_CODE)


def _remove_wagtail_welcome_page() -> None:
    """Wagtail's first migration creates a "Welcome" page and a site on it; we replace both."""
    for page in Page.objects.filter(depth=2, content_type__model="page", slug="home"):
        Site.objects.filter(root_page=page).delete()
        page.delete()


def ensure_site(spec: SiteSpec, *, domain: str, port: int, locale: Locale) -> DemoSite:
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(slug=spec.slug, depth=2, locale=locale).first()
    if home is None:
        home = HomePage(
            title=spec.name,
            slug=spec.slug,
            locale=locale,
            intro=f"<p>{spec.tagline}.</p>" if spec.tagline else "",
        )
        root.add_child(instance=home)
        home.save_revision().publish()

    hostname = f"{spec.slug}.{domain}"
    is_default = spec.order == 0
    site = (
        Site.objects.filter(root_page=home).first()
        or Site.objects.filter(hostname=hostname).first()
    )
    if site is None:
        site = Site(hostname=hostname)
    site.hostname = hostname
    site.port = port
    site.site_name = spec.name
    site.root_page = home
    site.is_default_site = is_default
    if is_default:
        Site.objects.filter(is_default_site=True).exclude(pk=site.pk).update(is_default_site=False)
    site.save()

    root_collection = Collection.get_first_root_node()
    collection = root_collection.get_children().filter(name=spec.name).first()
    if collection is None:
        collection = root_collection.add_child(name=spec.name)

    logo = demo_image(
        f"Logo {spec.name}",
        spec.mark,
        alt=f"Logo de {spec.name}",
        credit="Xmille",
        size=(256, 256),
        colour=tuple(int(spec.accent_colour[i : i + 2], 16) for i in (1, 3, 5)),
        collection=collection,
    )
    branding, _ = SiteBranding.objects.get_or_create(site=site, defaults={"name": spec.name})
    branding.name = spec.name
    branding.short_name = spec.short_name
    branding.tagline = spec.tagline
    branding.primary_colour = spec.primary_colour
    branding.accent_colour = spec.accent_colour
    branding.network_order = spec.order
    branding.logo = branding.logo or logo
    branding.save()
    return DemoSite(spec=spec, site=site, home=home, collection=collection)


def ensure_dev_superuser(network: DemoNetwork) -> None:
    """A superuser with a known password, only ever in a DEBUG (development) environment."""
    if not settings.DEBUG:
        network.say("DEBUG is off: no demo superuser created.")
        return
    username, password = DEV_SUPERUSER
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        User.objects.create_superuser(username, f"{username}@xmille.localhost", password)
        network.say(f"Superuser created: {username} / {password} (development only).")


def build(network: DemoNetwork) -> None:
    locale = ensure_locales()
    _remove_wagtail_welcome_page()
    for spec in network_spec():
        network.sites.append(
            ensure_site(spec, domain=network.domain, port=network.port, locale=locale)
        )
    ensure_dev_superuser(network)
    network.say(f"{len(network.sites)} sites: " + ", ".join(s.site.root_url for s in network.sites))
