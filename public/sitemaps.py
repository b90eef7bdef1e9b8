"""The sitemap and robots.txt, whose addresses are on SITE_URL, never on the request's Host."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from reviews import registry, selectors
from reviews.models import Edition

from . import http


class SiteSitemap(Sitemap):
    """Addresses on the configured site."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class EditionSitemap(SiteSitemap):
    """The current editions of one kind, with the date each last changed or was reviewed."""

    def __init__(self, kind: str):
        self.kind = kind

    def items(self):
        return selectors.current_editions(self.kind).only("slug", "published_at", "last_reviewed_at").order_by("pk")

    def location(self, edition):
        return registry.builder_for_kind(self.kind).url(edition.slug)

    def lastmod(self, edition):
        return max(filter(None, [edition.published_at, edition.last_reviewed_at]))


class SectionSitemap(SiteSitemap):
    def items(self):
        return ["home", "compounds:directory", "articles:list", "how-we-score", "corrections"]

    def location(self, name):
        return reverse(name)


KINDS = ("compound", "study", "article", "policy", "person")
SITEMAPS = {
    "sections": SectionSitemap,
    "compounds": EditionSitemap("compound"),
    "studies": EditionSitemap("study"),
    "articles": EditionSitemap("article"),
    "policies": EditionSitemap("policy"),
    "people": EditionSitemap("person"),
}


def sitemap(request):
    response = django_sitemap(request, sitemaps=SITEMAPS)
    response.render()
    return http.with_body_etag(request, http.shared(response, [Edition.list_tag(kind) for kind in KINDS]))


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {http.absolute_url(reverse('sitemap'))}"]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
    return http.with_body_etag(request, http.shared(response, [http.SITE_TAG]))
