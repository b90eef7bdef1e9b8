import csv
import io

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import AuditEvent
from tests import factories
from tests.reviews.conftest import edit, make_draft

pytestmark = pytest.mark.django_db


def test_each_transition_writes_one_audit_event_with_its_actor_and_comment(kind, editor_user, reviewer_user):
    obj = make_draft(kind)
    edit(obj, by=editor_user)
    factories.reviewer(username="first-signer")  # before counting: verifying their licence is an event too
    start = AuditEvent.objects.count()

    first = services.submit(obj, by=editor_user, note="Please check the doses")
    services.request_changes(first, by=reviewer_user, comment="Add the 2020 review")
    second = services.submit(obj, by=editor_user)
    services.withdraw(second, by=editor_user)
    third = services.submit(obj, by=editor_user)
    services.approve(
        third,
        by=factories.reviewer(username="first-signer"),
        comment="Doses checked",
        signature=factories.signature(factories.reviewer(username="first-signer")),
    )
    services.approve(third, by=reviewer_user, comment="Accurate", signature=factories.signature(reviewer_user))
    services.confirm_still_accurate(
        obj, by=reviewer_user, comment="Checked again", signature=factories.signature(reviewer_user)
    )
    services.unpublish(
        obj, by=reviewer_user, reason="Reader reported a dose error", signature=factories.signature(reviewer_user)
    )

    events = list(AuditEvent.objects.order_by("pk")[start:].values_list("action", "actor__username", "comment"))
    assert events == [
        ("review.submitted", "editor", "Please check the doses"),
        ("review.changes_requested", "reviewer", "Add the 2020 review"),
        ("review.submitted", "editor", ""),
        ("review.withdrawn", "editor", ""),
        ("review.submitted", "editor", ""),
        ("review.approval_recorded", "first-signer", "Doses checked"),
        ("review.approved", "reviewer", "Accurate"),
        ("review.confirmed", "reviewer", "Checked again"),
        ("edition.unpublished", "reviewer", "Reader reported a dose error"),
    ]


def test_an_approval_records_the_hash_and_the_reviewers_credentials_as_they_stood(editor_user, reviewer_user):
    obj = make_draft("study")
    submission = services.submit(obj, by=editor_user)
    edition = factories.approve(submission, by=reviewer_user)
    profile = reviewer_user.reviewer_profile
    profile.credentials = "MD, PhD"  # gained later; the record keeps what was true that day
    profile.save()

    event = AuditEvent.objects.get(action="review.approved")
    assert event.data["content_hash"] == submission.content_hash == edition.content_hash
    assert event.data["reviewer_credentials"] == "MD"
    assert (event.revision, event.submission, event.edition) == (submission.revision, submission, edition)


def test_the_audit_log_is_append_only():
    event = AuditEvent.record(factories.StudyFactory(), "test.happened")
    event.comment = "rewritten"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_the_audit_log_is_read_only_in_the_admin(client):
    admin = factories.UserFactory(username="boss", is_superuser=True)
    client.force_login(admin)
    event = AuditEvent.record(factories.StudyFactory(), "test.happened")

    assert client.get(reverse("admin:reviews_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:reviews_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:reviews_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_approvals_export_as_csv_with_who_when_hash_and_credentials(client, editor_user, reviewer_user):
    obj = make_draft("study")
    edition = factories.approve(services.submit(obj, by=editor_user), by=reviewer_user)
    client.force_login(reviewer_user)

    response = client.get(reverse("admin:reviews_auditevent_export"))

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    # A study's finding is safety-critical: a first approval, then the one that published it.
    assert [row["action"] for row in rows] == ["review.approval_recorded", "review.approved"]
    assert rows[1]["reviewer"] == "reviewer"
    assert rows[1]["credentials"] == "MD"
    assert rows[1]["content hash"] == rows[0]["content hash"] == edition.content_hash
    assert rows[1]["edition"] == str(edition.pk)


def test_the_approvals_export_neutralises_spreadsheet_formulas(client, editor_user, reviewer_user):
    obj = make_draft("study")
    factories.approve(services.submit(obj, by=editor_user), by=reviewer_user, comment="=HYPERLINK(evil)")
    client.force_login(reviewer_user)

    rows = list(csv.DictReader(io.StringIO(client.get(reverse("admin:reviews_auditevent_export")).content.decode())))

    assert rows[-1]["comment"] == "'=HYPERLINK(evil)"


def test_the_approvals_export_needs_the_view_permission(client):
    client.force_login(factories.UserFactory(username="outsider"))
    assert client.get(reverse("admin:reviews_auditevent_export")).status_code == 403
