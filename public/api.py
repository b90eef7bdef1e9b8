"""The read-only JSON API: current Editions of each kind, never a working copy.

/api/compounds/, /api/studies/, /api/articles/, /api/people/ and the OpenAPI schema at /api/schema/.
Every answer is cacheable by shared caches and tagged like the page it mirrors; `url`
fields are on SITE_URL.
"""

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import include, path, reverse
from django_filters import CharFilter, ChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from compounds.filters import CompoundApiFilter
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


# A filter refused (400): for each one, why.
FILTER_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"tier": ["Select a valid choice. Certain is not one of the available choices."]},
}


class PublicPagination(PageNumberPagination):
    """Numbered pages from 1; any other page (past the last, 0, empty, a word) is the
    documented JSON 404."""

    def get_page_number(self, request, paginator):
        number = request.query_params.get(self.page_query_param, "1")
        if not number.isascii() or not number.isdigit() or int(number) < 1:
            raise NotFound("Invalid page: pages are numbered from 1.")
        return number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters


@extend_schema_view(list=extend_schema(responses={200: EditionSummarySerializer(many=True), 404: GoneSerializer}))
class EditionViewSet(viewsets.ReadOnlyModelViewSet):
    """Published pages of one kind. List pages are paginated; a page is found by slug."""

    kind = ""
    lookup_field = "slug"
    # Any path segment reaches the view, so an address that is not a slug gets the
    # API's JSON 404 rather than the site's HTML one.
    lookup_value_regex = r"[^/]+"
    pagination_class = PublicPagination

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


def _choice_parameters(filterset) -> list[OpenApiParameter]:
    """The filterset's fixed-choice filters, each with its values and "" (any): the
    directory's form sends every filter, empty when not chosen."""
    return [
        OpenApiParameter(
            name, str, enum=["", *(value for value, _ in f.extra["choices"])], description=f"{f.label}; empty for any."
        )
        for name, f in filterset.base_filters.items()
        if isinstance(f, ChoiceFilter)
    ]


def _text_parameters(filterset) -> list[OpenApiParameter]:
    """The filterset's free-text filters. Django refuses a NUL character in form text
    (400, "Null characters are not allowed"), so the schema says they are not text."""
    return [
        OpenApiParameter(name, str, pattern=r"^[^\x00]*$", description=f"{f.label}; any text without NUL characters.")
        for name, f in filterset.base_filters.items()
        if isinstance(f, CharFilter)
    ]


@extend_schema_view(
    list=extend_schema(
        parameters=[*_choice_parameters(CompoundApiFilter), *_text_parameters(CompoundApiFilter)],
        responses={
            200: EditionSummarySerializer(many=True),
            400: OpenApiResponse(FILTER_ERRORS, description="A filter value the directory does not offer."),
            404: GoneSerializer,
        },
    )
)
class CompoundViewSet(EditionViewSet):
    """Published compound profiles, with the directory's filters and search."""

    kind = "compound"
    filter_backends = [DjangoFilterBackend]
    filterset_class = CompoundApiFilter


class StudyViewSet(EditionViewSet):
    """Published study records."""

    kind = "study"


class ArticleViewSet(EditionViewSet):
    """Published guides, journal posts and use-case pages."""

    kind = "article"


class PersonViewSet(EditionViewSet):
    """Published pages of authors and medical reviewers."""

    kind = "person"


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
router.register("people", PersonViewSet, basename="api-person")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("", include(router.urls)),
]
