"""The admin home shows each person what waits for them: an editor their drafts, what
was sent back and what awaits review; a reviewer what is assigned to them, unassigned,
overdue, and the live pages due for periodic review."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews import selectors, services, sweeps
from tests import factories
from tests.reviews.conftest import edit

pytestmark = pytest.mark.django_db


def home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("admin:index")).content.decode()


def panel(page: str, panel_id: str) -> str:
    """The HTML of one dashboard panel; empty when it is not on the page."""
    start = page.find(f'id="desk-{panel_id}"')
    return page[start : page.index("</section>", start)] if start >= 0 else ""


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def review_url(submission) -> str:
    return reverse("admin:reviews_submission_change", args=[submission.pk])


def live_compound(name):
    return factories.published_compound(studies=1, dosing=1, side_effects=1, name=name)


def test_an_editor_sees_their_drafts_what_was_sent_back_and_what_awaits_review(client, editor_user, reviewer_user):
    draft = edit(live_compound("Draft of mine"), by=editor_user, summary="Work in progress.")
    someone_elses = edit(live_compound("Someone else's draft"), by=factories.editor(username="other"), summary="x")
    sent_back = edit(live_compound("Sent back to me"), by=editor_user, summary="Shorter.")
    services.request_changes(
        services.submit(sent_back, by=editor_user), by=reviewer_user, comment="Name the trial this comes from."
    )
    waiting = edit(live_compound("Waiting for review"), by=editor_user, summary="Clearer.")
    services.submit(waiting, by=editor_user)

    page = home(client, editor_user)

    assert f'href="{change_url(draft)}"' in panel(page, "my-drafts")
    assert "Draft of mine" in panel(page, "my-drafts") and someone_elses.name not in panel(page, "my-drafts")
    assert f'href="{change_url(sent_back)}"' in panel(page, "sent-back")
    assert "Name the trial this comes from." in panel(page, "sent-back")
    assert f'href="{change_url(waiting)}"' in panel(page, "awaiting")
    assert "Sent back to me" not in panel(page, "my-drafts")  # not a plain draft any more
    for reviewers_panel in ("assigned", "unassigned", "overdue", "due-pages"):
        assert panel(page, reviewers_panel) == ""


def test_a_resubmitted_page_is_no_longer_listed_as_sent_back(client, editor_user, reviewer_user):
    compound = edit(live_compound("Resubmitted"), by=editor_user, summary="Shorter.")
    services.request_changes(services.submit(compound, by=editor_user), by=reviewer_user, comment="Fix it.")
    compound.refresh_from_db()
    edit(compound, by=editor_user, summary="Shorter, fixed.")
    services.submit(compound, by=editor_user)

    page = home(client, editor_user)

    assert "Resubmitted" not in panel(page, "sent-back")
    assert "Resubmitted" in panel(page, "awaiting")


def test_a_reviewer_sees_what_is_assigned_to_them_unassigned_and_overdue(client, editor_user, reviewer_user):
    mine = services.submit(edit(live_compound("Assigned to me"), by=editor_user, summary="a"), by=editor_user)
    services.assign(mine, reviewer_user, by=reviewer_user)
    nobodys = services.submit(edit(live_compound("Nobody's yet"), by=editor_user, summary="b"), by=editor_user)
    long_ago = timezone.now() - timedelta(days=30)
    with mock.patch("django.utils.timezone.now", return_value=long_ago):
        late = services.submit(edit(live_compound("Long overdue"), by=editor_user, summary="c"), by=editor_user)

    page = home(client, reviewer_user)

    assert f'href="{review_url(mine)}"' in panel(page, "assigned")
    assert nobodys.title not in panel(page, "assigned")
    assert f'href="{review_url(nobodys)}"' in panel(page, "unassigned") and mine.title not in panel(page, "unassigned")
    assert f'href="{review_url(late)}"' in panel(page, "overdue") and "Overdue" in panel(page, "overdue")
    assert nobodys.title not in panel(page, "overdue")
    for editors_panel in ("my-drafts", "sent-back", "awaiting"):
        assert panel(page, editors_panel) == ""


def test_a_reviewer_sees_pages_due_for_periodic_review(client, reviewer_user):
    flagged = live_compound("Flagged as due")
    sweeps.flag_due(today=timezone.localdate() + timedelta(days=3650))
    flag = selectors.open_flags().get(content_type=selectors.content_type(flagged), object_id=flagged.pk)
    past_due = live_compound("Past due, not yet swept")
    past_due.set_workflow(review_due_at=timezone.localdate() - timedelta(days=1))
    not_due = live_compound("Reviewed recently")

    page = home(client, reviewer_user)

    due = panel(page, "due-pages")
    assert f'href="{reverse("admin:reviews_reviewflag_change", args=[flag.pk])}"' in due
    assert f'href="{change_url(past_due)}"' in due
    assert not_due.name not in due


def test_someone_in_both_roles_sees_both_desks(client, editor_user):
    both = factories.UserFactory(username="both", groups=["Editors", "Medical reviewers"])

    page = home(client, both)

    assert panel(page, "my-drafts") and panel(page, "assigned")


def test_a_panel_with_nothing_in_it_says_so(client, reviewer_user):
    assert "Nothing here." in panel(home(client, reviewer_user), "assigned")


def test_the_home_page_costs_the_same_queries_however_much_waits(client, editor_user, reviewer_user):
    def queries() -> int:
        client.force_login(reviewer_user)
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("admin:index"))
        return len(captured)

    services.submit(edit(live_compound("First"), by=editor_user, summary="a"), by=editor_user)
    few = queries()
    for n in range(4):
        submission = services.submit(edit(live_compound(f"More {n}"), by=editor_user, summary="b"), by=editor_user)
        services.assign(submission, reviewer_user, by=reviewer_user)

    assert queries() == few
