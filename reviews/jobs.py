"""Enqueueing background work from a transition.

Work is enqueued when the transaction commits, so a job never sees a half-written
approval, and a broker outage is logged instead of failing the approval: the
periodic sweeps catch up. Tasks are looked up by name because the task
module itself calls the services.
"""

import logging

from celery import current_app
from django.db import transaction

STAMP_LAST_REVIEWED = "reviews.tasks.stamp_last_reviewed"
FLAG_PAGES_CITING = "reviews.tasks.flag_pages_citing"

# A down broker must not hold up a reviewer: try twice, quickly, then leave it to the sweeps.
RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}

logger = logging.getLogger(__name__)


def enqueue_on_commit(task_name: str, *args) -> None:
    def send():
        try:
            current_app.tasks[task_name].apply_async(args=args, retry=True, retry_policy=RETRY_POLICY)
        except Exception:
            logger.exception("Could not enqueue %s%s; the next sweep will catch up.", task_name, args)

    transaction.on_commit(send)
