"""iCal import, "encode once" (events.ical_import): a real-world feed shape (Nextcloud/Google
export: recurring with EXDATE and RECURRENCE-ID exceptions, all-day, floating times, another
zone, UTC) becomes draft events under the organizer, sent through the Agenda workflow,
idempotent on a second run; removals are reported, never deleted; a broken, huge, silent or
invalid feed changes nothing and says why. No test touches the network."""

from datetime import date, datetime, time, timedelta
from io import BytesIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Revision, WorkflowState

import pytest

from events.factories import OrganizerPageFactory, RegionPageFactory, VenuePageFactory
from events.ical_import import ImportProblem, import_organizer, parse_feed
from events.ical_import import fetch as fetch_module
from events.models import EventPage, ICalImportRun, ImportedEvent
from tests.ical_import.helpers import feed_year, fixture
from xmille import limits
from xmille.models import RoleGroup
from xmille.roles import role_group, setup_roles

pytestmark = pytest.mark.django_db

FEED_URL = "https://cloud.jazz.example.be/remote.php/dav/public-calendars/abc?export"
JAM = "7b0e3c1e-5a1f-4c8e-9d61-jam@jazz.example.be"


def brussels(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def replace_year(day: str) -> date:
    """ "07-02" -> that day of the fixture's year."""
    month, dd = day.split("-")
    return date(feed_year(), int(month), int(dd))


def serve(data: bytes):
    return lambda url: data


@pytest.fixture
def scene(network):
    home = network["quatremille"].root_page
    region = RegionPageFactory(parent=home, title="Liège", slug="liege")
    venue = VenuePageFactory(parent=region, title="La Cité Miroir", slug="cite-miroir")
    hall = VenuePageFactory(parent=region, title="Salle des fêtes", slug="salle")
    organizer = OrganizerPageFactory(
        parent=region,
        title="ASBL Jazz à Liège",
        slug="jazz",
        ical_url=FEED_URL,
        ical_default_venue=hall,
        contact_email="contact@jazz.example.be",
    )
    setup_roles()
    User = get_user_model()
    member = User.objects.create_user("orga", "orga@jazz.example.be", "pw")
    member.groups.add(role_group(RoleGroup.Role.ORGANIZER, organizer))
    moderator = User.objects.create_user("modo", "modo@example.be", "pw")
    moderator.groups.add(role_group(RoleGroup.Role.MODERATOR, region))
    return type(
        "Scene",
        (),
        {
            "home": home,
            "region": region,
            "venue": venue,
            "hall": hall,
            "organizer": organizer,
            "member": member,
            "moderator": moderator,
        },
    )


def imported(organizer) -> dict[str, EventPage]:
    return {
        row.uid: EventPage.objects.get(pk=row.event_id).get_latest_revision_as_object()
        for row in ImportedEvent.objects.filter(organizer=organizer)
    }


# -- reading the feed -------------------------------------------------------------------------


def test_recurring_events_with_exceptions_all_day_floating_and_other_zones():
    events = {event.uid: event for event in parse_feed(fixture())}
    assert set(events) == {
        JAM,
        "festival-ete-2027@jazz.example.be",
        "stage-ete@jazz.example.be",
        "atelier-flottant@jazz.example.be",
        "london-tour@jazz.example.be",
        "utc-export@jazz.example.be",
    }  # the VTODO is not an event
    jam = events[JAM]
    assert jam.title == "Jam session du mois"
    assert jam.location.startswith("La Cité Miroir, Place Xavier-Neujean 22")
    starts = [(d.start, d.cancelled) for d in jam.dates]
    assert starts == [
        (brussels(replace_year("01-15"), 20), False),
        # 15 February: EXDATE. 15 March: moved to the 16th at 21:00 (RECURRENCE-ID).
        (brussels(replace_year("03-16"), 21), False),
        (brussels(replace_year("04-15"), 20), False),
        (brussels(replace_year("05-15"), 20), True),  # cancelled instance: kept, marked
        (brussels(replace_year("06-15"), 20), False),
    ]
    assert jam.dates[1].end == brussels(replace_year("03-17"), 0)

    (festival,) = events["festival-ete-2027@jazz.example.be"].dates
    assert festival.all_day and festival.start == brussels(replace_year("07-02"), 0)
    assert festival.end == brussels(replace_year("07-04"), 0)  # DTEND is the day after
    stage = events["stage-ete@jazz.example.be"].dates
    assert [d.start.date() for d in stage] == [
        replace_year("08-09") + timedelta(n) for n in range(5)
    ]
    assert all(d.all_day and d.end is None for d in stage)

    (floating,) = events["atelier-flottant@jazz.example.be"].dates
    assert floating.start == brussels(replace_year("04-10"), 14, 30)  # Brussels time
    (london,) = events["london-tour@jazz.example.be"].dates
    assert london.start == brussels(replace_year("05-22"), 20)  # 19:00 in London
    (utc,) = events["utc-export@jazz.example.be"].dates
    assert utc.start == brussels(replace_year("06-05"), 20)  # 18:00Z in summer


def test_only_dates_to_come_within_the_horizon():
    # Six months into the fixture's year: January to June of the monthly jam are over.
    later = brussels(replace_year("06-20"), 12)
    events = {event.uid: event for event in parse_feed(fixture(), now=later)}
    assert events[JAM].dates == []
    assert len(events["stage-ete@jazz.example.be"].dates) == 5
    endless = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:weekly@x\r\nSUMMARY:Chaque jour\r\n"
        b"DTSTART:20200101T100000\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    (event,) = parse_feed(endless)
    assert len(event.dates) == limits.ICAL_IMPORT_MAX_DATES_PER_EVENT
    assert event.dates[0].start > timezone.now() - timedelta(days=1)


@pytest.mark.parametrize(
    "vevent, reason",
    [
        ("UID:a@x\r\nSUMMARY:Sans date\r\n", "DTSTART"),
        ("UID:a@x\r\nSUMMARY:Date folle\r\nDTSTART:20271345T250000\r\n", "illisible"),
        (
            "UID:a@x\r\nSUMMARY:À l'envers\r\nDTSTART:20270510T200000\r\nDTEND:20270509T200000\r\n",
            "avant de commencer",
        ),
        (
            "UID:a@x\r\nSUMMARY:Règle\r\nDTSTART:20270510T200000\r\nRRULE:FREQ=SOMETIMES\r\n",
            "",
        ),
        ("SUMMARY:Sans UID\r\nDTSTART:20270510T200000\r\n", "UID"),
    ],
)
def test_invalid_events_refuse_the_whole_feed(vevent, reason):
    data = (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n{vevent}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(ImportProblem) as problem:
        parse_feed(data.encode())
    assert reason in str(problem.value)


def test_not_a_calendar():
    with pytest.raises(ImportProblem):
        parse_feed(b"<html><body>Page introuvable</body></html>")


# -- importing ----------------------------------------------------------------------------------


def test_import_creates_drafts_under_the_organizer_through_the_workflow(scene):
    run = import_organizer(scene.organizer, fetch=serve(fixture()))
    assert run.status == ICalImportRun.Status.OK, run.message
    assert (run.created, run.updated, run.unchanged, run.missing) == (6, 0, 0, 0)
    events = imported(scene.organizer)
    assert len(events) == 6
    for page in EventPage.objects.filter(pk__in=[e.pk for e in events.values()]):
        assert page.get_parent().pk == scene.organizer.pk
        assert not page.live  # never published directly: the moderators decide
        state = WorkflowState.objects.filter(
            base_content_type__model="page", object_id=str(page.pk)
        )
        assert state.exists(), page.title
    jam = events[JAM]
    assert jam.venue_id == scene.venue.pk  # LOCATION matched the site's venue
    assert jam.teaser.startswith("Le 15 de chaque mois, scène ouverte")
    assert [o.cancelled for o in jam.occurrences.all()] == [False, False, False, True, False]
    festival = events["festival-ete-2027@jazz.example.be"]
    assert festival.venue_id == scene.hall.pk  # no LOCATION: the organizer's default venue
    assert festival.occurrences.all()[0].all_day
    london = events["london-tour@jazz.example.be"]
    assert london.attendance_mode == EventPage.AttendanceMode.ONLINE
    assert london.online_url == "https://live.jazz.example.be/londres"
    # The submission is in the organizer's name: the check's verdict reaches them.
    state = WorkflowState.objects.filter(object_id=str(jam.pk)).first()
    assert state.requested_by == scene.member
    # The moderators of the region were told (a human step: not trusted).
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert any("modo@example.be" in message.to for message in mail.outbox)


def test_second_run_changes_nothing(scene):
    import_organizer(scene.organizer, fetch=serve(fixture()))
    revisions, states = Revision.objects.count(), WorkflowState.objects.count()
    pages = EventPage.objects.count()
    # A new export: only DTSTAMP changed (Google and Nextcloud write the download's time).
    again = fixture().replace(b"DTSTAMP:", b"DTSTAMP:").replace(b"T101500Z", b"T235959Z")
    run = import_organizer(scene.organizer, fetch=serve(again))
    assert (run.created, run.updated, run.unchanged, run.missing) == (0, 0, 6, 0), run.message
    assert Revision.objects.count() == revisions
    assert WorkflowState.objects.count() == states
    assert EventPage.objects.count() == pages


def test_a_trusted_organizer_passes_the_human_step_only(scene):
    scene.organizer.trusted = True
    scene.organizer.save_revision().publish()
    run = import_organizer(scene.organizer, fetch=serve(fixture()))
    assert run.created == 6
    events = imported(scene.organizer)
    jam = EventPage.objects.get(pk=events[JAM].pk)
    assert jam.live  # the workflow published it: check passed, human step skipped
    # The check still applies: an event without teaser is refused, stays a draft.
    festival = EventPage.objects.get(pk=events["festival-ete-2027@jazz.example.be"].pk)
    assert festival.live


def test_changes_update_the_draft_and_removals_are_reported(scene):
    import_organizer(scene.organizer, fetch=serve(fixture()))
    events = imported(scene.organizer)
    jam_pk = events[JAM].pk
    # The organizer completes an event in the admin: the import keeps their teaser.
    page = EventPage.objects.get(pk=jam_pk).get_latest_revision_as_object()
    page.teaser = "Notre jam mensuelle, écrite à la main."
    page.save_revision()
    mail.outbox.clear()
    year = str(feed_year()).encode()
    changed = (
        fixture()
        .replace(b"SUMMARY:Jam session du mois\r\nLOCATION", b"SUMMARY:Jam session\r\nLOCATION")
        .replace(
            b"BEGIN:VEVENT\r\nDTSTAMP:" + year[:-1],  # the UTC event, dropped from the feed
            b"BEGIN:VEVENT\r\nDTSTAMP:" + year[:-1],
        )
    )
    start = changed.index(b"UID:utc-export")
    begin = changed.rindex(b"BEGIN:VEVENT", 0, start)
    end = changed.index(b"END:VEVENT\r\n", start) + len(b"END:VEVENT\r\n")
    changed = changed[:begin] + changed[end:]
    run = import_organizer(scene.organizer, fetch=serve(changed))
    assert (run.created, run.updated, run.unchanged, run.missing) == (0, 1, 4, 1), run.message
    jam = EventPage.objects.get(pk=jam_pk).get_latest_revision_as_object()
    assert jam.title == "Jam session"
    assert jam.teaser == "Notre jam mensuelle, écrite à la main."
    gone = events["utc-export@jazz.example.be"]
    assert EventPage.objects.filter(pk=gone.pk).exists()  # never silently deleted
    assert "Big band de fin d'année" in run.message
    (message,) = [m for m in mail.outbox if "disparu" in m.subject]
    assert set(message.to) == {"orga@jazz.example.be"}
    assert "Big band de fin d'année" in message.body
    # Reported once, not at every run.
    mail.outbox.clear()
    run = import_organizer(scene.organizer, fetch=serve(changed))
    assert run.missing == 0 and not [m for m in mail.outbox if "disparu" in m.subject]


def _snapshot():
    return (
        EventPage.objects.count(),
        Revision.objects.count(),
        WorkflowState.objects.count(),
        ImportedEvent.objects.count(),
    )


class FakeAnswer(BytesIO):
    def __init__(self, data: bytes, length: str | None = None):
        super().__init__(data)
        self.headers = {"Content-Length": length} if length else {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def public_dns():
    with mock.patch.object(
        fetch_module.socket, "getaddrinfo", return_value=[(2, 1, 6, "", ("93.184.216.34", 0))]
    ):
        yield


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda *a, **k: FakeAnswer(b"x" * (21 * 1024 * 1024)), "dépasse"),
        (lambda *a, **k: FakeAnswer(b"", length=str(20 * 1024 * 1024)), "dépasse"),
        (mock.Mock(side_effect=TimeoutError("timed out")), "n'a pas répondu"),
        (mock.Mock(side_effect=TimeoutError()), "n'a pas répondu"),
        (lambda *a, **k: FakeAnswer(b"<html>Erreur</html>"), "iCal"),
        (
            lambda *a, **k: FakeAnswer(
                b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:2027-99-99\r\n"
                b"END:VEVENT\r\nEND:VCALENDAR\r\n"
            ),
            "date",
        ),
    ],
    ids=["20-mb", "20-mb-announced", "timeout", "timeout-read", "not-ical", "invalid-date"],
)
def test_a_bad_feed_changes_nothing_and_says_why(scene, public_dns, answer, words):
    import_organizer(scene.organizer, fetch=serve(fixture()))
    before = _snapshot()
    mail.outbox.clear()
    with mock.patch.object(fetch_module.urllib.request, "urlopen", answer):
        run = import_organizer(scene.organizer)
    assert run.status == ICalImportRun.Status.FAILED
    assert run.message.startswith("Rien n'a été modifié.")
    assert words in run.message
    assert _snapshot() == before
    (message,) = mail.outbox
    assert message.to == ["orga@jazz.example.be"] and run.message in message.body
    # The same failure at the next scheduled run: no second e-mail.
    mail.outbox.clear()
    with mock.patch.object(fetch_module.urllib.request, "urlopen", answer):
        import_organizer(scene.organizer)
    assert mail.outbox == []


