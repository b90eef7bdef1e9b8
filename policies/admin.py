from django.contrib import admin

from reviews.admin import ReviewableAdmin

from .models import PolicyPage


@admin.register(PolicyPage)
class PolicyPageAdmin(ReviewableAdmin):
    list_display = ("title", "role", "state", "is_live", "last_reviewed_at")
    list_filter = ("role", *ReviewableAdmin.list_filter)
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = ((None, {"fields": ("role", "title", "slug", "summary", "body")}),)
