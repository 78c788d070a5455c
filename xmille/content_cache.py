"""Version tokens for what the public reads, scoped per site: cached fragments and feeds put
the current token in their keys, and a change to published content makes a new one for the
sites that show it, so a cache never outlives what it shows (apart from time passing, which
each cache bounds with its own timeout) while the other sites' caches stay warm.

Two levels:
- a *site* token, renewed by a publication, unpublication, move or deletion of a page of that
  site (`xmille.page_purge` calls `site_changed` for the page's site and the sites it is shared
  with), or by a change to the site itself or its settings;
- a *network* token, renewed by what every site shows: categories, images, view
  restrictions, the list of sites (`content_changed`).

Beside the site token, a site's *structure* token: renewed with it, except by the pages that
only appear in lists (events, magazine pieces: `changes_site_structure = False` on their
model). What shows the site's structure and no event (the network bar, the guides' link, the
filter lists of regions, venues and organizers, the restricted paths) is keyed on
`structure_version()`: an event published in Liège rebuilds Liège's lists, not its menus.

`content_version()` is the token of the site of the request being served
(`xmille.page_cache.PageCacheMiddleware` sets it), or, outside a request, a token that any
change renews. Saving a draft renews nothing: the page row is saved for the revision's
bookkeeping only, which no public read shows."""

import hashlib
import time
import uuid
from contextvars import ContextVar

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

NETWORK_KEY = "xmille:content-version:network"
ANY_KEY = "xmille:content-version:any"
SITE_KEY = "xmille:content-version:site:{}"
STRUCTURE_KEY = "xmille:structure-version:site:{}"

# The site of the request being served (None: no request, or a host no site answers to).
current_site_id: ContextVar[int | None] = ContextVar("xmille_current_site_id", default=None)
# What a request has read of the tokens (and what depends on them only, such as the restricted
# paths): a cold page asks for them some thirty times, each a round trip to Redis in
# production. Set for each request by `xmille.page_cache.PageCacheMiddleware`; emptied by any
# change made during the request.
request_memo: ContextVar[dict | None] = ContextVar("xmille_request_memo", default=None)


def _token() -> str:
    """A new token: when it was made (a Unix time, for Last-Modified) and a random part."""
    return f"{time.time():.6f}-{uuid.uuid4().hex[:8]}"


def _site_key(site_id: int | None) -> str:
    return SITE_KEY.format(site_id) if site_id else ANY_KEY


def _structure_key(site_id: int | None) -> str:
    return STRUCTURE_KEY.format(site_id) if site_id else ANY_KEY


def _tokens(site_id: int | None) -> tuple[str, str, str]:
    """(network, site, structure) tokens of `site_id`, in one cache read per request."""
    return _tokens_of([site_id])[site_id]


def _tokens_of(site_ids) -> dict:
    """`_tokens` of several sites, those the request has not read yet in one cache read."""
    memo = request_memo.get()
    if memo is None:
        return _read_tokens(site_ids)
    missing = [site_id for site_id in site_ids if ("tokens", site_id) not in memo]
    if missing:
        for site_id, tokens in _read_tokens(missing).items():
            memo[("tokens", site_id)] = tokens
    return {site_id: memo[("tokens", site_id)] for site_id in site_ids}


def _read_tokens(site_ids) -> dict:
    keys = {
        site_id: (NETWORK_KEY, _site_key(site_id), _structure_key(site_id)) for site_id in site_ids
    }
    found = cache.get_many({key for site_keys in keys.values() for key in site_keys})
    result = {}
    for site_id, site_keys in keys.items():
        tokens = []
        for key in site_keys:
            token = found.get(key)
            if token is None:
                token = _token()
                if not cache.add(key, token, None):  # another process made it first
                    token = cache.get(key) or token
                found[key] = token
            tokens.append(token)
        result[site_id] = (tokens[0], tokens[1], tokens[2])
    return result


def content_version(site_id: int | None = None) -> str:
    """The current token of `site_id` (default: the site of the request being served)."""
    network, site, _structure = _tokens(site_id or current_site_id.get())
    return f"{network}.{site}"


