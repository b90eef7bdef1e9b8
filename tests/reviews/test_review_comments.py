"""Reviewers comment on a field or row of a page in review; editors see the comment in
the edit form and mark it resolved; open comments carry into the next submission; each
step is in the audit log."""

import pytest
from django.db import connection
from django.template import engines
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews import comments, services
from reviews.exceptions import InvalidTransition, NotAllowed
from reviews.models import AuditEvent, ReviewComment
from tests import factories
from tests.reviews.conftest import make_draft

pytestmark = pytest.mark.django_db


def compound_in_review(editor_user, summary="Now with a new summary.", dose_max=None):
    """A live compound with one dosing row, changed and submitted: (compound, submission, row)."""
    compound = factories.published_compound(studies=1, dosing=1, side_effects=1, name="Tianeptine")
    with services.drafting(by=editor_user):
        compound.summary = summary
        if dose_max is not None:
            compound.dosing_protocols.update(dose_max=dose_max)
        compound.save()
    submission = services.submit(compound, by=editor_user, change_note="The doses now follow the newer trial.")
    return compound, submission, compound.dosing_protocols.get()


def test_a_reviewer_comments_on_a_field_of_a_page_in_review(editor_user, reviewer_user):
    compound, submission, _ = compound_in_review(editor_user)

    comment = comments.add_comment(compound, field="summary", text="Say who the trial enrolled.", by=reviewer_user)

    assert comment.submission == submission
    assert comment.label == "Summary"
    assert comment.is_open
    assert comments.open_comments(compound) == [comment]


def test_a_reviewer_comments_on_one_row_and_the_comment_names_it(editor_user, reviewer_user):
    compound, _, row = compound_in_review(editor_user)

    comment = comments.add_comment(
        compound, field="dosing_protocols", row_id=row.pk, text="Is this the label dose?", by=reviewer_user
    )

    assert comment.target == f"dosing_protocols:{row.pk}"
    assert row.use in comment.label


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("reviewer", True), ("editor", False), ("staff without a role", False)],
)
def test_only_medical_reviewers_comment(editor_user, reviewer_user, who, allowed):
    compound, _, _ = compound_in_review(editor_user)
    users = {
        "reviewer": reviewer_user,
        "editor": factories.editor(username="other-editor"),
        "staff without a role": factories.UserFactory(username="staff", is_staff=True),
    }

    if allowed:
        comments.add_comment(compound, field="summary", text="Check this.", by=users[who])
    else:
        with pytest.raises(NotAllowed):
            comments.add_comment(compound, field="summary", text="Check this.", by=users[who])
        assert not ReviewComment.objects.exists()


@pytest.mark.parametrize("text", ["", "   \n "])
def test_an_empty_comment_is_refused_with_a_message(editor_user, reviewer_user, text):
    compound, _, _ = compound_in_review(editor_user)

    with pytest.raises(InvalidTransition, match="Write a comment"):
        comments.add_comment(compound, field="summary", text=text, by=reviewer_user)


def test_a_comment_on_something_the_page_does_not_hold_is_refused(editor_user, reviewer_user):
    compound, _, _ = compound_in_review(editor_user)

    with pytest.raises(InvalidTransition, match="Choose a field"):
        comments.add_comment(compound, field="no_such_field", text="?", by=reviewer_user)
    with pytest.raises(InvalidTransition, match="row is not on this page"):
        comments.add_comment(compound, field="dosing_protocols", row_id=999999, text="?", by=reviewer_user)


def test_a_page_not_in_review_takes_no_comments(editor_user, reviewer_user):
    compound = factories.published_compound(studies=1)

    with pytest.raises(InvalidTransition, match="not awaiting review"):
        comments.add_comment(compound, field="summary", text="Check this.", by=reviewer_user)


def test_an_editor_of_the_page_resolves_a_comment(editor_user, reviewer_user):
    compound, submission, _ = compound_in_review(editor_user)
    comment = comments.add_comment(compound, field="summary", text="Check this.", by=reviewer_user)
    services.request_changes(submission, by=reviewer_user, comment="See my comment on the summary.")

    comments.resolve_comment(comment, by=editor_user)

    comment.refresh_from_db()
    assert comment.resolved_by == editor_user and comment.resolved_at is not None
    assert comments.open_comments(compound) == []
    with pytest.raises(InvalidTransition, match="already resolved"):
        comments.resolve_comment(comment, by=editor_user)


def test_someone_who_may_not_edit_the_page_cannot_resolve_another_persons_comment(editor_user, reviewer_user):
    compound, _, _ = compound_in_review(editor_user)
    comment = comments.add_comment(compound, field="summary", text="Check this.", by=reviewer_user)

    with pytest.raises(NotAllowed):
        comments.resolve_comment(comment, by=factories.reviewer(username="second-reviewer"))
    comments.resolve_comment(comment, by=reviewer_user)  # its author may

    assert not comments.open_comments(compound)


