"""Submissions, the editions approved from them and the review stamps on them."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision


class ContentRef(models.Model):
    """Points at one reviewable working copy of any content type."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    working_copy = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True

    @classmethod
    def for_object(cls, obj):
        return cls.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class ChangeKind(models.TextChoices):
    """What a change note tells readers: that the page was brought up to date, or that
    it said something wrong."""

    UPDATE = "update", _("Update")
    CORRECTION = "correction", _("Correction")


CHANGE_NOTE_MAX_LENGTH = 500
# The corrections page and feed list corrections of every kind: their cache tag is
# `Edition.list_tag(CORRECTIONS)`.
CORRECTIONS = "correction"


class Submission(ContentRef):
    """A request for medical review of one pinned revision of a working copy."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Risk(models.TextChoices):
        # Declared in the order the queue reads them: what can hurt a reader first.
        SAFETY_CRITICAL = "safety_critical", _("Safety-critical")
        ROUTINE = "routine", _("Routine")

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of exactly what was submitted.")
    title = models.CharField(max_length=500)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True, help_text="The editor's note to the reviewer.")
    # Approved with the change and copied onto its Edition; fixed once submitted, so
    # every reviewer of a two-reviewer sign-off approves the same words.
    change_note = models.CharField(
        max_length=CHANGE_NOTE_MAX_LENGTH,
        blank=True,
        help_text='What changed, for readers, e.g. "The maximum daily dose is now 30 mL, as in the 2023 label."',
    )
    change_kind = models.CharField(max_length=20, choices=ChangeKind.choices, default=ChangeKind.UPDATE)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="The reviewer's comment.")
    risk = models.CharField(
        max_length=20,
        choices=Risk.choices,
        default=Risk.ROUTINE,
        help_text="Safety-critical when the change touches doses, side effects, interactions or the evidence score.",
    )
    # Empty only on submissions made before due dates existed and not back-filled.
    due_at = models.DateTimeField(null=True, blank=True, help_text="When the review should be done, by risk class.")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("submission")
        verbose_name_plural = _("Review queue")
        permissions = [("approve_submission", "Can approve content and request changes")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(status="pending"),
                name="submission_one_pending_per_object",
                violation_error_message=_("This content is already awaiting review."),
            )
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="submission_queue"),
            models.Index(fields=["status", "assigned_to", "due_at"], name="submission_assigned"),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display().lower()})"

    @property
    def kind(self) -> str:
        return self.content_type.model

    @staticmethod
    def due_date(risk: str, submitted_at: datetime) -> datetime:
        """When a submission of `risk` made at `submitted_at` should have been reviewed."""
        return submitted_at + timedelta(days=settings.REVIEW_DUE_DAYS[risk])

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.status == self.Status.PENDING and self.due_at is not None and self.due_at < (now or timezone.now())

    @property
    def approvals_required(self) -> int:
        """How many different reviewers must approve before it is published, by risk class."""
        return settings.REVIEW_APPROVALS_REQUIRED[self.risk]


class Approval(models.Model):
    """One medical reviewer's signature on exactly the content a submission pinned.

    A change that needs more than one reviewer (`Submission.approvals_required`) is
    published at the last of its approvals; the ones before wait here, signed with the
    hash they saw, and are voided if what would be published changes meanwhile.
    """

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="approvals")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # As held on the day of the approval, as review stamps keep them.
    reviewer_name = models.CharField(max_length=120)
    reviewer_credentials = models.CharField(max_length=120)
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of exactly what this reviewer approved.")
    approved_at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)
    voided_at = models.DateTimeField(
        null=True, blank=True, help_text="When what would be published changed after this approval, undoing it."
    )
    signed_with = models.CharField(
        max_length=80, blank=True, help_text='How the signer signed, e.g. "password and authenticator code".'
    )

    class Meta:
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"],
                name="approval_once_per_reviewer",
                violation_error_message=_("You have already approved this submission."),
            )
        ]

    def __str__(self):
        return f"{self.byline} approved {self.submission.title} on {self.approved_at:%Y-%m-%d}"

    @property
    def byline(self) -> str:
        return f"{self.reviewer_name}, {self.reviewer_credentials}"

    @property
    def signatory(self) -> dict:
        """How an edition records this approval among its signatures."""
        return {
            "reviewer": self.reviewer_id,
            "name": self.reviewer_name,
            "credentials": self.reviewer_credentials,
            "approved_at": self.approved_at.isoformat(),
            "signed_with": self.signed_with,
        }


# What "current" means, in one place: the edition readers see now. Published, not
# replaced by a later approval, not taken down. Queries and constraints both use it.
CURRENT = models.Q(published_at__isnull=False, superseded_at__isnull=True, unpublished_at__isnull=True)


class EditionQuerySet(models.QuerySet):
    def current(self):
        return self.filter(CURRENT)

    def scheduled(self):
        return self.filter(published_at__isnull=True, superseded_at__isnull=True, scheduled_for__isnull=False)


class Edition(ContentRef):
    """An immutable published snapshot: what the public site shows, and what it showed.

    Public pages, feeds, the sitemap, search and the API read Editions only. Once
    written, the content never changes; only the lifecycle dates and the review stamp
    (copied from the `ReviewStamp` records by a job) are set later.
    """

    LIFECYCLE_FIELDS = frozenset(
        {
            "published_at",
            "superseded_at",
            "unpublished_at",
            "last_reviewed_at",
            "last_reviewed_by",
            "reviewer_name",
            "reviewer_credentials",
            "rendered_html",
            "head",
        }
    )

    kind = models.CharField(max_length=30)
    slug = models.SlugField(max_length=200)
    title = models.CharField(max_length=500)
    content = models.JSONField()
    facets = models.JSONField(default=dict)
    content_hash = models.CharField(max_length=64)
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    # Empty for an edition rebuilt when a reviewer confirmed a page after a study it
    # cites was republished: the approval behind it is the confirmation's stamp.
    submission = models.OneToOneField(
        Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="edition"
    )
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()
    scheduled_for = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    unpublished_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewer_name = models.CharField(max_length=120, blank=True)
    reviewer_credentials = models.CharField(max_length=120, blank=True)
    # The page's main content rendered from `content` when it went live, so that
    # serving it only places the review line: an edition carries what was costly.
    rendered_html = models.TextField(blank=True)
    # Title, description and schema.org data for the page head, also rendered at
    # publication, so serving the page never has to load `content`.
    head = models.JSONField(default=dict, blank=True)
    # Every reviewer whose approval published it, in the order they approved, as
    # `Approval.signatory` records them: two or more for a change that needed more
    # than one. Empty on editions from before approvals were recorded, and on one
    # rebuilt at a confirmation (its stamp is its review).
    signatories = models.JSONField(default=list, blank=True)
    # How the reviewer who published it signed (for an edition rebuilt at a
    # confirmation, the reviewer who confirmed it). Empty on editions from before
    # approvals were signed.
    signed_with = models.CharField(
        max_length=80, blank=True, help_text='How the signer signed, e.g. "password and authenticator code".'
    )
    # The reader's note on what this edition changed, approved with it ("" for none).
    change_note = models.CharField(max_length=CHANGE_NOTE_MAX_LENGTH, blank=True)
    change_kind = models.CharField(max_length=20, choices=ChangeKind.choices, default=ChangeKind.UPDATE)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_at", "-pk"]
        permissions = [("unpublish_edition", "Can take a live page down at once")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=CURRENT,
                name="edition_one_current_per_object",
            ),
            models.UniqueConstraint(
                fields=["kind", "slug"],
                condition=CURRENT,
                name="edition_one_current_per_kind_and_slug",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "slug", "superseded_at"], name="edition_kind_slug"),
            models.Index(fields=["content_type", "object_id", "-approved_at"], name="edition_object_history"),
        ]

    def __str__(self):
        return f"{self.title} ({self.approved_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or not set(update_fields) <= self.LIFECYCLE_FIELDS):
            raise ValueError("An Edition's content is immutable; only its lifecycle dates and review stamp change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Editions are the record of what was published and are never deleted.")

    @property
    def reviewed_by(self) -> list[tuple[str, str]]:
        """(name, credentials) of whom the review line names: every signatory while the
        approval is the latest review stamp, then the reviewer who last confirmed it."""
        return [(reviewer["name"], reviewer["credentials"]) for reviewer in self.reviewers]

    @property
    def reviewers(self) -> list[dict]:
        """{"user", "name", "credentials"} of each reviewer `reviewed_by` names, with
        their user id, by which a page finds the reviewer's public page."""
        if len(self.signatories) > 1 and self.last_reviewed_at == self.approved_at:
            return [
                {"user": s["reviewer"], "name": s["name"], "credentials": s["credentials"]} for s in self.signatories
            ]
        return [
            {"user": self.last_reviewed_by_id, "name": self.reviewer_name, "credentials": self.reviewer_credentials}
        ]

    @property
    def cache_tag(self) -> str:
        """Names this page's object in shared caches ("compound-12"): every response that
        shows any of its editions carries it, so one purge reaches them all."""
        return f"{self.kind}-{self.object_id}"

    @staticmethod
    def list_tag(kind: str) -> str:
        """Names every listing of `kind` in shared caches ("compound-list")."""
        return f"{kind}-list"

    @property
    def is_correction(self) -> bool:
        return bool(self.change_note) and self.change_kind == ChangeKind.CORRECTION

    @property
    def purge_tags(self) -> list[str]:
        """What to purge when this page's edition or review stamp changes; a correction
        is listed on the corrections page and feed too."""
        tags = [self.cache_tag, self.list_tag(self.kind)]
        if self.is_correction:
            tags.append(self.list_tag(CORRECTIONS))
        return tags


