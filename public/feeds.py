"""The Atom feeds: articles, from their current Editions, and corrections across the
site; their links are on SITE_URL."""

from datetime import date, datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles import selectors as articles
from reviews import selectors
from reviews.models import Edition

from . import corrections, http

PUBLISHER = "Compound Reference"


class LatestArticlesFeed(Feed):
    """An Atom feed of published articles, newest first."""

    feed_type = Atom1Feed
    title = "Compound Reference: latest articles"
    # Atom asks for an author: the publisher, where an entry names none of its own.
    author_name = PUBLISHER
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

    def item_author_link(self, edition):
        """The first author's page: Atom gives an entry's author one address."""
        pages = edition.facets.get("author_pages") or []
        return http.absolute_url(reverse("people:page", args=[pages[0]["slug"]])) if pages else None

    def item_categories(self, edition):
        return [edition.facets.get("category_name", "")]


class CorrectionsFeed(Feed):
    """An Atom feed of corrections across the site, newest first: each entry is one
    correction, dated by its publication, linking to the version it corrected."""

    feed_type = Atom1Feed
    title = "Compound Reference: corrections"
    author_name = PUBLISHER
    subtitle = (
        "What our pages got wrong, and when we corrected them. Each correction was approved by a medical reviewer."
    )

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        return http.with_body_etag(request, http.shared(response, request.correction_tags))

    def get_object(self, request, *args, **kwargs):
        """The corrections the feed lists, read once; the response is tagged with every
        page they name (on the request: one feed object serves every request)."""
        editions = list(selectors.published_corrections()[:30])
        request.correction_tags = corrections.tags(editions)
        return editions

    def link(self):
        return http.absolute_url(reverse("corrections"))

    def feed_url(self):
        return http.absolute_url(reverse("corrections-feed"))

    def items(self, editions):
        return [corrections.entry(edition) for edition in editions]

    def item_title(self, entry):
        return f"Correction: {entry['page_title']}"

    def item_description(self, entry):
        # An Atom summary is HTML; a note is plain text.
        return escape(entry["note"])

    def item_link(self, entry):
        return http.absolute_url(entry["version_url"])

    def item_guid(self, entry):
        return http.absolute_url(f"{reverse('corrections')}#correction-{entry['edition'].pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry["published_at"]

    def item_updateddate(self, entry):
        return entry["published_at"]

    def item_author_name(self, entry):
        """The medical reviewers who approved the correction with the change."""
        edition = entry["edition"]
        names = [signatory["name"] for signatory in edition.signatories] or [edition.reviewer_name]
        return " and ".join(filter(None, names)) or PUBLISHER
