from django.core.paginator import Paginator
from django.shortcuts import render

from reviews import selectors

from . import scoring
from .filters import CompoundDirectoryFilter

PAGE_SIZE = 24


def directory(request):
    """Every live compound, filtered and searched; reads Editions only."""
    compounds = selectors.current_editions("compound").defer("content").order_by("title")
    filterset = CompoundDirectoryFilter(request.GET, queryset=compounds)
    # A filter value nobody offered (edited by hand) finds nothing and says why.
    results = filterset.qs if filterset.is_valid() else compounds.none()
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page_obj": page,
        "query": query.urlencode(),
        "total": page.paginator.count,
        "search_query": request.GET.get("q", ""),
    }
    return render(request, "compounds/directory.html", context)


def how_we_score(request):
    """The rubric, rendered from the very data the scoring code applies."""
    context = {
        "levels": scoring.LEVELS,
        "adjustments": scoring.ADJUSTMENTS,
        "tiers": scoring.TIERS,
        "max_score": scoring.MAX_SCORE,
        "min_score": scoring.MIN_SCORE,
    }
    return render(request, "compounds/how_we_score.html", context)
