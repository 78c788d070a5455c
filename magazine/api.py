"""The API's magazine endpoint (/api/v1/pieces/; shared machinery in `xmille.api`): the
public pieces of the site's magazines, newest first, each as a schema.org Article (the
vocabulary of the event items) with its type, authors' names and categories. No author
accounts, no drafts or revisions."""

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model

from events.api import IMAGE_SPEC, image_url
from xmille.api import (
    ApiListForm,
    PublicApiView,
    list_operation,
    page_bounds,
    paginated,
    removed_since,
    site_home,
    validated,
)
from xmille.visibility import visible

from .models import PIECE_TYPES, MagazinePiece

TYPES = {model.type_slug: model for model in PIECE_TYPES}


class PieceApiForm(ApiListForm):
    type = forms.ChoiceField(
        label=_("Type"), choices=[(slug, slug) for slug in TYPES], required=False
    )


def piece_item(piece: MagazinePiece, request) -> dict:
    published = piece.first_published_at
    image = image_url(request, piece.main_image)
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": piece.title,
        "description": piece.teaser,
        "url": piece.get_full_url(request),
        "identifier": piece.pk,
        "datePublished": published.isoformat() if published else None,
        "dateModified": piece.last_published_at.isoformat() if piece.last_published_at else None,
        "inLanguage": piece.locale.language_code,
        "author": [{"@type": "Person", "name": author.name} for author in piece.authors.all()],
        **({"image": [image]} if image else {}),
        "articleSection": str(piece._meta.verbose_name),
        "keywords": [category.name for category in piece.categories.all()],
        "xmille": {
            "type": piece.type_slug,
            "translation_key": str(piece.translation_key),
            "categories": [category.slug for category in piece.categories.all()],
        },
    }


class PieceList(PublicApiView):
    etag_prefix = "api-pieces"

    def build(self, request):
        http = request._request
        data = validated(PieceApiForm(request.GET))
        home = site_home(http, data.get("lang"))
        model = TYPES.get(data.get("type")) or MagazinePiece
        pieces = visible(model.objects.descendant_of(home))
        if data.get("updated_since"):
            pieces = pieces.filter(last_published_at__gte=data["updated_since"])
        _number, size, offset = page_bounds(data)
        renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=IMAGE_SPEC)
        rows = list(
            pieces.specific()
            .select_related("locale", "main_image")
            .prefetch_related(
                "authors",
                "categories",
                Prefetch("main_image__renditions", queryset=renditions),
            )
            .order_by("-first_published_at", "-pk")[offset : offset + size]
        )
        results = [piece_item(row, http) for row in rows]
        answer = paginated(request, data, pieces.count(), results)
        if data.get("updated_since"):
            kinds = [f"magazine.{m._meta.model_name}" for m in PIECE_TYPES]
            answer["removed"] = removed_since(home, kinds, data["updated_since"])
        return answer


OPENAPI_SCHEMAS = {
    "Piece": {
        "type": "object",
        "additionalProperties": True,
        "description": "A schema.org Article.",
        "required": ["@type", "headline", "url", "identifier"],
        "properties": {
            "headline": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
            "identifier": {"type": "integer"},
            "author": {"type": "array", "items": {"type": "object"}},
        },
    }
}
OPENAPI_PATHS = {
    "/pieces/": list_operation(
        "Magazine pieces, newest first",
        "#/components/schemas/Piece",
        [{"name": "type", "in": "query", "schema": {"type": "string", "enum": list(TYPES)}}],
    )
}
