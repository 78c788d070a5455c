"""Demo builder for the magazine: per site a magazine with 6 authors, 4 interviews,
4 chronicles, 4 reports (video, photo, written) and 4 weekly favourites (this week and the
three before), pointing to the events, venues and organizers the agenda demo created.

Idempotent: authors are looked up by slug, pieces by slug under the magazine. Videos are stored
as Embed rows from recorded oEmbed answers, so rendering the demo never needs the network.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page

from events.models import EventCategory, EventPage, OrganizerPage, RegionPage, VenuePage
from xmille.demo.images import demo_image
from xmille.demo.sites import DemoNetwork, DemoSite

from .embeds import RECORDED_TITLES, recorded_oembed
from .models import (
    Author,
    ChroniclePage,
    FavouritePick,
    InterviewPage,
    MagazineIndexPage,
    PieceCredit,
    PieceMention,
    ReportPage,
    WeeklyFavouritesPage,
    monday_of,
)

AUTHOR_NAMES = [
    "Léa Martin", "Tom Lambert", "Inès Dupuis", "Hugo Renard", "Sarah Collignon", "Nicolas Henrard",
    "Amélie Gérard", "Karim Benali", "Julie Lemaire", "Maxime Delvaux", "Chloé Jacquet", "Yannick Piette",
    "Manon Servais", "Antoine Wéry", "Clara Mertens", "Samuel Lejeune", "Zoé Dethier", "Olivier Gilson",
    "Emma Closset", "Bastien Hock", "Lucie Pirard", "Rachid El Amrani", "Nora Thiry", "Félix Rasquin",
]  # fmt: skip
AUTHORS_PER_SITE = 6
VIDEOS = list(RECORDED_TITLES)

INTERVIEWEES = [
    ("Camille Dubois", "chanteuse et autrice-compositrice"),
    ("Marc Janssens", "directeur artistique"),
    ("Aïcha Diallo", "comédienne et metteuse en scène"),
    ("Pierre Lhoest", "bénévole depuis vingt ans"),
]
QUESTIONS = [
    "Comment est né le projet ?",
    "Qu'est-ce qui vous a amené·e dans la région ?",
    "Quel public espérez-vous toucher ?",
    "Un souvenir de scène qui vous a marqué·e ?",
    "Et la suite ?",
]
ANSWERS = [
    "Presque par hasard, autour d'une table de cuisine. On voulait un endroit où l'on puisse "
    "se retrouver sans que ce soit compliqué : une salle, quelques chaises, des gens curieux. "
    "Le reste est venu avec le temps, et avec beaucoup de bénévoles.",
    "Les rencontres, surtout. Ici, les associations se parlent, se prêtent du matériel, "
    "partagent leurs bons plans. C'est rare, et c'est précieux quand on démarre.",
    "Tout le monde ! Les habitués comme ceux qui n'osent pas encore pousser la porte. "
    "Nous gardons des prix doux et des séances en journée pour les familles.",
    "Une coupure de courant en plein concert : le public a allumé ses téléphones et nous avons "
    "fini en acoustique. Personne n'est parti. C'était magique.",
    "Une tournée dans les bibliothèques de la région, des ateliers avec les écoles, et un "
    "nouvel album que nous enregistrons cet hiver.",
]
# (kind, free-text subject, headline, subject when the site has no event to point to)
CHRONICLES = [
    ("show", "", "Une soirée qui tient toutes ses promesses", "Le spectacle de l'académie"),
    ("album", "« Les Hirondelles », premier album", "Un premier album qui prend son envol", ""),
    ("book", "« La Meuse en hiver », roman", "Un roman qui sent la Meuse et le café", ""),
    ("exhibition", "", "Une exposition à voir en prenant son temps", "« Regards croisés »"),
]
REPORTS = [
    (ReportPage.Kind.VIDEO, "Trois minutes dans les coulisses"),
    (ReportPage.Kind.VIDEO, "Le festival vu de la scène"),
    (ReportPage.Kind.PHOTO, "La soirée en images"),
    (ReportPage.Kind.WRITTEN, "Compte rendu : une journée portes ouvertes"),
]
TAGS = ["coulisses", "bénévoles", "jeune public", "premières", "patrimoine", "musique locale"]
LOREM = (
    "Dès l'entrée, le ton est donné : un accueil chaleureux, une salle pleine et cette "
    "impression rare d'être attendu. Le programme alterne moments intimes et élans collectifs, "
    "sans jamais perdre le fil. On sort de là avec l'envie d'en parler autour de soi, et c'est "
    "sans doute le meilleur compliment."
)


def _paragraphs(n: int) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{LOREM}</p>") for _ in range(n)]


def interview_body() -> list:
    blocks = []
    for question, answer in zip(QUESTIONS, ANSWERS, strict=True):
        blocks.append(("question", {"text": question}))
        blocks.append(("answer", {"text": f"<p>{answer}</p>"}))
    blocks.insert(4, ("pull_quote", {"text": "Ici, les associations se parlent entre elles."}))
    return blocks


def pick_blurb(event: EventPage) -> str:
    if event.status == EventPage.Status.CANCELLED:
        return f"{event.teaser} Nous l'avions choisi : dommage, ce sera pour une autre fois."
    return f"{event.teaser} On y sera, et vous ?"


def ensure_embeds() -> None:
    """Store the demo videos' recorded oEmbed answers, as Wagtail would after fetching them."""
    for url in VIDEOS:
        embed = recorded_oembed(url)
        Embed.objects.update_or_create(
            hash=get_embed_hash(url),
            defaults={
                "url": url,
                "max_width": None,
                "cache_until": None,
                "last_updated": timezone.now(),
                **embed,
            },
        )


