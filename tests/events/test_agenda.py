"""The agenda's selection and its presentation by day (events.agenda), with "now" frozen on
Wednesday 21 October 2026, the week before Belgium goes back to winter time (Sunday 25 October
2026, 03:00 CEST becomes 02:00 CET)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

import factory
import pytest
import wagtail_factories

from events.agenda import (
    AgendaFilterForm,
    Slot,
    When,
    agenda_occurrences,
    build_agenda,
    days_covered,
    highlights,
    window_for,
)
from events.factories import (
    EventCategoryFactory,
    EventPageFactory,
    OrganizerPageFactory,
    RegionPageFactory,
    VenuePageFactory,
)
from events.models import AgendaPage, EventOccurrence, EventPage

NOW = timezone.make_aware(datetime(2026, 10, 21, 12, 0))  # Wednesday, CEST (+02:00)
WEDNESDAY, THURSDAY, FRIDAY = date(2026, 10, 21), date(2026, 10, 22), date(2026, 10, 23)
SATURDAY, SUNDAY, MONDAY = date(2026, 10, 24), date(2026, 10, 25), date(2026, 10, 26)


def at(day: date, hour: int, minute: int = 0, *, fold: int = 0) -> datetime:
    """Local Brussels time; `fold=1` picks the second 02:30 of the night clocks go back."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute, fold=fold)))


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Photo {n}")
    description = "Le public devant la scène"
    credit = "© Jeanne Lambert"
    file = factory.django.ImageField(width=800, height=500, color="teal")


@dataclass
class Scene:
    home: object
    agenda: AgendaPage
    liege: object
    verviers: object
    opera: object  # a venue in Liège, wheelchair accessible
    grange: object  # a venue in Verviers, not accessible
    collectif: object  # an organizer in Liège
    asbl_verviers: object  # an organizer in Verviers
    concert: object
    theatre: object
    expo: object

    def event(self, title, dates, *, organizer=None, venue="opera", categories=(), **fields):
        venue = getattr(self, venue) if isinstance(venue, str) else venue
        return EventPageFactory(
            parent=organizer or self.collectif,
            title=title,
            venue=venue,
            dates=[(s, e) for s, e in dates],
            category_list=[getattr(self, c) for c in categories],
            **fields,
        )


def build_scene(site) -> Scene:
    home = site.root_page.specific
    agenda = AgendaPage(title="Agenda", slug="agenda")
    home.add_child(instance=agenda)
    liege = RegionPageFactory(parent=home, title="Liège", slug="liege")
    verviers = RegionPageFactory(parent=home, title="Verviers", slug="verviers")
    return Scene(
        home=home,
        agenda=agenda,
        liege=liege,
        verviers=verviers,
        opera=VenuePageFactory(parent=liege, title="Opéra", city="Liège", wheelchair_access=True),
        grange=VenuePageFactory(
            parent=verviers, title="La Grange", city="Verviers", postal_code="4800"
        ),
        collectif=OrganizerPageFactory(parent=liege, title="Collectif Nuit"),
        asbl_verviers=OrganizerPageFactory(parent=verviers, title="ASBL Vesdre"),
        concert=EventCategoryFactory(name="Concert", slug="concert"),
        theatre=EventCategoryFactory(name="Théâtre", slug="theatre"),
        expo=EventCategoryFactory(name="Exposition", slug="exposition"),
    )


@pytest.fixture
def scene(network) -> Scene:
    return build_scene(network["quatremille"])


def titles(occurrences) -> list[str]:
    return [o.page.title for o in occurrences]


def day_titles(agenda) -> dict[date, list[str]]:
    return {day.day: [e.event.title for e in day.entries] for day in agenda.days}


def clean(scene, **params) -> dict:
    form = AgendaFilterForm(params, root=scene.home)
    assert form.is_valid(), form.errors
    return form.cleaned_data


# --- The "when" windows -----------------------------------------------------------------------


def test_this_weekend_across_the_autumn_dst_change_runs_friday_17h_to_monday_midnight():
    window = window_for(When.WEEKEND, None, None, NOW)
    assert window.start == at(FRIDAY, 17)
    assert window.start.astimezone(UTC) == datetime(2026, 10, 23, 15, tzinfo=UTC)
    assert window.end == at(MONDAY, 0)
    # Monday midnight is winter time: UTC+1, so the weekend lasts 55 hours, not 54.
    assert window.end.astimezone(UTC) == datetime(2026, 10, 25, 23, tzinfo=UTC)
    assert window.end - window.start == timedelta(hours=55)


