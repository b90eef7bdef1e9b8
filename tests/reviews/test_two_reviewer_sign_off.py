"""A safety-critical change is published only at the approval of a second, different
medical reviewer, neither of whom wrote it, on exactly the content the first approved."""

import csv
import io
import json
import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reviews import registry, selectors, services
from reviews.exceptions import InvalidTransition, NotAllowed, StaleSubmission
from reviews.models import Approval, AuditEvent, Edition, Submission
from tests import factories
from tests.reviews.conftest import edit, make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_reviewer(db):
    return factories.reviewer(username="first", first_name="Ada", last_name="Quist")


@pytest.fixture
def second_reviewer(db):
    return factories.reviewer(username="second", first_name="Jordan", last_name="Reyes", abbreviations=["PharmD"])


def a_dose_change(editor_user):
    """A live compound whose next submission changes a dose: safety-critical."""
    compound = factories.published_compound(studies=0)
    row = compound.dosing_protocols.order_by("position").first()
    with services.drafting(by=editor_user):
        row.dose_max = 400
        row.save()
        compound.save()
    submission = services.submit(compound, by=editor_user, change_note="The top dose is now 400 mg.")
    assert submission.risk == Submission.Risk.SAFETY_CRITICAL
    return compound, submission


def a_routine_change(editor_user):
    compound = factories.published_compound(studies=0)
    edit(compound, by=editor_user, summary="A plainer summary of what the trials found.")
    submission = services.submit(compound, by=editor_user)
    assert submission.risk == Submission.Risk.ROUTINE
    return compound, submission


def current(obj) -> Edition | None:
    return Edition.for_object(obj).current().first()


def test_a_dose_change_is_published_only_at_the_second_of_two_different_reviewers(
    editor_user, first_reviewer, second_reviewer
):
    compound, submission = a_dose_change(editor_user)
    live_before = current(compound)

    assert (
        services.approve(
            submission,
            by=first_reviewer,
            comment="Doses match the label",
            signature=factories.signature(first_reviewer),
        )
        is None
    )

    assert current(compound) == live_before  # readers still see the old dose
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.PENDING
    approval = Approval.objects.get(submission=submission)
    assert (approval.reviewer, approval.reviewer_name, approval.reviewer_credentials) == (
        first_reviewer,
        "Ada Quist",
        "MD",
    )
    assert approval.content_hash == submission.content_hash and approval.comment == "Doses match the label"

    edition = services.approve(submission, by=second_reviewer, signature=factories.signature(second_reviewer))

    assert edition == current(compound) and edition.content_hash == submission.content_hash
    assert [(s["name"], s["credentials"]) for s in edition.signatories] == [
        ("Ada Quist", "MD"),
        ("Jordan Reyes", "PharmD"),
    ]
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.APPROVED
    assert Approval.objects.filter(submission=submission, voided_at=None).count() == 2


def test_a_routine_change_is_published_at_one_approval(editor_user, first_reviewer):
    compound, submission = a_routine_change(editor_user)

    edition = services.approve(submission, by=first_reviewer, signature=factories.signature(first_reviewer))

    assert edition == current(compound)
    assert [s["name"] for s in edition.signatories] == ["Ada Quist"]


def test_the_same_reviewer_cannot_give_both_approvals(editor_user, first_reviewer):
    compound, submission = a_dose_change(editor_user)
    services.approve(submission, by=first_reviewer, signature=factories.signature(first_reviewer))

    with pytest.raises(InvalidTransition, match="already approved this"):
        services.approve(submission, by=first_reviewer, signature=factories.signature(first_reviewer))

    assert Approval.objects.filter(submission=submission).count() == 1
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.PENDING


@pytest.mark.parametrize("author_signs", ["first", "second"])
def test_an_author_of_the_change_can_be_neither_the_first_nor_the_second_reviewer(
    author_signs, editor_user, first_reviewer, second_reviewer
):
    compound, _ = a_dose_change(editor_user)
    services.withdraw(selectors.pending_submission(compound), by=editor_user)
    edit(compound, by=second_reviewer, summary="The reviewer's own wording.")
    submission = services.submit(compound, by=editor_user, change_note="The top dose is now 400 mg.")

    if author_signs == "first":
        with pytest.raises(NotAllowed, match="You edited this version"):
            services.approve(submission, by=second_reviewer, signature=factories.signature(second_reviewer))
        assert not Approval.objects.filter(submission=submission).exists()
    else:
        services.approve(submission, by=first_reviewer, signature=factories.signature(first_reviewer))
        with pytest.raises(NotAllowed, match="You edited this version"):
            services.approve(submission, by=second_reviewer, signature=factories.signature(second_reviewer))
        assert Approval.objects.filter(submission=submission).count() == 1
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.PENDING


