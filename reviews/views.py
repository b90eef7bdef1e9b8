"""Public pages of any reviewable kind, read from Editions only.

The working copy is never read here, so a draft cannot leak by construction. A page
costs a fixed number of queries however many rows or studies it has, and a cached
page none (see `page_cache`).
"""

import functools
import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.safestring import SafeString, mark_safe
from django.views import View

from . import page_cache, page_shell, registry, selectors
from .models import Edition

PAGE_TEMPLATE = page_shell.PAGE_TEMPLATE


def gone_or_missing(request, kind: str, slug: str):
    """404 for an address that never had a page, 410 for a page taken down."""
    if selectors.was_unpublished(kind=kind, slug=slug):
        return render(request, "reviews/gone.html", {"kind": kind}, status=410)
    raise Http404(f"No published {kind} at this address.")


def json_ld(data: dict) -> SafeString:
    """JSON for a <script type="application/ld+json"> block.

    Safe to insert unescaped because "<", ">" and "&" are escaped as JSON unicode
    escapes: no page text can close the script element (as Django's json_script does).
    """
    encoded = json.dumps(data, ensure_ascii=False)
    return mark_safe(encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def stamped_schema(request, edition: Edition, schema: dict) -> dict:
    """The page's schema.org data with its review stamp, which changes without a new edition."""
    schema = {**schema, "url": request.build_absolute_uri(schema["url"])}
    schema["dateModified"] = (edition.last_reviewed_at or edition.published_at or edition.approved_at).isoformat()
    if edition.last_reviewed_at:
        schema["lastReviewed"] = edition.last_reviewed_at.date().isoformat()
        schema["reviewedBy"] = {
            "@type": "Person",
            "name": edition.reviewer_name,
            "honorificSuffix": edition.reviewer_credentials,
        }
    return schema


def _split(fragment: str, mark: str) -> tuple[str, str]:
    before, _, after = fragment.partition(mark)
    return before, after


def page_body(fragment: str, *, edition=None, related_pages=(), history_url: str = "") -> SafeString:
    """The fragment with its review line and related pages put in at their markers."""
    before_line, after_line = _split(fragment, registry.REVIEW_LINE_MARK)
    before_related, after_related = _split(after_line, registry.RELATED_PAGES_MARK)
    if edition is None:
        line = render_to_string("reviews/_reviewed_by.html", {"preview": True})
    else:
        stamp = (edition.last_reviewed_at, edition.reviewer_name, edition.reviewer_credentials, edition.approved_at)
        line = _review_line(*stamp, history_url)
    related = render_to_string("reviews/_related_pages.html", {"related_pages": related_pages}) if related_pages else ""
    # The fragment is our own template's output, autoescaped when it was rendered.
    return mark_safe(before_line + line + before_related + related + after_related)


@functools.lru_cache(maxsize=2048)
def _review_line(last_reviewed_at, reviewer_name, reviewer_credentials, approved_at, history_url) -> str:
    """The review line changes only with a stamp, so each process renders each one once."""
    edition = {
        "last_reviewed_at": last_reviewed_at,
        "reviewer_name": reviewer_name,
        "reviewer_credentials": reviewer_credentials,
        "approved_at": approved_at,
    }
    context = {"edition": edition, "preview": False, "history_url": history_url}
    return render_to_string("reviews/_reviewed_by.html", context)


def page_context(request, builder, *, head: dict, fragment: str, edition=None, **extra) -> dict:
    """Context for a public page or a preview."""
    if edition is None:
        body = page_body(fragment)
    else:
        related_pages = builder.related_pages(edition)
        body = page_body(
            fragment, edition=edition, related_pages=related_pages, history_url=builder.history_url(edition.slug)
        )
    context = {
        "body": body,
        "page_title": head["title"],
        "page_description": head["description"],
        "preview": edition is None,
        "edition": edition,
        **extra,
    }
    if edition is not None and "schema_org" in head:
        context["json_ld"] = json_ld(stamped_schema(request, edition, head["schema_org"]))
    return context


def _render_edition(request, builder, edition: Edition, **extra) -> bytes:
    context = page_context(
        request, builder, head=edition.head, fragment=edition.rendered_html, edition=edition, **extra
    )
    if extra or not context.get("json_ld"):  # a past edition's banner: the whole template
        return render_to_string(PAGE_TEMPLATE, context, request).encode()
    slots = {slot: context[slot] for slot in ("page_title", "page_description", "json_ld", "body")}
    return page_shell.render_public_page(**slots).encode()


def _validators(edition: Edition) -> dict:
    # To the microsecond: an approval and a confirmation can fall in the same second.
    stamp = int(edition.last_reviewed_at.timestamp() * 1_000_000) if edition.last_reviewed_at else 0
    # HTTP dates have whole seconds; compare in whole seconds or nothing is ever "not modified".
    last_modified = int(max(filter(None, [edition.published_at, edition.last_reviewed_at])).timestamp())
    return {"etag": f'"{edition.pk}-{edition.content_hash[:12]}-{stamp}"', "last_modified": last_modified}


def _respond(request, body: bytes, *, etag: str, last_modified: int):
    response = get_conditional_response(request, etag=etag, last_modified=last_modified) or HttpResponse(body)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
    return response


class EditionPageView(View):
    """The current Edition of (kind, slug); the page cache middleware serves repeats."""

    kind: str = ""

    def get(self, request, slug):
        builder = registry.builder_for_kind(self.kind)
        edition = selectors.public_edition(kind=self.kind, slug=slug)
        if edition is None:
            return gone_or_missing(request, self.kind, slug)
        body = _render_edition(request, builder, edition)
        return page_cache.mark_cacheable(_respond(request, body, **_validators(edition)))


class EditionHistoryView(View):
    """ "What this page said on DATE": every edition that was public, newest first."""

    kind: str = ""

    def get(self, request, slug):
        builder = registry.builder_for_kind(self.kind)
        current = selectors.public_edition(kind=self.kind, slug=slug)
        if current is None:
            return gone_or_missing(request, self.kind, slug)
        editions = selectors.public_history(current).defer("content", "facets", "rendered_html")
        context = {"current": current, "editions": editions, "page_url": builder.url(slug), "kind": self.kind}
        body = render_to_string("reviews/versions.html", context, request).encode()
        return _respond(request, body, **_validators(current))


class PastEditionView(View):
    kind: str = ""

    def get(self, request, slug, edition_id):
        builder = registry.builder_for_kind(self.kind)
        current = selectors.public_edition(kind=self.kind, slug=slug)
        if current is None:
            return gone_or_missing(request, self.kind, slug)
        edition = get_object_or_404(selectors.public_history(current).defer("content", "facets"), pk=edition_id)
        body = _render_edition(request, builder, edition, past=True, current_url=builder.url(slug))
        return _respond(request, body, **_validators(edition))
