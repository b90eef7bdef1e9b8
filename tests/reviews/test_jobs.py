"""The jobs, run in-process: each one's effect, and running it twice changes nothing."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviews import registry, selectors, services, stamps, sweeps, tasks
from reviews.models import AuditEvent, Edition, ReviewFlag
from tests import factories
from tests.reviews.conftest import edit, make_draft
from tests.reviews.test_stamps import lose_the_stamp

pytestmark = pytest.mark.django_db


def go_live(obj, editor_user, reviewer_user, capture):
    with capture(execute=True):
        submission = services.submit(obj, by=editor_user, change_note="The page now says what the sources report.")
        edition = factories.approve(submission, by=reviewer_user)
    obj.refresh_from_db()
    return edition


def test_the_stamp_task_copies_the_latest_review_and_running_it_twice_changes_nothing(editor_user, reviewer_user):
    obj = make_draft("study")
    edition = factories.approve(services.submit(obj, by=editor_user), by=reviewer_user)
    lose_the_stamp(edition)  # as an earlier release could leave it when the message was lost

    assert tasks.stamp_last_reviewed(edition.pk) == 1
    edition.refresh_from_db()
    once = (edition.last_reviewed_at, edition.reviewer_name, edition.reviewer_credentials)
    assert tasks.stamp_last_reviewed(edition.pk) == 0
    edition.refresh_from_db()

    assert once[0] is not None and once[1:] == (reviewer_user.reviewer_profile.display_name, "MD")
    assert (edition.last_reviewed_at, edition.reviewer_name, edition.reviewer_credentials) == once
    obj.refresh_from_db()
    assert obj.last_reviewed_at == once[0] and obj.review_due_at is not None


def test_reconcile_repairs_whatever_a_lost_message_left_unstamped(editor_user, reviewer_user):
    pages = [make_draft("study") for _ in range(3)]
    for page in pages:
        lose_the_stamp(factories.approve(services.submit(page, by=editor_user), by=reviewer_user))

    assert sweeps.reconcile_stamps() == 3
    assert sweeps.reconcile_stamps() == 0
    assert not Edition.objects.current().filter(last_reviewed_at=None).exists()


def test_due_pages_are_flagged_once_and_reviewers_get_one_digest(
    django_capture_on_commit_callbacks, editor_user, reviewer_user
):
    due, fresh = make_draft("compound"), make_draft("study")  # studies are due after 24 months, not 12
    for page in (due, fresh):
        go_live(page, editor_user, reviewer_user, django_capture_on_commit_callbacks)
    today = due.review_due_at

    flagged = sweeps.flag_due(today=today)

    assert [(f.object_id, f.reason) for f in flagged] == [(due.pk, ReviewFlag.Reason.DUE)]
    assert len(mail.outbox) == 1
    assert due.name in mail.outbox[0].body and reviewer_user.email in mail.outbox[0].to
    assert sweeps.flag_due(today=today) == []
    assert len(mail.outbox) == 1
    assert ReviewFlag.objects.filter(resolved_at=None).count() == 1


def test_confirming_a_due_page_resolves_its_flag_and_moves_the_due_date_on(
    django_capture_on_commit_callbacks, editor_user, reviewer_user
):
    page = make_draft("study")
    go_live(page, editor_user, reviewer_user, django_capture_on_commit_callbacks)
    sweeps.flag_due(today=page.review_due_at)
    first_due = page.review_due_at

    with django_capture_on_commit_callbacks(execute=True):
        stamp = services.confirm_still_accurate(page, by=reviewer_user, signature=factories.signature(reviewer_user))
    page.refresh_from_db()

    assert not ReviewFlag.objects.filter(resolved_at=None).exists()
    assert page.review_due_at == stamps.review_due("study", reviewed_at=stamp.reviewed_at, object_id=page.pk)
    assert page.review_due_at >= first_due


def test_review_dates_follow_the_cadence_and_spread_so_a_bulk_publication_does_not_fall_due_on_one_day():
    reviewed = timezone.now()
    dues = [stamps.review_due("compound", reviewed_at=reviewed, object_id=pk) for pk in range(1, 1001)]
    anniversary = timezone.localdate(reviewed).replace(year=timezone.localdate(reviewed).year + 1)

    assert max(dues) == anniversary
    assert min(dues) >= anniversary - timedelta(days=27)
    assert max(dues.count(day) for day in set(dues)) <= 1000 // 28 + 1
    assert stamps.review_due("study", reviewed_at=reviewed, object_id=28) == anniversary.replace(
        year=anniversary.year + 1
    )


def test_flagging_due_pages_costs_the_same_queries_for_5_and_for_50_pages(
    django_capture_on_commit_callbacks, editor_user, reviewer_user
):
    def due_pages(n):
        for _ in range(n):
            go_live(make_draft("study"), editor_user, reviewer_user, django_capture_on_commit_callbacks)
        ReviewFlag.objects.all().delete()

    def queries():
        ContentType.objects.clear_cache()  # both runs start from the same cold cache
        with CaptureQueriesContext(connection) as context:
            sweeps.flag_due(today=timezone.localdate() + timedelta(days=3650))
        ReviewFlag.objects.all().delete()
        return len(context.captured_queries)

    due_pages(5)
    with_5 = queries()
    due_pages(45)
    assert queries() == with_5


def test_a_republished_study_brings_citing_pages_back_without_changing_them(
    django_capture_on_commit_callbacks, editor_user, reviewer_user, client
):
    compound = make_draft("compound")
    study = compound.evidence_links.get().study
    old = go_live(compound, editor_user, reviewer_user, django_capture_on_commit_callbacks)
    edit(study, by=editor_user, finding="Corrected: no effect on the primary outcome.")

    go_live(study, editor_user, factories.reviewer(username="study-reviewer"), django_capture_on_commit_callbacks)

    flag = ReviewFlag.objects.get(resolved_at=None)
    assert (flag.reason, flag.object_id, flag.edition) == (ReviewFlag.Reason.CITED_STUDY_CHANGED, compound.pk, old)
    assert selectors.current_edition(compound) == old  # the public page keeps what was approved
    assert "Corrected" not in str(old.content)


def test_confirming_after_a_cited_study_changed_rebuilds_the_edition_with_the_new_study(
    django_capture_on_commit_callbacks, editor_user, reviewer_user
):
    compound = make_draft("compound")
    study = compound.evidence_links.get().study
    old = go_live(compound, editor_user, reviewer_user, django_capture_on_commit_callbacks)
    edit(compound, by=editor_user, summary="An unreviewed draft in progress.")
    edit(study, by=editor_user, finding="Corrected: no effect on the primary outcome.")
    go_live(study, editor_user, factories.reviewer(username="study-reviewer"), django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_still_accurate(
            compound,
            by=reviewer_user,
            comment="Still right with the corrected study",
            signature=factories.signature(reviewer_user),
        )

    new = selectors.current_edition(compound)
    assert new != old and new.revision == old.revision
    assert new.content["sources"][0]["study"]["finding"] == "Corrected: no effect on the primary outcome."
    assert new.content["summary"] == old.content["summary"]  # the draft stays a draft
    event = AuditEvent.objects.get(action="review.confirmed")
    assert event.data["rebuilt_from_edition"] == old.pk
    assert not ReviewFlag.objects.filter(resolved_at=None).exists()


def test_the_citation_sweep_catches_a_republished_study_whose_message_was_lost(
    django_capture_on_commit_callbacks, editor_user, reviewer_user
):
    compound = make_draft("compound")
    study = compound.evidence_links.get().study
    go_live(compound, editor_user, reviewer_user, django_capture_on_commit_callbacks)
    edit(study, by=editor_user, finding="Corrected.")
    with django_capture_on_commit_callbacks(execute=False):
        factories.approve(
            services.submit(study, by=editor_user, change_note="The finding now reads as the paper reports it."),
            by=factories.reviewer(username="other"),
        )

    assert [f.object_id for f in sweeps.flag_stale_citations()] == [compound.pk]
    assert sweeps.flag_stale_citations() == []


def test_the_sweeps_can_be_run_by_hand(editor_user, reviewer_user, capsys):
    lose_the_stamp(factories.approve(services.submit(make_draft("study"), by=editor_user), by=reviewer_user))

    call_command("run_sweep", "all")

    out = capsys.readouterr().out
    assert "reconcile: 1 editions stamped" in out
    assert "flag_due: 0 pages flagged" in out
    assert "publish_scheduled: 0 scheduled approvals published" in out


def test_the_scheduled_publishing_task_publishes_what_is_due(editor_user, reviewer_user):
    page = make_draft("study")
    factories.approve(
        services.submit(page, by=editor_user), by=reviewer_user, publish_at=timezone.now() + timedelta(seconds=1)
    )
    Edition.objects.filter(object_id=page.pk).update(scheduled_for=timezone.now() - timedelta(seconds=1))

    assert tasks.publish_scheduled() == 1
    assert tasks.publish_scheduled() == 0
    page.refresh_from_db()
    assert page.is_live
    assert registry.builder_for(page).url(page.slug)
