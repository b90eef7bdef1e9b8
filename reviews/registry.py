"""The registry of edition builders: how each content model becomes Edition data.

Content apps subclass `EditionBuilder` in their `editions.py` and register an
instance in `AppConfig.ready()`. The review framework calls builders and never
imports a content app.
"""

import functools
import hashlib
import json
import operator
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from .models import Edition


class ServedToday:
    """What a page shows that is read whenever it is served rather than approved (a
    reviewer's credentials held today): put in at its markers, in the page's schema.org
    data, its cache tags and its validators. Most pages have none and read nothing."""

    tags: list[str] = []
    version: str = ""

    def fill(self, html: str) -> str:
        return html

    def schema(self, schema: dict) -> dict:
        return schema


class EditionBuilder:
    """Turns a working copy into the JSON a public page is rendered from.

    The same builder renders the staff preview, the reviewer's diff and the published
    Edition, so a preview is exactly what would go live.
    """

    model: type[models.Model]
    kind: str
    # The page's main content, rendered once at publication (and live for previews);
    # it holds the markers below, which are filled whenever the page is served.
    fragment_template: str
    # Parts of the fragment that show other objects: {section: (links key, template)}.
    # The fragment holds `link_mark(section)` where the template goes; it is rendered
    # with the objects under that key in `links()` as they are live when served.
    link_sections: dict[str, tuple[str, str]] = {}
    # Link roles shown in the order approved rather than by name (a byline's authors).
    ordered_links: tuple[str, ...] = ()
    # Content keys whose changes a reviewer must see first (doses, side effects...).
    critical: tuple[str, ...] = ()
    # Human labels for content keys; the rest are derived from the key.
    labels: dict[str, str] = {}
    # Row keys that readers see composed from other keys of the row, with those keys:
    # {"dose": ("dose_min", "dose_max", "unit")}. A diff shows the composed value
    # ("10–30 mg") in their place, as the public page prints it.
    composed_fields: dict[str, tuple[str, ...]] = {}

    def content(self, obj) -> dict:
        raise NotImplementedError

    def render_fragment(self, content: dict, *, edition=None) -> str:
        context = {"page": content, "edition": edition, **self.page_context(content)}
        return render_to_string(self.fragment_template, context)

    def head(self, edition) -> dict:
        """What serving the page needs besides its fragment, computed once at publication
        (see `Edition.head`): the <head>, the other objects it shows and its cache tags."""
        content = edition.content
        links = self.links(content)
        cited = Edition.objects.filter(pk__in=self.cited_editions(content)).values_list("kind", "object_id")
        objects = {(link["kind"], link["id"]) for rows in links.values() for link in rows} | set(cited)
        shown = {Edition(kind=kind, object_id=object_id).cache_tag for kind, object_id in objects}
        return {
            "title": self.page_title(content),
            "description": self.page_description(content)[:300],
            "schema_org": self.schema_org(edition, self.url(edition.slug)),
            "links": links,
            "tags": [edition.cache_tag, *sorted(shown - {edition.cache_tag})],
        }

    def links(self, content: dict) -> dict[str, list[dict]]:
        """Other objects the page shows, as the reviewer approved them, by role:
        {"related_compounds": [{"kind", "id", "name", "slug"}]}. When the page is served
        each shows as its current edition names it, or not at all if it is not live."""
        return {}

    def schema_with_links(self, schema: dict, links: dict) -> dict:
        """The page's schema.org data naming the objects it links to as `links` (live now) do."""
        return schema

    def page_body(self, fragment: str, *, review_line: str, links: dict, related_pages: list[dict]) -> SafeString:
        """The fragment with what changes without a new edition put in at its markers:
        the review line, the live objects it links to and the pages about it."""
        related = render_to_string(RELATED_PAGES_TEMPLATE, {"related_pages": related_pages}) if related_pages else ""
        html = fragment.replace(REVIEW_LINE_MARK, review_line).replace(RELATED_PAGES_MARK, related)
        for section, (key, template) in self.link_sections.items():
            mark = link_mark(section)
            if mark in html:
                html = html.replace(mark, render_to_string(template, {"links": links.get(key, [])}).strip())
        # The fragment is our own template's output, autoescaped when it was rendered,
        # and so is each part put in.
        return mark_safe(html)

    def served_today(self, edition) -> ServedToday:
        """What `edition`'s page reads when it is served besides Editions; nothing by default."""
        return ServedToday()

    def page_title(self, content: dict) -> str:
        """The page's <title>."""
        return self.title_of(content)

    def page_description(self, content: dict) -> str:
        return content.get("description") or content.get("summary", "")

    def facets(self, content: dict) -> dict:
        """Indexed values for filters and search, taken from the built content."""
        return {}

    def title_of(self, content: dict) -> str:
        """The edition's title, from the approved content (never from a working copy)."""
        return content.get("title") or content.get("name", "")

    def with_current_citations(self, content: dict) -> dict:
        """`content` with every shared record it embeds (a study) replaced by that record's
        current approved edition, and whatever is computed from them recomputed.

        Used when a reviewer confirms a page after a cited study was republished: the
        page's own text stays exactly as approved.
        """
        return content

    def problems(self, obj) -> list[str]:
        """Why this working copy cannot go to review yet; empty when it can."""
        return []

    def warnings(self, old: dict | None, new: dict) -> list[str]:
        """Changes a reviewer must not miss (a dose unit switched, a tenfold jump...)."""
        return []

    def page_context(self, content: dict) -> dict:
        """Extra, fixed template context for the page (labels for groupings...)."""
        return {}

    def schema_org(self, edition, url: str) -> dict:
        """schema.org JSON-LD for the page; who reviewed it and when is added when it is served."""
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": edition.title,
            "url": url,
            "datePublished": edition.published_at.isoformat() if edition.published_at else None,
        }
        return data

    def cited_editions(self, content: dict) -> list[int]:
        """Ids of the editions of shared records (studies) that `content` embeds."""
        return []

    def url(self, slug: str) -> str:
        raise NotImplementedError

    def history_url(self, slug: str) -> str:
        """The page's earlier versions."""
        return reverse(f"{self.model._meta.app_label}:versions", args=[slug])

    def label(self, key: str) -> str:
        return self.labels.get(key) or key.replace("_", " ").capitalize()

    def preview_body(self, content: dict) -> SafeString:
        """The public page's main content for `content`, marked as a preview: what would
        go live, with the objects it links to as they are live now. Never cache it."""
        review_line = render_to_string(REVIEW_LINE_TEMPLATE, {"preview": True})
        links = {
            role: [{**link, "url": builder_for_kind(link["kind"]).url(link["slug"])} for link in rows]
            for role, rows in self.links(content).items()
        }
        return self.page_body(self.render_fragment(content), review_line=review_line, links=links, related_pages=[])


