"""Change notes: a note for readers on what a change did, an update or a correction,
required when the change is safety-critical, approved by the reviewers with the change
and published with it."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from compounds.models import Compound
from reviews import selectors, services
from reviews.exceptions import NotReady
from reviews.models import AuditEvent, ChangeKind, Submission
from reviews.models.workflow import CHANGE_NOTE_MAX_LENGTH
from tests import factories
from tests.admin_forms import change_form_data
from tests.reviews.conftest import edit

pytestmark = pytest.mark.django_db

DOSE_NOTE = "The top daily dose now reads 400 mg, as in the 2024 label."


@pytest.fixture
def editor_user(db):
    return factories.editor(username="dose-editor")


def widen_a_dose(compound, *, by):
    row = compound.dosing_protocols.order_by("position").first()
    with services.drafting(by=by):
        row.dose_max = 400
        row.save()
        compound.save()
    return compound


@pytest.fixture
def dose_change(editor_user):
    """A live compound with a saved, unsubmitted dose change: safety-critical."""
    return widen_a_dose(factories.published_compound(studies=0), by=editor_user)


def test_a_safety_critical_change_cannot_be_submitted_without_a_change_note(dose_change, editor_user):
    with pytest.raises(NotReady, match="readers must be told: write a change note for readers"):
        services.submit(dose_change, by=editor_user, note="For the reviewer only.")

    dose_change.refresh_from_db()
    assert dose_change.state == Compound.State.DRAFT
    assert selectors.pending_submission(dose_change) is None


def test_a_blank_change_note_is_no_change_note(dose_change, editor_user):
    with pytest.raises(NotReady, match="write a change note"):
        services.submit(dose_change, by=editor_user, change_note="   \n ")


def test_a_safety_critical_change_with_a_note_is_submitted_with_it(dose_change, editor_user):
    submission = services.submit(
        dose_change, by=editor_user, change_note=f"  {DOSE_NOTE} ", change_kind=ChangeKind.CORRECTION
    )

    assert submission.risk == Submission.Risk.SAFETY_CRITICAL
    assert (submission.change_note, submission.change_kind) == (DOSE_NOTE, ChangeKind.CORRECTION)
    event = AuditEvent.objects.get(submission=submission, action="review.submitted")
    assert event.data == {"change_note": DOSE_NOTE, "change_kind": "correction"}


def test_a_routine_change_and_a_first_publication_need_no_change_note(editor_user):
    first = factories.compound_with_rows(studies=0, cite_when_no_studies=False)
    factories.EvidenceLinkFactory(compound=first, study=factories.published_study())
    assert services.submit(first, by=editor_user).change_note == ""

    live = factories.published_compound(studies=0)
    edit(live, by=editor_user, summary="A plainer summary.")
    submission = services.submit(live, by=editor_user)
    assert (submission.risk, submission.change_note) == (Submission.Risk.ROUTINE, "")


def test_a_correction_needs_a_note_saying_what_was_wrong(editor_user):
    live = factories.published_compound(studies=0)
    edit(live, by=editor_user, summary="A corrected summary.")

    with pytest.raises(NotReady, match="A correction needs a change note"):
        services.submit(live, by=editor_user, change_kind=ChangeKind.CORRECTION)


def test_a_change_note_longer_than_the_page_can_print_is_refused(dose_change, editor_user):
    with pytest.raises(NotReady, match=f"to {CHANGE_NOTE_MAX_LENGTH} characters"):
        services.submit(dose_change, by=editor_user, change_note="x" * (CHANGE_NOTE_MAX_LENGTH + 1))


def test_the_edition_carries_the_note_both_reviewers_approved(dose_change, editor_user):
    submission = services.submit(dose_change, by=editor_user, change_note=DOSE_NOTE)
    assert submission.approvals_required == 2
    first, last = factories.reviewer(username="first-signer"), factories.reviewer(username="last-signer")

    assert services.approve(submission, by=first, signature=factories.signature(first)) is None
    edition = services.approve(submission, by=last, signature=factories.signature(last))

    submission.refresh_from_db()
    assert (submission.change_note, submission.change_kind) == (DOSE_NOTE, ChangeKind.UPDATE)
    assert (edition.change_note, edition.change_kind) == (DOSE_NOTE, ChangeKind.UPDATE)
    assert [s["reviewer"] for s in edition.signatories] == [first.pk, last.pk]


def test_the_review_screen_shows_the_note_for_readers(dose_change, editor_user, client):
    submission = services.submit(dose_change, by=editor_user, change_note=DOSE_NOTE, change_kind=ChangeKind.CORRECTION)
    client.force_login(factories.reviewer(username="desk-reviewer"))

    page = client.get(reverse("admin:reviews_submission_change", args=[submission.pk])).content.decode()

    assert "Change note for readers" in page
    assert f"<strong>Correction:</strong> {DOSE_NOTE}" in page


def messages_of(response):
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


def save_and_submit(client, compound, **changes):
    url = reverse("admin:compounds_compound_change", args=[compound.pk])
    data = change_form_data(client.get(url), **changes)
    return client.post(url, data | {"_save_and_submit": "Save and submit for medical review"})


def test_save_and_submit_without_a_note_keeps_the_dose_change_and_says_why(editor_client):
    compound = factories.published_compound(studies=0)
    row = compound.dosing_protocols.order_by("position").first()

    response = save_and_submit(editor_client, compound, **{"dosing_protocols-0-dose_max": "400"})

    assert response.status_code == 302
    row.refresh_from_db()
    compound.refresh_from_db()
    assert row.dose_max == 400
    assert compound.state == Compound.State.DRAFT
    ((level, message),) = messages_of(response)
    assert level == "error"
    assert message.startswith("Your changes were saved, but not submitted for review: This change touches doses")


def test_save_and_submit_with_a_note_submits_the_note_and_its_kind(editor_client):
    compound = factories.published_compound(studies=0)

    response = save_and_submit(
        editor_client,
        compound,
        **{
            "dosing_protocols-0-dose_max": "400",
            "submit-change_note": DOSE_NOTE,
            "submit-change_kind": "correction",
        },
    )

    assert messages_of(response) == [("success", "Saved and submitted for medical review.")]
    submission = selectors.pending_submission(compound)
    assert (submission.change_note, submission.change_kind) == (DOSE_NOTE, "correction")
