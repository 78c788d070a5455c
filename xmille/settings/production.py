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
