"""Celery entry points. Tasks take ids, re-read the database and converge: running
one twice, late or at the same time as another leaves the same state."""

from celery import shared_task

from . import stamps
from .models import Edition


@shared_task(acks_late=True)  # redelivery is harmless: the stamp copies the latest ReviewStamp
def stamp_last_reviewed(edition_id: int) -> None:
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is not None and edition.working_copy is not None:
        stamps.stamp_from_latest(edition.working_copy)
