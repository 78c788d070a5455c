"""A URLconf with Wagtail's image serve view switched on, for the rendition guard's tests."""

from django.urls import re_path

from wagtail.images.views.serve import ServeView

from xmille.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(
        r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$",
        ServeView.as_view(),
        name="wagtailimages_serve",
    ),
    *site_urlpatterns,
]
