"""Real-browser tests: Playwright driving Debian's chromium (never a downloaded browser)
against pytest-django's live server. A failing test leaves a screenshot in tests/e2e/artifacts/.

A browser test ends with requests still in the server's hands: the favicon Chromium asks for
after each page (a 404 page, which reads the site's settings and may create them), lazy images.
The live server answers them in its own threads, and with SQLite in memory those threads share
the test's database connection; if one is still running when pytest-django empties the database
(`flush`, the teardown of `transactional_db`), its queries land inside the flush's transaction,
which then fails (IntegrityError), leaves the rows behind and breaks the next test's setup. So
the `page` fixture closes the browser and then waits until the server has answered everything
(`close_and_wait`), before the database is touched.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from .helpers import close_and_wait

# Assertions wait as long as actions do (the context's 15 s): on a loaded CI machine the live
# server may take more than Playwright's default 5 s to answer a navigation.
expect_timeout_ms = 15_000

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures and
# tests are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect

    expect.set_options(timeout=expect_timeout_ms)
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"Debian's chromium is not installed ({CHROMIUM}); `make test` installs it as root."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    close_and_wait(context)


@pytest.fixture
def live_network(transactional_db, live_server):
    """The four regional sites, answering on <name>.localhost:<live server port>."""
    from tests.conftest import build_network

    port = int(live_server.url.rsplit(":", 1)[1])
    sites = build_network(port=port)
    sites["port"] = port
    return sites