def structure_version(site_id: int | None = None) -> str:
    """The token of what `site_id` shows that no event or magazine piece changes (see the
    module's docstring); renewed with the content version by everything else."""
    network, _site, structure = _tokens(site_id or current_site_id.get())
    return f"{network}.{structure}"


# How long what is kept per structure version lives (a new version makes new keys at once).
STRUCTURE_CACHE_SECONDS = 60 * 60


def structure_cached(name: str, build, *parts, alone: bool = False):
    """`build()`, kept until the site's structure changes (`structure_version`): what a site
    shows that no event or magazine piece changes (its menu, the network bar, the switcher's
    sections, the restricted paths). `parts` tell apart what one site shows several of (a
    language, a page).

    The small ones of a site are kept together, in one entry read once per request and
    written once when it built some (a page asks for half a dozen: one round trip to Redis,
    not six); `alone=True` keeps a large one (the agenda's list of two thousand venues) in an
    entry of its own, read only where it is shown."""
    version = structure_version()
    memo = request_memo.get()
    if alone:
        return _kept(":".join(str(part) for part in ("xmille", name, version, *parts)), build)
    key = f"xmille:structure:{version}"
    bundle = memo.get(key) if memo is not None else None
    if bundle is None:
        bundle = cache.get(key) or {}
        if memo is not None:
            memo[key] = bundle
    entry = ":".join(str(part) for part in (name, *parts))
    if entry not in bundle:
        bundle[entry] = build()
        if memo is None:
            cache.set(key, bundle, STRUCTURE_CACHE_SECONDS)
        else:  # written once, when the request ends (`end_request`)
            memo.setdefault(UNSAVED, {})[key] = bundle
    return bundle[entry]


def content_cached(name: str, build, *parts):
    """`build()`, kept until the site's content changes (`content_version`), in an entry of
    its own: what one page shows that a publication on its site may change (an event's
    languages: a translation published renews its site's content)."""
    return _kept(":".join(str(part) for part in ("xmille", name, content_version(), *parts)), build)


def _kept(key: str, build):
    """The value kept under `key`, built and kept when missing; remembered for the request."""
    memo = request_memo.get()
    if memo is not None and key in memo:
        return memo[key]
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, STRUCTURE_CACHE_SECONDS)
    if memo is not None:
        memo[key] = value
    return value


# Where the request's memo keeps the structure entries built during the request.
UNSAVED = "unsaved-structure"


def end_request(memo: dict) -> None:
    """Write what the request built of its sites' structure (`structure_cached`), once. If
    another process added other entries meanwhile, the last write wins: what it dropped is
    built again the next time it is asked for."""
    for key, bundle in memo.get(UNSAVED, {}).items():
        cache.set(key, bundle, STRUCTURE_CACHE_SECONDS)


def content_version_since(site_id: int | None = None) -> float:
    """When the current token was made (a Unix time): content is unchanged since then, the
    Last-Modified of what is built from it (`xmille.conditional`)."""
    network, site, _structure = _tokens(site_id or current_site_id.get())
    return max(float(token.split("-")[0]) for token in (network, site))


def reads_address(request, query: str) -> None:
    """Declare what of its address a page reads: its path and `query` (its own parameters,
    encoded). Its fragments are then kept per that, so that an address with more (a share's
    `fbclid`, `utm_*` tags) finds them instead of building them again, and apart."""
    request.xmille_address_query = query


def address_digest(request) -> str:
    """The site (host), the page and its filters (path and query string, or the part of it
    the page reads: `reads_address`), as a short key."""
    query = getattr(request, "xmille_address_query", None)
    address = request.get_full_path() if query is None else f"{request.path}?{query}"
    return hashlib.md5(f"{request.get_host()}{address}".encode(), usedforsecurity=False).hexdigest()


def request_cache_key(prefix: str, request, *extra) -> str:
    """A key for what an address shows: the content version, the site (host), the page and
    its filters (path and query string), the active language, and `extra` (e.g. the minute)."""
    parts = (prefix, content_version(), address_digest(request), get_language(), *extra)
    return ":".join(str(part) for part in parts)


# How long a fragment of a public page (agenda results, home highlights) is reused. Content
# changes are seen at once; this bounds how long an event that has just ended stays listed.
FRAGMENT_CACHE_SECONDS = 120


