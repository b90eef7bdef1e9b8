from django.contrib import admin, messages

from .models import FailedPurge


@admin.register(FailedPurge)
class FailedPurgeAdmin(admin.ModelAdmin):
    """Take-downs that shared caches may still serve. Retried automatically until the
    purge succeeds; an admin can also try at once."""

    list_display = ["__str__", "failed_at", "attempts", "last_attempt_at", "reason", "purged_at"]
    list_filter = [("purged_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["tags", "reason", "attempts", "failed_at", "last_attempt_at", "purged_at"]
    actions = ["try_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Purge the selected pages again now", permissions=["view"])
    def try_again(self, request, queryset):
        remaining = sum(not record.try_again() for record in queryset.filter(purged_at=None))
        if remaining:
            self.message_user(request, f"{remaining} purge(s) failed again; see the reason.", messages.ERROR)
        else:
            self.message_user(request, "Purged.", messages.SUCCESS)
