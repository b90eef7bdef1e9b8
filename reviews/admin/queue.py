"""The reviewers' queue and the review screen."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST

from .. import credentials, diff, registry, selectors, services, signatures
from ..exceptions import NotAllowed, SignatureRefused, WorkflowError
from ..forms import ApproveForm, AssignForm, RequestChangesForm
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


class AssignmentFilter(admin.SimpleListFilter):
    """The dashboard's reviewer lists, as queue filters."""

    title = "assignment"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Assigned to me"), ("nobody", "Unassigned"), ("overdue", "Overdue")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to=None)
        if self.value() == "overdue":
            return queryset.filter(status=Submission.Status.PENDING, due_at__lt=timezone.now())
        return queryset


class KindFilter(admin.SimpleListFilter):
    """The kinds of content that go through review, not every table's content type."""

    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(b.model._meta.label_lower, b.model._meta.verbose_name.capitalize()) for b in registry.builders()]

    def queryset(self, request, queryset):
        if self.value() in {b.model._meta.label_lower for b in registry.builders()}:
            app_label, model = self.value().split(".")
            return queryset.filter(content_type__app_label=app_label, content_type__model=model)
        return queryset


def _scheduled_message(publish_at) -> str:
    # The date read back in words, so a day and month read the wrong way round show at once.
    when = timezone.localtime(publish_at)
    return f"Approved. It will go live on {date_format(when, 'j F Y')} at {when:%H:%M}."


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "kind_column",
        "risk_column",
        "approvals_column",
        "assignee",
        "due",
        "submitted_by",
        "age",
        "status",
    )
    list_filter = (SubmissionStatusFilter, AssignmentFilter, "risk", KindFilter)
    list_select_related = ("content_type", "submitted_by", "assigned_to")
    search_fields = ("title",)
    change_list_template = "admin/reviews/submission/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Not super()'s: it orders before the rank that `get_ordering` names is annotated.
        submissions = self.model._default_manager.annotate(
            approvals_given=Count("approvals", filter=Q(approvals__voided_at=None))
        )
        return selectors.in_queue_order(submissions)

    def get_ordering(self, request):
        # The queue's order: pages citing a retracted study, then safety-critical, then
        # the longest waiting. A method, not `ordering`, which the admin's checks want to
        # be model fields: the rank is annotated by `selectors.in_queue_order`.
        return ("risk_rank", "submitted_at", "pk")

    @admin.display(description="Kind", ordering="content_type__model")
    def kind_column(self, submission):
        return submission.content_type.name

    @admin.display(description="Risk", ordering="risk_rank")
    def risk_column(self, submission):
        risk = format_html(
            '<span class="risk risk-{}">{}</span>', submission.risk.replace("_", "-"), submission.get_risk_display()
        )
        if getattr(submission, "cites_retracted", False):
            return format_html('<strong class="risk risk-retracted">Cites a retracted study</strong> {}', risk)
        return risk

    @admin.display(description="Approvals")
    def approvals_column(self, submission):
        # "1 of 2": a safety-critical change is published at its second reviewer's approval.
        if submission.status != Submission.Status.PENDING:
            return "—"
        return f"{submission.approvals_given} of {submission.approvals_required}"

    @admin.display(description="Assigned to", ordering="assigned_to__first_name")
    def assignee(self, submission):
        return _person(submission.assigned_to) if submission.assigned_to else "Unassigned"

    @admin.display(description="Due", ordering="due_at")
    def due(self, submission):
        if submission.due_at is None:
            return "—"
        when = date_format(timezone.localtime(submission.due_at), "j M Y")
        if submission.is_overdue():
            return format_html('<strong class="overdue">Overdue</strong> since {}', when)
        return when

    @admin.display(description="Waiting", ordering="submitted_at")
    def age(self, submission):
        return timesince(submission.submitted_at)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "open_flags": selectors.open_flags()[:50],
            "due_days": settings.REVIEW_DUE_DAYS,
        }
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
            path("<int:submission_id>/assign/", wrap(self.assign_view), name="reviews_submission_assign"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self.review_view(request, int(object_id))

    def review_view(self, request, submission_id, *, approve_form=None, changes_form=None, assign_form=None):
        """What changed against the live page, safety-critical changes first; for a first
        publication the page itself with its safety-critical content as a checklist; and
        for a resubmission, what changed since the reviewer sent it back."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        submission = get_object_or_404(
            Submission.objects.select_related("submitted_by", "decided_by", "assigned_to", "content_type"),
            pk=submission_id,
        )
        obj = submission.working_copy
        builder = registry.builder_for(obj)
        live = selectors.current_edition(obj)
        current = registry.canonical(builder.content(obj))
        problems = []
        try:
            submitted = selectors.submitted_content(submission, working_copy_content=current)
        except WorkflowError as exc:
            submitted, problems = current, [str(exc)]
        returned = selectors.returned_submission(submission)
        since_returned = None
        if returned is not None:
            try:
                sent_back = selectors.submitted_content(returned, working_copy_content=current)
                since_returned = diff.compare(sent_back, submitted, builder)
            except WorkflowError as exc:
                problems.append(f"What was sent back cannot be shown: {exc}")
        pending = submission.status == Submission.Status.PENDING
        may_review = request.user.has_perm(services.APPROVE)
        signed = selectors.sign_off(submission)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Review: {submission.title}",
            "submission": submission,
            "obj": obj,
            "obj_admin_url": reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]),
            "preview_url": reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_preview", args=[obj.pk]),
            "live": live,
            "diff": diff.compare(live.content, submitted, builder) if live else None,
            "preview_body": builder.preview_body(submitted) if live is None else "",
            "checklist": diff.compare(None, submitted, builder).critical if live is None else [],
            "returned": returned,
            "since_returned": since_returned,
            "problems": problems,
            "unchanged_since_submission": registry.content_hash(current) == submission.content_hash,
            "is_author": request.user.pk in selectors.authors_since_last_edition(obj),
            "cannot_sign": credentials.why_cannot_sign(request.user) if pending and may_review else "",
            "is_overdue": submission.is_overdue(),
            "can_decide": pending and may_review,
            "sign_off": signed,
            "approved_already": signed.signed_by(request.user),
            "approve_form": approve_form or ApproveForm(publishes=signed.next_publishes),
            "changes_form": changes_form or RequestChangesForm(),
            "assign_form": (assign_form or self._assign_form(submission)) if pending and may_review else None,
            "waiting": timesince(submission.submitted_at, timezone.now()),
        }
        return TemplateResponse(request, "admin/reviews/review.html", context)

    def _assign_form(self, submission, data=None) -> AssignForm:
        initial = {"reviewer": submission.assigned_to_id}
        return AssignForm(data, initial=initial, reviewers=selectors.assignable_reviewers(submission))

    @method_decorator(require_POST)
    def approve_view(self, request, submission_id):
        if not request.user.has_perm(services.APPROVE):
            raise PermissionDenied
        submission = get_object_or_404(Submission, pk=submission_id)
        form = ApproveForm(request.POST)
        if not form.is_valid():
            return self.review_view(request, submission_id, approve_form=form)
        publish_at = form.cleaned_data["publish_at"]
        # Not `run_transition`: what to say depends on whether this approval published.
        try:
            signature = signatures.sign(request.user, session=request.session, **form.signature_entered())
            edition = services.approve(
                submission,
                by=request.user,
                signature=signature,
                publish_at=publish_at,
                comment=form.cleaned_data["comment"],
            )
        except SignatureRefused as exc:
            # Back to the form with what was entered, but for the password and code.
            form.add_error(None, str(exc))
            return self.review_view(request, submission_id, approve_form=form)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        except WorkflowError as exc:
            messages.error(request, str(exc))
            return self._back(submission, False)
        if edition is None:
            messages.success(
                request, "First approval recorded: a second medical reviewer must approve before it is published."
            )
        else:
            messages.success(request, _scheduled_message(publish_at) if publish_at else "Approved. It is live.")
        return self._back(submission, True)

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

    @method_decorator(require_POST)
    def assign_view(self, request, submission_id):
        if not request.user.has_perm(services.APPROVE):
            raise PermissionDenied
        submission = get_object_or_404(Submission, pk=submission_id)
        form = self._assign_form(submission, request.POST)
        if not form.is_valid():
            return self.review_view(request, submission_id, assign_form=form)
        reviewer = form.cleaned_data["reviewer"]
        run_transition(
            request,
            lambda: services.assign(submission, reviewer, by=request.user),
            success=f"Assigned to {_person(reviewer)}." if reviewer else "Nobody is assigned now.",
        )
        return HttpResponseRedirect(reverse("admin:reviews_submission_change", args=[submission.pk]))

    def _back(self, submission, decided: bool):
        if decided:
            return HttpResponseRedirect(reverse("admin:reviews_submission_changelist"))
        return HttpResponseRedirect(reverse("admin:reviews_submission_change", args=[submission.pk]))
