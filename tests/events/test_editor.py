"""The event editor, through the real Wagtail admin views: validation messages, nothing lost,
drafts that may be incomplete, and the "repeat" helper across daylight-saving changes."""

import html
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from events.factories import (
    EventPageFactory,
    OrganizerPageFactory,
    RegionPageFactory,
    VenuePageFactory,
)
from events.forms import MAX_GENERATED, weekly_dates
from events.models import EventOccurrence, EventPage

BRUSSELS = ZoneInfo("Europe/Brussels")

# Autumn 2026: the clocks go back on Sunday 25 October (CEST +02:00 -> CET +01:00).
# Spring 2027: they go forward on Sunday 28 March (CET -> CEST).
WED_BEFORE_AUTUMN = date(2026, 10, 21)


@pytest.fixture
def tree(network):
    region = RegionPageFactory(parent=network["quatremille"].root_page, title="Liège")
    organizer = OrganizerPageFactory(parent=region, title="ASBL Les Voix du Quartier")
    venue = VenuePageFactory(parent=region, title="L'Entrepôt des Arts")
    return {"region": region, "organizer": organizer, "venue": venue}


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chef", "chef@example.be", "x")
    client.force_login(user)
    return client


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, datetime.min.time().replace(hour=hour, minute=minute), BRUSSELS)


def field(dt: datetime | None) -> str:
    """A datetime as the admin's datetime widget submits it (local time)."""
    return timezone.localtime(dt, BRUSSELS).strftime("%Y-%m-%d %H:%M") if dt else ""


def form_data(tree, *, dates=None, action=None, initial=0, **fields):
    """What the admin's event form posts; a complete, publishable event unless overridden."""
    if dates is None:
        start = local(WED_BEFORE_AUTUMN, 20)
        dates = [{"start": field(start), "end": field(start + timedelta(hours=2))}]
    data = {
        "title": "Atelier céramique du mercredi",
        "slug": "atelier-ceramique",
        "teaser": "Modelage et tournage pour débutants.",
        "body": streamfield([]),
        "main_image": "",
        "audience": "all",
        "min_age": "",
        "price": "12 €",
        "ticket_url": "",
        "status": "scheduled",
        "attendance_mode": "offline",
        "online_url": "",
        "venue": str(tree["venue"].pk),
        "performers": "",
        "accessibility_notes": "",
        "occurrences": inline_formset(dates, initial=initial, min=1),
        "comments": inline_formset([]),
        "repeat_every": "",
        "repeat_until": "",
    }
    weekdays = fields.pop("repeat_weekdays", [])
    data.update(fields)
    if action:
        data[f"action-{action}"] = "1"
    return {**nested_form_data(data), "repeat_weekdays": weekdays}


def create(client, tree, **kwargs):
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", tree["organizer"].pk))
    return client.post(url, form_data(tree, **kwargs))


def edit(client, page, tree, **kwargs):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), form_data(tree, **kwargs)
    )


def text(response) -> str:
    return html.unescape(response.content.decode())


def events():
    return EventPage.objects.all()


# -- a valid event ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_complete_event_is_published_with_its_dates(admin_client, tree):
    response = create(admin_client, tree, action="publish")
    assert response.status_code == 302, text(response)
    event = events().get()
    assert event.live and event.venue_id == tree["venue"].pk
    occurrence = event.occurrences.get()
    assert timezone.localtime(occurrence.start, BRUSSELS) == local(WED_BEFORE_AUTUMN, 20)
    assert occurrence.ends_at == local(WED_BEFORE_AUTUMN, 22)


# -- incoherent values: refused on every save, with the form as typed -------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["publish", None])
def test_end_before_start_is_refused_and_nothing_is_lost(admin_client, tree, action):
    start = local(date(2026, 11, 4), 20)
    dates = [{"start": field(start), "end": field(start - timedelta(hours=3))}]
    response = create(admin_client, tree, dates=dates, action=action, title="Concert à l'envers")
    assert response.status_code == 200
    page = text(response)
    assert "La fin (04/11/2026 17:00) est avant le début (04/11/2026 20:00)." in page
    # Everything typed is still there.
    assert 'value="Concert à l\'envers"' in page
    assert 'value="2026-11-04 20:00"' in page and 'value="2026-11-04 17:00"' in page
    assert 'value="Modelage et tournage pour débutants."' in page
    assert not events().exists()


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["publish", None])
def test_a_date_more_than_two_years_ahead_is_refused(admin_client, tree, action):
    start = timezone.now() + timedelta(days=2 * 365 + 30)
    dates = [{"start": field(start), "end": ""}]
    response = create(admin_client, tree, dates=dates, action=action)
    assert response.status_code == 200
    assert "Cette date est à plus de deux ans : vérifiez l'année." in text(response)
    assert not events().exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["ftp://billets.example.be/", "javascript:alert(1)", "http://"])
