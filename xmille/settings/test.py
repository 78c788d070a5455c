"""Tests, in the manner of wagtail/bakerydemo: fast hasher, locmem cache and mail, tasks run
immediately. The database is SQLite unless DATABASE_URL points elsewhere (CI's PostgreSQL)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
MEDIA_ROOT = BASE_DIR / "tests" / ".media"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Embeds never reach the network in tests: recorded YouTube, Vimeo and PeerTube answers.
WAGTAILEMBEDS_FINDERS = [{"class": "magazine.embeds.RecordedOEmbedFinder"}]

# wagtail-localize's dummy machine translator (reverses the words): the button is there, a
# person still reviews and the workflow still applies.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"
}
# No whole-page cache by default: most tests change content through the ORM, not through
# publications that purge. The page cache's own tests (tests/xmille/test_page_cache.py) and
# the purge tests of other lists switch it on.
XMILLE_PAGE_CACHE_SECONDS = 0
