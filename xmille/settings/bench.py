"""`make bench`: production-like (no DEBUG, no query logging), on its own database
(BENCH_DATABASE_URL in the Makefile: SQLite file by default, PostgreSQL when given)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-insecure-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# `make bench` measures what a render costs, fragments cached or not: the full-page cache
# (which answers a repeated request before any view runs) is measured by `make load`.
XMILLE_PAGE_CACHE_SECONDS = 0
