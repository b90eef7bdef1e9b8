"""The registry of edition builders: how each content model becomes Edition data.

Content apps subclass `EditionBuilder` in their `editions.py` and register an
instance in `AppConfig.ready()`. The review framework calls builders and never
imports a content app.
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse


class EditionBuilder:
    """Turns a working copy into the JSON a public page is rendered from.

    The same builder renders the staff preview, the reviewer's diff and the published
    Edition, so a preview is exactly what would go live.
    """

    model: type[models.Model]
    kind: str
    # The page's main content, rendered once at publication (and live for previews);
    # it holds the markers below, which the view fills on every request.
    fragment_template: str
    # Content keys whose changes a reviewer must see first (doses, side effects...).
    critical: tuple[str, ...] = ()
    # Human labels for content keys; the rest are derived from the key.
    labels: dict[str, str] = {}

    def content(self, obj) -> dict:
        raise NotImplementedError

    def render_fragment(self, content: dict, *, edition=None) -> str:
        context = {"page": content, "edition": edition, **self.page_context(content)}
        return render_to_string(self.fragment_template, context)

    def head(self, edition) -> dict:
        """What the page's <head> needs, computed once at publication (see `Edition.head`)."""
        content = edition.content
        return {
            "title": self.page_title(content),
            "description": self.page_description(content)[:300],
            "schema_org": self.schema_org(edition, self.url(edition.slug)),
        }

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

    def related_pages(self, edition) -> list[dict]:
        """Other live pages to link from this one: [{"title", "url"}]. One query at most."""
        return []

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

    def public_paths(self, slug: str) -> list[str]:
        """Every public address that shows this page's current edition."""
        return [self.url(slug), self.history_url(slug)]

    def label(self, key: str) -> str:
        return self.labels.get(key) or key.replace("_", " ").capitalize()


# Filled in by the view on every request: they change without a new edition.
REVIEW_LINE_MARK = "<!--review-line-->"
RELATED_PAGES_MARK = "<!--related-pages-->"

_builders: dict[type[models.Model], EditionBuilder] = {}


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


def canonical(content: dict) -> dict:
    """The content as stored in JSON: decimals, dates and lazy strings made plain."""
    return json.loads(json.dumps(content, cls=DjangoJSONEncoder))


def content_hash(content: dict) -> str:
    encoded = json.dumps(content, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()
