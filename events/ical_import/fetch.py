"""Downloading an organizer's iCal feed, within bounds (`xmille.limits`): http(s) only, a
public address only (never our own network: the address is typed by a contributor), at most
`ICAL_IMPORT_MAX_BYTES` read, `ICAL_IMPORT_TIMEOUT_SECONDS` to connect and for each read.
Every failure is an `ImportProblem` with a sentence for the organizer."""

import ipaddress
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from xmille import limits

from .parse import ImportProblem

USER_AGENT = "Xmille/0.1 (agenda culturel de Wallonie; import iCal)"
CHUNK = 64 * 1024


def check_public_address(host: str) -> None:
    """Refuse a host that resolves to a private, loopback or link-local address."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError) as error:
        raise ImportProblem(
            _("Le serveur « %(host)s » est introuvable : vérifiez l'adresse.") % {"host": host}
        ) from error
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not ip.is_global:
            raise ImportProblem(
                _("L'adresse « %(host)s » n'est pas une adresse publique d'Internet.")
                % {"host": host}
            )


def fetch_feed(url: str) -> bytes:
    """The feed's bytes, or ImportProblem."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImportProblem(
            _("« %(url)s » n'est pas une adresse web (http:// ou https://).") % {"url": url}
        )
    check_public_address(parts.hostname)
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5"}
    )
    cap = limits.ICAL_IMPORT_MAX_BYTES
    too_big = ImportProblem(
        _(
            "Le flux dépasse %(max)s : c'est trop pour un agenda. Publiez un flux des "
            "événements à venir seulement."
        )
        % {"max": filesizeformat(cap)}
    )
    try:
        with urllib.request.urlopen(request, timeout=limits.ICAL_IMPORT_TIMEOUT_SECONDS) as answer:
            length = answer.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > cap:
                raise too_big
            chunks, size = [], 0
            while chunk := answer.read(CHUNK):
                size += len(chunk)
                if size > cap:
                    raise too_big
                chunks.append(chunk)
    except urllib.error.HTTPError as error:
        raise ImportProblem(
            _("Le serveur de votre agenda a répondu « %(code)s %(reason)s » pour %(url)s.")
            % {"code": error.code, "reason": error.reason, "url": url}
        ) from error
    except TimeoutError as error:
        raise ImportProblem(
            _(
                "Le serveur de votre agenda n'a pas répondu en %(seconds)s secondes. "
                "Réessayez plus tard."
            )
            % {"seconds": limits.ICAL_IMPORT_TIMEOUT_SECONDS}
        ) from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError | socket.timeout):
            raise ImportProblem(
                _(
                    "Le serveur de votre agenda n'a pas répondu en %(seconds)s secondes. "
                    "Réessayez plus tard."
                )
                % {"seconds": limits.ICAL_IMPORT_TIMEOUT_SECONDS}
            ) from error
        raise ImportProblem(
            _("Impossible de lire votre agenda à l'adresse %(url)s (%(reason)s).")
            % {"url": url, "reason": reason}
        ) from error
    return b"".join(chunks)
