"""The reviewers' queue and the review screen."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST

from .. import diff, registry, selectors, services
from ..forms import ApproveForm, RequestChangesForm
from ..models import Submission
from .reviewable import run_transition


class SubmissionStatusFilter(admin.SimpleListFilter):
    """Opens on what awaits review; decided submissions are one click away."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*Submission.Status.choices, ("all", "All")]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": (self.value() or Submission.Status.PENDING) == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or Submission.Status.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("title", "kind_column", "submitted_by", "age", "status")
    list_filter = (SubmissionStatusFilter, "content_type")
    list_select_related = ("content_type", "submitted_by")
    search_fields = ("title",)
    ordering = ("submitted_at", "pk")
    change_list_template = "admin/reviews/submission/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Kind", ordering="content_type__model")
    def kind_column(self, submission):
        return submission.content_type.name

    @admin.display(description="Waiting", ordering="submitted_at")
    def age(self, submission):
        return timesince(submission.submitted_at)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "open_flags": selectors.open_flags()[:50]}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:submission_id>/approve/", wrap(self.approve_view), name="reviews_submission_approve"),
            path(
                "<int:submission_id>/request-changes/",
                wrap(self.request_changes_view),
                name="reviews_submission_request_changes",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self.review_view(request, int(object_id))

    def review_view(self, request, submission_id, *, approve_form=None, changes_form=None):
        """What changed against the live page, safety-critical changes first."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        submission = get_object_or_404(
            Submission.objects.select_related("submitted_by", "decided_by"), pk=submission_id
        )
        obj = submission.working_copy
        builder = registry.builder_for(obj)
        live = selectors.current_edition(obj)
        submitted = registry.canonical(builder.content(obj))
        can_decide = submission.status == Submission.Status.PENDING and request.user.has_perm(services.APPROVE)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Review: {submission.title}",
            "submission": submission,
            "obj": obj,
            "obj_admin_url": reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]),
            "preview_url": reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_preview", args=[obj.pk]),
            "live": live,
            "diff": diff.compare(live.content if live else None, submitted, builder),
            "unchanged_since_submission": registry.content_hash(submitted) == submission.content_hash,
            "is_author": request.user.pk in selectors.authors_since_last_edition(obj),
            "can_decide": can_decide,
            "approve_form": approve_form or ApproveForm(),
            "changes_form": changes_form or RequestChangesForm(),
            "waiting": timesince(submission.submitted_at, timezone.now()),
        }
        return TemplateResponse(request, "admin/reviews/review.html", context)

    @method_decorator(require_POST)
    def approve_view(self, request, submission_id):
        if not request.user.has_perm(services.APPROVE):
            raise PermissionDenied
        submission = get_object_or_404(Submission, pk=submission_id)
        form = ApproveForm(request.POST)
        if not form.is_valid():
            return self.review_view(request, submission_id, approve_form=form)
        approved = run_transition(
            request,
            lambda: services.approve(
                submission,
                by=request.user,
                publish_at=form.cleaned_data["publish_at"],
                comment=form.cleaned_data["comment"],
            ),
            success="Approved. "
            + ("It will go live at the time you set." if form.cleaned_data["publish_at"] else "It is live."),
        )
        return self._back(submission, approved)

    @method_decorator(require_POST)
    def request_changes_view(self, request, submission_id):
        if not request.user.has_perm(services.APPROVE):
            raise PermissionDenied
        submission = get_object_or_404(Submission, pk=submission_id)
        form = RequestChangesForm(request.POST)
        if not form.is_valid():
            return self.review_view(request, submission_id, changes_form=form)
        decided = run_transition(
            request,
            lambda: services.request_changes(submission, by=request.user, comment=form.cleaned_data["comment"]),
            success="Sent back to the editor with your comment.",
        )
        return self._back(submission, decided)

    def _back(self, submission, decided: bool):
        if decided:
            return HttpResponseRedirect(reverse("admin:reviews_submission_changelist"))
        return HttpResponseRedirect(reverse("admin:reviews_submission_change", args=[submission.pk]))
