from django.urls import path

from reviews.views import EditionPageView

app_name = "articles"

urlpatterns = [
    path("<slug:slug>/", EditionPageView.as_view(kind="article"), name="page"),
]
