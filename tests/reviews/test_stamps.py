"""Review stamps are written by the transition itself, so they cannot be half-applied;
every live page has a review due date; reconcile repairs what an earlier release left."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviews import selectors, services, stamps, sweeps
from reviews.models import Edition, ReviewStamp
from tests import factories
from tests.reviews.conftest import edit, make_draft

pytestmark = pytest.mark.django_db


def lose_the_stamp(edition) -> None:
    """As an earlier release left a page whose stamp message was lost: an approved,
    live edition with no stamp copied onto it or its working copy."""
    Edition.objects.filter(pk=edition.pk).update(
        last_reviewed_at=None, last_reviewed_by=None, reviewer_name="", reviewer_credentials=""
    )
    undate_the_working_copy(edition)


def undate_the_working_copy(edition) -> None:
    """As an earlier release left a page whose stamp job was killed half-way: the
    edition stamped, the working copy's dates not written."""
    type(edition.working_copy).objects.filter(pk=edition.object_id).update(
        last_reviewed_at=None, last_reviewed_by=None, review_due_at=None
    )


def assert_stamp_applied_whole(obj) -> None:
    """The current edition carries its latest stamp, and the working copy its dates."""
    obj.refresh_from_db()
    edition = selectors.current_edition(obj)
    stamp = ReviewStamp.objects.filter(edition=edition).latest()
    assert (edition.last_reviewed_at, edition.last_reviewed_by_id, edition.reviewer_name) == (
        stamp.reviewed_at,
        stamp.reviewer_id,
        stamp.reviewer_name,
    )
    assert obj.last_reviewed_at == stamp.reviewed_at
    assert obj.last_reviewed_by.user_id == stamp.reviewer_id
    assert obj.review_due_at == stamps.review_due(edition.kind, reviewed_at=stamp.reviewed_at, object_id=obj.pk)


def test_an_approval_stamps_the_edition_and_dates_the_working_copy_even_if_no_message_is_ever_sent(
    django_capture_on_commit_callbacks, kind, editor_user, reviewer_user
):
    obj = make_draft(kind)
    with django_capture_on_commit_callbacks(execute=False):  # the broker never hears of it
        factories.approve(services.submit(obj, by=editor_user), by=reviewer_user)

    assert_stamp_applied_whole(obj)


def test_a_first_publication_has_a_review_due_date(django_capture_on_commit_callbacks, editor_user, reviewer_user):
    obj = make_draft("study")
    assert obj.review_due_at is None

    with django_capture_on_commit_callbacks(execute=False):
        factories.approve(services.submit(obj, by=editor_user), by=reviewer_user)
    obj.refresh_from_db()

    assert obj.is_live and obj.review_due_at is not None
    assert obj.review_due_at > timezone.localdate() + timedelta(days=300)


def test_a_confirmation_stamps_the_live_page_in_its_own_transaction(
    django_capture_on_commit_callbacks, editor_user, reviewer_user
):
    obj = make_draft("compound")
    factories.approve(services.submit(obj, by=editor_user), by=reviewer_user)
    second = factories.reviewer(username="second-reviewer")
    with django_capture_on_commit_callbacks(execute=False):
        stamp = services.confirm_still_accurate(obj, by=second, signature=factories.signature(second))

    assert stamp.reviewer == second
    assert_stamp_applied_whole(obj)


def test_an_approval_for_later_leaves_the_live_pages_dates_until_it_goes_live(editor_user, reviewer_user):
    obj = make_draft("study")
    first = factories.approve(services.submit(obj, by=editor_user), by=reviewer_user)
    obj.refresh_from_db()
    before = (obj.last_reviewed_at, obj.review_due_at)
    edit(obj, by=editor_user, title="A corrected title")
    publish_at = timezone.now() + timedelta(days=2)
    later = factories.approve(services.submit(obj, by=editor_user), by=reviewer_user, publish_at=publish_at)

    obj.refresh_from_db()
    assert (obj.last_reviewed_at, obj.review_due_at) == before  # readers still see the first edition
    assert selectors.current_edition(obj) == first

    services.publish_scheduled(now=publish_at)

    assert selectors.current_edition(obj) == later
    assert_stamp_applied_whole(obj)


