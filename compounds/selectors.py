"""Reads about compounds from their approved Editions, for public pages and for the
pages that link to them."""

from django.db.models import Q

from reviews import selectors

from .models import Compound


def live_compounds(ids) -> dict[int, dict]:
    """{"name", "slug"} of each compound as its current Edition shows it, by compound id.

    Pages that link to a compound embed this, so that a draft rename never reaches
    another page; compounds with no live page are absent.
    """
    editions = selectors.current_editions("compound").filter(
        content_type=selectors.content_type(Compound), object_id__in=[pk for pk in ids if pk is not None]
    )
    return {
        e["object_id"]: {"name": e["title"], "slug": e["slug"]} for e in editions.values("object_id", "title", "slug")
    }


def articles_about(slug: str) -> list[tuple[str, str]]:
    """(title, slug) of live articles about the compound `slug` or naming it as related, newest first."""
    # The quotes delimit one slug inside the JSON array, on every database.
    about = Q(facets__compound=slug) | Q(facets__related_compounds__icontains=f'"{slug}"')
    articles = selectors.current_editions("article").filter(about).order_by("-published_at", "-pk")
    return list(articles.values_list("title", "slug"))