def test_private_addresses_and_other_schemes_are_refused(scene):
    with (
        mock.patch.object(
            fetch_module.socket, "getaddrinfo", return_value=[(2, 1, 6, "", ("127.0.0.1", 0))]
        ),
        pytest.raises(ImportProblem, match="publique"),
    ):
        fetch_module.fetch_feed("http://localhost:8000/admin/")
    with pytest.raises(ImportProblem, match="http"):
        fetch_module.fetch_feed("file:///etc/passwd")


def test_the_feed_is_downloaded_within_bounds(scene, public_dns):
    seen = {}

    def answer(request, timeout):
        seen["url"], seen["timeout"] = request.full_url, timeout
        return FakeAnswer(fixture())

    with mock.patch.object(fetch_module.urllib.request, "urlopen", answer):
        run = import_organizer(scene.organizer)
    assert run.status == ICalImportRun.Status.OK and run.created == 6
    assert seen == {"url": FEED_URL, "timeout": limits.ICAL_IMPORT_TIMEOUT_SECONDS}


def test_a_draft_address_is_not_read(scene):
    scene.organizer.ical_url = "https://ailleurs.example.org/feed.ics"
    scene.organizer.save_revision()  # not published: the live page keeps the old address
    seen = []
    import_organizer(scene.organizer, fetch=lambda url: seen.append(url) or fixture())
    assert seen == [FEED_URL]


