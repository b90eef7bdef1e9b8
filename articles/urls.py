from django.urls import path

from reviews.views import EditionHistoryView, EditionPageView, PastEditionView

from . import views
from .feeds import LatestArticlesFeed

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("tag/<slug:slug>/", views.tag, name="tag"),
    path("<slug:slug>/", EditionPageView.as_view(kind="article"), name="page"),
    path("<slug:slug>/versions/", EditionHistoryView.as_view(kind="article"), name="versions"),
    path("<slug:slug>/versions/<int:edition_id>/", PastEditionView.as_view(kind="article"), name="version"),
]