@pytest.mark.parametrize("action", ["publish", None])
def test_a_ticket_link_must_be_http(admin_client, tree, url, action):
    response = create(admin_client, tree, ticket_url=url, action=action)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["ticket_url"] == [
        "Saisissez une adresse web complète qui commence par http:// ou https:// "
        "(par exemple https://www.exemple.be/billets)."
    ]
    assert "commence par http:// ou https://" in text(response)
    assert f'value="{url}"' in text(response)
    assert not events().exists()


@pytest.mark.django_db
def test_an_online_link_must_be_http_too(admin_client, tree):
    response = create(
        admin_client, tree, attendance_mode="online", venue="", online_url="ftp://x.be/"
    )
    assert "commence par http:// ou https://" in response.context["form"].errors["online_url"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["publish", None])
def test_a_teaser_too_long_says_how_long_it_is(admin_client, tree, action):
    teaser = "Une soirée" + " vraiment" * 30
    response = create(admin_client, tree, teaser=teaser, action=action)
    assert response.status_code == 200
    assert response.context["form"].errors["teaser"] == [
        f"L'accroche fait {len(teaser)} caractères : 200 au plus. "
        "Gardez une ou deux phrases ; le détail va dans la description."
    ]
    assert teaser.strip() in text(response)
    assert not events().exists()


# -- completeness: required to publish or submit, not to save a draft ----------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["publish", "submit"])
def test_no_date_blocks_publishing_with_a_clear_message(admin_client, tree, action):
    response = create(admin_client, tree, dates=[], action=action)
    assert response.status_code == 200
    page = text(response)
    assert (
        "Ajoutez au moins une date (début, et fin ou « toute la journée ») avant de soumettre "
        "ou de publier l'événement." in page
    )
    assert "Veuillez soumettre au moins" not in page  # Django's generic message is replaced
    assert not events().exists()


@pytest.mark.django_db
def test_a_draft_without_date_venue_or_teaser_can_be_saved(admin_client, tree):
    response = create(admin_client, tree, dates=[], venue="", teaser="")
    assert response.status_code == 302, text(response)
    event = events().get()
    assert not event.live
    assert event.occurrences.count() == 0


@pytest.mark.django_db
def test_an_event_in_person_needs_a_venue_to_be_published(admin_client, tree):
    response = create(admin_client, tree, venue="", action="publish")
    assert response.status_code == 200
    assert response.context["form"].errors["venue"] == [
        "Choisissez le lieu de l'événement, ou indiquez qu'il a lieu en ligne."
    ]
    assert "Choisissez le lieu de l'événement" in text(response)
    assert not events().exists()


@pytest.mark.django_db
def test_an_online_event_needs_a_link_but_no_venue(admin_client, tree):
    response = create(admin_client, tree, attendance_mode="online", venue="", action="publish")
    assert response.context["form"].errors["online_url"] == [
        "Indiquez le lien pour suivre l'événement en ligne (https://…)."
    ]
    assert "venue" not in response.context["form"].errors
    response = create(
        admin_client,
        tree,
        attendance_mode="online",
        venue="",
        online_url="https://visio.example.be/conference",
        action="publish",
    )
    assert response.status_code == 302
    assert events().get().online_url == "https://visio.example.be/conference"


@pytest.mark.django_db
def test_a_mixed_event_needs_both_a_venue_and_a_link(admin_client, tree):
    response = create(admin_client, tree, attendance_mode="mixed", venue="", action="publish")
    errors = response.context["form"].errors
    assert errors["venue"] == ["Un événement « sur place et en ligne » a besoin d'un lieu."]
    assert errors["online_url"] == [
        "Indiquez le lien pour suivre l'événement en ligne (https://…)."
    ]
    assert not events().exists()


@pytest.mark.django_db
def test_publishing_an_existing_draft_without_date_is_refused_and_keeps_the_draft(
    admin_client, tree
):
    assert create(admin_client, tree, dates=[]).status_code == 302
    draft = events().get()
    response = edit(admin_client, draft, tree, dates=[], action="publish", title="Nouveau titre")
    assert response.status_code == 200
    assert "Ajoutez au moins une date" in text(response)
    assert 'value="Nouveau titre"' in text(response)
    draft.refresh_from_db()
    assert not draft.live and draft.title == "Atelier céramique du mercredi"


# -- the repeat helper -------------------------------------------------------------------------


def local_starts(event) -> list[tuple[date, str, str]]:
    return [
        (
            timezone.localtime(o.start, BRUSSELS).date(),
            timezone.localtime(o.start, BRUSSELS).strftime("%H:%M"),
            timezone.localtime(o.ends_at, BRUSSELS).strftime("%H:%M"),
        )
        for o in event.occurrences.order_by("start")
    ]


