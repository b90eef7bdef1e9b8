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

logger = logging.getLogger(__name__)


def enqueue_on_commit(task_name: str, *args) -> None:
    def send():
        try:
            # No retry here: kombu would wait and try again while the reviewer waits.
            current_app.tasks[task_name].apply_async(args=args, retry=False)
        except Exception:
            logger.exception("Could not enqueue %s%s; the next sweep will catch up.", task_name, args)

    transaction.on_commit(send)
