"""Celery entry points for studies."""

from celery import shared_task

from . import recheck


@shared_task(acks_late=True)  # a repeat reports nothing new: each difference is reported once
def recheck_cited_studies() -> int:
    """The weekly re-check of cited studies against the configured sources."""
    return len(recheck.recheck().differences)
