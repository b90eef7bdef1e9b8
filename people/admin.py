from django.contrib import admin

from reviews.admin import OwnedRowInline, ReviewableAdmin

from .models import Disclosure, Person


class DisclosureInline(OwnedRowInline):
    model = Disclosure
    fields = ("interest", "funder", "period")


@admin.register(Person)
class PersonAdmin(ReviewableAdmin):
    list_display = ("name", "job_title", "reviewer", "state", "is_live", "last_reviewed_at")
    list_select_related = ("reviewer",)
    search_fields = ("name", "job_title", "specialties")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("reviewer",)
    inlines = (DisclosureInline,)
    fieldsets = (
        (None, {"fields": ("name", "slug", "job_title", "specialties", "reviewer")}),
        ("About them", {"fields": ("bio",)}),
    )
