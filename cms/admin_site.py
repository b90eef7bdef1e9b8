"""The editorial admin site: signing in with a second factor, and setting one up.

Medical reviewers and managing editors sign in with their password and a code from
an authenticator app (or a printed backup code); so does any editor who has set one
up. Someone who must have one and has not yet set it up is sent to set it up before
anything else. The rules (who needs one, which device a code is for) are in
`reviews.second_factor`; django-otp's form mixin, devices and middleware do the work.
"""

from base64 import b32encode
from functools import wraps

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.forms import OTPAuthenticationFormMixin

from reviews import second_factor
from reviews.exceptions import SignatureRefused


class SignInForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """Username, password and, for anyone with an authenticator, its code.

    A wrong code counts as a failed sign-in for django-axes, as a wrong password does,
    so five wrong codes pause the account's sign-in from that address as five wrong
    passwords would; the device itself also backs off after each wrong code.
    """

    otp_token = forms.CharField(
        label=_("Authenticator code"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
        help_text=_(
            "The six digits your authenticator app shows, or one of your backup codes. Medical reviewers and "
            "managing editors always need one; editors once they have set one up."
        ),
    )
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Enter the code your authenticator app shows now, or one of your backup codes."),
        "device_required": _("That is not a code from your authenticator app or your list of backup codes."),
        "invalid_token": _("That code is wrong or was already used. Enter the code your app shows now."),
    }

    def clean(self):
        self.cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and second_factor.has_second_factor(user):
            try:
                self.clean_otp(user)
            except forms.ValidationError as error:
                if error.code != "token_required":
                    user_login_failed.send(
                        sender=type(self),
                        credentials={"username": self.cleaned_data.get("username")},
                        request=self.request,
                    )
                raise
        return self.cleaned_data

    def _chosen_device(self, user):
        # No device list to choose from: the code's shape says which device it is for.
        return second_factor.device_for_code(user, self.cleaned_data.get("otp_token") or "")


class ConfirmAuthenticatorForm(forms.Form):
    code = forms.CharField(
        label=_("The code your app shows now"),
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}),
    )


class EditorialAdminSite(admin.AdminSite):
    site_header = "Compound reference: editorial"
    site_title = "Editorial"
    index_title = "Content and review"
    login_form = SignInForm
    login_template = "admin/sign_in.html"

    def has_permission(self, request):
        """Staff, and signed in with their authenticator if they have one."""
        user = request.user
        if not super().has_permission(request):
            return False
        verified = getattr(user, "is_verified", None)  # set by django-otp's OTPMiddleware
        return bool(verified and verified()) or not second_factor.has_second_factor(user)

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request, *args, **kwargs):
            if self._must_set_up_second_factor(request):
                messages.warning(request, "Set up two-factor sign-in first: you sign approvals with it.")
                return redirect("admin:two_factor")
            return guarded(request, *args, **kwargs)

        return inner

    def _must_set_up_second_factor(self, request) -> bool:
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and second_factor.requires_second_factor(user)
            and not second_factor.has_second_factor(user)
        )

    def get_urls(self):
        # The set-up page is behind the plain staff check, not `admin_view` above,
        # which would send someone who must set it up back to it forever.
        two_factor = super().admin_view(self.two_factor_view)
        return [path("two-factor/", two_factor, name="two_factor"), *super().get_urls()]

    @method_decorator(never_cache)
    def two_factor_view(self, request):
        """Set up an authenticator app (scan or type the key, confirm with a code), and
        get a new list of backup codes. Backup codes are shown once."""
        user = request.user
        current = second_factor.authenticator(user)
        form = ConfirmAuthenticatorForm(request.POST if "confirm" in request.POST else None)
        backup_codes = None
        if request.method == "POST" and "new_backup_codes" in request.POST and current is not None:
            backup_codes = second_factor.issue_backup_codes(user)
        elif form.is_bound and form.is_valid():
            try:
                backup_codes = second_factor.confirm_enrolment(
                    user, second_factor.start_enrolment(user), form.cleaned_data["code"]
                )
            except SignatureRefused as exc:
                form.add_error("code", str(exc))
            else:
                current = second_factor.authenticator(user)
                otp_login(request, current)  # this session is now signed in with it
                form = ConfirmAuthenticatorForm()
        setting_up = backup_codes is None and (current is None or "new" in request.GET or form.errors)
        new_device = second_factor.start_enrolment(user) if setting_up else None
        context = {
            **self.each_context(request),
            "title": "Two-factor sign-in",
            "current": current,
            "required": second_factor.requires_second_factor(user),
            "new_device": new_device,
            "secret": " ".join(_groups_of_four(b32encode(new_device.bin_key).decode())) if new_device else "",
            "form": form,
            "backup_codes": backup_codes,
        }
        return TemplateResponse(request, "admin/two_factor.html", context)


def _groups_of_four(text: str) -> list[str]:
    return [text[i : i + 4] for i in range(0, len(text), 4)]
