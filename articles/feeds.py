from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from reviews import selectors


class LatestArticlesFeed(Feed):
    """An Atom feed of published articles, from their current Editions."""

    feed_type = Atom1Feed
    title = "Compound Reference: latest articles"
    subtitle = "Guides, journal posts and use-case pages, each approved by a medical reviewer."

    def link(self):
        return reverse("articles:list")

    def items(self):
        return selectors.current_editions("article").defer("content").order_by("-published_at", "-pk")[:30]

    def item_title(self, edition):
        return edition.title

    def item_description(self, edition):
        return edition.facets.get("description", "")

    def item_link(self, edition):
        return reverse("articles:page", args=[edition.slug])

    def item_pubdate(self, edition):
        return edition.published_at

    def item_updateddate(self, edition):
        return edition.last_reviewed_at or edition.published_at

    def item_categories(self, edition):
        return [edition.facets.get("category_name", "")]
