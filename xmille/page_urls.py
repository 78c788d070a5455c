"""Page addresses from a page's `url_path` alone, for lists of hundreds of pages (the feeds, the
agenda's cards): the same addresses as Wagtail's `Page.get_url` and `get_full_url`, without a
page instance, a language switch and a `reverse()` per page.

Wagtail finds the site root paths a page's `url_path` starts with, takes the first, reverses
`wagtail_serve` with the rest of the path in the root's language (`/nl/` under Dutch roots)
and prefixes the root's URL when the page is on another site than the request's. Here the
language prefix is reversed once per language and the rest of the path quoted as `reverse()`
quotes it (tests compare both for every page of the demo network)."""

from urllib.parse import quote

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Site

# What `reverse()` leaves unquoted in a path argument (django.urls.resolvers).
SAFE = RFC3986_SUBDELIMS + "/~:@"


class PageUrls:
    """Addresses of pages for one request (its site decides relative or full, as `get_url`)."""

    def __init__(self, request=None):
        self.request = request
        if request is not None:
            try:
                self.roots = request._wagtail_cached_site_root_paths
            except AttributeError:
                self.roots = request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
            site = Site.find_for_request(request)
            self.current_site_id = site.pk if site else None
        else:
            self.roots = Site.get_site_root_paths()
            self.current_site_id = None
        self.several_sites = len({root.site_id for root in self.roots}) > 1
        self.prefixes: dict[str, str | None] = {}
        self.languages: dict[tuple[str, str], str] = {}
        self.append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)
        # Where every site root is one level down ("/quatremille/"), the roots a path starts
        # with depend on its first segment alone: chosen once per segment and language.
        self.by_first_segment = all(root.root_path.count("/") == 2 for root in self.roots)
        self.chosen: dict[tuple[str, str], tuple | None] = {}

    def _prefix(self, language_code: str) -> str | None:
        """`reverse("wagtail_serve", args=("",))` in `language_code` ("/", "/nl/")."""
        if language_code not in self.prefixes:
            try:
                with translation.override(language_code):
                    self.prefixes[language_code] = reverse("wagtail_serve", args=("",))
            except NoReverseMatch:
                self.prefixes[language_code] = None
        return self.prefixes[language_code]

    def _language(self, root_language: str) -> str:
        # As Wagtail: the active language when it is a variant of the root's language.
        active = translation.get_language()
        key = (active, root_language)
        if key not in self.languages:
            self.languages[key] = root_language
            try:
                if get_supported_content_language_variant(active) == root_language:
                    self.languages[key] = active
            except LookupError:
                pass
        return self.languages[key]

    def _choose(self, url_path: str) -> tuple | None:
        """(root, language prefix) that Wagtail chooses for `url_path`, or None."""
        matching = [root for root in self.roots if url_path.startswith(root.root_path)]
        if not matching:
            return None
        chosen = matching[0]
        if len({root.site_id for root in matching}) > 1 and self.current_site_id is not None:
            chosen = next(
                (root for root in matching if root.site_id == self.current_site_id), chosen
            )
        prefix = self._prefix(self._language(chosen.language_code))
        return None if prefix is None else (chosen, prefix)

    def parts(self, url_path: str) -> tuple[int, str, str] | None:
        """(site id, root URL, path) as `Page.get_url_parts`, or None when not routable."""
        if self.by_first_segment:
            key = (url_path[: url_path.find("/", 1) + 1], translation.get_language())
            try:
                found = self.chosen[key]
            except KeyError:
                found = self.chosen[key] = self._choose(url_path)
        else:
            found = self._choose(url_path)
        if found is None:
            return None
        chosen, prefix = found
        path = prefix + quote(url_path[len(chosen.root_path) :], safe=SAFE)
        if not self.append_slash and path != "/":
            path = path.rstrip("/")
        return chosen.site_id, chosen.root_url, path

    def url(self, url_path: str) -> str | None:
        """As `page.get_url(request)`: relative on the request's site, else full."""
        parts = self.parts(url_path)
        if parts is None:
            return None
        site_id, root_url, path = parts
        if site_id == self.current_site_id or not self.several_sites:
            return path
        return root_url + path

    def full_url(self, url_path: str) -> str | None:
        """As `page.get_full_url(request)`."""
        parts = self.parts(url_path)
        return None if parts is None else parts[1] + parts[2]
