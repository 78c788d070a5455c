"""The embeddable agenda in a real browser: a partner's page on another origin (its own
server, another host and port) frames the widget, which renders with its events; the same
page framing the agenda itself gets nothing (X-Frame-Options / frame-ancestors)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from tests.events.factories_detail import AgendaPageFactory, add_date, build_scene, soon


class PartnerSite:
    """A tiny web server on 127.0.0.1 (another origin than *.localhost:<live port>) serving
    one HTML page."""

    def __init__(self, html: str):
        body = html.encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scene(live_network):
    home = live_network["quatremille"].root_page
    AgendaPageFactory(parent=home)
    scene = build_scene(home)
    add_date(scene.event, soon(5))
    scene.base = f"http://quatremille.localhost:{live_network['port']}"
    return scene


def test_the_widget_renders_inside_a_page_of_another_origin(page, scene):
    widget = f"{scene.base}/agenda/widget/?category=concert"
    html = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Radio Meuse</title></head>
<body><h1>Radio Meuse : les sorties</h1>
<iframe id="widget" src="{widget}" title="Agenda de Quatremille" width="400" height="500"></iframe>
<iframe id="agenda" src="{scene.base}/agenda/" title="L'agenda entier" width="400" height="300"></iframe>
</body></html>"""
    with PartnerSite(html) as partner:
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        with page.expect_response(f"{scene.base}/agenda/") as agenda_answer:
            page.goto(partner.url)
        expect(page.get_by_role("heading", name="Radio Meuse : les sorties")).to_be_visible()

        frame = page.frame_locator("#widget")
        expect(frame.get_by_role("heading", name="Prochains événements")).to_be_visible()
        event = frame.get_by_role("link", name="Nuit du jazz (nouvel onglet)")
        expect(event).to_be_visible()
        expect(event).to_have_attribute("target", "_blank")
        # Styled by the site's own stylesheet: the header carries the brand colour.
        header = frame.locator(".xw__header")
        expect(header).to_have_css("background-color", "rgb(138, 21, 56)")  # #8a1538
        # No third-party request: everything came from the partner or the site.
        page.wait_for_load_state("load")
        assert requests and all(
            url.startswith((partner.url, scene.base)) or url.startswith("chrome-error:")
            for url in requests
        ), requests
        assert any(url.startswith(f"{scene.base}/static/events/css/widget.css") for url in requests)

        # Any other page refuses to be framed by another site: the browser shows nothing of it.
        assert agenda_answer.value.headers["x-frame-options"] == "DENY"
        agenda = page.frame_locator("#agenda")
        expect(agenda.get_by_role("heading", name="Agenda")).to_have_count(0)
        blocked = next(
            f
            for f in page.frames
            if f.name == "" and f != page.main_frame and not f.url.startswith(widget)
        )
        assert (
            not blocked.url.startswith(f"{scene.base}/agenda/")
            or blocked.content().count("<h1") == 0
        )
