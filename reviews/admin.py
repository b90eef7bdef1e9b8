from django.contrib import admin
from reversion.admin import VersionAdmin

from .models import ReviewerProfile


class OwnedRowInline(admin.TabularInline):
    """Child rows (dosing rows, side effects...) edited on their parent's page, in order."""

    extra = 0
    ordering = ("position", "pk")


class OwnedRowStackedInline(admin.StackedInline):
    """For rows whose text is too long for a table row (FAQ answers, steps)."""

    extra = 0
    ordering = ("position", "pk")


class ReviewableAdmin(VersionAdmin):
    """Base admin for every reviewable content model.

    Each save through it is one django-reversion Revision carrying the user and the
    change message; the history page lists them and deleted objects can be recovered.
    """

    workflow_fields = ("state", "is_live", "last_reviewed_at", "last_reviewed_by", "review_due_at", "version")
    list_filter = ("state", "is_live")
    list_per_page = 50
    # Counting 50,000 rows on every unfiltered list page buys nothing an editor uses.
    show_full_result_count = False
    history_latest_first = True
    save_on_top = True

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.workflow_fields)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets is None:
            return fieldsets
        return (*fieldsets, ("Review", {"classes": ("collapse",), "fields": self.workflow_fields}))


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ("display_name", "credentials", "user")
    search_fields = ("display_name", "credentials", "user__username", "user__email")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
