"""What the public site stores of its own: take-down purges that have not succeeded yet."""

import logging

from django.db import models
from django.utils import timezone

from . import purge

logger = logging.getLogger(__name__)


class FailedPurgeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(purged_at=None)


class FailedPurge(models.Model):
    """A take-down whose purge of the shared caches failed.

    Our Varnish drops the page within its one-second lifetime anyway; a CDN may keep it
    until its `s-maxage` runs out. So the purge is tried again until it succeeds (by
    the task the take-down queued, and by the periodic sweep should that message be
    lost), and the row stays visible to admins until then.
    """

    tags = models.JSONField(help_text='The cache tags to purge, e.g. ["compound-12", "compound-list"].')
    reason = models.TextField(help_text="Why the last attempt failed.")
    attempts = models.PositiveIntegerField(default=1)
    failed_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(default=timezone.now)
    purged_at = models.DateTimeField(null=True, blank=True, help_text="When a retry finally succeeded.")

    objects = FailedPurgeQuerySet.as_manager()

    class Meta:
        ordering = ["-failed_at"]
        verbose_name = "failed take-down purge"

    def __str__(self):
        return " ".join(self.tags)

    def try_again(self) -> bool:
        """Purge the tags once more; whether the caches are clear of them now."""
        try:
            purge.purge(self.tags)
        except purge.PurgeFailed as failure:
            FailedPurge.objects.filter(pk=self.pk).update(
                attempts=models.F("attempts") + 1, last_attempt_at=timezone.now(), reason=str(failure)
            )
            logger.error("Take-down purge of %s failed again: %s", " ".join(self.tags), failure)
            return False
        self.purged_at = timezone.now()
        FailedPurge.objects.filter(pk=self.pk, purged_at=None).update(
            attempts=models.F("attempts") + 1, last_attempt_at=self.purged_at, purged_at=self.purged_at
        )
        logger.info("Take-down purge of %s succeeded on a retry", " ".join(self.tags))
        return True
