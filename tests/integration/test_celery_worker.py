"""The jobs with a real worker on a real Redis and PostgreSQL: an approval's work
arrives, an outage costs nothing, and a worker killed half-way leaves consistent data."""

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
from tests.reviews.conftest import edit, make_draft

pytestmark = [pytest.mark.real_worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def stamped(edition) -> bool:
    return Edition.objects.get(pk=edition.pk).last_reviewed_at is not None


def test_an_approval_is_stamped_at_once_and_the_worker_brings_citing_pages_back(worker, client):
    editor, reviewer = factories.editor(username="ed"), factories.reviewer(username="rev")
    compound = make_draft("compound")
    study = compound.evidence_links.get().study
    factories.approve(services.submit(compound, by=editor), by=reviewer)
    edit(study, by=editor, finding="Corrected: no effect on the primary outcome.")

    edition = factories.approve(
        services.submit(study, by=editor, change_note="The finding now reads as the paper reports it."),
        by=factories.reviewer(username="rev2"),
    )

    page = client.get(registry.builder_for(study).url(edition.slug)).content.decode()
    assert "Corrected" in page and "Last reviewed" in page
    study.refresh_from_db()
    assert study.last_reviewed_at is not None and study.review_due_at is not None
    wait_for(
        lambda: ReviewFlag.objects.filter(object_id=compound.pk, resolved_at=None).exists(),
        what="the worker to bring the compound citing the study back to the reviewers",
    )


def test_with_the_broker_down_an_approval_is_prompt_and_stamped_and_reconcile_catches_up(private_redis, worker):
    editor, reviewer = factories.editor(username="ed"), factories.reviewer(username="rev")
    compound = make_draft("compound")
    study = compound.evidence_links.get().study
    factories.approve(services.submit(compound, by=editor), by=reviewer)
    edit(study, by=editor, finding="Corrected: no effect on the primary outcome.")
    submission = services.submit(study, by=editor, change_note="The finding now reads as the paper reports it.")
    private_redis.stop()

    started = time.monotonic()
    edition = factories.approve(submission, by=factories.reviewer(username="rev2"))
    elapsed = time.monotonic() - started

    assert elapsed < 3, f"approval took {elapsed:.1f}s with the broker down"
    assert selectors.current_edition(study) == edition
    assert stamped(edition)  # the approval stamps the page itself
    assert not ReviewFlag.objects.exists()  # the message bringing the compound back was lost

    private_redis.start()
    tasks.reconcile.apply_async(retry=True)
    wait_for(
        lambda: ReviewFlag.objects.filter(object_id=compound.pk, resolved_at=None).exists(),
        timeout=60,
        what="reconcile to bring the compound citing the study back to the reviewers",
    )


def test_a_worker_killed_half_way_through_a_sweep_and_started_again_leaves_consistent_data(
    private_redis, worker, tmp_path
):
    pages = 120
    app.conf.task_always_eager = True  # set the scene in-process
    editor, reviewer = factories.editor(username="ed"), factories.reviewer(username="rev")
    for _ in range(pages):
        study = factories.StudyFactory()
        factories.approve(services.submit(study, by=editor), by=reviewer)
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
