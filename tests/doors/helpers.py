"""Shared helpers for the open doors' tests: filling the public forms as a person would (the
form shown a minute ago), images of every kind, reading e-mails."""

import re
import time
from datetime import timedelta
from io import BytesIO

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from PIL import Image

from xmille.doors.guard import form_token

HOST = "quatremille.localhost"


def public_client(host: str = HOST) -> Client:
    return Client(HTTP_HOST=host)


def shown_a_minute_ago() -> str:
    return form_token(time.time() - 60)


def image_file(name="affiche.png", fmt="PNG", size=(40, 30)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def in_days(days: int, hour: int = 20):
    return (timezone.now() + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def proposal_data(region, venue=None, **overrides) -> dict:
    start = in_days(10)
    data = {
        "started": shown_a_minute_ago(),
        "fax": "",
        "proposer_name": "Claire Dumont",
        "email": "claire@example.org",
        "organizes": "on",
        "title": "Bal folk sous la halle",
        "start": local(start),
        "end": local(start + timedelta(hours=3)),
        "region": str(region.pk),
        "venue": str(venue.pk) if venue else "",
        "venue_description": "" if venue else "Halle aux viandes, quai de la Goffe, Liège",
        "description": "Un bal pour toutes les générations, avec trois groupes de la région.",
        "price": "5 €",
        "image_alt": "",
        "image_credit": "",
    }
    data.update(overrides)
    return data


def join_data(region, **overrides) -> dict:
    data = {
        "started": shown_a_minute_ago(),
        "fax": "",
        "name": "Les Ateliers du Pont",
        "sector": "asbl",
        "region": str(region.pk),
        "contact_name": "Marc Lejeune",
        "email": "marc@ateliers.example.org",
        "website": "https://ateliers.example.org",
        "presentation": "Une ASBL d'arts plastiques en Outremeuse.",
        "services": "Prêt de matériel\nChevalets et presses, sur réservation.\n\nAtelier ouvert",
        "accepts_line": "on",
    }
    data.update(overrides)
    return data


def contributor_data(**overrides) -> dict:
    data = {
        "started": shown_a_minute_ago(),
        "fax": "",
        "name": "Inès Martin",
        "email": "ines@example.org",
        "kind": "photographer",
        "about": "Photographe de concerts depuis dix ans.",
        "wishes": "Des reportages photo des festivals de la région.",
        "sample_url": "https://ines.example.org/portfolio",
        "accepts_line": "on",
    }
    data.update(overrides)
    return data


def link_in(message) -> str:
    """The set-password path in an approval e-mail."""
    match = re.search(r"https?://[^/\s]+(/bienvenue/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def page_text(response) -> str:
    """The response's HTML with entities decoded (Django escapes apostrophes)."""
    import html

    return html.unescape(response.content.decode())