@pytest.mark.django_db
def test_weekly_repeat_keeps_the_local_time_across_the_autumn_change(admin_client, tree):
    response = create(
        admin_client, tree, action="publish", repeat_until="2026-11-11", repeat_every="1"
    )
    assert response.status_code == 302, text(response)
    event = events().get()
    assert local_starts(event) == [
        (date(2026, 10, 21), "20:00", "22:00"),
        (date(2026, 10, 28), "20:00", "22:00"),  # after the change: still 20:00 in Brussels
        (date(2026, 11, 4), "20:00", "22:00"),
        (date(2026, 11, 11), "20:00", "22:00"),
    ]
    utc_hours = [o.start.astimezone(UTC).hour for o in event.occurrences.order_by("start")]
    assert utc_hours == [18, 19, 19, 19]
    # The rows are real rows, in date order, in the published revision too.
    live = event.get_latest_revision_as_object()
    assert sorted(o.start for o in live.occurrences.all()) == [
        o.start for o in event.occurrences.order_by("start")
    ]
    assert [o.sort_order for o in event.occurrences.order_by("start")] == [0, 1, 2, 3]


@pytest.mark.django_db
def test_repeat_on_chosen_days_every_two_weeks_across_the_spring_change(admin_client, tree):
    start = local(date(2027, 3, 16), 14, 30)  # a Tuesday, winter time
    dates = [{"start": field(start), "end": field(start + timedelta(minutes=90))}]
    response = create(
        admin_client,
        tree,
        dates=dates,
        action="publish",
        repeat_weekdays=["1", "3"],  # Tuesdays and Thursdays
        repeat_every="2",
        repeat_until="2027-04-15",
    )
    assert response.status_code == 302, text(response)
    assert local_starts(events().get()) == [
        (date(2027, 3, 16), "14:30", "16:00"),
        (date(2027, 3, 18), "14:30", "16:00"),
        (date(2027, 3, 30), "14:30", "16:00"),  # summer time from 28 March
        (date(2027, 4, 1), "14:30", "16:00"),
        (date(2027, 4, 13), "14:30", "16:00"),
        (date(2027, 4, 15), "14:30", "16:00"),
    ]


@pytest.mark.django_db
def test_a_draft_with_a_repeat_keeps_the_dates_in_its_revision(admin_client, tree):
    event = EventPageFactory(parent=tree["organizer"], venue=tree["venue"], dates=[])
    start = local(WED_BEFORE_AUTUMN, 20)
    response = edit(
        admin_client,
        event,
        tree,
        dates=[{"start": field(start), "end": field(start + timedelta(hours=2))}],
        repeat_until="2026-11-04",
    )
    assert response.status_code == 302, text(response)
    draft = Page.objects.get(pk=event.pk).specific.get_latest_revision_as_object()
    assert sorted(o.start for o in draft.occurrences.all()) == [
        local(date(2026, 10, 21), 20),
        local(date(2026, 10, 28), 20),
        local(date(2026, 11, 4), 20),
    ]
    assert event.occurrences.count() == 0  # a draft of a live page leaves the live dates alone


@pytest.mark.django_db
def test_saving_again_with_the_same_rule_adds_no_duplicates(admin_client, tree):
    assert create(admin_client, tree, repeat_until="2026-11-04").status_code == 302
    event = events().get()
    rows = list(event.occurrences.order_by("start"))
    assert len(rows) == 3
    # The open editor (autosave) posts the rows it has plus the rule still filled in.
    dates = [{"id": str(o.pk), "start": field(o.start), "end": field(o.end)} for o in rows]
    response = edit(admin_client, event, tree, dates=dates, initial=3, repeat_until="2026-11-04")
    assert response.status_code == 302, text(response)
    draft = Page.objects.get(pk=event.pk).specific.get_latest_revision_as_object()
    assert len(draft.occurrences.all()) == 3


