"""Admin: authors are a snippet with their own menu entry, searchable by name."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Auteur·ices")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug", "user"]
    search_fields = ["name"]


register_snippet(AuthorViewSet)
