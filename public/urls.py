"""Every public address. The page views of each kind keep their app's namespace
("compounds:page", "articles:list"), so addresses are the same wherever they are built."""

from django.urls import include, path

from . import corrections, listings, sitemaps
from .feeds import CorrectionsFeed, LatestArticlesFeed
from .pages import EditionHistoryView, EditionPageView, PastEditionView


def _pages(kind: str) -> list:
    return [
        path("<slug:slug>/", EditionPageView.as_view(kind=kind), name="page"),
        path("<slug:slug>/versions/", EditionHistoryView.as_view(kind=kind), name="versions"),
        path("<slug:slug>/versions/<int:edition_id>/", PastEditionView.as_view(kind=kind), name="version"),
    ]


compound_urls = [path("", listings.compound_directory, name="directory"), *_pages("compound")]
study_urls = _pages("study")
article_urls = [
    path("", listings.article_list, name="list"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("category/<slug:slug>/", listings.category, name="category"),
    path("tag/<slug:slug>/", listings.tag, name="tag"),
    *_pages("article"),
]

urlpatterns = [
    path("", listings.home, name="home"),
    path("compounds/", include((compound_urls, "compounds"))),
    path("studies/", include((study_urls, "studies"))),
    path("articles/", include((article_urls, "articles"))),
    path("policies/", include((_pages("policy"), "policies"))),
    path("people/", include((_pages("person"), "people"))),
    path("how-we-score/", listings.how_we_score, name="how-we-score"),
    path("corrections/", corrections.corrections, name="corrections"),
    path("corrections/feed/", CorrectionsFeed(), name="corrections-feed"),
    path("api/", include("public.api")),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
]
