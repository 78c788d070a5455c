"""The agenda's one query: which event dates to show, for the list, region pages, the map,
the iCal feeds and the API. Filters come from the URL through `AgendaFilterForm`; a bad value
is a form error (the HTML list shows it, feeds answer 400 with the reasons)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from .models import EventCategory, EventOccurrence, EventPage, OrganizerPage, RegionPage, VenuePage

MAX_RANGE_DAYS = 366
MAX_KEYWORD_LENGTH = 100


class When:
    TODAY = "today"
    TOMORROW = "tomorrow"
    WEEKEND = "weekend"
    WEEK = "week"
    CHOICES = [
        (TODAY, _("aujourd'hui")),
        (TOMORROW, _("demain")),
        (WEEKEND, _("ce week-end")),
        (WEEK, _("cette semaine")),
    ]


def local_midnight(day: date) -> datetime:
    """00:00 on `day` in Europe/Brussels, with the right offset whatever the DST."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Window:
    """A half-open time range [start, end); `end` None means open-ended."""

    start: datetime
    end: datetime | None


def window_for(
    when: str | None, date_from: date | None, date_to: date | None, now: datetime
) -> Window:
    """The time range a "when" choice or date range covers, seen from `now`.

    "This weekend" runs from Friday 17:00 to Monday 00:00; on a Saturday or a Sunday it is the
    current weekend. An explicit date range wins over a "when" choice."""
    today = timezone.localtime(now).date()
    if date_from or date_to:
        start = local_midnight(date_from) if date_from else now
        end = local_midnight(date_to + timedelta(days=1)) if date_to else None
        return Window(start, end)
    if when == When.TODAY:
        return Window(now, local_midnight(today + timedelta(days=1)))
    if when == When.TOMORROW:
        tomorrow = today + timedelta(days=1)
        return Window(local_midnight(tomorrow), local_midnight(tomorrow + timedelta(days=1)))
    if when == When.WEEKEND:
        weekday = today.weekday()  # Monday 0 ... Sunday 6
        friday = today + timedelta(days=(4 - weekday) if weekday <= 4 else -(weekday - 4))
        start = timezone.make_aware(datetime.combine(friday, time(17, 0)))
        end = local_midnight(friday + timedelta(days=3))
        return Window(max(start, now), end)
    if when == When.WEEK:
        monday_next = today + timedelta(days=7 - today.weekday())
        return Window(now, local_midnight(monday_next))
    return Window(now, None)


class AgendaFilterForm(forms.Form):
    """The agenda's filters, as they appear in the URL (shareable, bookmarkable)."""

    when = forms.ChoiceField(
        label=_("Quand"), choices=[("", _("à venir")), *When.CHOICES], required=False
    )
    date_from = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    category = forms.MultipleChoiceField(label=_("Catégorie"), required=False)
    region = forms.IntegerField(label=_("Région"), required=False, min_value=1)
    venue = forms.IntegerField(label=_("Lieu"), required=False, min_value=1)
    organizer = forms.IntegerField(label=_("Organisateur"), required=False, min_value=1)
    free = forms.BooleanField(label=_("Gratuit"), required=False)
    accessible = forms.BooleanField(label=_("Accessible en chaise roulante"), required=False)
    young = forms.BooleanField(label=_("Jeune public"), required=False)
    q = forms.CharField(label=_("Mot-clé"), required=False, max_length=MAX_KEYWORD_LENGTH)

    def __init__(self, data=None, *, root: Page, **kwargs):
        super().__init__(data, **kwargs)
        self.root = root
        self.fields["category"].choices = [
            (c.slug, c.name) for c in EventCategory.objects.filter(locale_id=root.locale_id)
        ]

    def _page_in_root(self, field: str, model) -> Page | None:
        pk = self.cleaned_data.get(field)
        if pk is None:
            return None
        page = model.objects.live().descendant_of(self.root).filter(pk=pk).first()
        if page is None:
            raise forms.ValidationError(_("Ce choix n'existe pas sur ce site."), code="unknown")
        return page

    def clean_region(self):
        return self._page_in_root("region", RegionPage)

    def clean_venue(self):
        return self._page_in_root("venue", VenuePage)

    def clean_organizer(self):
        return self._page_in_root("organizer", OrganizerPage)

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to:
            if date_to < date_from:
                self.add_error("date_to", _("La date de fin est avant la date de début."))
            elif (date_to - date_from).days > MAX_RANGE_DAYS:
                self.add_error("date_to", _("Choisissez une période d'un an au plus."))
        return data

    def error_reasons(self) -> dict[str, list[str]]:
        """The errors as plain text, per URL parameter, for 400 responses."""
        return {field: [str(m) for m in messages] for field, messages in self.errors.items()}


def agenda_occurrences(
    root: Page, filters: dict | None = None, *, now: datetime | None = None
) -> QuerySet:
    """Dates of live events under `root` (a site's home in one language, a region, an
    organizer) that are not over, with the filters applied, in date order.

    `filters` is an `AgendaFilterForm.cleaned_data`. Cancelled events and dates stay in: the
    public must see them as cancelled, not find them silently gone."""
    filters = filters or {}
    now = now or timezone.now()
    window = window_for(
        filters.get("when") or None, filters.get("date_from"), filters.get("date_to"), now
    )

    # An explicit start date may look at the past (archives); otherwise what is over is gone.
    not_over_at = window.start if filters.get("date_from") else max(window.start, now)
    occurrences = EventOccurrence.objects.filter(
        page__live=True, page__path__startswith=root.path, ends_at__gt=not_over_at
    )
    if window.end is not None:
        occurrences = occurrences.filter(start__lt=window.end)

    if filters.get("category"):
        occurrences = occurrences.filter(
            page__in=EventPage.objects.filter(categories__slug__in=filters["category"]).values("pk")
        )
    region = filters.get("region")
    if region:
        occurrences = occurrences.filter(
            Q(page__venue__path__startswith=region.path)
            | Q(page__venue__isnull=True, page__path__startswith=region.path)
        )
    if filters.get("venue"):
        occurrences = occurrences.filter(page__venue=filters["venue"])
    if filters.get("organizer"):
        occurrences = occurrences.filter(page__path__startswith=filters["organizer"].path)
    if filters.get("free"):
        occurrences = occurrences.filter(page__is_free=True)
    if filters.get("accessible"):
        occurrences = occurrences.filter(page__venue__wheelchair_access=True)
    if filters.get("young"):
        occurrences = occurrences.filter(page__audience=EventPage.Audience.YOUNG)
    for word in (filters.get("q") or "").split():
        occurrences = occurrences.filter(
            Q(page__title__icontains=word)
            | Q(page__teaser__icontains=word)
            | Q(page__performers__icontains=word)
            | Q(page__venue__title__icontains=word)
            | Q(page__venue__city__icontains=word)
        )
    return occurrences.select_related("page", "page__venue").order_by("start", "page__title", "pk")