def ensure_magazine(demo: DemoSite) -> MagazineIndexPage:
    magazine = MagazineIndexPage.objects.child_of(demo.home).first()
    if magazine is None:
        magazine = MagazineIndexPage(
            title="Magazine",
            slug="magazine",
            show_in_menus=True,
            intro=(
                f"<p>Interviews, chroniques, reportages et coups de cœur : la culture de "
                f"{demo.spec.name} racontée par ses bénévoles.</p>"
            ),
        )
        demo.home.add_child(instance=magazine)
        magazine.save_revision().publish()
    return magazine


def ensure_authors(demo: DemoSite) -> list[Author]:
    names = AUTHOR_NAMES[demo.spec.order * AUTHORS_PER_SITE :][:AUTHORS_PER_SITE]
    if len(names) < AUTHORS_PER_SITE:  # more sites than names: reuse, with the site's name
        names = [f"{name} ({demo.spec.short_name or demo.spec.name})" for name in AUTHOR_NAMES]
        names = names[:AUTHORS_PER_SITE]
    writer = get_user_model().objects.filter(username=f"plume-{demo.spec.slug}").first()
    authors = []
    for index, name in enumerate(names):
        slug = slugify(name)
        author = Author.objects.filter(slug=slug).first()
        if author is None:
            initials = "".join(part[0] for part in name.split()[:2])
            author = Author.objects.create(
                name=name,
                slug=slug,
                bio=f"<p>{name.split()[0]} écrit pour le magazine de {demo.spec.name} "
                "depuis quelques saisons : concerts, théâtre et tout ce qui bouge près de chez "
                "nous.</p>",
                photo=demo_image(
                    f"Portrait {name}",
                    initials,
                    alt=f"Portrait de {name}",
                    size=(320, 320),
                    collection=demo.collection,
                ),
                links=[("link", {"label": "Mastodon", "url": f"https://mastodon.social/@{slug}"})],
            )
        if (
            index == 0
            and writer
            and author.user_id is None
            and not Author.objects.filter(user=writer).exists()
        ):
            author.user = writer
            author.save(update_fields=["user"])
        authors.append(author)
    return authors


def _image(demo: DemoSite, title: str, alt: str, credit: str | None = None):
    return demo_image(
        f"{demo.spec.name} — {title}",
        title[:18],
        alt=alt,
        credit=credit or "Image générée — démo Xmille",
        size=(1200, 750),
        collection=demo.collection,
    )