def test_on_a_saturday_this_weekend_is_the_current_one_from_now():
    saturday_noon = at(SATURDAY, 12)
    window = window_for(When.WEEKEND, None, None, saturday_noon)
    assert (window.start, window.end) == (saturday_noon, at(MONDAY, 0))
    sunday_evening = at(SUNDAY, 21)
    assert window_for(When.WEEKEND, None, None, sunday_evening).end == at(MONDAY, 0)


def test_today_tomorrow_week_and_date_range_windows():
    today = window_for(When.TODAY, None, None, NOW)
    assert (today.start, today.end) == (NOW, at(THURSDAY, 0))
    tomorrow = window_for(When.TOMORROW, None, None, NOW)
    assert (tomorrow.start, tomorrow.end) == (at(THURSDAY, 0), at(FRIDAY, 0))
    week = window_for(When.WEEK, None, None, NOW)
    assert (week.start, week.end) == (NOW, at(MONDAY, 0))
    dated = window_for(When.TODAY, SATURDAY, SUNDAY, NOW)  # a date range wins over "when"
    assert (dated.start, dated.end) == (at(SATURDAY, 0), at(MONDAY, 0))
    assert window_for(None, None, None, NOW).end is None


# --- Days and the weekend around the DST change ---------------------------------------------


def test_weekend_events_land_on_their_local_days_across_the_dst_change(scene):
    hour = timedelta(hours=1)
    scene.event("Avant le week-end", [(at(FRIDAY, 16), at(FRIDAY, 16) + hour)])
    scene.event("Vendredi soir", [(at(FRIDAY, 18), None)])
    scene.event("Samedi tard", [(at(SATURDAY, 23, 30), at(SATURDAY, 23, 30) + hour)])
    scene.event("Dimanche 2h30 été", [(at(SUNDAY, 2, 30), None)])
    scene.event("Dimanche 2h30 hiver", [(at(SUNDAY, 2, 30, fold=1), None)])
    scene.event("Dimanche soir", [(at(SUNDAY, 23, 30), None)])
    scene.event("Lundi 0h30", [(at(MONDAY, 0, 30), None)])

    agenda = build_agenda(scene.home, clean(scene, when="weekend"), now=NOW)

    assert day_titles(agenda) == {
        FRIDAY: ["Vendredi soir"],
        SATURDAY: ["Samedi tard"],
        SUNDAY: ["Dimanche 2h30 été", "Dimanche 2h30 hiver", "Dimanche soir"],
    }
    labels = {e.event.title: e.slots[0].label for d in agenda.days for e in d.entries}
    assert labels["Samedi tard"] == "23:30 \u2013 00:30"
    # The two 02:30 are one hour apart in real time, both on Sunday.
    summer, winter = (
        EventOccurrence.objects.get(page__title=t).start
        for t in ("Dimanche 2h30 été", "Dimanche 2h30 hiver")
    )
    assert winter - summer == timedelta(hours=1)
    assert labels["Dimanche 2h30 hiver"] == "02:30"


def test_a_multi_day_event_appears_on_each_of_its_days_and_a_late_night_on_one(scene):
    scene.event("Festival", [(at(FRIDAY, 18), at(SUNDAY, 23))])
    scene.event("Nuit électro", [(at(SATURDAY, 22), at(SUNDAY, 4))])
    scene.event("Deux séances", [(at(SATURDAY, 15), at(SATURDAY, 17)), (at(SATURDAY, 20), None)])

    agenda = build_agenda(scene.home, clean(scene, when="weekend"), now=NOW)

    assert day_titles(agenda) == {
        FRIDAY: ["Festival"],
        SATURDAY: ["Festival", "Deux séances", "Nuit électro"],
        SUNDAY: ["Festival"],
    }
    saturday = {e.event.title: e for e in agenda.days[1].entries}
    assert [s.label for s in saturday["Deux séances"].slots] == ["15:00 \u2013 17:00", "20:00"]
    assert [s.label for s in saturday["Festival"].slots] == ["toute la journée (suite)"]
    sunday_festival = agenda.days[2].entries[0].slots[0]
    assert sunday_festival.label == "jusqu'à 23:00"
    assert agenda.days[0].entries[0].slots[0].label == "18:00, jusqu'au dimanche 25 octobre"


