"""Reviewers' credentials as records: what a managing editor checked, with whom, and
until when. A reviewer's printed credentials are derived from these."""

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .reviewable import ReviewerProfile

# One abbreviation as printed after a name: letters first, then letters, digits, dots,
# hyphens or parentheses ("MD", "PharmD", "M.B.B.S.", "FRCP(Edin)"). No commas: the
# printed line joins abbreviations with commas, so one record must be one credential.
ABBREVIATION = re.compile(r"^[^\W\d_][\w.()\-]*$")


class CredentialQuerySet(models.QuerySet):
    def held(self, *, on: date):
        """Verified, and not expired on `on`: what a page may print and a reviewer sign with
        (`Credential.is_held_on` for one row in hand)."""
        return self.filter(verified_on__isnull=False).filter(Q(expires_on__isnull=True) | Q(expires_on__gt=on))


class Credential(models.Model):
    """One degree or licence of a reviewer, as its issuing body records it.

    A credential counts once a managing editor has verified it with the issuing body and
    until the day it expires. Changing what it says withdraws the verification: a
    verification is of exactly these details.
    """

    class Kind(models.TextChoices):
        DEGREE = "degree", _("degree")
        LICENCE = "licence", _("licence")
        CERTIFICATION = "certification", _("board certification")

    # What a verification vouches for; changing any of these withdraws it.
    SUBSTANCE = ("reviewer_id", "kind", "abbreviation", "issuing_body", "number", "expires_on")

    reviewer = models.ForeignKey(ReviewerProfile, on_delete=models.PROTECT, related_name="credential_records")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.LICENCE)
    abbreviation = models.CharField(
        max_length=20, help_text='As printed after the reviewer\'s name, e.g. "MD" or "PharmD". One per record.'
    )
    issuing_body = models.CharField(
        max_length=200, help_text='Who granted it and can confirm it, e.g. "General Medical Council".'
    )
    number = models.CharField(
        "licence or registration number",
        max_length=60,
        blank=True,
        help_text="As the issuing body writes it. Required for a licence or certification.",
    )
    expires_on = models.DateField(
        null=True,
        blank=True,
        help_text="From this day it no longer counts. Required for a licence or certification; leave empty for "
        "a degree.",
    )
    verified_on = models.DateField(null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["reviewer", "pk"]
        permissions = [("verify_credential", "Can verify reviewers' credentials with the issuing body")]
        constraints = [
            models.CheckConstraint(
                condition=Q(verified_on__isnull=True, verified_by__isnull=True)
                | Q(verified_on__isnull=False, verified_by__isnull=False),
                name="credential_verified_on_and_by_together",
            ),
        ]

    def __str__(self):
        return f"{self.reviewer.display_name}: {self.description}"

    def clean(self):
        errors = {}
        abbreviation = self.abbreviation.strip()
        if abbreviation and not ABBREVIATION.match(abbreviation):
            errors["abbreviation"] = ValidationError(
                _(
                    'Write one abbreviation without commas or spaces, e.g. "MD"; add each degree or licence as its own '
                    "record."
                ),
                code="abbreviation",
            )
        if self.kind != self.Kind.DEGREE:
            if not self.number.strip():
                errors["number"] = ValidationError(
                    _("Add the %(kind)s number as the issuing body writes it, so it can be checked with them.")
                    % {"kind": self.get_kind_display()},
                    code="no_number",
                )
            if self.expires_on is None:
                errors["expires_on"] = ValidationError(
                    _("Add the date the %(kind)s expires; it must be renewed and verified again by then.")
                    % {"kind": self.get_kind_display()},
                    code="no_expiry",
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_verified(self) -> bool:
        return self.verified_on is not None

    @property
    def description(self) -> str:
        """How messages name it: "MD licence (General Medical Council 1234567)"."""
        issued = " ".join(part for part in (self.issuing_body, self.number) if part)
        return f"{self.abbreviation} {self.get_kind_display()}" + (f" ({issued})" if issued else "")

    def expired_on(self, today: date) -> bool:
        return self.expires_on is not None and self.expires_on <= today

    def is_held_on(self, day: date) -> bool:
        """Verified and not expired on `day`; `Credential.objects.held` in SQL."""
        return self.is_verified and not self.expired_on(day)

    @property
    def expires_on_display(self) -> str:
        return date_format(self.expires_on, "j M Y") if self.expires_on else ""

    def substance(self) -> tuple:
        return tuple(getattr(self, name) for name in self.SUBSTANCE)


class CredentialNotice(models.Model):
    """An expiry message sent about a credential, so the daily job sends each once.

    Keyed by the expiry date it warned of: a renewal with a new date gets its own notices.
    """

    class Kind(models.TextChoices):
        EXPIRING = "expiring", _("expires within 30 days")
        EXPIRED = "expired", _("expired")

    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    expires_on = models.DateField()
    sent_at = models.DateTimeField()
    recipients = models.JSONField(default=list, help_text="The addresses it went to.")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["credential", "kind", "expires_on"], name="one_credential_notice_each"),
        ]

    def __str__(self):
        return f"{self.credential}: {self.get_kind_display()} ({self.expires_on})"
