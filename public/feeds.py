"""The Atom feed of articles, from their current Editions; its links are on SITE_URL."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles import selectors as articles
from reviews.models import Edition

from . import http


class LatestArticlesFeed(Feed):
    """An Atom feed of published articles, newest first."""

    feed_type = Atom1Feed
    title = "Compound Reference: latest articles"
    subtitle = "Guides, journal posts and use-case pages, each approved by a medical reviewer."

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        return http.with_body_etag(request, http.shared(response, [Edition.list_tag("article")]))

    def link(self):
        return http.absolute_url(reverse("articles:list"))

    def feed_url(self):
        return http.absolute_url(reverse("articles:feed"))

    def items(self):
        return articles.latest()[:30]

    def item_title(self, edition):
        return edition.title

    def item_description(self, edition):
        return edition.facets.get("description", "")

    def item_link(self, edition):
        return http.absolute_url(reverse("articles:page", args=[edition.slug]))

    def item_pubdate(self, edition):
        return edition.published_at

    def item_updateddate(self, edition):
        return edition.last_reviewed_at or edition.published_at

    def item_categories(self, edition):
        return [edition.facets.get("category_name", "")]
