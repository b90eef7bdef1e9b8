from django.contrib import admin

from reviews.admin import OwnedRowInline, OwnedRowStackedInline, ReviewableAdmin

from . import models


class MechanismStepInline(OwnedRowStackedInline):
    model = models.MechanismStep
    fields = ("title", "text")


class VerdictInline(OwnedRowStackedInline):
    model = models.Verdict
    fields = ("outcome", ("verdict", "quality"), "note", "studies")
    autocomplete_fields = ("studies",)


class DosingProtocolInline(OwnedRowInline):
    model = models.DosingProtocol
    fields = ("use", "dose_min", "dose_max", "unit", "route", "frequency", "duration", "basis", "note")


class CompoundFormInline(OwnedRowInline):
    model = models.CompoundForm
    fields = ("name", "advice", "note")


class SideEffectInline(OwnedRowInline):
    model = models.SideEffect
    fields = ("name", "frequency", "note", "tip")


class CautionInline(OwnedRowInline):
    model = models.Caution
    fields = ("kind", "name", "note")


class SkipItemInline(OwnedRowInline):
    model = models.SkipItem
    fields = ("title", "text")


class FaqEntryInline(OwnedRowStackedInline):
    model = models.FaqEntry
    fields = ("question", "answer")


class KeyTakeawayInline(OwnedRowInline):
    model = models.KeyTakeaway
    fields = ("text",)


class EvidenceLinkInline(OwnedRowInline):
    model = models.EvidenceLink
    fields = ("study", "note", "pools")
    autocomplete_fields = ("study", "pools")


@admin.register(models.Compound)
class CompoundAdmin(ReviewableAdmin):
    list_display = ("name", "kind", "drug_class", "area", "fda_status", "state", "is_live", "updated_at")
    list_filter = ("kind", "area", "fda_status", *ReviewableAdmin.list_filter)
    list_select_related = ("area",)
    search_fields = ("name", "other_names", "drug_class")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("related_compounds",)
    # In the order a reader meets the sections on the page.
    inlines = (
        KeyTakeawayInline,
        MechanismStepInline,
        EvidenceLinkInline,
        VerdictInline,
        DosingProtocolInline,
        CompoundFormInline,
        SideEffectInline,
        CautionInline,
        SkipItemInline,
        FaqEntryInline,
    )
    fieldsets = (
        (None, {"fields": ("name", "slug", "other_names", "kind", "drug_class", "area")}),
        ("Regulatory status", {"fields": ("approved_in", "fda_status", "manufacturer", "is_proprietary")}),
        ("The page", {"fields": ("summary", "standard_dose", "what_it_is", "mechanism")}),
        (
            "Evidence",
            {
                "fields": ("evidence_appraisal", "evidence_score_override", "evidence_override_reason"),
                "description": "The score is computed from the linked studies (see “how we score”). "
                "Override it only with a reason the medical reviewer can check.",
            },
        ),
        ("Dosing", {"fields": ("dose_response", "higher_dose_note")}),
        (
            "Timing and cycle",
            {"fields": ("timing", ("cycle_min_days", "cycle_optimal_days"), "cycling", "cycle_note")},
        ),
        (
            "Safety",
            {
                "fields": ("no_known_adverse_effects_reason",),
                "description": "List side effects and cautions in their tables below. Only when none are known, "
                "say why here instead.",
            },
        ),
        ("Stacking", {"fields": ("stacking_note", "related_compounds")}),
    )


@admin.register(models.Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
