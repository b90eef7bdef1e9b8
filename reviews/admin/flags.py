"""Live pages that came back to the reviewers: due for review, or citing a study that
changed. A reviewer reads what changed and confirms the page, or sends it to editing."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import diff, registry, selectors, services
from ..forms import ConfirmForm
from ..models import Edition, ReviewFlag
from .audit import ReadOnlyAdmin


class OpenFlagFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", "Open"), ("no", "Resolved"), ("all", "All")]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": (self.value() or "yes") == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "yes"
        if value == "all":
            return queryset
        return queryset.filter(resolved_at__isnull=value == "yes")


@admin.register(ReviewFlag)
class ReviewFlagAdmin(ReadOnlyAdmin):
    list_display = ("page", "kind", "reason", "raised_at", "resolved_at")
    list_filter = (OpenFlagFilter, "reason", "content_type")
    list_select_related = ("edition", "content_type")
    search_fields = ("edition__title",)

    def get_queryset(self, request):
        # Not super()'s: it orders before the rank that `get_ordering` names is annotated.
        return selectors.in_flag_order(self.model._default_manager.all())

    def get_ordering(self, request):
        # Pages citing a retracted study first (readers are told of it until a reviewer
        # decides), then the oldest; the rank is annotated by `selectors.in_flag_order`.
        return ("retraction_rank", "raised_at", "pk")

    @admin.display(description="Page", ordering="edition__title")
    def page(self, flag):
        return flag.edition.title

    @admin.display(description="Kind", ordering="content_type__model")
    def kind(self, flag):
        return flag.content_type.name

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        flag = get_object_or_404(ReviewFlag.objects.select_related("edition", "content_type"), pk=object_id)
        obj = flag.working_copy
        opts = obj._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{flag.get_reason_display()}: {flag.edition.title}",
            "flag": flag,
            "public_url": registry.builder_for(obj).url(flag.edition.slug),
            "obj_admin_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
            "confirm_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_workflow", args=[obj.pk, "confirm"]),
            "confirm_form": ConfirmForm(prefix="confirm"),
            "can_confirm": flag.resolved_at is None and request.user.has_perm(services.APPROVE),
            "diff": self.cited_change(flag),
        }
        return TemplateResponse(request, "admin/reviews/flag.html", context)

    def cited_change(self, flag):
        """For a changed study: its approved edition as the page embeds it, against its current one."""
        if flag.reason != ReviewFlag.Reason.CITED_STUDY_CHANGED:
            return None
        content_type_id, object_id = (int(part) for part in flag.cause.split(":"))
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        cited = model._default_manager.filter(pk=object_id).first()
        embedded = Edition.objects.filter(pk=flag.details.get("cited_edition")).first()
        current = selectors.current_edition(cited) if cited else None
        return diff.compare(
            embedded.content if embedded else None, current.content if current else {}, registry.builder_for(model)
        )