def test_a_reviewer_reopens_a_resolved_comment(editor_user, reviewer_user):
    compound, _, _ = compound_in_review(editor_user)
    comment = comments.add_comment(compound, field="summary", text="Check this.", by=reviewer_user)
    comments.resolve_comment(comment, by=editor_user)

    with pytest.raises(NotAllowed):
        comments.reopen_comment(comment, by=editor_user)
    comments.reopen_comment(comment, by=reviewer_user)

    assert comments.open_comments(compound) == [comment]


def test_open_comments_carry_into_the_next_submission_and_resolved_ones_show_once_more(editor_user, reviewer_user):
    compound, first, _ = compound_in_review(editor_user)
    kept_open = comments.add_comment(compound, field="summary", text="Still unclear.", by=reviewer_user)
    answered = comments.add_comment(compound, field="name", text="Spell it as the label does.", by=reviewer_user)
    services.request_changes(first, by=reviewer_user, comment="See my comments.")
    comments.resolve_comment(answered, by=editor_user)
    with services.drafting(by=editor_user):
        compound.summary = "A clearer summary."
        compound.save()
    second = services.submit(compound, by=editor_user, change_note="The doses now follow the newer trial.")

    assert comments.open_comments(compound) == [kept_open]
    assert comments.comments_for_review(second) == [kept_open, answered]
    services.request_changes(second, by=reviewer_user, comment="Almost.")
    with services.drafting(by=editor_user):
        compound.summary = "A clearer summary still."
        compound.save()
    third = services.submit(compound, by=editor_user, change_note="The doses now follow the newer trial.")
    # Resolved two submissions ago: no longer news to the reviewer.
    assert comments.comments_for_review(third) == [kept_open]


def test_adding_resolving_and_reopening_are_in_the_audit_log(editor_user, reviewer_user):
    compound, submission, _ = compound_in_review(editor_user)
    comment = comments.add_comment(compound, field="summary", text="Check this.", by=reviewer_user)
    comments.resolve_comment(comment, by=editor_user)
    comments.reopen_comment(comment, by=reviewer_user)

    events = list(AuditEvent.objects.filter(action__startswith="review.comment_").order_by("created_at", "pk"))

    assert [(e.action, e.actor) for e in events] == [
        ("review.comment_added", reviewer_user),
        ("review.comment_resolved", editor_user),
        ("review.comment_reopened", reviewer_user),
    ]
    assert events[0].comment == "Check this."
    assert all(e.submission == submission and e.object_id == compound.pk for e in events)
    assert all(e.data["comment"] == comment.pk and e.data["field"] == "summary" for e in events)


# The admin's endpoints


def add_url(submission):
    return reverse("admin:reviews_reviewcomment_add_to", args=[submission.pk])


def test_the_review_screen_offers_a_comment_form_beside_each_changed_field_and_row(client, editor_user, reviewer_user):
    _, submission, row = compound_in_review(editor_user, dose_max=450)
    client.force_login(reviewer_user)

    page = client.get(reverse("admin:reviews_submission_change", args=[submission.pk])).content.decode()

    assert 'name="field" value="summary"' in page
    assert "Comment on Summary" in page
    assert f'name="row_id" value="{row.pk}"' in page


def test_a_reviewer_adds_a_comment_from_the_review_screen_and_sees_it_there(client, editor_user, reviewer_user):
    compound, submission, _ = compound_in_review(editor_user)
    client.force_login(reviewer_user)

    response = client.post(add_url(submission), {"field": "summary", "text": "Cite the trial here."}, follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Comment added." in page and "Cite the trial here." in page
    assert ReviewComment.objects.get().author == reviewer_user


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"field": "summary", "text": "  "}, "Write a comment before adding it."),
        ({"field": "summary"}, "Write a comment before adding it."),
        ({"field": "summary", "row_id": "abc", "text": "Hm."}, "Choose a field or row"),
        ({"field": "no_such_field", "text": "Hm."}, "Choose a field or row"),
    ],
)
def test_bad_input_to_the_comment_form_gets_a_message_not_an_error_page(
    client, editor_user, reviewer_user, data, message
):
    _, submission, _ = compound_in_review(editor_user)
    client.force_login(reviewer_user)

    response = client.post(add_url(submission), data, follow=True)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReviewComment.objects.exists()


def test_an_editor_cannot_post_a_comment(client, editor_user):
    _, submission, _ = compound_in_review(editor_user)
    client.force_login(editor_user)

    response = client.post(add_url(submission), {"field": "summary", "text": "My own note."})

    assert response.status_code == 403
    assert not ReviewComment.objects.exists()


def test_the_comment_endpoints_take_only_posts_with_a_csrf_token(editor_user, reviewer_user):

    _, submission, _ = compound_in_review(editor_user)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reviewer_user)

    assert strict.get(add_url(submission)).status_code == 405
    assert strict.post(add_url(submission), {"field": "summary", "text": "Hm."}).status_code == 403
    assert not ReviewComment.objects.exists()


