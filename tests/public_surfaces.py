"""Every public surface, read as a reader, a feed reader, a search engine and an API
client would, so that tests can ask what the public can see anywhere."""

from django.core.cache import cache

from reviews import registry
from reviews.models import Edition

LISTINGS = (
    "/",
    "/compounds/",
    "/articles/",
    "/articles/feed/",
    "/sitemap.xml",
    "/robots.txt",
    "/api/compounds/",
    "/api/studies/",
    "/api/articles/",
    "/api/people/",
    "/corrections/",
    "/corrections/feed/",
)


API = {"compound": "/api/compounds/", "study": "/api/studies/", "article": "/api/articles/", "person": "/api/people/"}


def addresses(*, searches=()) -> list[str]:
    """Every public address that shows content now: listings, each live page, its
    earlier versions, its API record, the category and tag pages, and the directory's
    search for each of `searches`."""
    urls = [*LISTINGS, *(f"/compounds/?q={words}" for words in searches)]
    for edition in Edition.objects.current().order_by("pk"):
        builder = registry.builder_for_kind(edition.kind)
        urls += [builder.url(edition.slug), builder.history_url(edition.slug), f"{API[edition.kind]}{edition.slug}/"]
        shown = Edition.objects.filter(
            content_type_id=edition.content_type_id,
            object_id=edition.object_id,
            published_at__isnull=False,
            unpublished_at__isnull=True,
        )
        urls += [f"{builder.history_url(edition.slug)}{past.pk}/" for past in shown.exclude(pk=edition.pk)]
        if edition.kind == "article":
            urls.append(f"/articles/category/{edition.facets['category']}/")
            urls += [f"/articles/tag/{tag}/" for tag in edition.facets["tags"]]
    return urls


def public_text(client, *, cached: bool = True, searches=()) -> str:
    """All that the public site answers, concatenated. With `cached=False` the cache
    is emptied first, so that what is rendered now is read, not a stored copy."""
    if not cached:
        cache.clear()
    parts = []
    for url in addresses(searches=searches):
        response = client.get(url)
        assert response.status_code in (200, 404, 410), f"{url} answered {response.status_code}"
        if response.status_code == 200:
            text = response.content.decode()
            for words in searches:  # the search box shows what was asked; that is no leak
                text = text.replace(f'value="{words}"', "")
            parts.append(text)
    return "\n".join(parts)
