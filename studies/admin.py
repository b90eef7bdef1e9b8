from django.contrib import admin

from reviews.admin import ReviewableAdmin

from .models import Study


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