def test_days_covered_by_an_all_day_date_stop_at_its_last_day_whatever_the_dst():
    occurrence = EventOccurrence(start=at(SATURDAY, 0), end=at(SUNDAY, 0), all_day=True)
    occurrence.ends_at = occurrence.effective_end
    assert days_covered(occurrence, WEDNESDAY, None) == [SATURDAY, SUNDAY]
    assert days_covered(occurrence, SUNDAY, None) == [SUNDAY]
    assert days_covered(occurrence, WEDNESDAY, SATURDAY) == [SATURDAY]


# --- Ongoing, cancelled ------------------------------------------------------------------------


def test_long_running_exhibitions_go_to_the_ongoing_block_not_every_day(scene):
    scene.event(
        "Rétrospective",
        [(at(date(2026, 10, 1), 10), at(date(2026, 12, 31), 18))],
        categories=["expo"],
    )
    scene.event("Fini hier", [(at(date(2026, 9, 1), 10), at(date(2026, 10, 20), 18))])
    scene.event("Expo de décembre", [(at(date(2026, 12, 1), 10), at(date(2027, 1, 31), 18))])
    scene.event("Concert", [(at(SATURDAY, 20), None)])

    agenda = build_agenda(scene.home, clean(scene, when="weekend"), now=NOW)
    assert [e.event.title for e in agenda.ongoing] == ["Rétrospective"]
    assert agenda.ongoing[0].slots[0].label == "jusqu'au jeudi 31 décembre 2026"
    assert day_titles(agenda) == {SATURDAY: ["Concert"]}
    assert agenda.count == 2

    upcoming = build_agenda(scene.home, {}, now=NOW)
    assert [e.event.title for e in upcoming.ongoing] == ["Rétrospective", "Expo de décembre"]
    assert all(
        title != "Fini hier" for titles_ in day_titles(upcoming).values() for title in titles_
    )

    only = build_agenda(scene.home, clean(scene, ongoing="on"), now=NOW)
    assert only.ongoing_only
    assert [e.event.title for e in only.days[0].entries] == ["Rétrospective", "Expo de décembre"]


