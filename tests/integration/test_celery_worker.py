"""The jobs with a real worker on a real Redis and PostgreSQL: stamps arrive, an
outage costs nothing, and a worker killed half-way leaves consistent data."""

import time
from datetime import timedelta

import psycopg
import pytest
from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from cms.celery import app
from reviews import registry, selectors, services, tasks
from reviews.models import Edition, ReviewFlag
from studies.models import Study
from tests import factories
from tests.integration.conftest import Worker, wait_for
from tests.reviews.conftest import make_draft

pytestmark = [pytest.mark.real_worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def stamped(edition) -> bool:
    return Edition.objects.get(pk=edition.pk).last_reviewed_at is not None


def test_an_approval_leads_to_the_stamp_on_the_public_page(worker, client):
    editor, reviewer = factories.editor(username="ed"), factories.reviewer(username="rev")
    study = make_draft("study")

    edition = services.approve(services.submit(study, by=editor), by=reviewer)

    wait_for(lambda: stamped(edition), what="the worker to stamp the edition")
    page = client.get(registry.builder_for(study).url(edition.slug)).content.decode()
    assert reviewer.reviewer_profile.display_name in page
    assert "Last reviewed" in page
    study.refresh_from_db()
    assert study.last_reviewed_at is not None and study.review_due_at is not None


def test_with_the_broker_down_an_approval_succeeds_promptly_and_reconcile_catches_up(private_redis, worker):
    editor, reviewer = factories.editor(username="ed"), factories.reviewer(username="rev")
    study = make_draft("study")
    submission = services.submit(study, by=editor)
    private_redis.stop()

    started = time.monotonic()
    edition = services.approve(submission, by=reviewer)
    elapsed = time.monotonic() - started

    assert elapsed < 5, f"approval took {elapsed:.1f}s with the broker down"
    assert selectors.current_edition(study) == edition
    assert not stamped(edition)

    private_redis.start()
    tasks.reconcile.apply_async(retry=True)
    wait_for(lambda: stamped(edition), timeout=60, what="reconcile to stamp the edition")


def test_a_worker_killed_half_way_through_a_sweep_and_started_again_leaves_consistent_data(
    private_redis, worker, tmp_path
):
    pages = 120
    app.conf.task_always_eager = True  # set the scene in-process
    editor, reviewer = factories.editor(username="ed"), factories.reviewer(username="rev")
    for _ in range(pages):
        study = factories.StudyFactory()
        services.approve(services.submit(study, by=editor), by=reviewer)
    app.conf.task_always_eager = False
    Study.objects.update(review_due_at=timezone.localdate() - timedelta(days=1))
    ids = list(Study.objects.order_by("pk").values_list("pk", flat=True))

    # Another transaction holds a flag for the 61st page, so the sweep (25 pages a batch)
    # commits two batches and then waits in the third: half-way.
    blocker = _hold_flag_for(Study.objects.get(pk=ids[60]))
    try:
        tasks.flag_due_pages.delay()
        wait_for(lambda: ReviewFlag.objects.count() == 50, what="two batches to be flagged")
        time.sleep(1)
        assert ReviewFlag.objects.count() == 50
        worker.kill()
    finally:
        blocker.rollback()
        blocker.close()

    # The killed worker never acknowledged the task; a worker starting once the
    # visibility timeout (3 s here) has passed takes it up again.
    time.sleep(4)
    restarted = Worker(private_redis.url, tmp_path / "restarted.log")
    restarted.start()
    try:
        wait_for(lambda: ReviewFlag.objects.count() == pages, timeout=60, what="the redelivered sweep to finish")
    finally:
        restarted.stop()
    per_page = ReviewFlag.objects.values("object_id").annotate(n=Count("pk")).values_list("n", flat=True)
    assert sorted(set(per_page)) == [1]
    assert set(ReviewFlag.objects.values_list("object_id", flat=True)) == set(ids)


def _hold_flag_for(study) -> psycopg.Connection:
    db = settings.DATABASES["default"]
    blocker = psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"])
    edition = selectors.current_edition(study)
    blocker.execute(
        "INSERT INTO reviews_reviewflag (content_type_id, object_id, reason, cause, edition_id, details, raised_at) "
        "VALUES (%s, %s, 'due', '', %s, '{}', now())",
        [edition.content_type_id, study.pk, edition.pk],
    )
    return blocker
