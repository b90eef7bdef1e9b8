"""Celery entry points for purging shared caches. Tasks take tags or ids and purging
twice does no harm, so a redelivered or repeated message is harmless.

`reviews/` reaches these by name (reviews/jobs.py): `purge` after every publication,
confirmation and stamp, through the broker; `purge_take_down` in the reviewer's own
process right after a take-down commits, so that it needs no broker.
"""

import logging

from celery import current_app, shared_task
from django.conf import settings

from . import purge as purger
from .models import FailedPurge

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=10)
def purge(self, tags: list[str]) -> None:
    """Our Varnish would drop these pages within a second anyway; the retries are for a
    CDN, which keeps them until `s-maxage` unless purged."""
    try:
        purger.purge(tags)
    except purger.PurgeFailed as failure:
        if self.request.is_eager:
            # In-process (no broker) a retry would hold the reviewer's request; the page
            # expires from our Varnish within a second anyway.
            logger.error("Purge of %s failed: %s", " ".join(tags), failure)
            return
        raise self.retry(exc=failure, countdown=min(2**self.request.retries, 60)) from failure


@shared_task
def purge_take_down(tags: list[str]) -> bool:
    """One attempt within the short take-down deadline; whether it succeeded.

    On failure the take-down is recorded (the admin lists it), logged as an error and
    retried until it succeeds: by `retry_failed_purge` if the broker takes the message,
    by the `retry_failed_purges` sweep in any case.
    """
    try:
        purger.purge(tags, timeout=settings.FRONTEND_CACHE_TAKE_DOWN_TIMEOUT)
    except purger.PurgeFailed as failure:
        record = FailedPurge.objects.create(tags=sorted(set(tags)), reason=str(failure))
        logger.error("Take-down purge of %s failed: %s; retrying until it succeeds", " ".join(tags), failure)
        if current_app.conf.task_always_eager:
            return False  # no broker: a queued retry would run here, holding the reviewer; the sweep retries
        try:
            retry_failed_purge.apply_async(args=(record.pk,), retry=False)
        except Exception:
            logger.exception("Could not queue a retry of take-down purge %s; the sweep will retry it", record.pk)
        return False
    return True


@shared_task(bind=True, acks_late=True, max_retries=None)
def retry_failed_purge(self, failed_purge_id: int) -> bool:
    record = FailedPurge.objects.pending().filter(pk=failed_purge_id).first()
    if record is None or record.try_again():
        return True
    if self.request.is_eager:
        # In-process (no broker) a retry would run at once, forever: leave it to the sweep.
        return False
    raise self.retry(countdown=min(2 ** min(self.request.retries, 6), 60))


@shared_task(acks_late=True)
def retry_failed_purges() -> int:
    """The sweep: try every take-down purge still pending; how many remain."""
    return sum(not record.try_again() for record in FailedPurge.objects.pending().order_by("failed_at"))
