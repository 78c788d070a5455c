"""The `page` fixture's teardown waits for the requests the live server is still serving, so
that none runs while pytest-django empties the database (see conftest.py)."""

import threading
import time

from django.core.signals import request_started

from .helpers import close_and_wait


def test_closing_the_page_waits_for_a_request_still_being_served(browser, live_server):
    started, served = threading.Event(), threading.Event()

    def slow(sender, environ=None, **kwargs):
        if environ and environ.get("PATH_INFO") == "/lent/":
            started.set()
            time.sleep(1.5)
            served.set()

    request_started.connect(slow, weak=False)
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{live_server.url}/static/xmille/css/xmille.css")
        page.evaluate("() => { fetch('/lent/'); }")  # not awaited, like a favicon
        assert started.wait(10)

        close_and_wait(context)

        assert served.is_set()
    finally:
        request_started.disconnect(slow)
