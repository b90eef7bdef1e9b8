"""The review framework's tables. It knows nothing of compounds, studies or articles:
content apps subclass `Reviewable` and plug in.

Imports go one way: cms -> content apps -> reviews.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision


class ReviewerProfile(models.Model):
    """How a medical reviewer is named on public pages ("Jordan Reyes, PharmD")."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer_profile")
    display_name = models.CharField(max_length=120, help_text='As printed on pages, e.g. "Jordan Reyes".')
    credentials = models.CharField(
        max_length=120, help_text='Degrees or licences after the name, e.g. "PharmD" or "MD, MPH".'
    )
    bio = models.TextField(blank=True, help_text="A sentence or two on the reviewer's expertise.")

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.byline

    @property
    def byline(self) -> str:
        return f"{self.display_name}, {self.credentials}"


class Reviewable(models.Model):
    """A working copy that editors change and medical reviewers approve.

    The public never reads a Reviewable; it reads the Edition approved from it. `state`
    says where the working copy is in review; `is_live` says separately whether an
    approved Edition of it is public, so a live page can have a draft in progress.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")

    # Workflow fields are not content: versions do not store them, so reverting or
    # recovering content never makes it live, reviewed or unlocked.
    WORKFLOW_FIELDS = ("state", "is_live", "last_reviewed_at", "last_reviewed_by", "review_due_at", "version")

    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT, editable=False)
    is_live = models.BooleanField(
        "live", default=False, editable=False, help_text="An approved edition of this is on the public site."
    )
    last_reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_reviewed_by = models.ForeignKey(
        ReviewerProfile, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    review_due_at = models.DateField(null=True, blank=True, editable=False)
    # Optimistic locking: a save made from a form older than this number is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_locked(self) -> bool:
        """In review, the working copy must stay exactly what the reviewer is reading."""
        return self.state == self.State.IN_REVIEW

    def save(self, *args, **kwargs):
        # "Published" means unchanged since the live edition; a content save ends that.
        if self.state == self.State.PUBLISHED:
            self.state = self.State.DRAFT
        super().save(*args, **kwargs)

    def set_workflow(self, **fields) -> None:
        """Write workflow fields only: no content save, no revision, no `updated_at` bump."""
        for name, value in fields.items():
            setattr(self, name, value)
        type(self)._default_manager.filter(pk=self.pk).update(**fields)

    @classmethod
    def unique_slug(cls, text: str, *, max_length: int = 80) -> str:
        """A slug for `text` that no row of this model holds yet ("semax", "semax-2")."""
        base = slugify(text)[:max_length].strip("-") or cls._meta.model_name
        slug, n = base, 1
        while cls._default_manager.filter(slug=slug).exists():
            n += 1
            suffix = f"-{n}"
            slug = f"{base[: max_length - len(suffix)]}{suffix}"
        return slug


class OwnedRow(models.Model):
    """A child row that belongs to one Reviewable (a dosing row, an FAQ entry...).

    Owned rows are versioned, reviewed and reverted together with their parent, and
    are shown in the order editors give them.
    """

    position = models.PositiveSmallIntegerField(default=0, help_text="Rows are shown in ascending order.")

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


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


class Submission(ContentRef):
    """A request for medical review of one pinned revision of a working copy."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of exactly what was submitted.")
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True, help_text="The editor's note to the reviewer.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="The reviewer's comment.")

    class Meta:
        ordering = ["submitted_at", "pk"]
        permissions = [("approve_submission", "Can approve content and request changes")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(status="pending"),
                name="submission_one_pending_per_object",
                violation_error_message=_("This content is already awaiting review."),
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="submission_queue")]

    def __str__(self):
        return f"{self.title} ({self.get_status_display().lower()})"

    @property
    def kind(self) -> str:
        return self.content_type.model


class EditionQuerySet(models.QuerySet):
    def current(self):
        return self.filter(published_at__isnull=False, superseded_at__isnull=True, unpublished_at__isnull=True)

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
        }
    )

    kind = models.CharField(max_length=30)
    slug = models.SlugField(max_length=200)
    title = models.CharField(max_length=300)
    content = models.JSONField()
    facets = models.JSONField(default=dict)
    content_hash = models.CharField(max_length=64)
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="edition")
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

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_at", "-pk"]
        permissions = [("unpublish_edition", "Can take a live page down at once")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(published_at__isnull=False, superseded_at__isnull=True, unpublished_at__isnull=True),
                name="edition_one_current_per_object",
            ),
            models.UniqueConstraint(
                fields=["kind", "slug"],
                condition=models.Q(published_at__isnull=False, superseded_at__isnull=True, unpublished_at__isnull=True),
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
    def is_current(self) -> bool:
        return bool(self.published_at and not self.superseded_at and not self.unpublished_at)


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

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        get_latest_by = "reviewed_at"

    def __str__(self):
        return f"{self.get_kind_display()} by {self.reviewer_name} on {self.reviewed_at:%Y-%m-%d}"


class AuditEvent(models.Model):
    """One line of the append-only audit log: who did what to which content, when."""

    action = models.CharField(max_length=60, help_text='Namespaced, e.g. "review.approved".')
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, null=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True)
    object_repr = models.CharField(max_length=300)
    revision = models.ForeignKey(Revision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submission = models.ForeignKey(Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    edition = models.ForeignKey(Edition, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"], name="audit_object")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The audit log is append-only.")

    @classmethod
    def record(cls, obj, action: str, *, by=None, comment: str = "", **links) -> "AuditEvent":
        return cls.objects.create(
            action=action,
            actor=by,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            object_repr=str(obj)[:300],
            comment=comment,
            **links,
        )
