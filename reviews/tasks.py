"""Celery entry points. Tasks take ids, re-read the database and converge: running
one twice, late, or at the same time as another leaves the same state. The sweeps
catch up on anything a lost message missed."""

from celery import shared_task
from django.db import OperationalError

from . import credentials, services, stamps, sweeps
from .models import Edition

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "retry_backoff_max": 300, "max_retries": 5}


@shared_task(acks_late=True, **RETRY)  # redelivery is harmless: the stamp copies the latest ReviewStamp
def stamp_last_reviewed(edition_id: int) -> int:
    """Stamp one page again. Transitions stamp in their own transaction now; this stays
    for messages queued by earlier releases, and to repair one page by hand."""
    return stamps.restamp(Edition.objects.filter(pk=edition_id))


@shared_task(acks_late=True, **RETRY)
def flag_pages_citing(edition_id: int) -> int:
    edition = Edition.objects.filter(pk=edition_id).first()
    return len(sweeps.flag_pages_citing(edition)) if edition else 0


@shared_task(acks_late=True, **RETRY)
def flag_due_pages() -> int:
    return len(sweeps.flag_due())


@shared_task(acks_late=True, **RETRY)
def reconcile() -> int:
    """Review dates a killed job or an earlier release left behind, and pages citing a
    study republished meanwhile whose message was lost."""
    return sweeps.reconcile_stamps() + len(sweeps.flag_stale_citations())


@shared_task(acks_late=True, **RETRY)
def publish_scheduled() -> int:
    return len(services.publish_scheduled())


@shared_task(acks_late=True, **RETRY)  # redelivery is harmless: each notice is sent once
def send_credential_expiry_notices() -> int:
    return len(credentials.send_expiry_notices())
