from django.contrib import admin
from django.db.models import Case, IntegerField, Q, Value, When

from reviews.admin import ReviewableAdmin

from .models import Study, normalise_doi


@admin.register(Study)
class StudyAdmin(ReviewableAdmin):
    list_display = ("citation_column", "title", "design", "funding", "participants", "state", "is_live")
    list_filter = ("design", "funding", "direction", *ReviewableAdmin.list_filter)
    search_fields = ("=pmid", "=doi", "title", "authors", "journal")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("pmid", "doi", "title", "slug", "authors", "journal", "year")}),
        ("What was studied", {"fields": ("design", "participants", "population", "funding", "risk_of_bias")}),
        ("What it found", {"fields": ("finding", "direction")}),
    )

    @admin.display(description="Study", ordering="-year")
    def citation_column(self, study):
        return study.citation

    def picker_label(self, study) -> str:
        return study.picker_label

    def get_search_results(self, request, queryset, search_term):
        """Studies whose identifier, first author, authors or title match, in that order.

        A pasted DOI link finds its study; the study picker lists the best match first
        (the changelist sorts by its own column instead).
        """
        term = search_term.strip()
        doi = normalise_doi(term)
        if doi != term:
            search_term = doi
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not term:
            return queryset, may_have_duplicates
        first_word = term.split()[0]
        relevance = Case(
            When(Q(pmid=term) | Q(doi__iexact=doi), then=Value(0)),
            When(authors__istartswith=first_word, then=Value(1)),
            When(authors__icontains=first_word, then=Value(2)),
            When(title__icontains=term, then=Value(3)),
            default=Value(4),
            output_field=IntegerField(),
        )
        return queryset.annotate(relevance=relevance).order_by("relevance", "-year", "title"), may_have_duplicates
