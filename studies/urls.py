from django.urls import path

from reviews.views import EditionPageView

app_name = "studies"

urlpatterns = [
    path("<slug:slug>/", EditionPageView.as_view(kind="study"), name="page"),
]
