"""Development: `make run`. SQLite, debug pages, e-mails printed on the console."""

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"  # noqa: F405
# Browsers and curl resolve every *.localhost name to this machine: each demo site answers on
# http://<name>.localhost:8000.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", ".localhost", "127.0.0.1", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://localhost:8000")  # noqa: F405

# wagtail-localize's dummy machine translator (reverses the words): the button is there, a
# person still reviews and the workflow still applies.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"
}