class SiteContent:
    """What the agenda demo created on a site, to write about."""

    def __init__(self, demo: DemoSite):
        home = demo.home
        self.events = list(
            EventPage.objects.live().descendant_of(home).order_by("path").select_related("venue")
        )
        self.venues = list(VenuePage.objects.live().descendant_of(home).order_by("path"))
        self.organizers = list(OrganizerPage.objects.live().descendant_of(home).order_by("path"))
        self.regions = list(RegionPage.objects.live().child_of(home).order_by("path"))
        self.categories = list(EventCategory.objects.filter(locale_id=home.locale_id))

    @staticmethod
    def pick(items, index):
        return items[index % len(items)] if items else None

    def events_in_week(self, monday):
        start = timezone.make_aware(datetime.combine(monday, time.min))
        end = start + timedelta(days=7)
        ids = (
            EventPage.objects.filter(pk__in=[e.pk for e in self.events])
            .filter(occurrences__start__lt=end, occurrences__ends_at__gte=start)
            .values_list("pk", flat=True)
            .distinct()
        )
        ids = set(ids)
        return [e for e in self.events if e.pk in ids]


def _add_piece(magazine, piece, *, authors, published_at, content: SiteContent, index, about=()):
    """Create and publish a piece once (looked up by slug)."""
    existing = Page.objects.child_of(magazine).filter(slug=piece.slug).first()
    if existing:
        return existing, False
    piece.first_published_at = published_at
    piece.authors = authors
    category = content.pick(content.categories, index)
    if category:
        piece.categories = [category]
    region = content.pick(content.regions, index)
    if region:
        piece.regions = [region]
    piece.tags.add(TAGS[index % len(TAGS)])
    for target in about:
        if target is not None:
            piece.mentions.add(PieceMention(target=target))
    magazine.add_child(instance=piece)
    piece.save_revision().publish()
    return piece, True


