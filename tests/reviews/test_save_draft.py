"""Saving a draft outside the admin: one revision by a named editor, never while in
review, and never writing back workflow state from an older copy."""

import pytest
from reversion.models import Version

from reviews import services
from reviews.exceptions import Locked, NotAllowed
from reviews.models import Reviewable
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_saved_draft_is_one_revision_by_the_editor_who_saved_it(editor_user):
    study = factories.StudyFactory()
    study.finding = "A finding in the editor's words."

    revision = services.save_draft(study, by=editor_user, comment="New finding")

    assert revision.user == editor_user
    assert revision.get_comment() == "New finding"
    assert Version.objects.get_for_object(study).count() == 1


def test_a_draft_is_refused_while_the_page_is_in_review(editor_user):
    study = factories.StudyFactory()
    services.submit(study, by=editor_user)
    study.refresh_from_db()
    study.finding = "Changed under the reviewer's eyes."

    with pytest.raises(Locked):
        services.save_draft(study, by=editor_user, comment="Too late")


def test_only_an_editor_saves_a_draft(reviewer_user):
    study = factories.StudyFactory()

    with pytest.raises(NotAllowed):
        services.save_draft(study, by=reviewer_user, comment="Not mine to write")


def test_a_draft_saved_from_a_copy_loaded_before_a_withdrawal_keeps_the_page_editable(editor_user):
    study = factories.StudyFactory()
    submission = services.submit(study, by=editor_user)
    loaded_while_in_review = type(study).objects.get(pk=study.pk)
    services.withdraw(submission, by=editor_user)

    loaded_while_in_review.finding = "Edited after the withdrawal."
    services.save_draft(loaded_while_in_review, by=editor_user, comment="Edited")

    study.refresh_from_db()
    assert study.state == Reviewable.State.DRAFT
    assert services.submit(study, by=editor_user).status == "pending"
