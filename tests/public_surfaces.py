"""Every public surface, read as a reader, a feed reader, a search engine and an API
client would, so that tests can ask what the public can see anywhere."""

from django.core.cache import cache

from reviews import page_cache, registry
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
)


def addresses() -> list[str]:
    """Every public address that shows content now: listings, each live page, its
    earlier versions, its API record, and the category and tag pages."""
    urls = list(LISTINGS)
    for edition in Edition.objects.current().order_by("pk"):
        builder = registry.builder_for_kind(edition.kind)
        urls += [builder.url(edition.slug), builder.history_url(edition.slug), f"/api/{edition.kind}s/{edition.slug}/"]
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
        if edition.kind == "compound":
            urls.append(f"/compounds/?q={edition.title}")
    return urls


def public_text(client, *, cached: bool = True) -> str:
    """All that the public site answers, concatenated. With `cached=False` the page
    cache is emptied first, so that what is rendered now is read, not a stored copy."""
    if not cached:
        cache.clear()
        page_cache.local_copies.clear()
    parts = []
    for url in addresses():
        response = client.get(url)
        assert response.status_code in (200, 404, 410), f"{url} answered {response.status_code}"
        if response.status_code == 200:
            parts.append(response.content.decode())
    return "\n".join(parts)
