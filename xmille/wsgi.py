"""WSGI entry point, served by gunicorn in production."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xmille.settings.dev")

application = get_wsgi_application()

# What loading Django and Wagtail made lives as long as the process: the garbage collector
# need not walk it again at every full collection (a pause of about 100 ms every thirty or so
# cold renders, measured on the agenda).
gc.freeze()