def test_reconcile_repairs_a_working_copy_a_killed_stamp_job_left_undated(
    django_capture_on_commit_callbacks, editor_user, reviewer_user
):
    obj = make_draft("article")
    edition = factories.approve(services.submit(obj, by=editor_user), by=reviewer_user)
    undate_the_working_copy(edition)

    assert sweeps.reconcile_stamps() == 1
    assert_stamp_applied_whole(obj)
    assert sweeps.reconcile_stamps() == 0


def test_reconcile_repairs_an_edition_and_working_copy_whose_stamp_was_lost(editor_user, reviewer_user):
    pages = [make_draft("study") for _ in range(3)]
    for page in pages:
        lose_the_stamp(factories.approve(services.submit(page, by=editor_user), by=reviewer_user))

    assert sweeps.reconcile_stamps(batch_size=2) == 3
    for page in pages:
        assert_stamp_applied_whole(page)
    assert sweeps.reconcile_stamps() == 0


def test_reconcile_gives_a_live_page_without_a_due_date_one(editor_user, reviewer_user):
    obj = make_draft("compound")
    factories.approve(services.submit(obj, by=editor_user), by=reviewer_user)
    type(obj).objects.filter(pk=obj.pk).update(review_due_at=None)

    assert sweeps.reconcile_stamps() == 1
    assert_stamp_applied_whole(obj)


def test_reconcile_dates_a_live_page_whose_edition_has_no_stamp_of_its_own_from_its_approval(
    editor_user, reviewer_user
):
    obj = make_draft("study")
    edition = factories.approve(services.submit(obj, by=editor_user), by=reviewer_user)
    lose_the_stamp(edition)
    ReviewStamp.objects.filter(edition=edition).delete()  # no record to copy from at all

    sweeps.reconcile_stamps()

    obj.refresh_from_db()
    assert obj.last_reviewed_at == edition.approved_at
    assert obj.review_due_at == stamps.review_due("study", reviewed_at=edition.approved_at, object_id=obj.pk)
    assert sweeps.reconcile_stamps() == 0


def test_reconcile_leaves_a_page_alone_that_was_taken_down(editor_user, reviewer_user):
    obj = make_draft("study")
    lose_the_stamp(factories.approve(services.submit(obj, by=editor_user), by=reviewer_user))
    services.unpublish(
        obj, by=reviewer_user, reason="Dose error reported", signature=factories.signature(reviewer_user)
    )

    assert sweeps.reconcile_stamps() == 0


def test_every_live_page_has_a_review_date_and_a_due_date_after_reconcile(editor_user, reviewer_user):
    for kind, damage in [
        ("compound", lose_the_stamp),
        ("compound", undate_the_working_copy),
        ("study", lose_the_stamp),
        ("study", undate_the_working_copy),
        ("article", lose_the_stamp),
    ]:
        damage(factories.approve(services.submit(make_draft(kind), by=editor_user), by=reviewer_user))

    sweeps.reconcile_stamps()

    for edition in Edition.objects.current():
        page = edition.working_copy
        assert page.is_live and page.last_reviewed_at == edition.last_reviewed_at is not None
        assert page.review_due_at is not None


def test_reconcile_costs_the_same_queries_for_5_and_for_50_lost_stamps(editor_user, reviewer_user):
    def lost_stamps(n):
        for _ in range(n):
            lose_the_stamp(factories.approve(services.submit(make_draft("study"), by=editor_user), by=reviewer_user))

    def queries():
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as context:
            sweeps.reconcile_stamps(batch_size=100)
        return len(context.captured_queries)

    lost_stamps(5)
    with_5 = queries()
    Edition.objects.update(last_reviewed_at=None)  # all 5 lag again, beside 45 new ones
    lost_stamps(45)
    assert queries() == with_5
