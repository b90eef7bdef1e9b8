"""Faults with real processes: a worker killed with kill -9 while it waits to stamp a
page, and a Redis that hangs (SIGSTOP) under the broker and the cache. Each checks
what reviewers and readers get, and that the sweeps leave nothing lost."""

import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from reviews import registry, selectors, services, sweeps, tasks
from reviews.models import Edition, ReviewFlag
from tests import factories
from tests.integration.conftest import wait_for
from tests.reviews.conftest import edit, make_draft
from tests.reviews.test_stamps import assert_stamp_applied_whole, lose_the_stamp

# A hung Redis may cost a reviewer about one deadline per call after commit (0.5 s);
# before every call had one, an approval took over 20 s.
BOUND = 3.0


@pytest.mark.real_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "send",
    [lambda edition: tasks.stamp_last_reviewed.delay(edition.pk), lambda edition: tasks.reconcile.delay()],
    ids=["stamp task", "reconcile"],
)
def test_a_worker_killed_while_it_waits_to_stamp_a_page_leaves_no_half_applied_stamp(private_redis, worker, send):
    editor, reviewer = factories.editor(username="ed"), factories.reviewer(username="rev")
    study = make_draft("study")
    edition = factories.approve(services.submit(study, by=editor), by=reviewer)
    lose_the_stamp(edition)  # as an earlier release could leave it: a stamp for the job to apply

    blocker = _lock_row(study)  # an editor's save, say, holds the working copy's row
    try:
        send(edition)
        waiting = _backend_waiting_for_a_lock()
        worker.kill()
    finally:
        blocker.rollback()
        blocker.close()
    # The killed worker's session gets the lock, finds its client gone and rolls back.
    wait_for(lambda: not _backend_alive(waiting), what="the killed worker's database session to end")

    edition.refresh_from_db()
    study.refresh_from_db()
    assert edition.last_reviewed_at is None and study.last_reviewed_at is None  # nothing half-applied

    assert sweeps.reconcile_stamps() == 1
    assert_stamp_applied_whole(study)


@pytest.mark.django_db
def test_with_redis_hung_reviews_finish_promptly_pages_render_and_the_sweeps_catch_up(
    app_redis, client, django_capture_on_commit_callbacks
):
    editor, reviewer = factories.editor(username="ed"), factories.reviewer(username="rev")
    compound = make_draft("compound")
    study = compound.evidence_links.get().study
    with django_capture_on_commit_callbacks(execute=True):
        factories.approve(services.submit(compound, by=editor), by=reviewer)
    compound_url = registry.builder_for(compound).url(compound.slug)
    assert client.get(compound_url).status_code == 200
    edit(study, by=editor, finding="Corrected: no effect on the primary outcome.")
    submissions = [
        services.submit(study, by=editor, change_note="The finding now reads as the paper reports it."),
        services.submit(make_draft("study"), by=editor),
    ]
    second_reviewer = factories.reviewer(username="rev2")

    app_redis.pause()
    try:
        approving = []
        for submission in submissions:  # the second finds a broken broker connection: no reconnection loop
            started = time.monotonic()
            with django_capture_on_commit_callbacks(execute=True):
                factories.approve(submission, by=second_reviewer)
            approving.append(time.monotonic() - started)

        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            services.confirm_still_accurate(compound, by=reviewer, signature=factories.signature(reviewer))
        confirming = time.monotonic() - started

        started = time.monotonic()
        study_page = client.get(registry.builder_for(study).url(study.slug))
        compound_page = client.get(compound_url)
        reading = time.monotonic() - started
    finally:
        app_redis.resume()

    assert max(approving) < BOUND, f"approvals took {approving} s with Redis hung"
    assert confirming < BOUND, f"a confirmation took {confirming:.1f}s with Redis hung"
    assert reading < BOUND, f"two page views took {reading:.1f}s with Redis hung"
    assert study_page.status_code == 200 and "Corrected" in study_page.content.decode()
    assert compound_page.status_code == 200
    # Both reviews are stamped whole although no message got through.
    assert_stamp_applied_whole(study)
    assert_stamp_applied_whole(compound)
    # The lost message would have brought the compound back to the reviewers: the sweep does.
    assert not ReviewFlag.objects.exists()
    assert sweeps.reconcile_stamps() == 0
    assert [flag.object_id for flag in sweeps.flag_stale_citations()] == [compound.pk]
    assert selectors.current_edition(compound) == Edition.for_object(compound).get()


def _lock_row(obj) -> psycopg.Connection:
    db = settings.DATABASES["default"]
    blocker = psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"])
    blocker.execute(f"SELECT 1 FROM {obj._meta.db_table} WHERE id = %s FOR UPDATE", [obj.pk])
    return blocker


def _backend_waiting_for_a_lock() -> int:
    def waiting():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            row = cursor.fetchone()
        return row and row[0]

    wait_for(waiting, timeout=30, what="the worker to wait for the working copy's row lock")
    return waiting()


def _backend_alive(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone() is not None
