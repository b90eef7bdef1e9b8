"""Reviewers, and the credentials managing editors record and verify for them."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from .. import credentials
from ..exceptions import WorkflowError
from ..models import Credential, ReviewerProfile


class CredentialRecordsInline(admin.TabularInline):
    """The profile's credentials, read-only: they are recorded and verified one by one."""

    model = Credential
    fields = ("abbreviation", "kind", "issuing_body", "number", "expires_on", "status")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="status")
    def status(self, credential):
        return credential_status(credential)


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ("display_name", "credentials", "user")
    search_fields = ("display_name", "credentials", "user__username", "user__email")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    readonly_fields = ("credentials",)
    inlines = [CredentialRecordsInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and request.user.has_perm("reviews.add_credential"):
            return (*self.readonly_fields, "add_credential")
        return self.readonly_fields

    @admin.display(description="new credential")
    def add_credential(self, profile):
        url = reverse("admin:reviews_credential_add") + f"?reviewer={profile.pk}"
        return format_html('<a href="{}">Record a degree or licence for {}</a>', url, profile.display_name)


def credential_status(credential: Credential) -> str:
    today = timezone.localdate()
    if credential.expired_on(today):
        return f"Expired on {credential.expires_on_display}"
    if not credential.is_verified:
        return "Not verified"
    return f"Verified on {date_format(credential.verified_on, 'j M Y')} by {credential.verified_by}"


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    """Managing editors add and correct credentials here and verify them. Saving goes
    through `credentials.record`, so a change to a verified credential withdraws it."""

    list_display = ("reviewer", "abbreviation", "kind", "issuing_body", "number", "expires_on", "status")
    list_filter = ("kind",)
    list_select_related = ("reviewer", "verified_by")
    search_fields = ("reviewer__display_name", "abbreviation", "issuing_body", "number")
    autocomplete_fields = ("reviewer",)
    fields = ("reviewer", "kind", "abbreviation", "issuing_body", "number", "expires_on", "status")
    readonly_fields = ("status",)
    actions = ["verify_selected"]
    change_form_template = "admin/reviews/credential/change_form.html"

    @admin.display(description="status")
    def status(self, credential):
        return credential_status(credential) if credential.pk else "Not verified"

    def has_delete_permission(self, request, obj=None):
        # An outdated credential stays on record, unverified or expired, for the audit trail.
        return False

    def has_verify_permission(self, request):
        return request.user.has_perm(credentials.VERIFY)

    def save_model(self, request, obj, form, change):
        was_verified = change and Credential.objects.filter(pk=obj.pk, verified_on__isnull=False).exists()
        credentials.record(obj, by=request.user)
        if was_verified and not obj.is_verified:
            messages.warning(request, "Its details changed, so it is no longer verified: verify it again.")

    def get_urls(self):
        wrap = self.admin_site.admin_view  # logged-in staff, CSRF-protected
        return [
            path("<int:credential_id>/verify/", wrap(self.verify_view), name="reviews_credential_verify"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_verify"] = bool(
            obj
            and not obj.is_verified
            and self.has_verify_permission(request)
            and obj.reviewer.user_id != request.user.pk
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @method_decorator(require_POST)
    def verify_view(self, request, credential_id):
        if not self.has_verify_permission(request):
            raise PermissionDenied
        credential = get_object_or_404(Credential, pk=credential_id)
        self._verify(request, credential)
        return HttpResponseRedirect(reverse("admin:reviews_credential_change", args=[credential.pk]))

    @admin.action(description="Verify the selected credentials with their issuing bodies", permissions=["verify"])
    def verify_selected(self, request, queryset):
        for credential in queryset.select_related("reviewer"):
            self._verify(request, credential)

    def _verify(self, request, credential) -> None:
        try:
            credentials.verify(credential, by=request.user)
        except WorkflowError as exc:
            messages.error(request, f"{credential}: {exc}")
        else:
            messages.success(request, f"Verified: {credential}.")
