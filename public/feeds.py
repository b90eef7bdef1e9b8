"""The Atom feed of articles, from their current Editions; its links are on SITE_URL."""

from datetime import date, datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from articles import selectors as articles
from reviews.models import Edition

from . import http


class LatestArticlesFeed(Feed):
    """An Atom feed of published articles, newest first."""

    feed_type = Atom1Feed
    title = "Compound Reference: latest articles"
    # Atom asks for an author: the publisher, where an entry names none of its own.
    author_name = "Compound Reference"
    subtitle = "Guides, journal posts and use-case pages, each approved by a medical reviewer."

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        return http.with_body_etag(request, http.shared(response, [Edition.list_tag("article")]))

    def link(self):
        return http.absolute_url(reverse("articles:list"))

    def feed_url(self):
        return http.absolute_url(reverse("articles:feed"))

    def items(self):
        return articles.feed()[:30]

    def item_title(self, edition):
        return edition.title

    def item_description(self, edition):
        return edition.facets.get("description", "")

    def item_link(self, edition):
        return http.absolute_url(reverse("articles:page", args=[edition.slug]))

    def item_pubdate(self, edition):
        """The date the article's page shows, as the page shows it."""
        published_on = edition.facets.get("published_on")
        if not published_on:
            return edition.published_at
        return datetime.combine(date.fromisoformat(published_on), time(), tzinfo=timezone.get_current_timezone())

    def item_updateddate(self, edition):
        """When a later edition changed the article; a review that changed nothing, or
        the first publication here of an article dated earlier, is not an update."""
        if edition.published_at == edition.first_published_at:
            return self.item_pubdate(edition)
        return max(edition.published_at, self.item_pubdate(edition))

    def item_author_name(self, edition):
        return edition.facets.get("author") or None

    def item_categories(self, edition):
        return [edition.facets.get("category_name", "")]
