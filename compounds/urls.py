from django.urls import path

from reviews.views import EditionPageView

app_name = "compounds"

urlpatterns = [
    path("<slug:slug>/", EditionPageView.as_view(kind="compound"), name="page"),
]