@pytest.mark.django_db
def test_an_all_day_date_repeats_as_all_day(admin_client, tree):
    start = local(date(2026, 10, 24), 0)
    dates = [{"start": field(start), "end": "", "all_day": "on"}]
    response = create(admin_client, tree, dates=dates, action="publish", repeat_until="2026-11-01")
    assert response.status_code == 302, text(response)
    rows = list(events().get().occurrences.order_by("start"))
    assert [(timezone.localtime(o.start, BRUSSELS).date(), o.all_day) for o in rows] == [
        (date(2026, 10, 24), True),
        (date(2026, 10, 31), True),
    ]
    assert timezone.localtime(rows[1].ends_at, BRUSSELS) == local(date(2026, 11, 1), 0)


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["publish", None])
@pytest.mark.parametrize(
    ("repeat", "message"),
    [
        (
            {"repeat_until": "2026-10-14"},
            "La fin de la répétition doit être après la première date (21/10/2026).",
        ),
        ({"repeat_weekdays": ["0"]}, "Indiquez jusqu'à quand répéter la date"),
        ({"repeat_until": "2099-01-01"}, "On ne programme pas plus de deux ans à l'avance"),
        (
            {"repeat_until": "2027-12-31", "repeat_weekdays": [str(d) for d in range(7)]},
            f"Cette répétition créerait plus de {MAX_GENERATED} dates",
        ),
        ({"repeat_every": "0", "repeat_until": "2026-12-01"}, "entre 1 et 52"),
        ({"repeat_until": "31/31/2026"}, "Saisissez une date valide"),
    ],
)
def test_a_bad_repeat_rule_is_refused_and_nothing_is_saved(
    admin_client, tree, repeat, message, action
):
    response = create(admin_client, tree, action=action, **repeat)
    assert response.status_code == 200
    assert message in text(response)
    assert not events().exists()
    assert not EventOccurrence.objects.exists()


@pytest.mark.django_db
def test_a_repeat_needs_a_first_date(admin_client, tree):
    response = create(admin_client, tree, dates=[], repeat_until="2026-12-01")
    assert response.status_code == 200
    assert "Saisissez d'abord la première date" in text(response)


def test_weekly_dates_is_capped_and_skips_the_first_day():
    first = local(date(2026, 10, 21), 9)
    dates = weekly_dates(first, None, weekdays=[2], every=1, until=date(2026, 10, 21))
    assert dates == []
    dates = weekly_dates(
        first, None, weekdays=list(range(7)), every=1, until=date(2027, 12, 1), limit=5
    )
    assert len(dates) == 5
    assert [d.day for d, _ in dates] == [22, 23, 24, 25, 26]
    assert all(end is None for _, end in dates)


def test_weekly_dates_keep_an_overnight_end():
    first = local(date(2026, 10, 23), 22)  # Friday 22:00 until Saturday 04:00
    dates = weekly_dates(
        first, first + timedelta(hours=6), weekdays=[], every=1, until=date(2026, 10, 30)
    )
    ((start, end),) = dates
    assert timezone.localtime(start, BRUSSELS) == local(date(2026, 10, 30), 22)
    assert timezone.localtime(end, BRUSSELS) == local(date(2026, 10, 31), 4)


@pytest.mark.django_db
def test_a_draft_with_the_editors_empty_date_row_can_be_saved(admin_client, tree):
    """The editor opens with one empty date row: leaving it empty must not block a draft."""
    response = create(admin_client, tree, dates=[{"start": "", "end": ""}])
    assert response.status_code == 302, text(response)
    assert events().get().occurrences.count() == 0


@pytest.mark.django_db
def test_a_draft_date_row_with_an_end_but_no_start_is_refused(admin_client, tree):
    response = create(admin_client, tree, dates=[{"start": "", "end": "2026-11-04 22:00"}])
    assert response.status_code == 200
    assert "Indiquez le début de cette date, ou supprimez la ligne." in text(response)
    assert 'value="2026-11-04 22:00"' in text(response)
    assert not events().exists()


@pytest.mark.django_db
def test_publishing_with_the_empty_date_row_asks_for_a_date(admin_client, tree):
    response = create(admin_client, tree, dates=[{"start": "", "end": ""}], action="publish")
    assert response.status_code == 200
    assert "Ajoutez au moins une date" in text(response)
    assert not events().exists()


# -- admin niceties ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_dates_typed_out_of_order_are_kept_in_date_order(admin_client, tree):
    later, sooner = local(date(2026, 12, 5), 20), local(date(2026, 11, 28), 20)
    dates = [{"start": field(later), "end": ""}, {"start": field(sooner), "end": ""}]
    assert create(admin_client, tree, dates=dates, action="publish").status_code == 302
    rows = list(events().get().occurrences.all())  # Orderable: by sort_order
    assert [timezone.localtime(o.start, BRUSSELS).date() for o in rows] == [
        date(2026, 11, 28),
        date(2026, 12, 5),
    ]


@pytest.mark.django_db
def test_the_venue_chooser_and_the_editor_show_the_venues_city(admin_client, tree):
    event = EventPageFactory(parent=tree["organizer"], venue=tree["venue"])
    page = text(admin_client.get(reverse("wagtailadmin_pages:edit", args=(event.pk,))))
    assert "L'Entrepôt des Arts (Liège)" in page
    chooser = admin_client.get(
        reverse("wagtailadmin_choose_page_child", args=(tree["region"].pk,)),
        {"page_type": "events.venuepage"},
    )
    assert "L'Entrepôt des Arts (Liège)" in html.unescape(chooser.json()["html"])