def test_the_edit_form_shows_each_open_comment_with_a_resolve_button_outside_the_change_form(
    client, editor_user, reviewer_user
):
    compound, submission, row = compound_in_review(editor_user)
    on_field = comments.add_comment(compound, field="summary", text="Cite the trial here.", by=reviewer_user)
    on_row = comments.add_comment(
        compound, field="dosing_protocols", row_id=row.pk, text="Is this the label dose?", by=reviewer_user
    )
    services.request_changes(submission, by=reviewer_user, comment="See my comments.")
    client.force_login(editor_user)

    page = client.get(reverse("admin:compounds_compound_change", args=[compound.pk])).content.decode()

    assert "2 open review comments" in page
    for comment in (on_field, on_row):
        assert f'href="#review-comment-{comment.pk}"' in page
        assert f'form="resolve-comment-{comment.pk}"' in page
        # A form inside another is not a form: the resolve forms come before the change form.
        assert page.index(f'<form id="resolve-comment-{comment.pk}"') < page.index('id="compound_form"')
    assert f'data-row-id="{row.pk}"' in page


def test_an_editor_marks_a_comment_resolved_from_the_edit_form(client, editor_user, reviewer_user):
    compound, submission, _ = compound_in_review(editor_user)
    comment = comments.add_comment(compound, field="summary", text="Cite the trial here.", by=reviewer_user)
    services.request_changes(submission, by=reviewer_user, comment="See my comment.")
    client.force_login(editor_user)
    edit_url = reverse("admin:compounds_compound_change", args=[compound.pk])

    response = client.post(
        reverse("admin:reviews_reviewcomment_resolve", args=[comment.pk]), {"next": edit_url}, follow=True
    )

    assert response.redirect_chain[-1][0] == edit_url
    assert "Comment marked resolved." in response.content.decode()
    assert "open review comment" not in response.content.decode()
    comment.refresh_from_db()
    assert not comment.is_open


def test_resolving_by_someone_who_may_not_is_forbidden_and_an_outside_next_is_ignored(
    client, editor_user, reviewer_user
):
    compound, _, _ = compound_in_review(editor_user)
    comment = comments.add_comment(compound, field="summary", text="Cite the trial here.", by=reviewer_user)
    url = reverse("admin:reviews_reviewcomment_resolve", args=[comment.pk])

    client.force_login(factories.reviewer(username="second-reviewer"))
    assert client.post(url).status_code == 403
    client.force_login(editor_user)
    response = client.post(url, {"next": "https://elsewhere.example/"})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:compounds_compound_change", args=[compound.pk])


def render_panel(submission, user) -> str:

    request = RequestFactory().get(reverse("admin:reviews_submission_change", args=[submission.pk]))
    request.user = user
    template = engines["django"].from_string('{% include "admin/reviews/_comments_panel.html" %}')
    return template.render({"submission": submission}, request)


def test_the_comment_panel_offers_every_field_and_row_of_a_first_publication(editor_user, reviewer_user):
    compound = make_draft("compound")
    submission = services.submit(compound, by=editor_user, change_note="The doses now follow the newer trial.")
    row = compound.dosing_protocols.first()

    panel = render_panel(submission, reviewer_user)

    assert '<option value="summary">Summary</option>' in panel
    assert f'<option value="dosing_protocols:{row.pk}">' in panel
    assert render_panel(submission, editor_user).strip() == ""  # nothing to show an editor yet


def test_a_comment_chosen_from_the_list_lands_on_its_row_and_the_panel_lists_it(client, editor_user, reviewer_user):
    compound = make_draft("compound")
    submission = services.submit(compound, by=editor_user, change_note="The doses now follow the newer trial.")
    row = compound.dosing_protocols.first()
    client.force_login(reviewer_user)

    client.post(add_url(submission), {"target": f"dosing_protocols:{row.pk}", "text": "Which trial gave this?"})

    comment = ReviewComment.objects.get()
    assert (comment.field, comment.row_id) == ("dosing_protocols", row.pk)
    assert "Which trial gave this?" in render_panel(submission, reviewer_user)


@pytest.mark.parametrize("target", ["", "dosing_protocols:x", "<script>"])
def test_a_bad_choice_from_the_list_gets_a_message(client, editor_user, reviewer_user, target):
    submission = services.submit(make_draft("compound"), by=editor_user)
    client.force_login(reviewer_user)

    response = client.post(add_url(submission), {"target": target, "text": "Hm."}, follow=True)

    assert "Choose a field or row" in response.content.decode()
    assert not ReviewComment.objects.exists()


def test_the_edit_form_reads_its_comments_in_one_query_however_many(client, editor_user, reviewer_user):

    compound, submission, row = compound_in_review(editor_user)
    url = reverse("admin:compounds_compound_change", args=[compound.pk])
    client.force_login(editor_user)
    comments.add_comment(compound, field="summary", text="One.", by=reviewer_user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    queries()  # the session and permissions, once
    with_one = queries()
    for n in range(4):
        comments.add_comment(compound, field="dosing_protocols", row_id=row.pk, text=f"Row {n}.", by=reviewer_user)

    assert queries() == with_one
