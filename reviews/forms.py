from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .exceptions import WorkflowError
from .models import ChangeKind
from .models.workflow import CHANGE_NOTE_MAX_LENGTH


class ReviewableForm(forms.ModelForm):
    """The admin form of every reviewable: refuses saves over review or over newer work.

    `loaded_version` travels with the form, so a save made from a page opened before
    someone else's save is caught (optimistic locking) instead of overwriting it.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            loaded = cleaned.get("loaded_version")
            try:
                services.check_editable(self.instance, loaded_version=loaded, changed=self.changed_data)
            except WorkflowError as exc:
                raise forms.ValidationError(str(exc), code=type(exc).__name__.lower()) from exc
        return cleaned


class SigningForm(forms.Form):
    """An action that is a signature (approve, confirm, take down): the password and
    code the signer enters, which `reviews.signatures.sign` checks. Both at the first
    signing since signing in, either one after that."""

    SIGNING_FIELDS = ["password", "code"]

    # No help text of their own: the screens say once, beside both, what to enter.
    password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Authenticator code"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Signing comes last, after what is being signed.
        self.order_fields([name for name in self.fields if name not in self.SIGNING_FIELDS] + self.SIGNING_FIELDS)

    def signature_entered(self) -> dict:
        """What to pass to `signatures.sign`, from a valid form."""
        return {name: self.cleaned_data[name] for name in self.SIGNING_FIELDS}


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the reviewer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What changed and why, so the reviewer knows where to look."),
    )
    change_note = forms.CharField(
        label=_("Change note for readers"),
        required=False,
        max_length=CHANGE_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Printed on the page once approved, e.g. “The maximum daily dose is now 30 mL, as in the 2023 label.” "
            "Required when the change touches doses, side effects, interactions or the evidence score."
        ),
    )
    change_kind = forms.TypedChoiceField(
        label=_("The change is"),
        choices=ChangeKind.choices,
        initial=ChangeKind.UPDATE,
        # Left unchosen, a change is an update: the note then reads "Updated".
        required=False,
        empty_value=ChangeKind.UPDATE,
        widget=forms.RadioSelect,
        help_text=_("A correction fixes something the page got wrong; it is also listed on the corrections page."),
    )


# The site is written in British English: dates are day/month/year, times on the
# 24-hour clock. An ISO date (2026-12-25 14:30) is unambiguous and accepted too; a
# US month-first date is refused rather than read with day and month swapped.
PUBLISH_AT_FORMAT = "%d/%m/%Y %H:%M"
PUBLISH_AT_INPUT_FORMATS = [PUBLISH_AT_FORMAT, "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
PUBLISH_AT_EXAMPLE = "25/12/2026 14:30"


class ApproveForm(SigningForm):
    """Shares the review screen with RequestChangesForm, which also has a "comment":
    each form's own ids keep every label on its own field."""

    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        input_formats=PUBLISH_AT_INPUT_FORMATS,
        widget=forms.DateTimeInput(
            format=PUBLISH_AT_FORMAT,
            attrs={"placeholder": "dd/mm/yyyy hh:mm", "inputmode": "numeric", "autocomplete": "off", "size": 16},
        ),
        error_messages={
            "invalid": _(
                "Enter the day first, then the month and year, and a 24-hour time: for example %(example)s "
                "for 25 December at half past two in the afternoon."
            )
            % {"example": PUBLISH_AT_EXAMPLE}
        },
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, publishes: bool = True, **kwargs):
        """`publishes`: whether this approval would publish; one that waits for another
        reviewer's has no publish time to choose."""
        super().__init__(*args, auto_id="id_approve_%s", **kwargs)
        if not publishes:
            del self.fields["publish_at"]
            return
        self.fields["publish_at"].help_text = _("dd/mm/yyyy hh:mm, %(zone)s. Leave empty to publish now.") % {
            "zone": timezone.get_current_timezone_name()
        }

    def clean_publish_at(self):
        publish_at = self.cleaned_data["publish_at"]
        if publish_at and publish_at < timezone.now():
            raise forms.ValidationError(_("That time has passed; leave it empty to publish now."), code="past")
        return publish_at


class AssignForm(forms.Form):
    """Who reviews a waiting submission; the choice excludes its authors."""

    reviewer = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=None,
        required=False,
        empty_label=_("Nobody"),
        error_messages={"invalid_choice": _("Choose a medical reviewer who did not edit this version.")},
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, auto_id="id_assign_%s", **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what needs to change: the editor will work from your comment.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="id_changes_%s", **kwargs)


class ConfirmForm(SigningForm):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class UnpublishForm(SigningForm):
    reason = forms.CharField(
        label=_("Reason for taking the page down"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for taking the page down; it goes into the audit log.")},
    )