def test_a_change_after_the_first_approval_voids_it_and_the_second_is_refused(
    editor_user, first_reviewer, second_reviewer
):
    compound = make_draft("compound")  # a first publication cites a live study
    study = compound.evidence_links.get().study
    submission = services.submit(compound, by=editor_user)
    services.approve(submission, by=first_reviewer, signature=factories.signature(first_reviewer))
    # The cited study is republished: what the compound page would embed changed.
    edit(study, by=editor_user, finding="A corrected finding.")
    republished = services.submit(study, by=editor_user, change_note="The finding is corrected.")
    factories.approve(republished, by=factories.reviewer(username="study-reviewer"))

    with pytest.raises(StaleSubmission, match="The approval already given by Ada Quist, MD is void"):
        services.approve(submission, by=second_reviewer, signature=factories.signature(second_reviewer))

    approval = Approval.objects.get(submission=submission)
    assert approval.voided_at is not None  # kept although the second approval was refused
    assert not Edition.for_object(compound).exists()
    void = AuditEvent.objects.get(action="review.approval_voided", submission=submission)
    assert (void.actor, void.data["reviewer_name"], void.data["content_hash"]) == (
        second_reviewer,
        "Ada Quist",
        submission.content_hash,
    )
    # The first reviewer cannot revive it either: the submission no longer matches.
    with pytest.raises(StaleSubmission):
        services.approve(submission, by=first_reviewer, signature=factories.signature(first_reviewer))


def test_the_number_of_approvals_comes_from_the_setting_per_risk_class(
    settings, editor_user, first_reviewer, second_reviewer
):
    settings.REVIEW_APPROVALS_REQUIRED = {"safety_critical": 3, "routine": 2}
    compound, submission = a_routine_change(editor_user)
    assert services.approve(submission, by=first_reviewer, signature=factories.signature(first_reviewer)) is None
    assert services.approve(submission, by=second_reviewer, signature=factories.signature(second_reviewer)) == current(
        compound
    )

    compound, submission = a_dose_change(editor_user)
    assert services.approve(submission, by=first_reviewer, signature=factories.signature(first_reviewer)) is None
    assert services.approve(submission, by=second_reviewer, signature=factories.signature(second_reviewer)) is None
    edition = services.approve(
        submission,
        by=factories.reviewer(username="third"),
        signature=factories.signature(factories.reviewer(username="third")),
    )
    assert edition == current(compound) and len(edition.signatories) == 3

    settings.REVIEW_APPROVALS_REQUIRED = {"safety_critical": 1, "routine": 1}
    compound, submission = a_dose_change(editor_user)
    assert services.approve(submission, by=first_reviewer, signature=factories.signature(first_reviewer)) == current(
        compound
    )


def test_a_first_approval_that_sets_a_publish_time_is_refused(editor_user, first_reviewer):
    _, submission = a_dose_change(editor_user)

    with pytest.raises(InvalidTransition, match="does not publish yet"):
        services.approve(
            submission,
            by=first_reviewer,
            publish_at=timezone.now() + timedelta(days=1),
            signature=factories.signature(first_reviewer),
        )
    assert not Approval.objects.filter(submission=submission).exists()


# What people see


def test_the_queue_shows_one_of_two_and_the_review_screen_who_approved_first(
    client, editor_user, first_reviewer, second_reviewer
):
    _, submission = a_dose_change(editor_user)
    services.approve(submission, by=first_reviewer, signature=factories.signature(first_reviewer))
    client.force_login(second_reviewer)

    queue = client.get(reverse("admin:reviews_submission_changelist")).content.decode()
    screen = client.get(reverse("admin:reviews_submission_change", args=[submission.pk])).content.decode()

    assert re.search(r'<td class="field-approvals_column">1 of 2</td>', queue)
    assert "Approvals: 1 of 2" in screen
    assert "Approved first by Ada Quist, MD" in screen
    assert "Approve and publish" in screen
    assert "Yours is the approval that publishes it" in screen

    client.force_login(first_reviewer)
    own = client.get(reverse("admin:reviews_submission_change", args=[submission.pk])).content.decode()
    assert "You have approved this." in own and "Approve and publish" not in own