def build_site(demo: DemoSite) -> int:
    magazine = ensure_magazine(demo)
    authors = ensure_authors(demo)
    content = SiteContent(demo)
    now = timezone.now()
    site = demo.spec.name
    created = 0

    def by(i):
        return [authors[i % len(authors)]] + (
            [authors[(i + 3) % len(authors)]] if i % 3 == 0 else []
        )

    for i, (name, role) in enumerate(INTERVIEWEES):
        organizer = content.pick(content.organizers, i)
        venue = content.pick(content.venues, i)
        subject = organizer if i % 2 == 0 else venue
        piece = InterviewPage(
            title=f"{name} : « On joue comme on respire »" if i == 0 else f"Rencontre avec {name}",
            slug=slugify(f"interview-{name}"),
            teaser=f"{name}, {role}, nous parle de son parcours, de {site} et de ses projets.",
            interviewee=name,
            interviewee_role=role + (f" — {subject.title}" if subject else ""),
            interviewee_page=subject,
            portrait=_image(
                demo, f"Portrait {name}", f"Portrait de {name}", f"© {authors[(i + 1) % 6].name}"
            ),
            main_image=_image(demo, f"Interview {name}", f"{name} en répétition"),
            body=interview_body(),
        )
        _, new = _add_piece(
            magazine,
            piece,
            authors=by(i),
            published_at=now - timedelta(days=2 + 6 * i),
            content=content,
            index=i,
        )
        created += new

    for i, (kind, title, headline, fallback) in enumerate(CHRONICLES):
        event = content.pick(content.events, 3 + i) if not title else None
        title = title or ("" if event else fallback)
        piece = ChroniclePage(
            title=headline if not event else f"{headline} : {event.title}",
            slug=slugify(f"chronique-{i + 1}-{headline}")[:80],
            teaser=f"Notre chronique : {headline.lower()}.",
            subject_kind=kind,
            subject_title=title,
            subject_page=event,
            main_image=_image(
                demo, f"Chronique {i + 1}", f"Illustration de la chronique : {headline}"
            ),
            body=[
                *_paragraphs(2),
                ("pull_quote", {"text": "On sort de là avec l'envie d'en parler autour de soi."}),
                ("heading", {"text": "Pour qui ?", "level": "h2"}),
                *_paragraphs(1),
            ],
        )
        _, new = _add_piece(
            magazine,
            piece,
            authors=by(i + 1),
            published_at=now - timedelta(days=4 + 5 * i),
            content=content,
            index=i + 1,
        )
        created += new

    for i, (kind, headline) in enumerate(REPORTS):
        event = content.pick(content.events, 7 + i)
        body = _paragraphs(1)
        if kind == ReportPage.Kind.VIDEO:
            url = VIDEOS[(demo.spec.order + i) % len(VIDEOS)]
            body.append(
                ("video", {"video": url, "caption": headline, "credit": authors[(i + 2) % 6].name})
            )
        elif kind == ReportPage.Kind.PHOTO:
            photos = [
                {
                    "image": _image(
                        demo,
                        f"Photo {n}",
                        f"Photo {n} de la soirée : le public et la scène",
                        f"© {authors[(i + 2) % 6].name}",
                    ),
                    "caption": caption,
                }
                for n, caption in enumerate(
                    ["L'arrivée du public", "Sur scène", "L'entracte au bar", "Le salut final"], 1
                )
            ]
            body.append(("gallery", {"title": "La soirée en images", "photos": photos}))
        else:
            body += _paragraphs(3)
        piece = ReportPage(
            title=headline,
            slug=slugify(f"reportage-{headline}")[:80],
            kind=kind,
            teaser=f"{headline}" + (f" — {event.title}" if event else "") + ".",
            main_image=_image(demo, f"Reportage {i + 1}", f"Image du reportage : {headline}"),
            body=body,
        )
        if kind != ReportPage.Kind.WRITTEN:
            role = (
                PieceCredit.Role.VIDEO if kind == ReportPage.Kind.VIDEO else PieceCredit.Role.PHOTO
            )
            piece.credits.add(PieceCredit(role=role, author=authors[(i + 2) % 6]))
        _, new = _add_piece(
            magazine,
            piece,
            authors=by(i + 2),
            published_at=now - timedelta(days=1 + 7 * i),
            content=content,
            index=i + 2,
            about=[event, event.venue if event else None],
        )
        created += new

    this_monday = monday_of(timezone.localdate())
    cancelled = [e for e in content.events if e.status == EventPage.Status.CANCELLED]
    for week in range(4):
        monday = this_monday - timedelta(days=7 * week)
        candidates = content.events_in_week(monday) if week == 0 else []
        candidates += [e for e in content.events if e not in candidates]
        chosen = candidates[week * 3 :][:3] if week else candidates[:3]
        if week == 0 and cancelled and cancelled[0] not in chosen:
            chosen = [*chosen[:2], cancelled[0]]
        piece = WeeklyFavouritesPage(
            title=f"Nos coups de cœur de la semaine du {monday.day} {_MONTHS[monday.month - 1]}",
            slug=f"coups-de-coeur-{monday.isoformat()}",
            teaser="Trois rendez-vous choisis par la rédaction, pour ne rien manquer.",
            week_start=monday,
            intro="<p>Chaque lundi, la rédaction choisit ce qu'elle ne veut pas manquer.</p>",
            main_image=_image(
                demo, f"Coups de cœur {monday.isoformat()}", "Coups de cœur de la semaine"
            ),
        )
        for n, event in enumerate(chosen):
            piece.picks.add(
                FavouritePick(
                    event=event,
                    sort_order=n,
                    blurb=pick_blurb(event),
                )
            )
        _, new = _add_piece(
            magazine,
            piece,
            authors=[authors[0]],
            published_at=timezone.make_aware(datetime.combine(monday, time(8, 0))),
            content=content,
            index=week,
            about=(),
        )
        created += new
    return created


_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def build(network: DemoNetwork) -> None:
    ensure_embeds()
    created = sum(build_site(demo) for demo in network.sites)
    network.say(f"Magazine: {created} new pieces, {Author.objects.count()} authors.")
