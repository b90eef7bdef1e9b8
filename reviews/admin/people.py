from django.contrib import admin

from ..models import ReviewerProfile


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ("display_name", "credentials", "user")
    search_fields = ("display_name", "credentials", "user__username", "user__email")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
