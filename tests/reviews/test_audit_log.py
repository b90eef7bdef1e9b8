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
    start = AuditEvent.objects.count()

    first = services.submit(obj, by=editor_user, note="Please check the doses")
    services.request_changes(first, by=reviewer_user, comment="Add the 2020 review")
    second = services.submit(obj, by=editor_user)
    services.withdraw(second, by=editor_user)
    services.approve(services.submit(obj, by=editor_user), by=reviewer_user, comment="Accurate")
    services.confirm_still_accurate(obj, by=reviewer_user, comment="Checked again")
    services.unpublish(obj, by=reviewer_user, reason="Reader reported a dose error")

    events = list(AuditEvent.objects.order_by("pk")[start:].values_list("action", "actor__username", "comment"))
    assert events == [
        ("review.submitted", "editor", "Please check the doses"),
        ("review.changes_requested", "reviewer", "Add the 2020 review"),
        ("review.submitted", "editor", ""),
        ("review.withdrawn", "editor", ""),
        ("review.submitted", "editor", ""),
        ("review.approved", "reviewer", "Accurate"),
        ("review.confirmed", "reviewer", "Checked again"),
        ("edition.unpublished", "reviewer", "Reader reported a dose error"),
    ]


def test_an_approval_records_the_hash_and_the_reviewers_credentials_as_they_stood(editor_user, reviewer_user):
    obj = make_draft("study")
    submission = services.submit(obj, by=editor_user)
    edition = services.approve(submission, by=reviewer_user)
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
    edition = services.approve(services.submit(obj, by=editor_user), by=reviewer_user)
    client.force_login(reviewer_user)

    response = client.get(reverse("admin:reviews_auditevent_export"))

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    assert rows[0]["action"] == "review.approved"
    assert rows[0]["reviewer"] == "reviewer"
    assert rows[0]["credentials"] == "MD"
    assert rows[0]["content hash"] == edition.content_hash
    assert rows[0]["edition"] == str(edition.pk)


def test_the_approvals_export_neutralises_spreadsheet_formulas(client, editor_user, reviewer_user):
    obj = make_draft("study")
    services.approve(services.submit(obj, by=editor_user), by=reviewer_user, comment="=HYPERLINK(evil)")
    client.force_login(reviewer_user)

    rows = list(csv.DictReader(io.StringIO(client.get(reverse("admin:reviews_auditevent_export")).content.decode())))

    assert rows[0]["comment"] == "'=HYPERLINK(evil)"


def test_the_approvals_export_needs_the_view_permission(client):
    client.force_login(factories.UserFactory(username="outsider"))
    assert client.get(reverse("admin:reviews_auditevent_export")).status_code == 403
