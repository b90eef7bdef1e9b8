from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from reviews import selectors

PAGE_SIZE = 20


def _listing(request, articles, *, title: str, intro: str = ""):
    page = Paginator(articles.defer("content").order_by("-published_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "articles/listing.html", {"page_obj": page, "title": title, "intro": intro})


def article_list(request):
    return _listing(request, selectors.current_editions("article"), title="Articles")


def category(request, slug):
    articles = selectors.current_editions("article").filter(facets__category=slug)
    first = articles.only("facets").first()
    if first is None:
        raise Http404("No published articles in this category.")
    return _listing(request, articles, title=first.facets.get("category_name", slug))


def tag(request, slug):
    articles = selectors.current_editions("article").filter(facets__tag_list__icontains=f"|{slug}|")
    if not articles.exists():
        raise Http404("No published articles with this tag.")
    return _listing(request, articles, title=f"Tagged “{slug.replace('-', ' ')}”")
