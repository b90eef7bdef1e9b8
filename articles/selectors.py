"""Public reads about articles, from their approved Editions only: the article pages,
their listings, and the articles about a compound that its page links."""

from django.db.models import OuterRef, Q, Subquery

from reviews import selectors
from reviews.models import Edition


def article_page(*, slug: str) -> Edition | None:
    """The current edition of the article page at `slug`, without the content it was rendered from."""
    return selectors.public_edition(kind="article", slug=slug)


def latest():
    """Live articles, newest first, with what a listing shows (their facets)."""
    return (
        selectors.current_editions("article").defer("content", "rendered_html", "head").order_by("-published_at", "-pk")
    )


def feed():
    """`latest()`, each with when its page was first public here (`first_published_at`):
    the feed dates an entry "updated" only when a later edition changed it."""
    first = Edition.objects.filter(
        content_type_id=OuterRef("content_type_id"), object_id=OuterRef("object_id"), published_at__isnull=False
    ).order_by("published_at", "pk")
    return latest().annotate(first_published_at=Subquery(first.values("published_at")[:1]))


def in_category(slug: str):
    return latest().filter(facets__category=slug)


def tagged(slug: str):
    # Tags are stored as "|a|b|", so that every database finds one with a substring match.
    return latest().filter(facets__tag_list__icontains=f"|{slug}|")


def about_compound(compound: Edition) -> Q:
    """Articles about the compound of `compound` (a use-case page) or naming it as related,
    by the compound's id: a renamed compound keeps its articles."""
    return Q(facets__compound_id=compound.object_id) | Q(
        facets__related_compound_list__icontains=f"|{compound.object_id}|"
    )


def by_author(person: Edition) -> Q:
    """Articles naming the person of `person` among their authors, by the person's id."""
    return Q(facets__author_list__icontains=f"|{person.object_id}|")
