"""Listings: the home page, the compound directory with its filters and search, the
article lists by category and tag, and the scoring rubric. Each reads current Editions
through its content app's selectors and is tagged with the listing tags of the kinds it
shows, so that any publication or take-down of that kind purges it."""

from itertools import groupby

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from articles import selectors as articles
from compounds import scoring
from compounds import selectors as compounds
from compounds.filters import CompoundDirectoryFilter
from reviews.models import Edition

from . import http

COMPOUNDS_PER_PAGE = 24
ARTICLES_PER_PAGE = 20


def _listing(request, template: str, context: dict, *, kinds, title: str):
    response = render(request, template, {**context, **http.page_meta(request, title)})
    return http.with_body_etag(request, http.shared(response, [Edition.list_tag(kind) for kind in kinds]))


def home(request):
    """Latest articles, compounds by area, and the search box (in the header)."""
    areas = [
        {"name": name, "slug": rows[0]["facets__area"], "compounds": rows}
        for name, rows in (
            (name, list(group)) for name, group in groupby(compounds.by_area(), key=lambda r: r["facets__area_name"])
        )
    ]
    context = {"articles": articles.latest()[:6], "areas": areas}
    title = "Evidence on peptides, supplements and drugs"
    return _listing(request, "public/home.html", context, kinds=["article", "compound"], title=title)


def compound_directory(request):
    """Every live compound, filtered and searched."""
    everything = compounds.directory()
    filterset = CompoundDirectoryFilter(request.GET, queryset=everything)
    # A filter value nobody offered (edited by hand) finds nothing and says why.
    results = filterset.qs if filterset.is_valid() else everything.none()
    page = Paginator(results, COMPOUNDS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page_obj": page,
        "query": query.urlencode(),
        "total": page.paginator.count,
        "search_query": request.GET.get("q", ""),
    }
    return _listing(request, "public/compound_directory.html", context, kinds=["compound"], title="Compound directory")


def _article_listing(request, editions, *, title: str):
    page = Paginator(editions, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "title": title}
    return _listing(request, "public/article_listing.html", context, kinds=["article"], title=title)


def article_list(request):
    return _article_listing(request, articles.latest(), title="Articles")


def category(request, slug):
    editions = articles.in_category(slug)
    first = editions.first()
    if first is None:
        raise Http404("No published articles in this category.")
    return _article_listing(request, editions, title=first.facets.get("category_name", slug))


def tag(request, slug):
    editions = articles.tagged(slug)
    if not editions.exists():
        raise Http404("No published articles with this tag.")
    return _article_listing(request, editions, title=f"Tagged “{slug.replace('-', ' ')}”")


def how_we_score(request):
    """The rubric, rendered from the very data the scoring code applies."""
    context = {
        "levels": scoring.LEVELS,
        "adjustments": scoring.ADJUSTMENTS,
        "caps": scoring.CAPS,
        "cap_score": max(cap.score for cap in scoring.CAPS),
        "tiers": scoring.TIERS,
        "rubric_version": scoring.RUBRIC_VERSION,
        "rubric_changes": scoring.RUBRIC_CHANGES,
        "max_score": scoring.MAX_SCORE,
        "min_score": scoring.MIN_SCORE,
        **http.page_meta(request, "How we score the evidence"),
    }
    response = render(request, "public/how_we_score.html", context)
    return http.with_body_etag(request, http.shared(response, [http.SITE_TAG]))