# -- the button and the command -------------------------------------------------------------


def test_importer_maintenant_for_those_who_may_edit_the_organizer(client, scene):
    url = f"/admin/import-ical/{scene.organizer.pk}/"
    outsider = get_user_model().objects.create_user("autre", "autre@example.be", "pw")
    other = OrganizerPageFactory(parent=scene.region, title="Autre ASBL")
    setup_roles()
    outsider.groups.add(role_group(RoleGroup.Role.ORGANIZER, other))
    client.force_login(outsider)
    with mock.patch("events.ical_import.sync.fetch_feed", serve(fixture())):
        refused = client.post(url)
    # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard.
    assert refused.status_code in (302, 403) and refused.get("Location", "/admin/") == "/admin/"
    assert not ImportedEvent.objects.exists()

    client.force_login(scene.member)
    page = client.get(url)
    assert page.status_code == 200 and "Importer maintenant" in page.content.decode()
    with mock.patch("events.ical_import.sync.fetch_feed", serve(fixture())):
        response = client.post(url, follow=True)
    assert "Import terminé" in response.content.decode()
    assert ImportedEvent.objects.count() == 6
    state = WorkflowState.objects.filter(
        object_id=str(ImportedEvent.objects.first().event_id)
    ).first()
    assert state.requested_by == scene.member
    # The button is in the organizer page's header.
    edit = client.get(f"/admin/pages/{scene.organizer.pk}/edit/")
    assert url in edit.content.decode()


def test_the_command_imports_every_organizer_with_an_address(scene, capsys):
    OrganizerPageFactory(parent=scene.region, title="Sans agenda")
    with mock.patch("events.ical_import.sync.fetch_feed", serve(fixture())):
        call_command("import_ical")
    out = capsys.readouterr().out
    assert "1 organizers, 0 failed." in out
    assert ImportedEvent.objects.count() == 6
