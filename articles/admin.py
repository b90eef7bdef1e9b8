from django.contrib import admin

from reviews.admin import OwnedRowInline, OwnedRowStackedInline, ReviewableAdmin

from . import models


class ArticleKeyTakeawayInline(OwnedRowInline):
    model = models.ArticleKeyTakeaway
    fields = ("text",)


class ArticleAuthorInline(OwnedRowInline):
    model = models.ArticleAuthor
    fields = ("person",)
    autocomplete_fields = ("person",)
    verbose_name_plural = "authors (in byline order; each needs an approved page)"


class ArticleSourceInline(OwnedRowInline):
    model = models.ArticleSource
    fields = ("study", "note")
    autocomplete_fields = ("study",)


class ArticleSkipItemInline(OwnedRowInline):
    model = models.ArticleSkipItem
    fields = ("title", "text")


class ArticleFaqEntryInline(OwnedRowStackedInline):
    model = models.ArticleFaqEntry
    fields = ("question", "answer")


@admin.register(models.Article)
class ArticleAdmin(ReviewableAdmin):
    list_display = ("title", "kind", "category", "published_on", "state", "is_live", "updated_at")
    list_filter = ("kind", "category", *ReviewableAdmin.list_filter)
    list_select_related = ("category",)
    search_fields = ("title", "description")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("category", "tags", "related_compounds", "related_articles", "compound")
    inlines = (
        ArticleAuthorInline,
        ArticleKeyTakeawayInline,
        ArticleSourceInline,
        ArticleSkipItemInline,
        ArticleFaqEntryInline,
    )
    fieldsets = (
        (None, {"fields": ("kind", "title", "slug", "description", "category", "tags", "published_on")}),
        ("Image", {"fields": ("image", "image_alt")}),
        ("Body", {"fields": ("body",)}),
        (
            "Use-case pages",
            {
                "classes": ("collapse",),
                "fields": ("compound", "indication", "evidence_tier", "evidence_summary", "protocol_notes"),
            },
        ),
        (
            "Related",
            {
                "fields": ("related_compounds", "related_articles"),
                "description": "Related articles are listed under “Where to go next”, with the compound's "
                "profile on a use-case page.",
            },
        ),
    )


@admin.register(models.Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(models.Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
