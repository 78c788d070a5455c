"""Demo builder for the agenda: categories, and per site an agenda page, regions, venues,
organizers and 40 events over the coming eight weeks.

Idempotent: every page is looked up by its slug under its parent before being created, and an
existing event is left as it is (its dates are never added twice). Dates are computed from
today's date when the demo is first loaded, in Europe/Brussels local time.
"""

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify

from wagtail.images import get_image_model
from wagtail.models import Locale, Page, ReferenceIndex
from wagtail.rich_text import RichText
from wagtail.signal_handlers import disable_reference_index_auto_update

from modelsearch import index as search_index
from modelsearch import signal_handlers as search_signals
from modelsearch.backends import get_search_backends

from xmille.demo.images import colour_for, demo_image
from xmille.demo.sites import DemoNetwork, DemoSite
from xmille.network_data import Town

from .models import (
    AgendaPage,
    EventCategory,
    EventOccurrence,
    EventPage,
    OrganizerPage,
    RegionPage,
    VenuePage,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
EVENTS_PER_SITE = 40
EVENT_IMAGE_SIZE = (800, 533)

CATEGORIES = [
    ("concert", "Concert"),
    ("theatre", "Théâtre"),
    ("exposition", "Exposition"),
    ("cinema", "Cinéma"),
    ("danse", "Danse"),
    ("festival", "Festival"),
    ("conference", "Conférence"),
    ("atelier", "Atelier"),
    ("jeune-public", "Jeune public"),
    ("marche-de-createurs", "Marché de créateurs"),
    ("vernissage", "Vernissage"),
    ("litterature", "Littérature"),
    ("patrimoine", "Patrimoine"),
    ("rencontre-professionnelle", "Rencontre professionnelle"),
]

# name, street, capacity, wheelchair access, adapted toilets, hearing loop, accessibility notes
VENUES = [
    ("L'Entrepôt des Arts", "Rue des Tanneurs 12", 320, True, True, True, ""),
    (
        "Théâtre du Pont-Levis",
        "Quai de la Batte 41",
        180,
        True,
        False,
        True,
        "Ascenseur côté cour.",
    ),
    ("Galerie La Verrière", "Rue Haute 7", 60, False, False, False, "Trois marches à l'entrée."),
    ("Ciné-club Le Fanal", "Place du Marché 3", 120, True, True, False, ""),
    ("La Grange aux Sons", "Chemin du Vieux Moulin 18", 250, True, True, False, ""),
    ("Espace Mosaïque", "Rue de la Station 55", 90, True, True, True, ""),
    ("Bibliothèque des Trois Fontaines", "Rue des Écoles 2", 70, True, True, True, ""),
    ("Le Hangar 14", "Rue du Port 14", 400, True, False, False, "Sol en pavés dans la cour."),
    ("Salle des Fêtes du Grand Pré", "Avenue des Tilleuls 9", 300, True, True, False, ""),
    (
        "Maison des Associations Saint-Roch",
        "Rue Saint-Roch 21",
        80,
        False,
        True,
        False,
        "Salle à l'étage, sans ascenseur ; activités possibles au rez-de-chaussée sur demande.",
    ),
    ("Atelier Terre et Feu", "Ruelle des Potiers 4", 25, False, False, False, ""),
    ("Le Kiosque", "Parc communal, allée centrale", 150, True, False, False, "Plein air."),
    ("Chapelle Sainte-Brigitte", "Place Sainte-Brigitte 1", 110, True, False, True, ""),
    ("Ferme de la Houlette", "Route de la Houlette 33", 200, True, True, False, ""),
    ("La Fabrique à Rêves", "Rue des Fabriques 60", 140, True, True, True, ""),
    ("Caserne Dumoulin", "Boulevard Dumoulin 2", 500, True, True, True, ""),
    ("Le Petit Moulin", "Rue du Bief 8", 45, False, False, False, "Accès par un escalier."),
    ("Centre culturel Les Cordiers", "Rue des Cordiers 27", 260, True, True, True, ""),
    ("Salle Polyvalente du Marais", "Rue du Marais 5", 350, True, True, False, ""),
    ("Le Tiroir à Musique", "Rue Neuve 102", 90, True, False, False, ""),
]

# name, sector, presentation, services [(title, description, audience)]
ORGANIZERS = [
    (
        "ASBL Les Voix du Quartier",
        "asbl",
        "Une association d'éducation permanente qui fait chanter, lire et débattre les habitants.",
        [
            (
                "Prêt de matériel de sonorisation",
                "Deux enceintes, une table de mixage, quatre micros.",
                "associations du quartier",
            ),
            (
                "Animation d'ateliers d'écriture",
                "Un animateur se déplace dans votre local.",
                "écoles, maisons de repos",
            ),
        ],
    ),
    (
        "Collectif Pas de Côté",
        "collective",
        "Des comédiennes, des danseurs et une scénographe qui créent en dehors des salles.",
        [
            (
                "Accompagnement de projets scéniques",
                "Regard extérieur et aide à la mise en scène.",
                "jeunes compagnies",
            )
        ],
    ),
    (
        "Bibliothèque communale",
        "library",
        "Lecture publique, clubs de lecture, heures du conte et rencontres d'auteurs.",
        [
            (
                "Malles de livres thématiques",
                "Prêt de malles de 30 livres pour les classes.",
                "enseignants",
            ),
            (
                "Heure du conte à domicile",
                "Une conteuse vient lire dans votre structure.",
                "crèches, écoles maternelles",
            ),
        ],
    ),
    (
        "Cercle de danse La Farandole",
        "club",
        "Danses traditionnelles et contemporaines, bals folk et stages toute l'année.",
        [
            (
                "Initiation au bal folk",
                "Deux heures pour apprendre les danses de base.",
                "tout public, dès 8 ans",
            )
        ],
    ),
    (
        "Les Ateliers du Regard",
        "asbl",
        "Photographie, cinéma documentaire et éducation à l'image.",
        [
            (
                "Prêt d'appareils photo",
                "Dix appareils reflex pour vos projets éducatifs.",
                "écoles, maisons de jeunes",
            ),
            ("Ciné-débat clé en main", "Un film, un animateur, un débat.", "associations"),
        ],
    ),
    (
        "Académie des Arts de la Rue",
        "school",
        "Cours du soir de cirque, de théâtre de rue et d'arts plastiques.",
        [("Location de chapiteau", "Un chapiteau de 12 m pour vos fêtes.", "communes, comités")],
    ),
    (
        "Compagnie du Fil Rouge",
        "collective",
        "Théâtre d'objets et marionnettes pour petits et grands.",
        [
            (
                "Spectacles en classe",
                "Un spectacle de 40 minutes adapté aux classes.",
                "écoles primaires",
            )
        ],
    ),
    (
        "Maison des Jeunes L'Étincelle",
        "asbl",
        "Un lieu pour les 12-26 ans : studio de musique, graff, projets citoyens.",
        [
            (
                "Studio de répétition",
                "Répétitions à prix libre pour les jeunes groupes.",
                "groupes de 12 à 26 ans",
            )
        ],
    ),
    (
        "Office du Tourisme et du Patrimoine",
        "public",
        "Balades guidées, journées du patrimoine et valorisation du bâti ancien.",
        [
            (
                "Visites guidées sur mesure",
                "Des guides bénévoles pour vos groupes.",
                "associations, entreprises",
            )
        ],
    ),
    (
        "Réseau des Créateurs Indépendants",
        "company",
        "Une coopérative d'artisans et de designers qui organise des marchés de créateurs.",
        [("Formation à la vente en ligne", "Trois soirées pour ouvrir sa boutique.", "artisans")],
    ),
]

ARTISTS = [
    "Lou Delvaux Trio",
    "Les Sœurs Mertens",
    "Ensemble Basalte",
    "Nora Lambotte",
    "Quatuor des Fagnes",
    "Jules & les Marcheurs",
    "Brass Band de la Meuse",
    "Clara Wéry",
    "Les Frites Électriques",
    "Orchestre de chambre Sambre",
    "Amandine Collard",
    "Trio Houblon",
]
COMPANIES = [
    "la compagnie Les Tréteaux Bleus",
    "le Théâtre de la Bascule",
    "la compagnie Zéphyr",
    "le collectif Mauvaise Herbe",
    "la troupe des Baladins d'Ourthe",
    "la compagnie Sous-Sol",
]
AUTHORS = ["Élise Marchal", "Thomas Renard", "Myriam Gillet", "Karim Benali", "Anne Fontaine"]


@dataclass(frozen=True)
class Recipe:
    """One demo event; `kind` says which special case of the agenda it demonstrates."""

    title: str
    categories: tuple[str, ...]
    teaser: str
    kind: str = "single"
    hour: tuple[int, int] = (20, 0)
    duration: int = 120  # minutes
    free: bool = False
    price: str = ""
    ticket: bool = False
    min_age: int | None = None
    status: str = EventPage.Status.SCHEDULED
    mode: str = EventPage.AttendanceMode.OFFLINE


R = Recipe
RECIPES = [
    R(
        "Soirée d'ouverture : {artist}",
        ("concert",),
        "Le concert qui lance la saison, ce soir.",
        kind="today",
        price="15 € / 10 € réduit",
        ticket=True,
    ),
    R(
        "Journée portes ouvertes des ateliers d'artistes",
        ("patrimoine", "exposition"),
        "Poussez les portes des ateliers de la ville, toute la journée, en accès libre.",
        kind="today-all-day",
        free=True,
    ),
    R(
        "Bal folk du samedi",
        ("danse",),
        "Un bal pour toutes et tous, initiation à 19 h.",
        kind="saturday",
        price="8 €",
        hour=(19, 0),
        duration=240,
    ),
    R(
        "Marché de créateurs d'automne",
        ("marche-de-createurs",),
        "Quarante artisans et designers de la région, des bijoux à la céramique.",
        kind="saturday",
        hour=(10, 0),
        duration=420,
        free=True,
    ),
    R(
        "Les petites bêtes, spectacle de marionnettes",
        ("jeune-public", "theatre"),
        "Un spectacle d'objets tout doux pour les plus petits.",
        kind="sunday",
        hour=(15, 0),
        duration=45,
        price="6 €",
        min_age=3,
    ),
    R(
        "Balade contée au fil de l'eau",
        ("patrimoine", "litterature"),
        "Une conteuse et un guide racontent les légendes du quartier.",
        kind="sunday",
        hour=(14, 30),
        duration=120,
        free=True,
    ),
    R(
        "{artist} — nouvel album",
        ("concert",),
        "La release party, avec une première partie surprise.",
        price="18 € en prévente, 22 € sur place",
        ticket=True,
    ),
    R(
        "Regards croisés : photographies de {town}",
        ("exposition",),
        "Trois mois pour découvrir la ville à travers l'objectif de douze photographes.",
        kind="exhibition",
        free=True,
    ),
    R(
        "Visite commentée : Regards croisés",
        ("exposition",),
        "Une photographe de l'exposition vous guide parmi les images.",
        hour=(18, 30),
        free=True,
    ),
    R(
        "Atelier céramique du mercredi",
        ("atelier",),
        "Chaque semaine, modelage et tournage pour débutants.",
        kind="weekly",
        hour=(19, 0),
        duration=150,
        price="12 € la séance",
    ),
    R(
        "Conférence en ligne : financer un projet culturel",
        ("conference", "rencontre-professionnelle"),
        "Subsides, mécénat, financement participatif : une heure pour s'y retrouver.",
        kind="online",
        hour=(12, 30),
        duration=60,
        free=True,
        mode=EventPage.AttendanceMode.ONLINE,
    ),
    R(
        "Rencontre des acteurs culturels de la région",
        ("rencontre-professionnelle",),
        "Une matinée d'échanges entre associations, lieux et artistes, aussi en ligne.",
        kind="mixed",
        hour=(9, 30),
        duration=180,
        free=True,
        mode=EventPage.AttendanceMode.MIXED,
    ),
    R(
        "Le Misanthrope par {company}",
        ("theatre",),
        "Molière revisité dans un décor de bureau open space.",
        kind="run",
        price="16 € / 12 € réduit",
        ticket=True,
    ),
    R(
        "Festival des Musiques du Monde",
        ("festival", "concert"),
        "Trois jours de concerts, d'ateliers et de cuisine du monde.",
        kind="festival",
        hour=(18, 0),
        duration=300,
        price="Pass 3 jours : 35 €",
        ticket=True,
    ),
    R(
        "Ciné-débat : « Terres nourricières »",
        ("cinema", "conference"),
        "Un documentaire sur les maraîchers de chez nous, suivi d'un débat.",
        price="5 €",
    ),
    R(
        "Nuit du court métrage",
        ("cinema", "festival"),
        "Vingt courts métrages belges, de 20 h à l'aube.",
        price="10 €",
        duration=480,
        ticket=True,
    ),
    R(
        "{artist} en concert acoustique",
        ("concert",),
        "Le concert est annulé pour raison de santé ; les billets sont remboursés.",
        status=EventPage.Status.CANCELLED,
        price="20 €",
    ),
    R(
        "Soirée slam et poésie",
        ("litterature",),
        "Scène ouverte : inscrivez-vous sur place.",
        status=EventPage.Status.POSTPONED,
        free=True,
    ),
    R(
        "Heure du conte",
        ("jeune-public", "litterature"),
        "Des histoires pour les 4-7 ans, un mercredi sur deux.",
        hour=(14, 30),
        duration=60,
        free=True,
        min_age=4,
    ),
    R(
        "Danse contemporaine : « Sillages »",
        ("danse",),
        "Cinq danseuses et un violoncelle pour une pièce sur la mémoire.",
        price="14 €",
        ticket=True,
    ),
    R(
        "Rencontre avec {author}",
        ("litterature", "conference"),
        "L'autrice présente son dernier roman et dédicace à la fin de la rencontre.",
        hour=(19, 0),
        free=True,
    ),
    R(
        "Stage de cirque pour enfants",
        ("jeune-public", "atelier"),
        "Jonglerie, équilibre et acrobatie, trois matinées d'affilée.",
        kind="three-days",
        hour=(9, 30),
        duration=180,
        price="45 € les trois matinées",
        min_age=7,
    ),
    R(
        "Visite guidée : l'architecture Art nouveau",
        ("patrimoine",),
        "Deux heures de balade le nez en l'air.",
        hour=(10, 30),
        price="6 €",
    ),
    R(
        "Jam session jazz",
        ("concert",),
        "Amenez votre instrument, la section rythmique est là.",
        hour=(21, 0),
        free=True,
    ),
    R(
        "Exposition : « Fibres » — textile contemporain",
        ("exposition",),
        "Tissages, broderies et installations de huit artistes.",
        kind="exhibition-short",
        free=True,
    ),
    R(
        "Vernissage : « Fibres »",
        ("vernissage",),
        "En présence des artistes.",
        kind="vernissage",
        hour=(18, 0),
        free=True,
    ),
    R(
        "Théâtre jeune public : « Le Grand Voyage de Plume »",
        ("jeune-public", "theatre"),
        "Un oiseau qui a peur de voler. Dès 5 ans.",
        hour=(15, 0),
        duration=50,
        price="7 €",
        ticket=True,
        min_age=5,
    ),
    R(
        "Conférence : l'histoire des charbonnages",
        ("conference", "patrimoine"),
        "Un historien raconte deux siècles de houille et de luttes ouvrières.",
        hour=(19, 30),
        price="4 €",
    ),
    R(
        "Atelier d'écriture",
        ("atelier", "litterature"),
        "Écrire à partir d'objets trouvés, en petit groupe.",
        hour=(18, 0),
        price="Prix libre",
    ),
    R(
        "{artist} : la tournée d'adieu",
        ("concert",),
        "Il ne reste plus de places, liste d'attente à l'accueil.",
        status=EventPage.Status.SOLD_OUT,
        price="25 €",
        ticket=True,
    ),
    R(
        "Cinéma en plein air",
        ("cinema",),
        "Une comédie culte sur grand écran, transats bienvenus.",
        hour=(21, 30),
        free=True,
    ),
    R(
        "Festival Jeunes Talents",
        ("festival", "concert", "jeune-public"),
        "Les groupes des académies et maisons de jeunes sur une vraie scène.",
        hour=(16, 0),
        duration=360,
        free=True,
        min_age=10,
    ),
    R(
        "Rencontre professionnelle : diffuser son spectacle",
        ("rencontre-professionnelle",),
        "Programmateurs et compagnies se rencontrent en speed-meeting.",
        hour=(14, 0),
        duration=180,
        free=True,
    ),
    R(
        "Chorale ouverte",
        ("concert", "atelier"),
        "Venez chanter, aucune expérience requise.",
        hour=(19, 30),
        free=True,
    ),
    R(
        "Spectacle de danse hip-hop",
        ("danse", "jeune-public"),
        "Les battles des jeunes du quartier, jury et DJ.",
        hour=(17, 0),
        price="5 €",
        min_age=8,
    ),
    R(
        "Marché de Noël des créateurs",
        ("marche-de-createurs", "festival"),
        "Cadeaux faits main, vin chaud et chorale.",
        kind="weekend-late",
        hour=(11, 0),
        duration=480,
        free=True,
    ),
    R(
        "Lecture musicale : {author}",
        ("litterature", "concert"),
        "Des textes lus sur une musique improvisée.",
        hour=(20, 30),
        price="8 €",
    ),
    R(
        "Journée du patrimoine industriel",
        ("patrimoine",),
        "Les anciennes usines ouvrent leurs portes, navettes gratuites.",
        kind="all-day",
        free=True,
    ),
    R(
        "Improvisation théâtrale : le match",
        ("theatre",),
        "Deux équipes, un arbitre, le public vote.",
        price="10 €",
        ticket=True,
    ),
    R(
        "Soirée quiz culturel",
        ("rencontre-professionnelle", "festival"),
        "Par équipes de quatre, au profit de l'association.",
        hour=(20, 0),
        price="5 €",
    ),
]
assert len(RECIPES) == EVENTS_PER_SITE

BODY = (
    "<p>{teaser}</p>"
    "<p>Organisé par {organizer}. Réservation conseillée : les places sont limitées "
    "et l'accueil commence trente minutes avant le début.</p>"
)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """An aware datetime at this local (Brussels) wall-clock time, whatever the DST."""
    return datetime.combine(day, time(hour, minute), tzinfo=BRUSSELS)


def coming_weekend(today: date) -> tuple[date, date]:
    """Saturday and Sunday of this weekend (the current one on a Saturday or Sunday)."""
    saturday = today + timedelta(days=(5 - today.weekday()) % 7)
    if today.weekday() == 6:
        saturday = today - timedelta(days=1)
    return saturday, saturday + timedelta(days=1)


def ensure_categories(locale: Locale) -> dict[str, EventCategory]:
    categories = {}
    for slug, name in CATEGORIES:
        category, _ = EventCategory.objects.get_or_create(
            slug=slug, locale=locale, defaults={"name": name}
        )
        categories[slug] = category
    return categories


def _child(parent: Page, slug: str):
    return parent.get_children().filter(slug=slug).specific().first()


def _publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_agenda(demo: DemoSite) -> AgendaPage:
    agenda = AgendaPage.objects.child_of(demo.home).first()
    if agenda is None:
        agenda = _publish_child(
            demo.home,
            AgendaPage(
                title="Agenda",
                slug="agenda",
                show_in_menus=True,
                intro=f"<p>Tout ce qui se passe dans la région de {demo.spec.short_name}.</p>",
            ),
        )
    return agenda


def ensure_regions(demo: DemoSite) -> list[tuple[RegionPage, list[Town]]]:
    regions = []
    for region in demo.spec.regions.values():
        slug = slugify(region.name)
        page = _child(demo.home, slug)
        if page is None:
            centre = region.towns[0]
            towns = ", ".join(t.name for t in region.towns)
            page = _publish_child(
                demo.home,
                RegionPage(
                    title=region.name,
                    slug=slug,
                    show_in_menus=True,
                    intro=f"<p>Les sorties culturelles de {towns} et des environs.</p>",
                    latitude=centre.latitude,
                    longitude=centre.longitude,
                ),
            )
        regions.append((page, region.towns))
    return regions


def _near(town: Town, index: int) -> tuple[float, float]:
    """A point a few hundred metres from the town centre, stable for a given index."""
    offsets = [(0.003, -0.004), (-0.004, 0.002), (0.005, 0.005), (-0.002, -0.006)]
    dlat, dlng = offsets[index % len(offsets)]
    return round(town.latitude + dlat, 6), round(town.longitude + dlng, 6)


def ensure_venues(demo: DemoSite, regions, counter: list[int]) -> dict[int, list[VenuePage]]:
    """Two venues per region (at least three per site), in the region's real towns."""
    venues: dict[int, list[VenuePage]] = {}
    for region_page, towns in regions:
        venues[region_page.pk] = []
        for i in range(2):
            name, street, capacity, wheelchair, toilets, loop, notes = VENUES[
                counter[0] % len(VENUES)
            ]
            counter[0] += 1
            town = towns[i % len(towns)]
            slug = slugify(name)
            page = _child(region_page, slug)
            if page is None:
                latitude, longitude = _near(town, counter[0])
                image = demo_image(
                    f"Lieu — {name} ({town.name})",
                    name,
                    alt=f"Façade stylisée de {name}, à {town.name}",
                    credit="Illustration générée — démo Xmille",
                    size=EVENT_IMAGE_SIZE,
                    collection=demo.collection,
                )
                domain = slug.replace("-", "")[:20]
                page = _publish_child(
                    region_page,
                    VenuePage(
                        title=name,
                        slug=slug,
                        street=street,
                        postal_code=town.postal_code,
                        city=town.name,
                        latitude=latitude,
                        longitude=longitude,
                        wheelchair_access=wheelchair,
                        adapted_toilets=toilets,
                        hearing_loop=loop,
                        accessibility_notes=notes,
                        capacity=capacity,
                        website=f"https://{domain}.example.be/",
                        phone="+32 4 000 00 00",
                        email=f"accueil@{domain}.example.be",
                        image=image,
                        description=(
                            f"<p>{name} accueille concerts, spectacles et expositions "
                            f"au cœur de {town.name}.</p>"
                        ),
                    ),
                )
            venues[region_page.pk].append(page)
    return venues


def ensure_organizers(demo: DemoSite, regions) -> list[OrganizerPage]:
    """Five organizers per site, spread over its regions."""
    organizers = []
    offset = demo.spec.order * 5
    for i in range(5):
        name, sector, presentation, services = ORGANIZERS[(offset + i) % len(ORGANIZERS)]
        region_page, towns = regions[i % len(regions)]
        if sector == "library":
            name = f"{name} de {towns[0].name}"
        slug = slugify(name)
        page = _child(region_page, slug)
        if page is None:
            logo = demo_image(
                f"Logo — {name} ({demo.spec.slug})",
                "".join(w[0] for w in name.replace("'", " ").split() if w[0].isupper())[:3],
                alt=f"Logo de {name}",
                credit=name,
                size=(256, 256),
                collection=demo.collection,
            )
            domain = slug.replace("-", "")[:20]
            page = _publish_child(
                region_page,
                OrganizerPage(
                    title=name,
                    slug=slug,
                    sector=sector,
                    presentation=f"<p>{presentation}</p>",
                    logo=logo,
                    website=f"https://{domain}.example.be/",
                    links=[
                        ("link", {"label": "Facebook", "url": f"https://facebook.com/{domain}"}),
                        ("link", {"label": "Instagram", "url": f"https://instagram.com/{domain}"}),
                    ],
                    contact_email=f"contact@{domain}.example.be",
                    contact_phone="+32 81 00 00 00",
                    services=[
                        ("service", {"title": t, "description": d, "audience": a})
                        for t, d, a in services
                    ],
                ),
            )
        organizers.append(page)
    return organizers


def occurrences_for(recipe: Recipe, index: int, today: date) -> list[EventOccurrence]:
    """The dates of a recipe, relative to today, at local Brussels times."""
    saturday, sunday = coming_weekend(today)
    saturday = max(saturday, today)  # on a Sunday, Saturday is over: use today
    hour, minute = recipe.hour
    length = timedelta(minutes=recipe.duration)

    def at(day: date) -> EventOccurrence:
        start = local(day, hour, minute)
        return EventOccurrence(start=start, end=start + length)

    # Ordinary events spread over the eight coming weeks (days 1 to 55), never all together.
    day = today + timedelta(days=1 + (index * 13) % 55)
    match recipe.kind:
        case "today":
            return [at(today)]
        case "today-all-day":
            return [EventOccurrence(start=local(today, 0), all_day=True)]
        case "all-day":
            return [EventOccurrence(start=local(day, 0), all_day=True)]
        case "saturday":
            return [at(saturday)]
        case "sunday":
            return [at(sunday)]
        case "exhibition":
            # About three months, started two weeks ago: an "ongoing" exhibition.
            start = local(today - timedelta(days=14), 10)
            return [EventOccurrence(start=start, end=local(today + timedelta(days=76), 18))]
        case "vernissage":
            return [at(today + timedelta(days=9))]
        case "exhibition-short":
            start = local(today + timedelta(days=10), 10)
            return [EventOccurrence(start=start, end=local(today + timedelta(days=40), 18))]
        case "weekly":
            first = today + timedelta(days=(2 - today.weekday()) % 7 or 7)  # next Wednesday
            return [at(first + timedelta(weeks=w)) for w in range(8)]
        case "run":
            # Six performances: Thursday to Saturday, two weeks in a row.
            thursday = today + timedelta(days=(3 - today.weekday()) % 7 + 7)
            days = [thursday + timedelta(days=d + 7 * w) for w in range(2) for d in range(3)]
            return [at(d) for d in days]
        case "festival" | "three-days":
            return [at(day + timedelta(days=d)) for d in range(3)]
        case "weekend-late":
            return [at(saturday + timedelta(weeks=5)), at(sunday + timedelta(weeks=5))]
        case _:
            return [at(day)]


def _fill(template: str, demo: DemoSite, index: int) -> str:
    first_town = next(iter(demo.spec.regions.values())).towns[0]
    seed = demo.spec.order * 7 + index
    return template.format(
        artist=ARTISTS[seed % len(ARTISTS)],
        company=COMPANIES[seed % len(COMPANIES)],
        author=AUTHORS[seed % len(AUTHORS)],
        town=first_town.name,
    )


def _neutral(template: str) -> str:
    """A recipe's title without its per-site placeholders: the image is shared by the sites."""
    return template.format(
        artist="artiste invité", company="compagnie invitée", author="autrice invitée", town="ici"
    )


def ensure_events(demo, organizers, venues, categories, today: date) -> int:
    created = 0
    for index, recipe in enumerate(RECIPES):
        organizer = organizers[index % len(organizers)]
        title = _fill(recipe.title, demo, index)
        slug = slugify(title)[:80]
        if _child(organizer, slug) is not None:
            continue
        region_venues = venues[organizer.get_parent().pk]
        venue = region_venues[index % len(region_venues)]
        online = recipe.mode != EventPage.AttendanceMode.OFFLINE
        # One picture per recipe, shared by the four sites: fewer images, a faster load.
        label = dict(CATEGORIES)[recipe.categories[0]]
        image_title = f"Visuel de démo — {_neutral(recipe.title)}"
        # Demo data loaded before titles were filled kept the raw "{artist}" placeholder.
        get_image_model().objects.filter(title=f"Visuel de démo — {recipe.title}").update(
            title=image_title
        )
        image = demo_image(
            image_title,
            label,
            alt=f"Visuel coloré portant le mot « {label} » en lettres blanches",
            credit="Image générée — démo Xmille",
            size=EVENT_IMAGE_SIZE,
            colour=colour_for(recipe.title),
        )
        event = EventPage(
            title=title,
            slug=slug,
            teaser=recipe.teaser,
            body=[
                (
                    "paragraph",
                    RichText(BODY.format(teaser=recipe.teaser, organizer=organizer.title)),
                )
            ],
            main_image=image,
            audience=EventPage.Audience.YOUNG if recipe.min_age else EventPage.Audience.ALL,
            min_age=recipe.min_age,
            is_free=recipe.free,
            price="" if recipe.free else recipe.price,
            ticket_url=f"https://billetterie.example.be/{demo.spec.slug}/{slug}"
            if recipe.ticket
            else "",
            status=recipe.status,
            attendance_mode=recipe.mode,
            online_url=f"https://visio.example.be/{slug}" if online else "",
            venue=None if recipe.mode == EventPage.AttendanceMode.ONLINE else venue,
            languages=["fr"],
            performers=_fill("{artist}", demo, index) if "concert" in recipe.categories else "",
            accessibility_notes=(
                "Interprétation en langue des signes sur demande." if index % 5 == 0 else ""
            ),
        )
        event.categories = [categories[c] for c in recipe.categories]
        event.occurrences = occurrences_for(recipe, index, today)
        _publish_child(organizer, event)
        created += 1
    return created


@contextmanager
def indexing_in_bulk():
    """Update the search index and Wagtail's reference index once per new object, at the end,
    rather than at each save (a published page is saved twice): the demo loads several times
    faster. Nothing is skipped: every object saved inside the block is indexed."""
    models = [
        m for m in search_index.get_indexed_models() if getattr(m, "search_auto_update", True)
    ]
    saved = defaultdict(set)

    def remember(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[sender].add(instance.pk)

    for model in models:
        post_save.disconnect(search_signals.post_save_signal_handler, sender=model)
    post_save.connect(remember, dispatch_uid="demo-indexing-in-bulk")
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid="demo-indexing-in-bulk")
        for model in models:
            post_save.connect(search_signals.post_save_signal_handler, sender=model)
    for model, pks in saved.items():
        if model in models:
            objects = list(model.get_indexed_objects().filter(pk__in=pks))
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, objects)
        if ReferenceIndex.is_indexed(model):
            for obj in model._default_manager.filter(pk__in=pks):
                ReferenceIndex.create_or_update_for_object(obj)


def build(network: DemoNetwork) -> None:
    locale = Locale.get_default()
    categories = ensure_categories(locale)
    today = timezone.localdate()
    venue_counter = [0]
    created = 0
    with indexing_in_bulk():
        for demo in network.sites:
            ensure_agenda(demo)
            regions = ensure_regions(demo)
            venues = ensure_venues(demo, regions, venue_counter)
            organizers = ensure_organizers(demo, regions)
            created += ensure_events(demo, organizers, venues, categories, today)
    network.say(f"Agenda: {len(categories)} categories, {created} new events.")