def fragment_cache_key(request, *, scope: str = "address", others=(), parts=()) -> str:
    """For fragments that depend on the content and the minute ("not over yet", "today"): the
    key changes at least every minute. By `scope`:
    - "address": the page at this address (its filters), with the site's content;
    - "site": what every page of the site shows alike, in any filter (or, with `parts`, what
      one page shows of the site's content: an event's related events);
    - "structure": what changes with the site's structure only (`structure_version`): this
      week's picks, which magazine renews where a picked event is published;
    - "structure-address": what the address and the structure alone decide, not the content
      nor the time (the agenda's filter form: the filters in the address, the lists of
      places and categories): an event's publication leaves it;
    - "others": what shows the sites `others` ("elsewhere in the network"), keyed on their
      content, not this site's: a publication here leaves it, one there renews it at once.
    `parts` tell apart what the same scope shows several of (a language)."""
    from django.utils import timezone

    minute = int(timezone.now().timestamp() // 60)
    if scope == "address":
        return request_cache_key("xmille:fragment", request, minute, *parts)
    if scope == "structure-address":
        address = address_digest(request)
        key = ("xmille:fragment", scope, structure_version(), address, get_language(), *parts)
        return ":".join(str(part) for part in key)
    if scope == "site":
        version = content_version()
    elif scope == "structure":
        version = structure_version()
    elif scope == "others":
        ordered = sorted(others)
        tokens = _tokens_of(ordered)
        network = tokens[ordered[0]][0] if ordered else "none"
        version = ".".join([network, *(tokens[site_id][1] for site_id in ordered)])
    else:
        raise ValueError(f"unknown fragment scope {scope!r}")
    address = hashlib.md5(request.get_host().encode(), usedforsecurity=False).hexdigest()
    key = ("xmille:fragment", scope, version, address, get_language(), minute, *parts)
    return ":".join(str(part) for part in key)


def site_changed(*site_ids: int, structure: bool = True) -> None:
    """New tokens for these sites (and for readers outside a request); the others keep theirs.
    `structure=False`: what changed only appears in lists (an event, a magazine piece), the
    sites' structure tokens are kept."""
    token = _token()
    keys = [_site_key(site_id) for site_id in {*site_ids, None}]
    if structure:
        keys += [_structure_key(site_id) for site_id in site_ids]
    cache.set_many(dict.fromkeys(keys, token), None)
    _forget_memo()


def changes_site_structure(page) -> bool:
    """Whether publishing `page` (or taking it down) can change what its site shows besides
    lists: False for the page types that say so (`changes_site_structure = False`: events,
    magazine pieces), asked of the instance's class, so that this module imports no app. A
    plain `Page` instance says True: renewing the structure too is never wrong."""
    return getattr(type(page), "changes_site_structure", True)


def content_changed(**kwargs) -> None:
    """New tokens everywhere: what every site shows has changed."""
    token = _token()
    cache.set_many({NETWORK_KEY: token, ANY_KEY: token}, None)
    _forget_memo()


def _forget_memo() -> None:
    memo = request_memo.get()
    if memo is not None:
        memo.clear()


def _network_models():
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site

    from events.models import EventCategory
    from xmille.models import SiteBranding

    return (PageViewRestriction, Site, SiteBranding, EventCategory, get_image_model())


def _on_write(sender, instance=None, update_fields=None, created=False, **kwargs) -> None:
    from wagtail.images import get_image_model

    if isinstance(instance, NETWORK_WATCHED):
        if isinstance(instance, get_image_model()):
            # A new image is shown nowhere yet; an edited one is, in fragments of any site
            # (the whole pages that show it expire with XMILLE_PAGE_CACHE_SECONDS).
            if not created:
                content_changed()
            return
        from .page_cache import purge_network

        content_changed()
        purge_network()  # a site, its settings, a category: shown on every page of the network


NETWORK_WATCHED: tuple = ()


def connect() -> None:
    """Called from the app's ready(): the models must be loaded."""
    global NETWORK_WATCHED
    NETWORK_WATCHED = _network_models()
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"content-version-{id(signal)}")