def test_the_first_reviewer_is_told_a_second_must_approve(client, editor_user, first_reviewer, second_reviewer):
    compound, submission = a_dose_change(editor_user)
    client.force_login(first_reviewer)
    screen = client.get(reverse("admin:reviews_submission_change", args=[submission.pk])).content.decode()
    assert "Approve (1 of 2)" in screen and "Publish at" not in screen

    signed = {"password": factories.PASSWORD, "code": factories.backup_code(first_reviewer)}
    response = client.post(reverse("admin:reviews_submission_approve", args=[submission.pk]), signed, follow=True)

    assert (
        "First approval recorded: a second medical reviewer must approve before it is published."
        in response.content.decode()
    )
    client.force_login(second_reviewer)
    signed = {"password": factories.PASSWORD, "code": factories.backup_code(second_reviewer)}
    response = client.post(reverse("admin:reviews_submission_approve", args=[submission.pk]), signed, follow=True)
    assert "Approved. It is live." in response.content.decode()
    assert current(compound).submission == submission


def test_both_names_are_on_the_edition_the_review_line_the_json_ld_the_audit_log_and_the_csv(
    client, editor_user, first_reviewer, second_reviewer
):
    compound, submission = a_dose_change(editor_user)
    services.approve(submission, by=first_reviewer, signature=factories.signature(first_reviewer))
    edition = services.approve(submission, by=second_reviewer, signature=factories.signature(second_reviewer))
    page = client.get(registry.builder_for(compound).url(compound.slug)).content.decode()

    line = re.search(r'<p class="review-line">(.*?)</p>', page, re.S).group(1)
    assert (
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", line))
        .strip()
        .startswith("Medically reviewed by Ada Quist, MD and Jordan Reyes, PharmD · Last reviewed")
    )
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert [(p["@type"], p["name"], p["honorificSuffix"]) for p in data["reviewedBy"]] == [
        ("Person", "Ada Quist", "MD"),
        ("Person", "Jordan Reyes", "PharmD"),
    ]
    first, approved = AuditEvent.objects.filter(submission=submission, action__startswith="review.approv").order_by(
        "pk"
    )
    assert (first.action, first.actor, first.data["approvals"], first.data["approvals_required"]) == (
        "review.approval_recorded",
        first_reviewer,
        1,
        2,
    )
    assert approved.action == "review.approved" and approved.edition == edition
    assert [s["name"] for s in approved.data["signatories"]] == ["Ada Quist", "Jordan Reyes"]

    client.force_login(second_reviewer)
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("admin:reviews_auditevent_export")).content.decode())))
    mine = [row for row in rows if row["object"] == str(compound)]
    assert [(row["action"], row["reviewer"]) for row in mine][-2:] == [
        ("review.approval_recorded", "first"),
        ("review.approved", "second"),
    ]
    assert mine[-1]["signed by"] == "Ada Quist, MD; Jordan Reyes, PharmD"


def test_after_a_confirmation_the_review_line_names_the_reviewer_who_confirmed(
    client, editor_user, first_reviewer, second_reviewer
):
    compound, submission = a_dose_change(editor_user)
    services.approve(submission, by=first_reviewer, signature=factories.signature(first_reviewer))
    services.approve(submission, by=second_reviewer, signature=factories.signature(second_reviewer))

    services.confirm_still_accurate(compound, by=first_reviewer, signature=factories.signature(first_reviewer))

    page = client.get(registry.builder_for(compound).url(compound.slug)).content.decode()
    line = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", "", re.search(r'<p class="review-line">(.*?)</p>', page, re.S).group(1))
    )
    assert "Medically reviewed by Ada Quist, MD · Last reviewed" in line
    assert "Jordan Reyes" not in line


# Two reviewers racing


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reviewers_racing_for_the_second_approval_publish_exactly_one_edition(editor_user):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL's row locks")
    racers = [factories.reviewer(username=f"racer-{n}") for n in range(2)]
    obj = make_draft("study")  # a first publication of a study's finding needs two
    submission = services.submit(obj, by=editor_user)
    services.approve(
        submission,
        by=factories.reviewer(username="first-signer"),
        signature=factories.signature(factories.reviewer(username="first-signer")),
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(reviewer):
        barrier.wait()
        try:
            edition = services.approve(submission, by=reviewer, signature=factories.signature(reviewer))
            outcomes.append("published" if edition is not None else "recorded")
        except Exception as exc:  # noqa: BLE001 - the loser's refusal is the point
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(reviewer,)) for reviewer in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["InvalidTransition", "published"]
    assert Edition.for_object(obj).count() == 1
    assert Approval.objects.filter(submission=submission).count() == 2
