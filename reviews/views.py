"""Public pages of any reviewable kind, read from Editions only.

The working copy is never read here, so a draft cannot leak by construction. A page
costs a fixed number of queries however many rows or studies it has.
"""

import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.safestring import SafeString, mark_safe
from django.views import View

from . import page_cache, registry, selectors
from .models import Edition


def gone_or_missing(request, kind: str, slug: str):
    """404 for an address that never had a page, 410 for a page taken down."""
    if selectors.was_unpublished(kind=kind, slug=slug):
        return render(request, "reviews/gone.html", {"kind": kind}, status=410)
    raise Http404(f"No published {kind} at this address.")


def page_context(request, edition: Edition, builder, *, past: bool = False) -> dict:
    return {
        "edition": edition,
        "page": edition.content,
        "preview": False,
        "past": past,
        "history_url": reverse(f"{builder.model._meta.app_label}:versions", args=[edition.slug]),
        "json_ld": json_ld(builder.schema_org(edition, request.build_absolute_uri(builder.url(edition.slug)))),
        **builder.page_context(edition.content),
    }


def json_ld(data: dict) -> SafeString:
    """JSON for a <script type="application/ld+json"> block.

    Safe to insert unescaped because "<", ">" and "&" are escaped as JSON unicode
    escapes: no page text can close the script element (as Django's json_script does).
    """
    encoded = json.dumps(data, ensure_ascii=False)
    return mark_safe(encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _last_modified(edition: Edition):
    return max(filter(None, [edition.published_at, edition.last_reviewed_at]))


def _etag(edition: Edition) -> str:
    stamp = int(edition.last_reviewed_at.timestamp()) if edition.last_reviewed_at else 0
    return f'"{edition.pk}-{edition.content_hash[:12]}-{stamp}"'


def _public_headers(response, edition: Edition):
    response["ETag"] = _etag(edition)
    response["Last-Modified"] = http_date(int(_last_modified(edition).timestamp()))
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
    return response


class EditionPageView(View):
    """The current Edition of (kind, slug), from the page cache when it holds it."""

    kind: str = ""

    def get(self, request, slug):
        builder = registry.builder_for_kind(self.kind)
        edition = selectors.public_edition(kind=self.kind, slug=slug, with_content=False)
        if edition is None:
            return gone_or_missing(request, self.kind, slug)
        # HTTP dates have whole seconds; compare in whole seconds or nothing is ever "not modified".
        not_modified = get_conditional_response(
            request, etag=_etag(edition), last_modified=int(_last_modified(edition).timestamp())
        )
        if not_modified is not None:
            return _public_headers(not_modified, edition)
        body = page_cache.get(edition, request.path)
        if body is None:
            edition = Edition.objects.get(pk=edition.pk)  # now with its content
            context = page_context(request, edition, builder)
            context["related_pages"] = builder.related_pages(edition)
            body = render_to_string(builder.template, context, request).encode()
            page_cache.put(edition, request.path, body)
        return _public_headers(HttpResponse(body), edition)


class EditionHistoryView(View):
    """ "What this page said on DATE": every edition that was public, newest first."""

    kind: str = ""

    def get(self, request, slug):
        builder = registry.builder_for_kind(self.kind)
        current = selectors.public_edition(kind=self.kind, slug=slug, with_content=False)
        if current is None:
            return gone_or_missing(request, self.kind, slug)
        editions = selectors.public_history(current)
        context = {"current": current, "editions": editions, "page_url": builder.url(slug), "kind": self.kind}
        return _public_headers(render(request, "reviews/versions.html", context), current)


class PastEditionView(View):
    kind: str = ""

    def get(self, request, slug, edition_id):
        builder = registry.builder_for_kind(self.kind)
        current = selectors.public_edition(kind=self.kind, slug=slug, with_content=False)
        if current is None:
            return gone_or_missing(request, self.kind, slug)
        edition = get_object_or_404(selectors.public_history(current), pk=edition_id)
        context = page_context(request, edition, builder, past=True)
        context["current_url"] = builder.url(slug)
        return _public_headers(render(request, builder.template, context), edition)
