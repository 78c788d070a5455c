from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from events import api as events_api
from events.doors import views as event_doors
from magazine import api as magazine_api
from search import views as search_views
from xmille import api, throttling
from xmille.doors import views as doors
from xmille.doors.accounts import SetPasswordView
from xmille.editorial import editorial_line_view
from xmille.media import public_media_urlpatterns
from xmille.sitemaps import robots_txt, sitemap

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's password views, throttled (same paths and names, matched first).
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        throttling.authenticate_with_password_for_documents,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("i18n/setlang/", set_language, name="set_language"),
    # The public read-only API (xmille.api): not language-prefixed, `?lang=` picks the tree.
    path(
        "api/v1/openapi.json",
        api.openapi_view(
            paths={**events_api.OPENAPI_PATHS, **magazine_api.OPENAPI_PATHS},
            schemas={**events_api.OPENAPI_SCHEMAS, **magazine_api.OPENAPI_SCHEMAS},
        ),
        name="api_openapi",
    ),
    path("api/v1/events/", events_api.EventList.as_view(), name="api_events"),
    path("api/v1/venues/", events_api.VenueList.as_view(), name="api_venues"),
    path("api/v1/organizers/", events_api.OrganizerList.as_view(), name="api_organizers"),
    path("api/v1/pieces/", magazine_api.PieceList.as_view(), name="api_pieces"),
    # The link of the approval e-mail (xmille.doors.accounts): choose a password, enter.
    path(
        "bienvenue/<uidb64>/<token>/",
        SetPasswordView.as_view(),
        name="doors_set_password",
    ),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Images only: documents go through Wagtail's view, which checks their collection's privacy.
    urlpatterns += public_media_urlpatterns()

# French, the source language, lives at the root; translations under /nl/, /de/, /en/.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/suggestions/", search_views.suggest, name="search_suggestions"),
    path("ligne-editoriale/", editorial_line_view, name="editorial_line"),
    # Open doors: join the network, propose an event, the directory (xmille.doors, events.doors).
    path("rejoindre/", doors.join, name="join"),
    path("rejoindre/organisation/", event_doors.join_organization, name="join_organization"),
    path(
        "rejoindre/organisation/merci/",
        doors.thanks,
        {"kind": "organization"},
        name="join_organization_thanks",
    ),
    path("rejoindre/contribuer/", doors.join_contributor, name="join_contributor"),
    path(
        "rejoindre/contribuer/merci/",
        doors.thanks,
        {"kind": "contributor"},
        name="join_contributor_thanks",
    ),
    path("proposer-un-evenement/", event_doors.propose_event, name="propose_event"),
    path(
        "proposer-un-evenement/merci/",
        doors.thanks,
        {"kind": "proposal"},
        name="propose_event_thanks",
    ),
    path("reseau/annuaire/", event_doors.directory, name="directory"),
    # Wagtail's page URLs allow no dot: let <page url>feed.ics reach the pages' iCal routes.
    re_path(r"^((?:[\w\-]+/)*[\w\-]+\.ics)/?$", wagtail_views.serve, name="page_ics"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttling.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
