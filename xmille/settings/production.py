"""Production: every secret and host comes from the environment; `check --deploy` is clean.

Serve with gunicorn behind a TLS-terminating proxy (see README)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment in production.")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# whitenoise serves the static files, compressed and with hashed names (cached forever).
MIDDLEWARE = [
    MIDDLEWARE[0],  # noqa: F405  (SecurityMiddleware first)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],  # noqa: F405
]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Behind the TLS-terminating proxy of the README: the client's address is the one it appends to
# X-Forwarded-For (login and password throttling count per address).
XMILLE_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))  # noqa: F405

# Uploads on S3-compatible storage (django-storages, in the "production" extra) when
# AWS_STORAGE_BUCKET_NAME is set; otherwise on disk under MEDIA_ROOT, the web server serving
# only /media/images/ and /media/original_images/. Credentials come from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY. Object ACLs are left to the bucket policy, which must make images/ and
# original_images/ public and keep documents/ private: documents are streamed by Wagtail's
# serve view (WAGTAILDOCS_SERVE_METHOD), which checks their collection's privacy.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")  # noqa: F405
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None  # noqa: F405
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None  # noqa: F405
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None  # noqa: F405
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "")  # noqa: F405
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = False  # image URLs stay stable, so cached pages keep working
    AWS_S3_FILE_OVERWRITE = False
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGIN = f"https://{AWS_S3_CUSTOM_DOMAIN}"
    elif AWS_S3_ENDPOINT_URL:
        MEDIA_ORIGIN = AWS_S3_ENDPOINT_URL.rstrip("/")
    else:
        MEDIA_ORIGIN = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    MEDIA_ORIGIN = os.environ.get("MEDIA_ORIGIN", MEDIA_ORIGIN)  # noqa: F405
    for _policy in (CONTENT_SECURITY_POLICY, XMILLE_ADMIN_CONTENT_SECURITY_POLICY):  # noqa: F405
        _policy["DIRECTIVES"]["img-src"] = [*_policy["DIRECTIVES"]["img-src"], MEDIA_ORIGIN]

# PostgreSQL: persistent connections, checked before reuse (a new connection per request costs
# more than a cheap page's queries). DB_CONN_MAX_AGE=0 goes back to one per request.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "600"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # SQLite (`make load` on the bench file): writers (an editor, the task worker) wait for
    # each other instead of failing with "database is locked".
    # (Reading the file through a memory map, `PRAGMA mmap_size`, was tried in session 10:
    # the GeoJSON's 53,000 dates a sixth faster, an event page rendered 4 to 13 % slower.)
    DATABASES["default"].setdefault("OPTIONS", {}).update(  # noqa: F405
        timeout=30, transaction_mode="IMMEDIATE"
    )

# Background work in a database queue, run by a worker next to gunicorn (README, "Background
# tasks"): `python manage.py db_worker`. TASKS_BACKEND=immediate keeps it in the request.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks", "django_tasks_db"]  # noqa: F405
if os.environ.get("TASKS_BACKEND", "database") == "immediate":  # noqa: F405
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# E-mails (Wagtail's moderation notifications included) are queued, then sent by the worker
# through XMILLE_TASK_EMAIL_BACKEND (SMTP unless TASK_EMAIL_BACKEND says otherwise).
XMILLE_TASK_EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", EMAIL_BACKEND)  # noqa: F405
EMAIL_BACKEND = "xmille.tasks.TaskEmailBackend"

# The page cache is shared by every gunicorn worker and purged by the task worker only through
# a shared cache: without Redis (REDIS_URL) each process would keep its own copies, which a
# purge elsewhere could not reach, so it is off.
if not os.environ.get("REDIS_URL"):  # noqa: F405
    XMILLE_PAGE_CACHE_SECONDS = 0
# A stale page (purged by a publication, or past its minute) is built again by two threads of
# each worker while visitors get the previous copy: nobody waits for a cold render.
XMILLE_PAGE_CACHE_REFRESH = os.environ.get("PAGE_CACHE_REFRESH", "background")  # noqa: F405
# A CDN or reverse proxy in front, purged by the same publications (wagtail.contrib.
# frontend_cache), each switched on by its environment variables.
if os.environ.get("FRONTEND_CACHE_VARNISH_URL"):  # noqa: F405
    WAGTAILFRONTENDCACHE["varnish"] = {  # noqa: F405
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_VARNISH_URL"],  # noqa: F405
    }
if os.environ.get("FRONTEND_CACHE_CLOUDFLARE_ZONEID"):  # noqa: F405
    WAGTAILFRONTENDCACHE["cloudflare"] = {  # noqa: F405
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["FRONTEND_CACHE_CLOUDFLARE_ZONEID"],  # noqa: F405
        "BEARER_TOKEN": os.environ.get("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN", ""),  # noqa: F405
    }
if os.environ.get("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"):  # noqa: F405
    WAGTAILFRONTENDCACHE["cloudfront"] = {  # noqa: F405
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"],  # noqa: F405
    }
