"""The endpoints the review screen and the edit form post comments to.

Comments are read beside the fields they are on, so this admin stays off the index;
it exists for its URLs, which sit under the admin and its login and CSRF checks.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .. import comments
from ..models import ReviewComment, Submission
from .reviewable import run_transition


class CommentForm(forms.Form):
    """A comment on `field` (and `row_id`), or on `target` chosen from a list ("summary",
    "dosing_protocols:12")."""

    field = forms.CharField(max_length=200, required=False)
    row_id = forms.IntegerField(required=False, min_value=1)
    target = forms.RegexField(regex=r"^[\w.]+(:\d+)?$", max_length=220, required=False)
    text = forms.CharField(max_length=comments.MAX_LENGTH, strip=True)

    def clean(self):
        data = super().clean()
        if data.get("target"):
            field, _, row_id = data["target"].partition(":")
            data["field"], data["row_id"] = field, int(row_id) if row_id else None
        if not data.get("field") and "target" not in self.errors:
            self.add_error("field", "Choose a field or row of this page to comment on.")
        return data


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ("label", "text", "author", "created_at", "resolved_at")
    list_select_related = ("author",)

    def has_module_permission(self, request):
        return False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("on/<int:submission_id>/", wrap(self.add_comment_view), name="reviews_reviewcomment_add_to"),
            path("<int:comment_id>/resolve/", wrap(self.resolve_view), name="reviews_reviewcomment_resolve"),
            path("<int:comment_id>/reopen/", wrap(self.reopen_view), name="reviews_reviewcomment_reopen"),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def add_comment_view(self, request, submission_id):
        if not request.user.has_perm(comments.APPROVE):
            raise PermissionDenied
        submission = get_object_or_404(Submission, pk=submission_id)
        back = reverse("admin:reviews_submission_change", args=[submission.pk])
        form = CommentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _form_problem(form))
            return HttpResponseRedirect(back)
        data = form.cleaned_data
        run_transition(
            request,
            lambda: comments.add_comment(
                submission.working_copy, field=data["field"], row_id=data["row_id"], text=data["text"], by=request.user
            ),
            success="Comment added. The editor sees it beside that field in the edit form.",
        )
        return HttpResponseRedirect(back)

    @method_decorator(require_POST)
    def resolve_view(self, request, comment_id):
        comment = get_object_or_404(ReviewComment, pk=comment_id)
        run_transition(
            request, lambda: comments.resolve_comment(comment, by=request.user), success="Comment marked resolved."
        )
        return HttpResponseRedirect(_next(request, comment))

    @method_decorator(require_POST)
    def reopen_view(self, request, comment_id):
        comment = get_object_or_404(ReviewComment, pk=comment_id)
        run_transition(request, lambda: comments.reopen_comment(comment, by=request.user), success="Comment reopened.")
        return HttpResponseRedirect(_next(request, comment))


def _form_problem(form: CommentForm) -> str:
    if "text" in form.errors:
        if not form.data.get("text", "").strip():
            return "Write a comment before adding it."
        return f"Keep a comment under {comments.MAX_LENGTH} characters."
    return "Choose a field or row of this page to comment on."


def _next(request, comment: ReviewComment) -> str:
    """Back where the button was: the edit form or the review screen."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    ct = comment.content_type
    return reverse(f"admin:{ct.app_label}_{ct.model}_change", args=[comment.object_id])
