"""Enqueueing background work from a transition.

Work is enqueued when the transaction commits, so a job never sees a half-written
approval. Nothing a reader or a reviewer relies on waits for a job (stamps are
written by the transition itself), so a message is sent once, with the short
deadlines the broker settings give every Redis call: a broker that is down or hung
costs a reviewer at most about half a second, the failure is logged, and the
periodic sweeps catch up on what the message would have done. Tasks are looked up
by name because the task module itself calls the services.
"""

import logging

from celery import current_app
from django.db import transaction

FLAG_PAGES_CITING = "reviews.tasks.flag_pages_citing"
# The public site's purge of shared HTTP caches (public/tasks.py), by cache tag.
PURGE = "public.tasks.purge"
PURGE_TAKE_DOWN = "public.tasks.purge_take_down"

logger = logging.getLogger(__name__)


def enqueue_on_commit(task_name: str, *args) -> None:
    def send():
        try:
            # No retry here: kombu would wait and try again while the reviewer waits.
            current_app.tasks[task_name].apply_async(args=args, retry=False)
        except Exception:
            logger.exception("Could not enqueue %s%s; the next sweep will catch up.", task_name, args)

    transaction.on_commit(send)


def purge_on_commit(tags: list[str]) -> None:
    """Purge shared caches of the pages tagged `tags`, through the broker, once committed."""
    enqueue_on_commit(PURGE, list(tags))


def purge_now_on_commit(tags: list[str]) -> None:
    """Purge shared caches at once when the take-down commits, in this process.

    Needs no broker: the task runs here, one attempt within a short deadline, and
    itself records and queues a retry if it fails. A taken-down page must not wait
    for a queue that may be down.
    """

    def purge_now():
        try:
            current_app.tasks[PURGE_TAKE_DOWN].apply(args=(list(tags),), throw=True)
        except Exception:
            logger.exception("The take-down purge of %s could not run; the page expires from Varnish in 1 s", tags)

    transaction.on_commit(purge_now)
