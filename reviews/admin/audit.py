"""The audit log and the editions, read-only for everyone: they are the record."""

import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone

from ..models import AuditEvent, Edition

# A first approval of a change that needs two is a signature too, though it publishes nothing.
APPROVAL_ACTIONS = ("review.approval_recorded", "review.approved", "review.confirmed")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _csv_safe(value) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet; keep it text.
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def _signed_by(event) -> str:
    """Everyone whose approval published the edition ("A, MD; B, PharmD"), or the one reviewer."""
    signatories = event.data.get("signatories") or [
        {"name": event.data.get("reviewer_name", ""), "credentials": event.data.get("reviewer_credentials", "")}
    ]
    return "; ".join(f"{s['name']}, {s['credentials']}" for s in signatories if s["name"])


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "actor", "object_repr", "comment")
    list_filter = ("action", "content_type", ("created_at", admin.DateFieldListFilter))
    list_select_related = ("actor",)
    search_fields = ("object_repr", "comment", "actor__username")
    date_hierarchy = "created_at"
    change_list_template = "admin/reviews/auditevent/change_list.html"
    show_full_result_count = False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("approvals.csv", wrap(self.export_approvals), name="reviews_auditevent_export"),
            *super().get_urls(),
        ]

    def export_approvals(self, request):
        """Every approval (a first of two included) and re-confirmation in the current filter: who, when, what
        hash, which credentials, and everyone who signed the edition it published."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        events = (
            self.get_changelist_instance(request)
            .get_queryset(request)
            .filter(action__in=APPROVAL_ACTIONS)
            .select_related("actor", "content_type")
            .order_by("created_at", "pk")
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="approvals-{timezone.localdate():%Y-%m-%d}.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "time",
                "action",
                "kind",
                "object",
                "reviewer",
                "reviewer name",
                "credentials",
                "signed by",
                "content hash",
                "edition",
                "revision",
                "comment",
            ]  # fmt: skip
        )
        for event in events.iterator():
            row = [
                event.created_at.isoformat(),
                event.action,
                event.content_type.model if event.content_type else "",
                event.object_repr,
                event.actor.get_username() if event.actor else "",
                event.data.get("reviewer_name", ""),
                event.data.get("reviewer_credentials", ""),
                _signed_by(event),
                event.data.get("content_hash", ""),
                event.edition_id or "",
                event.revision_id or "",
                event.comment,
            ]
            writer.writerow([_csv_safe(value) for value in row])
        return response


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    list_display = (
        "title",
        "kind",
        "slug",
        "approved_by",
        "signed_by",
        "approved_at",
        "published_at",
        "superseded_at",
        "unpublished_at",
    )
    list_filter = ("kind", ("published_at", admin.EmptyFieldListFilter), ("unpublished_at", admin.EmptyFieldListFilter))
    list_select_related = ("approved_by",)
    search_fields = ("title", "slug")
    exclude = ("content", "facets")
    show_full_result_count = False

    @admin.display(description="Signed by")
    def signed_by(self, edition):
        # Every reviewer whose approval published it: two for a safety-critical change.
        return "; ".join(f"{s['name']}, {s['credentials']}" for s in edition.signatories) or "—"
