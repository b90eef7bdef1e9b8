"""The corrections page: every correction a medical reviewer approved and we published,
across the site, newest first, each linking to its page and to the version it corrected.

Tagged with the corrections list and with every page it names, so that a new
correction, a renamed page or a take-down purges it.
"""

from django.core.paginator import Paginator
from django.shortcuts import render

from reviews import registry, selectors
from reviews.models import Edition
from reviews.models.workflow import CORRECTIONS

from . import http

CORRECTIONS_PER_PAGE = 20


def entry(edition: Edition) -> dict:
    """What a listing of corrections says about one: the page as it is named and found
    now, and the version that carried the correction (the page itself while current)."""
    builder = registry.builder_for_kind(edition.kind)
    page_url = builder.url(edition.page_slug)
    current = edition.pk == edition.page_edition_id
    return {
        "edition": edition,
        "page_title": edition.page_title,
        "page_url": page_url,
        "version_url": page_url if current else f"{builder.history_url(edition.page_slug)}{edition.pk}/",
        "is_current": current,
        "note": edition.change_note,
        "published_at": edition.published_at,
    }


def tags(editions) -> list[str]:
    return [Edition.list_tag(CORRECTIONS), *sorted({edition.cache_tag for edition in editions})]


def corrections(request):
    page = Paginator(selectors.published_corrections(), CORRECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    editions = list(page.object_list)
    context = {
        "page_obj": page,
        "entries": [entry(edition) for edition in editions],
        **http.page_meta(
            request, "Corrections", "Every correction to our pages, newest first, with what we got wrong and when."
        ),
    }
    response = render(request, "public/corrections.html", context)
    return http.with_body_etag(request, http.shared(response, tags(editions)))
