"""The read-only JSON API: current Editions of each kind, never a working copy."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from . import registry, selectors
from .models import Edition


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
        return self.context["request"].build_absolute_uri(registry.builder_for_kind(edition.kind).url(edition.slug))

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
        editions = selectors.current_editions(self.kind).order_by("title", "pk")
        return editions.defer("content") if self.action == "list" else editions

    def get_serializer_class(self):
        return EditionSummarySerializer if self.action == "list" else EditionDetailSerializer

    @extend_schema(responses={200: EditionDetailSerializer, 404: GoneSerializer, 410: GoneSerializer})
    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except (Http404, NotFound):
            if selectors.was_unpublished(kind=self.kind, slug=kwargs["slug"]):
                return Response({"detail": "This page was withdrawn."}, status=status.HTTP_410_GONE)
            raise
