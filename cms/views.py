from itertools import groupby

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from reviews import selectors


def home(request):
    """Latest articles, compounds by area, and the search box (in the header)."""
    articles = selectors.current_editions("article").defer("content").order_by("-published_at", "-pk")[:6]
    compounds = sorted(
        selectors.current_editions("compound").values("title", "slug", "facets__area", "facets__area_name"),
        key=lambda row: (row["facets__area_name"], row["title"]),
    )
    areas = [
        {"name": name, "slug": rows[0]["facets__area"], "compounds": rows}
        for name, rows in (
            (name, list(group)) for name, group in groupby(compounds, key=lambda r: r["facets__area_name"])
        )
    ]
    return render(request, "home.html", {"articles": articles, "areas": areas})


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
