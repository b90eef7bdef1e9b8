"""The admin base class every content model's admin subclasses, with the workflow
panel, preview, history comparison and revert."""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.formats import get_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from reversion.models import Version

from .. import comments, diff, history, registry, selectors, services, signatures
from ..exceptions import NotAllowed, WorkflowError
from ..forms import ConfirmForm, ReviewableForm, SubmitForm, UnpublishForm
from .rows import OwnedRowInline, OwnedRowStackedInline, PickerView

__all__ = ["OwnedRowInline", "OwnedRowStackedInline", "ReviewableAdmin", "run_transition"]

# The change form's button that saves the form and then submits what was saved.
SAVE_AND_SUBMIT = "_save_and_submit"


def date_placeholder() -> str:
    """The locale's first date input format as a person reads it: "dd/mm/yyyy"."""
    pattern = get_format("DATE_INPUT_FORMATS")[0]
    return pattern.replace("%d", "dd").replace("%m", "mm").replace("%Y", "yyyy").replace("%y", "yy")


def run_transition(request, transition, *, success: str) -> bool:
    """Call a service; turn refusals into a 403 or an error message. True on success."""
    try:
        transition()
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


class ReviewableAdmin(VersionAdmin):
    """Base admin for every reviewable content model.

    Each save through it is one django-reversion Revision carrying the user and the
    change message; the history page lists them and deleted objects can be recovered.
    Workflow actions go through `reviews.services`, which check permission and state.
    """

    form = ReviewableForm
    workflow_fields = ("state", "is_live", "last_reviewed_at", "last_reviewed_by", "review_due_at", "version")
    list_filter = ("state", "is_live")
    list_per_page = 50
    # Counting 50,000 rows on every unfiltered list page buys nothing an editor uses.
    show_full_result_count = False
    history_latest_first = True
    save_on_top = True
    change_form_template = "admin/reviews/change_form.html"
    object_history_template = "admin/reviews/object_history.html"

    WORKFLOW_FORMS = {"submit": SubmitForm, "withdraw": None, "confirm": ConfirmForm, "unpublish": UnpublishForm}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField) and formfield:
            # The site's locale (en-GB) reads 01/02/2026 as 1 February; say so in the box.
            formfield.widget.attrs.setdefault("placeholder", date_placeholder())
        return formfield

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.workflow_fields)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets is None:
            return fieldsets
        return (
            *fieldsets,
            ("Review", {"classes": ("collapse",), "fields": (*self.workflow_fields, "loaded_version")}),
        )

    @contextmanager
    def create_revision(self, request):
        # The admin writes through the same path as importers and commands.
        with services.drafting(by=request.user):
            yield

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1  # the form's clean() locked the row and checked the version
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        # A live page leaves by unpublishing, which is audited; deleting would orphan it.
        if obj is not None and obj.is_live:
            return False
        return super().has_delete_permission(request, obj)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("picker/", wrap(self.picker_view), name=f"{prefix}_picker"),
            path("<path:object_id>/workflow/<str:action>/", wrap(self.workflow_view), name=f"{prefix}_workflow"),
            path("<path:object_id>/preview/", wrap(self.preview_view), name=f"{prefix}_preview"),
            path("<path:object_id>/history/compare/", wrap(self.compare_view), name=f"{prefix}_compare"),
            path(
                "<path:object_id>/history/<int:version_id>/revert/",
                wrap(self.revert_view),
                name=f"{prefix}_revert",
            ),
            *super().get_urls(),
        ]

    def picker_label(self, obj) -> str:
        """How pickers in other pages' rows name `obj`, in results and once chosen."""
        return str(obj)

    def picker_view(self, request):
        return PickerView.as_view(admin_site=self.admin_site)(request)

    def _object(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("No such page.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _url(self, name: str, obj, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=[obj.pk, *args])

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "submit_form": self._submit_form(request)}
        return self._submit_if_saved(request, super().add_view(request, form_url, extra_context))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_or_change_permission(request, obj):
            workflow = self.workflow_panel(request, obj)
            extra_context = {
                **(extra_context or {}),
                "workflow": workflow,
                "submit_form": self._submit_form(request) if "submit" in workflow["actions"] else None,
                "review_comments": self.review_comments(request, obj),
            }
        return self._submit_if_saved(request, super().change_view(request, object_id, form_url, extra_context))

    def review_comments(self, request, obj) -> list[dict]:
        """The page's open review comments, each with whether this person may resolve it
        (an editor of the page or the comment's author). One query, however many rows."""
        may_edit = self.has_change_permission(request, obj)
        return [
            {"comment": comment, "can_resolve": may_edit or comment.author_id == request.user.pk}
            for comment in comments.open_comments(obj)
        ]

    def _submit_form(self, request) -> SubmitForm:
        # Bound on a POST, so the note survives a form sent back with errors.
        return SubmitForm(request.POST if request.method == "POST" else None, prefix="submit")

    def _submit_if_saved(self, request, response):
        """After "Save and submit": submit what the form saved, or say why not.

        Submitting pins a revision of its own, so it runs here, once the save's revision
        and transaction are complete (VersionAdmin wraps add_view and change_view in
        them); a refusal leaves the save standing.
        """
        saved = getattr(response, "saved_for_submission", None)
        if saved is None:
            return response
        form = self._submit_form(request)
        if not form.is_valid():
            problems = " ".join(error for errors in form.errors.values() for error in errors)
            messages.error(request, f"Your changes were saved, but not submitted for review: {problems}")
            return response
        try:
            services.submit(saved, by=request.user, **form.cleaned_data)
        except WorkflowError as exc:
            messages.error(request, f"Your changes were saved, but not submitted for review: {exc}")
        else:
            messages.success(request, "Saved and submitted for medical review.")
        return response

    def response_add(self, request, obj, post_url_continue=None):
        if SAVE_AND_SUBMIT in request.POST:
            return self._saved_for_submission(obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if SAVE_AND_SUBMIT in request.POST:
            return self._saved_for_submission(obj)
        return super().response_change(request, obj)

    def _saved_for_submission(self, obj):
        response = HttpResponseRedirect(self._url("change", obj))
        response.saved_for_submission = obj
        return response

    def workflow_panel(self, request, obj) -> dict:
        actions = selectors.available_actions(obj, request.user)
        pending = selectors.pending_submission(obj)
        return {
            "obj": obj,
            "actions": actions,
            "pending": pending,
            "latest": selectors.latest_submission(obj),
            "edition": selectors.current_edition(obj),
            "public_url": registry.builder_for(obj).url(obj.slug) if obj.is_live else "",
            "preview_url": self._url("preview", obj),
            "history_url": self._url("history", obj),
            "review_url": reverse("admin:reviews_submission_change", args=[pending.pk]) if pending else "",
            # Submitting is the change form's own button, so that it saves the edits first.
            "forms": {
                action: (form(prefix=action) if form else None, self._url("workflow", obj, action))
                for action, form in self.WORKFLOW_FORMS.items()
                if action in actions and action != "submit"
            },
        }

    @method_decorator(require_POST)
    def workflow_view(self, request, object_id, action):
        obj = self._object(request, object_id)
        if action not in self.WORKFLOW_FORMS:
            raise Http404("No such action.")
        form_class = self.WORKFLOW_FORMS[action]
        form = form_class(request.POST, prefix=action) if form_class else None
        if form is not None and not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(self._url("change", obj))
        data = form.cleaned_data if form else {}
        user = request.user

        def sign():
            # Inside the transition, so a refused signature is reported as any refusal is.
            return signatures.sign(user, session=request.session, **form.signature_entered())

        pending = selectors.pending_submission(obj)
        if action == "withdraw" and pending is None:
            messages.error(request, "There is no submission awaiting review to withdraw.")
            return HttpResponseRedirect(self._url("change", obj))
        transitions = {
            "submit": (lambda: services.submit(obj, by=user, **data), "Submitted for medical review."),
            "withdraw": (
                lambda: services.withdraw(pending, by=user),
                "Submission withdrawn; you can edit again.",
            ),
            "confirm": (
                lambda: services.confirm_still_accurate(obj, by=user, signature=sign(), comment=data["comment"]),
                "Confirmed as still accurate; the review date will update.",
            ),
            "unpublish": (
                lambda: services.unpublish(obj, by=user, reason=data["reason"], signature=sign()),
                "The page was taken down.",
            ),
        }
        transition, success = transitions[action]
        run_transition(request, transition, success=success)
        return HttpResponseRedirect(self._url("change", obj))

    @method_decorator(never_cache)
    def preview_view(self, request, object_id):
        """The saved draft in the public template, marked as a preview. Never cached,
        never indexed: it is not approved, and only staff who may see the page reach it."""
        obj = self._object(request, object_id)
        builder = registry.builder_for(obj)
        page = registry.canonical(builder.content(obj))
        review_line = render_to_string(registry.REVIEW_LINE_TEMPLATE, {"preview": True})
        # The objects it links to as the content names them now, from their current editions.
        links = {
            role: [{**link, "url": registry.builder_for_kind(link["kind"]).url(link["slug"])} for link in rows]
            for role, rows in builder.links(page).items()
        }
        body = builder.page_body(builder.render_fragment(page), review_line=review_line, links=links, related_pages=[])
        context = {
            "body": body,
            "page_title": builder.page_title(page),
            "page_description": builder.page_description(page)[:300],
            "preview": True,
            "preview_problems": builder.problems(obj),
        }
        response = render(request, registry.PAGE_TEMPLATE, context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        # django-reversion lists revisions; comparing needs this page's version in each.
        obj = self._object(request, object_id)
        version_ids = dict(Version.objects.get_for_object(obj).values_list("revision_id", "pk"))
        for action in response.context_data["action_list"]:
            action["version_id"] = version_ids[action["revision"].pk]
        return response

    def compare_view(self, request, object_id):
        """Two revisions side by side; "to" defaults to the working copy as it is now."""
        obj = self._object(request, object_id)
        versions = Version.objects.get_for_object(obj)
        older = get_object_or_404(versions, pk=request.GET.get("from") or 0)
        newer = versions.filter(pk=request.GET.get("to") or 0).first()
        builder = registry.builder_for(obj)
        try:
            old_content = history.content_at(older)
            new_content = history.content_at(newer) if newer else registry.canonical(builder.content(obj))
        except WorkflowError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(self._url("history", obj))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": f"Compare versions of {obj}",
            "older": older,
            "newer": newer,
            "diff": diff.compare(old_content, new_content, builder),
            "can_revert": "revert" in selectors.available_actions(obj, request.user),
            "revert_url": self._url("revert", obj, older.pk),
        }
        return TemplateResponse(request, "admin/reviews/compare.html", context)

    @method_decorator(require_POST)
    def revert_view(self, request, object_id, version_id):
        obj = self._object(request, object_id)
        version = get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)
        run_transition(
            request,
            lambda: services.revert(obj, to=version, by=request.user),
            success="Restored as a new draft. The live page is unchanged until a reviewer approves.",
        )
        return HttpResponseRedirect(self._url("change", obj))

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Reversion's own revert screen would write the old version straight back,
        # around the workflow; show what reverting would change instead.
        obj = self._object(request, object_id)
        return HttpResponseRedirect(f"{self._url('compare', obj)}?from={int(version_id)}")
