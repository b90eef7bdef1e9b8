"""Nobody approves their own change, and an approval publishes exactly what was
submitted. (Two reviewers racing: tests/reviews/test_two_reviewer_sign_off.py.)"""

import pytest

from reviews import services
from reviews.exceptions import NotAllowed, StaleSubmission
from reviews.models import Edition, ReviewerProfile, Submission
from tests import factories
from tests.reviews.conftest import TITLE_FIELD, edit, make_draft

pytestmark = pytest.mark.django_db


def test_a_reviewer_cannot_approve_a_change_they_authored(kind, editor_user, reviewer_user):
    obj = make_draft(kind)
    edit(obj, by=reviewer_user, **{TITLE_FIELD[kind]: "A reviewer's own wording"})
    submission = services.submit(obj, by=editor_user)

    with pytest.raises(NotAllowed, match="You edited this version; another reviewer must approve it."):
        services.approve(submission, by=reviewer_user, signature=factories.signature(reviewer_user))

    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.PENDING
    assert not Edition.for_object(obj).exists()


def test_a_superuser_cannot_approve_their_own_change_either(kind, editor_user):
    boss = factories.UserFactory(username="boss", is_superuser=True)
    factories.verified_credential(ReviewerProfile.objects.create(user=boss, display_name="Boss"))
    obj = make_draft(kind)
    edit(obj, by=boss, **{TITLE_FIELD[kind]: "Written by the boss"})
    submission = services.submit(obj, by=editor_user)

    with pytest.raises(NotAllowed):
        services.approve(submission, by=boss, signature=factories.signature(boss))


def test_authorship_counts_every_revision_since_the_last_edition(kind, editor_user, reviewer_user):
    other_reviewer = factories.reviewer(username="second-opinion")
    obj = make_draft(kind)
    edit(obj, by=editor_user)
    factories.approve(services.submit(obj, by=editor_user), by=other_reviewer)
    # The reviewer edits the live page, then an editor polishes it further.
    edit(obj, by=reviewer_user, **{TITLE_FIELD[kind]: "Reviewer tweak"})
    edit(obj, by=editor_user, **{TITLE_FIELD[kind]: "Editor polish"})
    submission = services.submit(obj, by=editor_user)

    with pytest.raises(NotAllowed):
        services.approve(submission, by=reviewer_user, signature=factories.signature(reviewer_user))
    factories.approve(submission, by=other_reviewer)  # someone who did not touch it may


def test_approval_is_refused_when_the_working_copy_changed_after_submission(kind, editor_user, reviewer_user):
    obj = make_draft(kind)
    submission = services.submit(obj, by=editor_user)
    # A change that bypasses the admin's lock (a script, a shell) still cannot slip through.
    type(obj).objects.filter(pk=obj.pk).update(**{TITLE_FIELD[kind]: "Changed behind the reviewer's back"})

    with pytest.raises(StaleSubmission, match="no longer matches what was submitted"):
        services.approve(submission, by=reviewer_user, signature=factories.signature(reviewer_user))
    assert not Edition.for_object(obj).exists()


def test_approval_is_refused_when_a_cited_study_was_republished_after_submission(editor_user, reviewer_user):
    obj = make_draft("compound")
    study = obj.evidence_links.get().study
    submission = services.submit(obj, by=editor_user)
    edit(study, by=editor_user, finding="A corrected finding.")
    factories.approve(
        services.submit(study, by=editor_user, change_note="The finding now reads as the paper reports it."),
        by=reviewer_user,
    )

    with pytest.raises(StaleSubmission):
        services.approve(submission, by=reviewer_user, signature=factories.signature(reviewer_user))
