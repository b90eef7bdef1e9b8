"""The read-only JSON API: current Editions of each kind, never a working copy.

/api/compounds/, /api/studies/, /api/articles/ and the OpenAPI schema at /api/schema/.
Every answer is cacheable by shared caches and tagged like the page it mirrors; `url`
fields are on SITE_URL.
"""

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import include, path, reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from compounds.filters import CompoundDirectoryFilter
from reviews import registry, selectors
from reviews.models import Edition

from . import http, pages


class ReviewerSerializer(serializers.Serializer):
    name = serializers.CharField(source="reviewer_name")
    credentials = serializers.CharField(source="reviewer_credentials")


@extend_schema_field({"type": "object", "additionalProperties": True, "description": "The page as approved."})
class ContentField(serializers.JSONField):
    pass


class EditionSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    last_reviewed = serializers.DateTimeField(source="last_reviewed_at", allow_null=True)
    reviewed_by = serializers.SerializerMethodField()

    class Meta:
        model = Edition
        fields = ["kind", "slug", "title", "url", "published_at", "last_reviewed", "reviewed_by", "facets"]

    def get_url(self, edition) -> str:
        return http.absolute_url(registry.builder_for_kind(edition.kind).url(edition.slug))

    @extend_schema_field(ReviewerSerializer(allow_null=True))
    def get_reviewed_by(self, edition):
        return ReviewerSerializer(edition).data if edition.last_reviewed_at else None


class EditionDetailSerializer(EditionSummarySerializer):
    content = ContentField()
    content_hash = serializers.CharField()

    class Meta(EditionSummarySerializer.Meta):
        fields = [*EditionSummarySerializer.Meta.fields, "content_hash", "content"]


class GoneSerializer(serializers.Serializer):
    detail = serializers.CharField()


class EditionViewSet(viewsets.ReadOnlyModelViewSet):
    """Published pages of one kind. List pages are paginated; a page is found by slug."""

    kind = ""
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        editions = selectors.current_editions(self.kind).defer("rendered_html").order_by("title", "pk")
        return editions.defer("content", "head") if self.action == "list" else editions

    def get_serializer_class(self):
        return EditionSummarySerializer if self.action == "list" else EditionDetailSerializer

    def get_object(self):
        edition = super().get_object()
        self.cache_tags = edition.head.get("tags") or [edition.cache_tag]
        return edition

    @extend_schema(
        responses={
            200: EditionDetailSerializer,
            301: OpenApiResponse(description="The page has a new slug; `Location` gives its address here."),
            404: GoneSerializer,
            410: GoneSerializer,
        }
    )
    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except (Http404, NotFound):
            found = pages.former_address(self.kind, kwargs["slug"])
            if found is None:
                raise
            state, edition = found
            if state == "moved":
                address = reverse(f"{self.basename}-detail", args=[edition.slug])
                return http.shared(HttpResponsePermanentRedirect(address), [edition.cache_tag])
            response = Response({"detail": "This page was withdrawn."}, status=status.HTTP_410_GONE)
            response.gone_tags = [edition.cache_tag, Edition.list_tag(self.kind)]
            return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == status.HTTP_410_GONE:
            return http.gone(response.render(), response.gone_tags)
        if response.status_code != status.HTTP_200_OK:
            return response
        # Tagged with the kind's listings too: a detail's "reviewed_by" and a list's rows
        # change with any publication or stamp of the kind, which purges both tags.
        tags = [*getattr(self, "cache_tags", []), Edition.list_tag(self.kind)]
        return http.with_body_etag(request, http.shared(response.render(), tags))


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


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, which changes only with a release."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code != status.HTTP_200_OK:
            return response
        return http.with_body_etag(request, http.shared(response.render(), [http.SITE_TAG]))


router = SimpleRouter()
router.register("compounds", CompoundViewSet, basename="api-compound")
router.register("studies", StudyViewSet, basename="api-study")
router.register("articles", ArticleViewSet, basename="api-article")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("", include(router.urls)),
]
