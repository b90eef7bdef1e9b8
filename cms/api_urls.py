"""The public, read-only API: /api/compounds/, /api/studies/, /api/articles/ and the
OpenAPI schema at /api/schema/."""

from django.urls import include, path
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from compounds.filters import CompoundDirectoryFilter
from reviews.api import EditionViewSet


class CompoundViewSet(EditionViewSet):
    """Published compound profiles, with the directory's filters and search."""

    kind = "compound"
    filter_backends = [DjangoFilterBackend]
    filterset_class = CompoundDirectoryFilter


class StudyViewSet(EditionViewSet):
    """Published study records."""

    kind = "study"


class ArticleViewSet(EditionViewSet):
    """Published guides, journal posts and use-case pages."""

    kind = "article"


router = SimpleRouter()
router.register("compounds", CompoundViewSet, basename="api-compound")
router.register("studies", StudyViewSet, basename="api-study")
router.register("articles", ArticleViewSet, basename="api-article")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("", include(router.urls)),
]
