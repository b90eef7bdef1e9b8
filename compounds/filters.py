"""The directory's filters and search, over current compound Editions only. The
public directory and the API share this FilterSet."""

import re

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, Q, TextField, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Concat

from reviews import selectors

from . import scoring
from .models import Compound

# pg_trgm word similarity at which a word counts as the one searched for: one wrong
# letter in a name of eight or more letters stays above it.
TYPO_SIMILARITY = 0.5


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
        """Names first: a prefix of a word (`cerebro`), another name (`FPF-1070`) or one
        typo (`cerebrolisin`) finds a compound on PostgreSQL (full-text prefix matching
        plus trigram similarity); SQLite, the embedded default, matches substrings."""
        value = value.strip()
        if not value:
            return queryset
        if connection.vendor != "postgresql":
            return queryset.filter(facets__search__icontains=value).order_by("title", "pk")
        words = re.findall(r"\w+", value.lower())
        if not words:
            return queryset.none()
        text = Cast(KeyTextTransform("search", "facets"), TextField())
        other_names = Cast(KeyTextTransform("other_names", "content"), TextField())
        names = Concat("title", Value(" "), other_names, output_field=TextField())
        prefixes = SearchQuery(" & ".join(f"{word}:*" for word in words), config="simple", search_type="raw")
        found = queryset.annotate(
            document=SearchVector(text, config="simple"),
            rank=SearchRank("document", prefixes),
            name_similarity=TrigramWordSimilarity(value, names),
        )
        # A typo is forgiven in names only: across summaries it would find near-misses.
        found = found.filter(Q(document=prefixes) | Q(name_similarity__gte=TYPO_SIMILARITY))
        name_match = Case(
            When(title__istartswith=value, then=Value(2)),
            When(name_similarity__gte=TYPO_SIMILARITY, then=Value(1)),
            default=Value(0),
        )
        return found.annotate(name_match=name_match).order_by("-name_match", "-name_similarity", "-rank", "title")


class CompoundApiFilter(CompoundDirectoryFilter):
    """The directory's filters for the API. Class and area are free text there: their
    values change with what is published, so the schema cannot list them, and a value
    no live compound has finds nothing (200, empty) instead of being refused."""

    drug_class = django_filters.CharFilter(method="by_facet", label="Class (as the directory lists it)")
    area = django_filters.CharFilter(method="by_facet", label="Area slug")
