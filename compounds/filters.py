"""The directory's filters and search, over current compound Editions only. The
public directory and the API share this FilterSet."""

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import TextField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from reviews import selectors

from . import scoring
from .models import Compound


def _facet_choices(key: str, label_key: str | None = None):
    """Values of a facet across live compounds, as (value, label) pairs; one query."""

    def choices():
        rows = (
            selectors.current_editions("compound")
            .values_list(f"facets__{key}", f"facets__{label_key or key}")
            .distinct()
        )
        return sorted({(value, label) for value, label in rows if value}, key=lambda pair: str(pair[1]).lower())

    return choices


class CompoundDirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    kind = django_filters.ChoiceFilter(field_name="facets__kind", choices=Compound.Kind.choices, label="Kind")
    # Their choices are whatever live compounds have, so they filter through a method
    # whose type hint tells the API schema they are text.
    drug_class = django_filters.ChoiceFilter(choices=_facet_choices("drug_class"), method="by_facet", label="Class")
    area = django_filters.ChoiceFilter(choices=_facet_choices("area", "area_name"), method="by_facet", label="Area")
    tier = django_filters.ChoiceFilter(
        field_name="facets__tier", choices=[(name, name) for _, name in scoring.TIERS], label="Evidence tier"
    )
    fda_status = django_filters.ChoiceFilter(
        field_name="facets__fda_status", choices=Compound.FdaStatus.choices, label="Regulatory status"
    )

    def by_facet(self, queryset, name: str, value: str):
        return queryset.filter(**{f"facets__{name}": value})

    def search(self, queryset, name: str, value: str):
        """PostgreSQL full-text search where we have it; a plain substring match on SQLite."""
        value = value.strip()
        if not value:
            return queryset
        if connection.vendor == "postgresql":
            vector = SearchVector(Cast(KeyTextTransform("search", "facets"), TextField()), config="english")
            query = SearchQuery(value, config="english", search_type="websearch")
            return queryset.annotate(rank=SearchRank(vector, query)).filter(rank__gt=0).order_by("-rank", "title")
        return queryset.filter(facets__search__icontains=value)
