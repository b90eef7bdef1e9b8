"""Working copies: the `Reviewable` base content models inherit, and the reviewers
whose names pages print."""

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class ReviewerProfile(models.Model):
    """How a medical reviewer is named on public pages ("Jordan Reyes, PharmD")."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer_profile")
    display_name = models.CharField(max_length=120, help_text='As printed on pages, e.g. "Jordan Reyes".')
    # Derived from the verified, unexpired credential records (reviews.credentials), so
    # what a page prints after the name is what a managing editor verified.
    credentials = models.CharField(
        max_length=120,
        blank=True,
        editable=False,
        help_text='Verified degrees and licences after the name, e.g. "PharmD" or "MD, MPH".',
    )
    bio = models.TextField(blank=True, help_text="A sentence or two on the reviewer's expertise.")

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.byline

    @property
    def byline(self) -> str:
        return f"{self.display_name}, {self.credentials}" if self.credentials else self.display_name


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

    def save(self, *args, **kwargs):
        # "Published" means unchanged since the live edition; a content save ends that.
        if self.state == self.State.PUBLISHED:
            self.state = self.State.DRAFT
        super().save(*args, **kwargs)

    def people_it_is_about(self) -> set[int]:
        """User ids of the people this page is about (a reviewer's own page), who may not
        approve or confirm it: someone else vouches for what it says about them."""
        return set()

    @property
    def is_locked(self) -> bool:
        """In review, the working copy must stay exactly what the reviewer is reading."""
        return self.state == self.State.IN_REVIEW

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
