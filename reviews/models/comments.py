"""Reviewers' comments on one field or row of a page under review."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .workflow import ContentRef, Submission


class ReviewComment(ContentRef):
    """A reviewer's comment on one field or row of a working copy.

    It belongs to the page, not to one submission: a comment stays open, and is shown
    on each later submission, until an editor marks it resolved. `submission` says on
    which submission it was made.
    """

    field = models.CharField(
        max_length=200,
        help_text='As the review screen names it: "summary", "evidence.score", "dosing_protocols".',
    )
    row_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The row of a section the comment is on; empty for a field or a whole section."
    )
    label = models.CharField(max_length=300, help_text='What the review screen called it, e.g. "Dosing: Low mood".')
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="review_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "resolved_at"], name="review_comment_object")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved_at=None, resolved_by=None)
                | (models.Q(resolved_at__isnull=False) & models.Q(resolved_by__isnull=False)),
                name="review_comment_resolved_with_whom",
            )
        ]

    def __str__(self):
        return f"{self.label}: {self.text[:60]}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def target(self) -> str:
        """The field or row as one key: "summary", "dosing_protocols:12"."""
        return self.field if self.row_id is None else f"{self.field}:{self.row_id}"
