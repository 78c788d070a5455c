"""Settings shared by every environment; environment-specific modules override them.

Configuration comes from the environment so that one code base serves development, CI and
production: DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, BASE_URL, MEDIA_ROOT, EMAIL_*, REDIS_URL,
TRUSTED_PROXY_COUNT. Every size, count and delay that protects the site comes from
`xmille.limits`.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from xmille import limits

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    # Ours first, so that our templates override the ones of the apps below.
    "xmille",
    "home",
    "events",
    "magazine",
    "search",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtailgeowidget",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "xmille.middleware.PermissionsPolicyMiddleware",
    # Before anything reads the body (CSRF reads request.POST).
    "xmille.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # `/` -> the home in the browser's language, once, for people only (xmille.languages).
    "xmille.languages.PreferredLanguageMiddleware",
    # Whole anonymous public pages, answered before anything reads a session, sets a cookie or
    # a CSP nonce (xmille.page_cache).
    "xmille.page_cache.PageCacheMiddleware",
    # Wagtail's site for the request, kept with the site's structure (a query otherwise).
    "xmille.middleware.KnownSiteMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "xmille.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into our 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xmille.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "xmille.wsgi.application"

# SQLite when DATABASE_URL is unset (development, demo, first CI pass);
# PostgreSQL through psycopg 3 when it is set (postgres://user@host:5432/name).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Production keeps connections (DB_CONN_MAX_AGE, checked before reuse); here each
        # request opens its own unless the environment says otherwise.
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # The parameters travel apart from the SQL (server-side binding), so psycopg can prepare
    # the statements a page runs on every render after their second run: PostgreSQL then
    # skips parsing them, and planning them where its generic plan is as good. The agenda's
    # date queries it still plans for their values (a region's path, a date): forced
    # generic plans (plan_cache_mode) halved their cost under a whole site but made a
    # region's 3 to 10 times slower (session 8). Prepared statements live per connection:
    # behind PgBouncer in transaction pooling mode, set DB_PREPARE_THRESHOLD=off (or use
    # session pooling).
    _prepare = os.environ.get("DB_PREPARE_THRESHOLD", "2")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=None if _prepare.lower() in ("", "off", "none") else int(_prepare),
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "xmille.throttling.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: French is the source language; content is translated to nl, de, en.
# LANGUAGE_CODE must stay "fr" from the first migration: Wagtail creates the default Locale
# from it.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", "Français"),
    ("nl", "Nederlands"),
    ("de", "Deutsch"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Interface catalogues (locale/<lang>/LC_MESSAGES/django.po) are compiled to .mo in pure Python
# by `manage.py compilemessages` (xmille/management/commands): `make run` and `make test` do it.
# Dates per language, and the named formats code and templates use (xmille/formats/__init__.py).
FORMAT_MODULE_PATH = ["xmille.formats"]
# A translation published by wagtail-localize must still go through moderation.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation is off unless configured (e.g. DeepL with its key); a person always
# reviews a translation, which then goes through the page's workflow (xmille.translation).
if os.environ.get("DEEPL_API_KEY"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": os.environ["DEEPL_API_KEY"]},
    }

TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploaded files above this go to a temporary file on disk: memory stays bounded. Bodies above
# the limits of xmille.limits are refused before being read (xmille.middleware).
FILE_UPLOAD_MAX_MEMORY_SIZE = limits.FILE_UPLOAD_MAX_MEMORY_BYTES

# Cache: local memory by default; Redis when REDIS_URL is set (scale-out path).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's, with one client per connection pool (xmille.redis_cache).
            "BACKEND": "xmille.redis_cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# E-mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Xmille <noreply@xmille.be>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (django-tasks; Wagtail 8 queues its search and reference index updates
# there, xmille.tasks its purges and e-mails): run immediately, in the request, unless
# configured otherwise (production: a database queue and a worker).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The backend that really sends e-mails when EMAIL_BACKEND is xmille.tasks.TaskEmailBackend.
XMILLE_TASK_EMAIL_BACKEND = os.environ.get(
    "TASK_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)

# Full-page cache for anonymous visitors (xmille.page_cache): how long a page is kept here
# and by a CDN (s-maxage; an entry here also ends with its minute: what has just ended drops
# out of the lists within a minute); 0 switches it off. Purged by what a publication touches
# (xmille.page_purge) through wagtail.contrib.frontend_cache: our own cache, plus a CDN when
# production configures one.
XMILLE_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
XMILLE_PAGE_CACHE_EXCLUDED_PATHS = [
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/media/",
    "/static/",
    "/i18n/",
    "/_util/",
    # The API answers its own 304s and counts each client's requests (429): a kept copy would
    # skip both.
    "/api/",
]
WAGTAILFRONTENDCACHE = {"local": {"BACKEND": "xmille.page_cache.LocalPageCacheBackend"}}
# xmille.page_purge lists each language's URLs itself (a French event shows in the other
# languages' lists): Wagtail need not multiply them.
WAGTAILFRONTENDCACHE_LANGUAGES = []
# Paths purged on every site a change touches, besides the pages that show it.
XMILLE_PURGE_SITE_PATHS = [
    "/sitemap.xml",
    "/api/v1/events/",
    "/api/v1/venues/",
    "/api/v1/organizers/",
    "/api/v1/pieces/",
    "/search/",
    *(f"/{code}/search/" for code, _name in LANGUAGES[1:]),
]
# Lists of the whole network, served by every site: a publication anywhere purges them on
# every site (the directory of actors shows each organizer and its next events).
XMILLE_PURGE_NETWORK_PATHS = [
    "/reseau/annuaire/",
    *(f"/{code}/reseau/annuaire/" for code, _name in LANGUAGES[1:]),
]

# Wagtail
WAGTAIL_SITE_NAME = "Xmille"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://localhost:8000")
# Site search (search/): Wagtail's database backend, French-aware on PostgreSQL (text search
# configurations of search/migrations/0001) and on SQLite (search/backends.py). SEARCH_URL
# switches to OpenSearch/Elasticsearch (README, "Search"); then run `manage.py update_index`.
if os.environ.get("SEARCH_URL"):
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": os.environ.get("SEARCH_BACKEND", "wagtail.search.backends.opensearch2"),
            "URLS": env_list("SEARCH_URL"),
            "INDEX": os.environ.get("SEARCH_INDEX", "xmille"),
            "TIMEOUT": 5,
            "OPTIONS": {},
            # French text: elisions ("l'expo"), case and accents folded, light French stemming.
            "INDEX_SETTINGS": {
                "settings": {
                    "index": {
                        "analysis": {
                            "filter": {
                                "xmille_elision": {
                                    "type": "elision",
                                    "articles_case": True,
                                    "articles": ["l", "d", "j", "m", "n", "s", "t", "qu"],
                                },
                                "xmille_french_stemmer": {
                                    "type": "stemmer",
                                    "language": "light_french",
                                },
                            },
                            "analyzer": {
                                "default": {
                                    "tokenizer": "standard",
                                    "filter": [
                                        "xmille_elision",
                                        "lowercase",
                                        "asciifolding",
                                        "xmille_french_stemmer",
                                    ],
                                }
                            },
                        }
                    }
                }
            },
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends",
            "SEARCH_CONFIG": "xmille_french",
            "AUTOCOMPLETE_CONFIG": "xmille_simple",
        }
    }
WAGTAILIMAGES_IMAGE_MODEL = "xmille.CustomImage"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = limits.IMAGE_MAX_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = limits.IMAGE_MAX_PIXELS
WAGTAILDOCS_EXTENSIONS = limits.DOCUMENT_EXTENSIONS
WAGTAILDOCS_MAX_UPLOAD_SIZE = limits.DOCUMENT_MAX_BYTES
# Checks that a document's content is what its extension says (xmille/uploads.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "xmille.uploads.DocumentForm"
# Documents are always streamed by Wagtail's view, which checks the collection's privacy, even
# from S3-compatible storage; their files are never under a public URL (see README, Security).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatar fetched from gravatar.com: the admin makes no third-party request either.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Slugs in ASCII: "atelier-decriture", never "atelier-décriture" (issue 13).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# Workflow e-mails go to the people who can act (see xmille/workflows.py), not to every superuser.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_FINISH_WORKFLOW_ACTION = "xmille.publishing.publish_workflow_state"

# Public pages load nothing from third parties but map tiles (a setting of its own).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ORIGIN = os.environ.get("MAP_TILE_ORIGIN", "https://tile.openstreetmap.org")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">les contributeurs d\'OpenStreetMap</a>',
)
# The venue editor's map (wagtailgeowidget): same tiles; Leaflet itself comes from our static
# files (events.widgets). OpenStreetMap's tiles need a Referer: the layer asks for one.
GEO_WIDGET_LEAFLET_TILE_LAYER = MAP_TILE_URL
GEO_WIDGET_LEAFLET_TILE_LAYER_OPTIONS = {
    "attribution": MAP_TILE_ATTRIBUTION,
    "maxZoom": 19,
    "referrerPolicy": "strict-origin-when-cross-origin",
}
GEO_WIDGET_DEFAULT_LOCATION = {"lat": 50.4669, "lng": 4.8675}  # Namur, the middle of Wallonia
GEO_WIDGET_ZOOM = 8
# Geocoding of venue addresses, through our admin's proxy (events.geocoding), within
# Nominatim's usage policy: one request per second, identified, cached.
GEOCODER_URL = os.environ.get("GEOCODER_URL", "https://nominatim.openstreetmap.org/search")
GEOCODER_USER_AGENT = os.environ.get(
    "GEOCODER_USER_AGENT", "Xmille/0.1 (agenda culturel de Wallonie; admin geocoding)"
)
GEOCODER_COUNTRY_CODES = os.environ.get("GEOCODER_COUNTRY_CODES", "be")
GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "5"))
GEOCODER_MIN_INTERVAL = 1  # seconds between two requests (Nominatim: at most one per second)

# Content Security Policy for the public sites.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", MAP_TILE_ORIGIN],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [
            SELF,
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
            "https://framatube.org",
        ],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# The admin's own policy (/admin/, /django-admin/; xmille.middleware.CSPMiddleware): Wagtail's
# admin sets inline styles (style attributes, draftail, the focal point editor), shows data: and
# blob: image previews, and the map widget loads tiles. Its page editor still runs two inline
# scripts and the image editor inline event handlers (checked in headless chromium), so scripts
# are 'self' plus 'unsafe-inline' (no nonce here: a nonce would switch 'unsafe-inline' off).
# Third-party scripts, plugins, framing by others, <base> and foreign form targets stay refused.
XMILLE_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", MAP_TILE_ORIGIN],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "frame-src": CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# Browser features: geolocation for our own pages ("près de chez moi"), the rest refused.
PERMISSIONS_POLICY = {
    "geolocation": ["self"],
    "camera": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "hid": [],
    "bluetooth": [],
    "midi": [],
    "accelerometer": [],
    "gyroscope": [],
    "magnetometer": [],
    "display-capture": [],
    "browsing-topics": [],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail marks its preview views SAMEORIGIN itself; everything else may not be framed.
X_FRAME_OPTIONS = "DENY"

LOGIN_URL = "wagtailadmin_login"

# Login throttling (django-axes, see xmille/throttling.py): failures are counted per account and
# per address; either one is locked for a cool-off after too many. Unlock: Django admin
# (/django-admin/axes/) or `manage.py axes_reset_username <name>`.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = limits.LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=limits.LOGIN_COOLOFF_MINUTES)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "xmille.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "xmille.throttling.client_address"
# Proxies in front of Django that append to X-Forwarded-For (0: clients connect directly).
XMILLE_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

XMILLE_NETWORK_NAME = _("Réseau Xmille")
