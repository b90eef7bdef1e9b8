from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from reviews import registry, selectors


class EditionSitemap(Sitemap):
    """The current editions of one kind, with the date each last changed or was reviewed."""

    def __init__(self, kind: str):
        self.kind = kind
        self.builder = registry.builder_for_kind(kind)

    def items(self):
        return selectors.current_editions(self.kind).only("slug", "published_at", "last_reviewed_at").order_by("pk")

    def location(self, edition):
        return self.builder.url(edition.slug)

    def lastmod(self, edition):
        return max(filter(None, [edition.published_at, edition.last_reviewed_at]))


class SectionSitemap(Sitemap):
    def items(self):
        return ["home", "compounds:directory", "articles:list", "how-we-score"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "sections": SectionSitemap,
    "compounds": EditionSitemap("compound"),
    "studies": EditionSitemap("study"),
    "articles": EditionSitemap("article"),
}
