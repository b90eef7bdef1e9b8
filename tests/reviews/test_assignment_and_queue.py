"""Submissions carry a risk class and a due date from it, can be given to a reviewer
who did not write them, and the queue reads safety-critical changes first, then oldest."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.exceptions import InvalidTransition, NotAllowed
from reviews.models import AuditEvent, Submission
from tests import factories
from tests.reviews.conftest import edit, make_draft

pytestmark = pytest.mark.django_db


def live_compound(**kwargs):
    return factories.published_compound(studies=1, dosing=1, side_effects=1, **kwargs)


def submit_dose_change(compound, editor, *, dose_max=900):
    with services.drafting(by=editor):
        compound.dosing_protocols.update(dose_max=dose_max)
        compound.save()
    return services.submit(compound, by=editor, change_note="The doses now follow the newer trial.")


def submit_summary_change(compound, editor, summary="A plainer summary."):
    edit(compound, by=editor, summary=summary)
    return services.submit(compound, by=editor, change_note="The doses now follow the newer trial.")


def submitted_days_ago(days, submit):
    """Run `submit` as if it happened `days` days ago."""
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(days=days)):
        return submit()


def test_a_dose_change_is_safety_critical_and_due_in_the_safety_critical_days(editor_user, settings):
    settings.REVIEW_DUE_DAYS = {"safety_critical": 2, "routine": 7}

    submission = submit_dose_change(live_compound(), editor_user)

    assert submission.risk == Submission.Risk.SAFETY_CRITICAL
    assert submission.due_at == submission.submitted_at + timedelta(days=2)


def test_a_summary_change_is_routine_and_due_in_the_routine_days(editor_user, settings):
    settings.REVIEW_DUE_DAYS = {"safety_critical": 2, "routine": 7}

    submission = submit_summary_change(live_compound(), editor_user)

    assert submission.risk == Submission.Risk.ROUTINE
    assert submission.due_at == submission.submitted_at + timedelta(days=7)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("editor", False), ("reviewer", True), ("managing editor", True)],
)
def test_who_may_assign_a_review(editor_user, role, allowed):
    submission = submit_summary_change(live_compound(), editor_user)
    assignee = factories.reviewer(username="assignee")
    by = {
        "editor": lambda: factories.editor(username="other-editor"),
        "reviewer": lambda: factories.reviewer(username="lead-reviewer"),
        "managing editor": lambda: factories.UserFactory(username="managing", is_superuser=True),
    }[role]()

    if allowed:
        services.assign(submission, assignee, by=by)
        assert Submission.objects.get(pk=submission.pk).assigned_to == assignee
    else:
        with pytest.raises(NotAllowed):
            services.assign(submission, assignee, by=by)
        assert Submission.objects.get(pk=submission.pk).assigned_to is None


def test_an_assignment_is_in_the_audit_log(editor_user, reviewer_user):
    submission = submit_summary_change(live_compound(), editor_user)
    assignee = factories.reviewer(username="assignee", first_name="Jordan", last_name="Reyes")

    services.assign(submission, assignee, by=reviewer_user)

    event = AuditEvent.objects.get(action="review.assigned")
    assert (event.actor, event.submission) == (reviewer_user, submission)
    assert event.data["assigned_to"] == assignee.pk and event.data["assigned_to_name"] == "Jordan Reyes"


def test_nobody_is_assigned_a_change_they_wrote(reviewer_user):
    both = factories.UserFactory(username="writes-and-reviews", groups=["Editors", "Medical reviewers"])
    submission = submit_summary_change(live_compound(), both)

    with pytest.raises(InvalidTransition, match="edited this version"):
        services.assign(submission, both, by=reviewer_user)

    assert Submission.objects.get(pk=submission.pk).assigned_to is None
    assert not AuditEvent.objects.filter(action="review.assigned").exists()


def test_only_someone_who_may_approve_can_be_assigned(editor_user, reviewer_user):
    submission = submit_summary_change(live_compound(), editor_user)

    with pytest.raises(InvalidTransition, match="not a medical reviewer"):
        services.assign(submission, factories.editor(username="not-a-reviewer"), by=reviewer_user)


def test_a_decided_submission_cannot_be_assigned(editor_user, reviewer_user):
    submission = submit_summary_change(live_compound(), editor_user)
    services.request_changes(submission, by=reviewer_user, comment="Say which trial.")

    with pytest.raises(InvalidTransition):
        services.assign(submission, reviewer_user, by=reviewer_user)


def test_the_review_screen_assigns_with_its_form_and_offers_no_author(client, editor_user, reviewer_user):
    both = factories.UserFactory(username="writes-and-reviews", groups=["Editors", "Medical reviewers"])
    submission = submit_summary_change(live_compound(), both)
    assignee = factories.reviewer(username="assignee", first_name="Jordan", last_name="Reyes")
    client.force_login(reviewer_user)
    url = reverse("admin:reviews_submission_change", args=[submission.pk])

    page = client.get(url).content.decode()
    assign_form = page.split('class="review-assign"')[1].split("</form>")[0]
    assert "Jordan Reyes" in assign_form and f'value="{both.pk}"' not in assign_form

    response = client.post(
        reverse("admin:reviews_submission_assign", args=[submission.pk]), {"reviewer": assignee.pk}, follow=True
    )
    assert "Assigned to Jordan Reyes." in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).assigned_to == assignee

    response = client.post(reverse("admin:reviews_submission_assign", args=[submission.pk]), {"reviewer": both.pk})
    assert response.status_code == 200
    assert "Choose a medical reviewer who did not edit this version." in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).assigned_to == assignee


def test_assigning_needs_the_csrf_token_and_the_approve_permission(editor_user, reviewer_user):
    submission = submit_summary_change(live_compound(), editor_user)
    url = reverse("admin:reviews_submission_assign", args=[submission.pk])
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reviewer_user)
    assert strict.post(url, {"reviewer": reviewer_user.pk}).status_code == 403

    editor_client = Client()
    editor_client.force_login(editor_user)
    assert editor_client.post(url, {"reviewer": reviewer_user.pk}).status_code == 403
    assert editor_client.get(url).status_code == 405
    assert Submission.objects.get(pk=submission.pk).assigned_to is None


def test_the_queue_lists_safety_critical_changes_first_then_the_oldest(client, editor_user, reviewer_user):
    old_routine = submitted_days_ago(5, lambda: submit_summary_change(live_compound(name="Old routine"), editor_user))
    new_critical = submitted_days_ago(1, lambda: submit_dose_change(live_compound(name="New critical"), editor_user))
    old_critical = submitted_days_ago(3, lambda: submit_dose_change(live_compound(name="Old critical"), editor_user))
    new_routine = submit_summary_change(live_compound(name="New routine"), editor_user)
    client.force_login(reviewer_user)

    page = client.get(reverse("admin:reviews_submission_changelist")).content.decode()

    rows = page.split('id="result_list"')[1]
    order = sorted([old_routine, new_critical, old_critical, new_routine], key=lambda s: rows.index(s.title))
    assert order == [old_critical, new_critical, old_routine, new_routine]


def test_the_queue_shows_risk_assignee_and_marks_overdue_rows_in_words(client, editor_user, reviewer_user, settings):
    settings.REVIEW_DUE_DAYS = {"safety_critical": 2, "routine": 7}
    late = submitted_days_ago(3, lambda: submit_dose_change(live_compound(name="Late one"), editor_user))
    on_time = submit_summary_change(live_compound(name="On time"), editor_user)
    jordan = factories.reviewer(username="jr", first_name="Jordan", last_name="Reyes")
    services.assign(on_time, jordan, by=reviewer_user)
    client.force_login(reviewer_user)

    page = client.get(reverse("admin:reviews_submission_changelist")).content.decode()

    rows = page.split('id="result_list"')[1].split("</table>")[0].split("<tr")
    late_row = next(row for row in rows if late.title in row)
    on_time_row = next(row for row in rows if on_time.title in row)
    assert "Safety-critical" in late_row and "Overdue" in late_row and "Unassigned" in late_row
    assert "Routine" in on_time_row and "Overdue" not in on_time_row and "Jordan Reyes" in on_time_row


def test_the_queue_filters_what_is_assigned_to_me(client, editor_user, reviewer_user):
    mine = submit_summary_change(live_compound(name="Mine to review"), editor_user)
    other = submit_summary_change(live_compound(name="Someone else's"), editor_user)
    services.assign(mine, reviewer_user, by=reviewer_user)
    client.force_login(reviewer_user)

    page = client.get(reverse("admin:reviews_submission_changelist"), {"assigned": "me"}).content.decode()

    assert mine.title in page and other.title not in page


def test_the_queue_is_called_the_review_queue_in_the_admin(client, reviewer_user):
    client.force_login(reviewer_user)

    page = client.get(reverse("admin:index")).content.decode()

    assert ">Review queue</a>" in page and ">Submissions</a>" not in page


def test_a_first_publication_of_a_study_is_safety_critical(editor_user):
    submission = services.submit(make_draft("study"), by=editor_user)

    assert submission.risk == Submission.Risk.SAFETY_CRITICAL


def test_a_user_given_the_approve_permission_directly_can_be_assigned(editor_user, reviewer_user):
    submission = submit_summary_change(live_compound(), editor_user)
    direct = factories.UserFactory(username="direct")
    direct.user_permissions.add(Permission.objects.get(codename="approve_submission"))
    direct = type(direct).objects.get(pk=direct.pk)  # as the admin would load it: permissions are cached per object

    services.assign(submission, direct, by=reviewer_user)

    assert Submission.objects.get(pk=submission.pk).assigned_to == direct


def test_the_queue_filters_by_the_kinds_of_content_that_are_reviewed(client, editor_user, reviewer_user):
    compound = submit_summary_change(live_compound(name="A compound"), editor_user)
    study = services.submit(make_draft("study"), by=editor_user)
    client.force_login(reviewer_user)

    page = client.get(reverse("admin:reviews_submission_changelist"), {"kind": "studies.study"}).content.decode()

    assert study.title in page and compound.title not in page
    assert "Reversion | version" not in page  # only kinds that go through review are offered