class ReviewStamp(ContentRef):
    """A reviewer's judgement that a page is accurate: an approval or a re-confirmation.

    The source of truth for "last reviewed"; jobs copy the latest stamp onto the
    Edition and the working copy.
    """

    class Kind(models.TextChoices):
        APPROVAL = "approval", _("Approved a change")
        CONFIRMATION = "confirmation", _("Confirmed still accurate")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="stamps")
    reviewed_at = models.DateTimeField(default=timezone.now)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewer_name = models.CharField(max_length=120)
    reviewer_credentials = models.CharField(max_length=120)
    signed_with = models.CharField(
        max_length=80, blank=True, help_text='How the signer signed, e.g. "password and authenticator code".'
    )

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        get_latest_by = "reviewed_at"

    def __str__(self):
        return f"{self.get_kind_display()} by {self.reviewer_name} on {self.reviewed_at:%Y-%m-%d}"


class Citation(ContentRef):
    """A shared record an edition embeds (a study), and which of its editions.

    Lets a republished study find, in one query, the live pages still showing its
    earlier version.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="citations")
    cited_edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="cited_by")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "content_type", "object_id"], name="citation_once_per_edition")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_cited_object")]

    def __str__(self):
        return f"{self.edition} cites edition {self.cited_edition_id}"


class ReviewFlag(ContentRef):
    """A live page brought back to the reviewers: its review is due, a study it cites
    was republished, or a study it cites (or the study itself) was retracted. Resolved
    by a reviewer's confirmation or a new approval."""

    class Reason(models.TextChoices):
        DUE = "due", _("Review due")
        CITED_STUDY_CHANGED = "cited_changed", _("A cited study changed")
        # Readers are told at once, while the flag is open (details: "retracted_on", an
        # ISO date; "itself": the flagged page is the retracted study's own).
        CITED_STUDY_RETRACTED = "cited_retracted", _("A cited study was retracted")

    reason = models.CharField(max_length=20, choices=Reason.choices)
    # What raised it: "" for a due review, "<content type id>:<id>" of the changed record.
    cause = models.CharField(max_length=60, blank=True)
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="flags")
    details = models.JSONField(default=dict, blank=True)
    raised_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["raised_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reason", "cause"],
                condition=models.Q(resolved_at__isnull=True),
                name="flag_one_open_per_cause",
            )
        ]
        indexes = [models.Index(fields=["resolved_at", "raised_at"], name="flag_open_queue")]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.edition.title}"
