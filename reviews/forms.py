from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .exceptions import WorkflowError


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


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the reviewer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What changed and why, so the reviewer knows where to look."),
    )


class ApproveForm(forms.Form):
    """Shares the review screen with RequestChangesForm, which also has a "comment":
    each form's own ids keep every label on its own field."""

    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty to publish now."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="id_approve_%s", **kwargs)

    def clean_publish_at(self):
        publish_at = self.cleaned_data["publish_at"]
        if publish_at and publish_at < timezone.now():
            raise forms.ValidationError(_("That time has passed; leave it empty to publish now."), code="past")
        return publish_at


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what needs to change: the editor will work from your comment.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="id_changes_%s", **kwargs)


class ConfirmForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for taking the page down"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for taking the page down; it goes into the audit log.")},
    )