# Filled in whenever a page is served: they change without a new edition.
REVIEW_LINE_MARK = "<!--review-line-->"
RELATED_PAGES_MARK = "<!--related-pages-->"
# The public page around a fragment, for published pages and staff previews alike.
PAGE_TEMPLATE = "public/edition_page.html"
REVIEW_LINE_TEMPLATE = "public/_reviewed_by.html"
RELATED_PAGES_TEMPLATE = "public/_related_pages.html"


def link_mark(section: str) -> str:
    return f"<!--links:{section}-->"


_builders: dict[type[models.Model], EditionBuilder] = {}
# {kind: [(kind of the pages, function(edition) -> Q over their current Editions)]}
_pages_about: dict[str, list[tuple[str, Callable[[Any], Q]]]] = {}


def register(builder: EditionBuilder) -> EditionBuilder:
    _builders[builder.model] = builder
    return builder


def builder_for(obj_or_model) -> EditionBuilder:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    try:
        return _builders[model._meta.concrete_model]
    except KeyError:
        raise LookupError(f"No edition builder is registered for {model.__name__}") from None


def builder_for_kind(kind: str) -> EditionBuilder:
    for builder in _builders.values():
        if builder.kind == kind:
            return builder
    raise LookupError(f"No edition builder is registered for kind {kind!r}")


def builders() -> list[EditionBuilder]:
    return list(_builders.values())


def register_pages_about(kind: str, *, pages_kind: str, pages: Callable[[Any], Q]) -> None:
    """Let a content app list its pages (of `pages_kind`) about an object of `kind` on
    that object's page (articles about a compound): `pages(edition)` filters Editions."""
    _pages_about.setdefault(kind, []).append((pages_kind, pages))


def pages_about(edition) -> tuple[Q | None, list[str]]:
    """Which Editions are about `edition`'s object (None when no app says), and their kinds."""
    providers = _pages_about.get(edition.kind, [])
    conditions = [Q(kind=pages_kind) & pages(edition) for pages_kind, pages in providers]
    condition = functools.reduce(operator.or_, conditions) if conditions else None
    return condition, sorted({pages_kind for pages_kind, _ in providers})


def canonical(content: dict) -> dict:
    """The content as stored in JSON: decimals, dates and lazy strings made plain."""
    return json.loads(json.dumps(content, cls=DjangoJSONEncoder))


def content_hash(content: dict) -> str:
    encoded = json.dumps(content, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()
