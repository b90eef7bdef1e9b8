"""Public reads about compounds, from their approved Editions only: for the compound
pages and directory, and for the pages that link to a compound."""

from django.db.models import Q, Subquery
from django.db.models.fields.json import KT
from django.db.models.lookups import Exact

from reviews import selectors
from reviews.models import Edition

from .models import Compound


def live_compounds(ids) -> dict[int, dict]:
    """{"id", "name", "slug"} of each compound as its current Edition shows it, by compound id.

    Pages that link to a compound embed this, so that a draft rename never reaches
    another page; compounds with no live page are absent.
    """
    editions = selectors.current_editions("compound").filter(
        content_type=selectors.content_type(Compound), object_id__in=[pk for pk in ids if pk is not None]
    )
    return {
        e["object_id"]: {"id": e["object_id"], "name": e["title"], "slug": e["slug"]}
        for e in editions.values("object_id", "title", "slug")
    }


def compound_page(*, slug: str) -> Edition | None:
    """The current edition of the compound page at `slug`, without the content it was rendered from."""
    return selectors.public_edition(kind="compound", slug=slug)


def directory():
    """Every live compound, by name, with what a directory entry shows (its facets)."""
    return selectors.current_editions("compound").defer("content", "rendered_html", "head").order_by("title", "pk")


def by_area() -> list[dict]:
    """{"title", "slug", "facets__area", "facets__area_name"} of every live compound, by area then name."""
    rows = selectors.current_editions("compound").values("title", "slug", "facets__area", "facets__area_name")
    return sorted(rows, key=lambda row: (row["facets__area_name"], row["title"]))


def in_same_area(compound: Edition) -> Q:
    """Other compounds in `compound`'s area, for "More in AREA" on its page.

    The area is read inside the same query (the page's edition is loaded without its
    facets), so the list costs the page no query of its own.
    """
    area = Edition.objects.filter(pk=compound.pk).values(area=KT("facets__area"))[:1]
    return Q(Exact(KT("facets__area"), Subquery(area))) & ~Q(object_id=compound.object_id)
