from django.urls import path

from reviews.views import EditionHistoryView, EditionPageView, PastEditionView

app_name = "studies"

urlpatterns = [
    path("<slug:slug>/", EditionPageView.as_view(kind="study"), name="page"),
    path("<slug:slug>/versions/", EditionHistoryView.as_view(kind="study"), name="versions"),
    path("<slug:slug>/versions/<int:edition_id>/", PastEditionView.as_view(kind="study"), name="version"),
]
