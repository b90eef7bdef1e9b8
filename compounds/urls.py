from django.urls import path

from reviews.views import EditionHistoryView, EditionPageView, PastEditionView

from . import views

app_name = "compounds"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<slug:slug>/", EditionPageView.as_view(kind="compound"), name="page"),
    path("<slug:slug>/versions/", EditionHistoryView.as_view(kind="compound"), name="versions"),
    path("<slug:slug>/versions/<int:edition_id>/", PastEditionView.as_view(kind="compound"), name="version"),
]