def test_many_exhibitions_are_counted_up_to_a_bound_and_then_said_to_be_more(scene, monkeypatch):
    """Counting every exhibition of a large network cost more than the rest of the list: the
    block counts up to ONGOING_COUNT_LIMIT and then says "more than" (the link and the total)."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from events.agenda import days

    monkeypatch.setattr(days, "ONGOING_LIMIT", 1)
    for title in ("Expo A", "Expo B", "Expo C"):
        scene.event(title, [(at(date(2026, 10, 1), 10), at(date(2026, 12, 31), 18))])
    scene.event("Concert", [(at(SATURDAY, 20), None)])

    monkeypatch.setattr(days, "ONGOING_COUNT_LIMIT", 5)
    exact = build_agenda(scene.home, {}, now=NOW)
    assert (exact.ongoing_total, exact.ongoing_total_is_exact, exact.count) == (3, True, 4)
    assert exact.count_is_exact

    monkeypatch.setattr(days, "ONGOING_COUNT_LIMIT", 2)
    capped = build_agenda(scene.home, {}, now=NOW)
    assert [e.event.title for e in capped.ongoing] == ["Expo A"]
    assert (capped.ongoing_total, capped.ongoing_total_is_exact) == (2, False)
    assert not capped.count_is_exact  # "Plus de 3 dates"
    request = RequestFactory().get("/agenda/")
    html = render_to_string("events/includes/ongoing.html", {"agenda": capped}, request=request)
    assert "Voir plus de 2 événements en cours" in html


def test_cancelled_and_postponed_events_and_dates_are_shown_as_such(scene):
    scene.event("Annulé", [(at(SATURDAY, 20), None)], status=EventPage.Status.CANCELLED)
    scene.event("Reporté", [(at(SATURDAY, 21), None)], status=EventPage.Status.POSTPONED)
    run = scene.event("Série", [(at(FRIDAY, 20), None), (at(SATURDAY, 20), None)])
    run.occurrences.filter(start=at(FRIDAY, 20)).update(cancelled=True)

    agenda = build_agenda(scene.home, clean(scene, when="weekend"), now=NOW)
    entries = {(d.day, e.event.title): e for d in agenda.days for e in d.entries}
    assert entries[(SATURDAY, "Annulé")].status_label == "annulé"
    assert entries[(SATURDAY, "Reporté")].status_label == "reporté"
    assert entries[(FRIDAY, "Série")].is_cancelled
    assert entries[(FRIDAY, "Série")].slots[0].cancelled
    assert not entries[(SATURDAY, "Série")].is_cancelled


# --- Filters ----------------------------------------------------------------------------------


@pytest.fixture
def program(scene):
    """A week of varied events in two regions, plus noise the agenda must never show."""
    s = scene
    s.event(
        "Jazz à l'Opéra",
        [(at(THURSDAY, 20), None)],
        categories=["concert"],
        performers="Lou Delvaux Trio",
    )
    s.event("Hamlet", [(at(SATURDAY, 20), None)], categories=["theatre"], is_free=True)
    s.event(
        "Marionnettes",
        [(at(SUNDAY, 15), None)],
        categories=["theatre"],
        is_free=True,
        audience=EventPage.Audience.YOUNG,
        min_age=4,
    )
    s.event(
        "Rock à la Grange",
        [(at(SATURDAY, 21), None)],
        venue="grange",
        organizer=s.asbl_verviers,
        categories=["concert"],
    )
    s.event(
        "Conte à Verviers",
        [(at(FRIDAY, 18), None)],
        venue="grange",
        organizer=s.asbl_verviers,
        is_free=True,
        audience=EventPage.Audience.YOUNG,
    )
    s.event(
        "Webinaire",
        [(at(WEDNESDAY, 18), None)],
        venue=None,
        organizer=s.asbl_verviers,
        attendance_mode=EventPage.AttendanceMode.ONLINE,
        online_url="https://example.org",
    )
    s.event("Jeudi midi", [(at(WEDNESDAY, 13), None)], categories=["concert"])
    s.event("Lundi prochain", [(at(MONDAY, 20), None)], categories=["concert"])
    s.event("Passé", [(at(WEDNESDAY, 9), None)])
    s.event("Brouillon", [(at(SATURDAY, 20), None)], live=False)
    other_home = s.home.get_siblings().exclude(pk=s.home.pk).first().specific
    other_region = RegionPageFactory(parent=other_home, title="Namur")
    EventPageFactory(
        parent=OrganizerPageFactory(parent=other_region),
        title="Ailleurs",
        venue=VenuePageFactory(parent=other_region),
        dates=[(at(SATURDAY, 20), None)],
    )
    return s


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {},
            [
                "Jeudi midi",
                "Webinaire",
                "Jazz à l'Opéra",
                "Conte à Verviers",
                "Hamlet",
                "Rock à la Grange",
                "Marionnettes",
                "Lundi prochain",
            ],
        ),
        ({"when": "today"}, ["Jeudi midi", "Webinaire"]),
        ({"when": "tomorrow"}, ["Jazz à l'Opéra"]),
        ({"when": "weekend"}, ["Conte à Verviers", "Hamlet", "Rock à la Grange", "Marionnettes"]),
        (
            {"when": "week"},
            [
                "Jeudi midi",
                "Webinaire",
                "Jazz à l'Opéra",
                "Conte à Verviers",
                "Hamlet",
                "Rock à la Grange",
                "Marionnettes",
            ],
        ),
        ({"date_from": "2026-10-25", "date_to": "2026-10-26"}, ["Marionnettes", "Lundi prochain"]),
        ({"date_from": "2026-10-26"}, ["Lundi prochain"]),
        (
            {"category": ["concert"]},
            ["Jeudi midi", "Jazz à l'Opéra", "Rock à la Grange", "Lundi prochain"],
        ),
        (
            {"category": ["concert", "theatre"], "when": "weekend"},
            ["Hamlet", "Rock à la Grange", "Marionnettes"],
        ),
        ({"region": "verviers"}, ["Webinaire", "Conte à Verviers", "Rock à la Grange"]),
        ({"venue": "grange"}, ["Conte à Verviers", "Rock à la Grange"]),
        ({"organizer": "asbl_verviers"}, ["Webinaire", "Conte à Verviers", "Rock à la Grange"]),
        ({"free": "on"}, ["Conte à Verviers", "Hamlet", "Marionnettes"]),
        ({"accessible": "on", "when": "weekend"}, ["Hamlet", "Marionnettes"]),
        ({"young": "on"}, ["Conte à Verviers", "Marionnettes"]),
        ({"young": "on", "free": "on", "region": "liege"}, ["Marionnettes"]),
        ({"q": "delvaux"}, ["Jazz à l'Opéra"]),
        ({"q": "verviers"}, ["Conte à Verviers", "Rock à la Grange"]),
        ({"q": "grange rock", "category": ["concert"]}, ["Rock à la Grange"]),
        ({"q": "opéra", "when": "weekend"}, ["Hamlet", "Marionnettes"]),
        # Accents and case do not matter, either way round.
        ({"q": "OPERA", "when": "weekend"}, ["Hamlet", "Marionnettes"]),
        ({"q": "liège jazz"}, ["Jazz à l'Opéra"]),
        ({"q": "LIEGE JAZZ"}, ["Jazz à l'Opéra"]),
        ({"q": "l'OPERA"}, ["Jazz à l'Opéra"]),
        ({"q": "introuvable"}, []),
    ],
)
def test_filters_and_their_combinations(program, params, expected):
    params = {
        key: str(getattr(program, value).pk) if key in ("region", "venue", "organizer") else value
        for key, value in params.items()
    }
    assert titles(agenda_occurrences(program.home, clean(program, **params), now=NOW)) == expected


def test_unknown_or_foreign_choices_are_form_errors(program):
    other_region = RegionPageFactory(
        parent=program.home.get_siblings().exclude(pk=program.home.pk).first()
    )
    for params, field in [
        ({"when": "yesterday"}, "when"),
        ({"date_from": "notadate"}, "date_from"),
        ({"date_from": "2026-10-25", "date_to": "2026-10-20"}, "date_to"),
        ({"date_from": "2026-01-01", "date_to": "2027-06-01"}, "date_to"),
        ({"region": "999999"}, "region"),
        ({"region": str(other_region.pk)}, "region"),
        ({"venue": "abc"}, "venue"),
        ({"organizer": str(program.opera.pk)}, "organizer"),  # a venue is not an organizer
        ({"category": "nope"}, "category"),
        ({"q": "x" * 101}, "q"),
    ]:
        form = AgendaFilterForm(params, root=program.home)
        assert not form.is_valid()
        assert list(form.errors) == [field], params
        assert form.error_reasons()[field]


def test_highlights_list_each_event_once_without_cancelled_ones(program):
    program.event("Série", [(at(FRIDAY, 20), None), (at(SATURDAY, 20), None)])
    program.event("Annulé", [(at(SATURDAY, 19), None)], status=EventPage.Status.CANCELLED)
    weekend = highlights(program.home, When.WEEKEND, now=NOW)
    assert [e.event.title for e in weekend] == [
        "Conte à Verviers",
        "Série",
        "Hamlet",
        "Rock à la Grange",
        "Marionnettes",
    ]
    assert [e.event.title for e in highlights(program.home, When.TODAY, now=NOW)] == [
        "Jeudi midi",
        "Webinaire",
    ]
    assert len(highlights(program.home, None, now=NOW, limit=3)) == 3


# --- Pagination -------------------------------------------------------------------------------


def test_pages_split_by_dates_keep_every_event_on_each_of_its_days_exactly_once(scene):
    scene.event("Festival", [(at(FRIDAY, 10), at(SUNDAY, 23))])
    for day in (THURSDAY, FRIDAY, SATURDAY, SUNDAY):
        for hour in (14, 18, 21):
            scene.event(f"{day:%a} {hour}h", [(at(day, hour), None)])
    complete = build_agenda(scene.home, {}, now=NOW, per_page=1000)
    expected = [(d.day, e.event.title) for d in complete.days for e in d.entries]
    assert ("2026-10-24", "Festival") in [(f"{d}", t) for d, t in expected]

    seen, page_number, pages = [], 1, 0
    while True:
        agenda = build_agenda(scene.home, {}, now=NOW, page_number=page_number, per_page=4)
        pages += 1
        seen += [(d.day, e.event.title) for d in agenda.days for e in d.entries]
        if not agenda.page.has_next():
            break
        page_number += 1
    assert pages == 4  # 13 dates, 4 per page
    assert sorted(seen) == sorted(expected)
    assert len(seen) == len(set(seen))

    second = build_agenda(scene.home, {}, now=NOW, page_number=2, per_page=4)
    assert second.days[0].continued  # Friday carries on from page 1
    assert not second.ongoing  # the ongoing block lives on the first page only


def test_the_first_pages_read_by_their_ids_show_what_the_plain_reading_shows(scene, monkeypatch):
    """A page among the first (`FIRST_DATES_MAX`) reads its first dates' ids, then their rows;
    deeper pages count, then read their rows. Both readings give the same agenda."""
    from events.agenda import days

    for title in ("Expo A", "Expo B", "Expo C"):
        scene.event(title, [(at(date(2026, 10, 1), 10), at(date(2026, 12, 31), 18))])
    scene.event("Festival", [(at(FRIDAY, 10), at(SUNDAY, 23))])
    for day in (THURSDAY, FRIDAY, SATURDAY, SUNDAY):
        for hour in (14, 18, 21):
            scene.event(f"{day:%a} {hour}h", [(at(day, hour), None)])
    monkeypatch.setattr(days, "ONGOING_LIMIT", 2)
    monkeypatch.setattr(days, "ONGOING_COUNT_LIMIT", 2)

    def shown(agenda):
        def entry(e):
            return e.event.title, [slot.label for slot in e.slots]

        return (
            [entry(e) for e in agenda.ongoing],
            agenda.ongoing_total,
            agenda.ongoing_total_is_exact,
            [(d.day, d.continued, [entry(e) for e in d.entries]) for d in agenda.days],
            agenda.count,
            agenda.count_is_exact,
            agenda.page.has_next(),
        )

    for page_number in (1, 2, 3, 4):
        by_ids = shown(build_agenda(scene.home, {}, now=NOW, page_number=page_number, per_page=3))
        with monkeypatch.context() as plain_reading:
            plain_reading.setattr(days, "FIRST_DATES_MAX", 0)
            plain = shown(
                build_agenda(scene.home, {}, now=NOW, page_number=page_number, per_page=3)
            )
        assert by_ids == plain
    first = shown(build_agenda(scene.home, {}, now=NOW, per_page=3))
    assert [title for title, _ in first[0]] == ["Expo A", "Expo B"] and first[1:3] == (2, False)


def test_end_dates_shown_are_the_last_day_people_can_go():
    exhibition = EventOccurrence(
        start=at(date(2026, 10, 1), 0), end=at(date(2026, 12, 31), 0), all_day=True
    )
    exhibition.ends_at = exhibition.effective_end  # midnight after 31 December
    exhibition.long_running = True
    assert Slot(exhibition, WEDNESDAY).label == "jusqu'au jeudi 31 décembre 2026"

    nights = EventOccurrence(start=at(FRIDAY, 20), end=at(MONDAY, 3))
    nights.ends_at = nights.effective_end
    assert days_covered(nights, WEDNESDAY, None) == [FRIDAY, SATURDAY, SUNDAY]
    assert Slot(nights, FRIDAY).label == "20:00, jusqu'au dimanche 25 octobre"
    assert Slot(nights, SATURDAY).label == "toute la journée (suite)"
    assert Slot(nights, SUNDAY).label == "jusqu'à 03:00"


def test_big_selections_are_counted_only_a_few_pages_ahead(scene):
    for n in range(15):
        scene.event(f"Concert {n:02}", [(at(SATURDAY, 8) + timedelta(minutes=n), None)])
    agenda = build_agenda(scene.home, {}, now=NOW, per_page=2)  # counts up to 6 pages
    assert not agenda.count_is_exact
    assert agenda.count == 12  # "more than 12 dates"
    assert agenda.page.has_next()
    last = build_agenda(scene.home, {}, now=NOW, per_page=2, page_number=8)
    assert last.count_is_exact and last.count == 15
    assert not last.page.has_next()
    assert [e.event.title for d in last.days for e in d.entries] == ["Concert 14"]
