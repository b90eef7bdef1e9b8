"""The reviewer's desk in a real browser: the review screen of a one-row dose change
fits above the fold, a resubmission shows what changed since it was sent back, and the
admin home and the queue put the right things in the right order.

Data comes from fixtures, made before the browser starts (see conftest.py).
"""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews import services
from tests import factories
from tests.browser.conftest import publish, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WINDOW = {"width": 1280, "height": 800}
SENT_BACK = "300 mg is above anything the cited trial gave; 275 mg at most."


def live_compound(name: str, slug: str):
    """A live compound with one dosing row (200–250 mg) and one side effect."""
    compound = factories.compound_with_rows(studies=0, dosing=0, side_effects=1, name=name, slug=slug)
    study = factories.published_study(slug=f"{slug}-trial")  # its own revisions, before the compound's
    with services.drafting(by=factories.editor(username="setup-editor")):
        factories.DosingProtocolFactory(compound=compound, use="Fatigue", dose_min=200, dose_max=250, unit="mg")
        factories.EvidenceLinkFactory(compound=compound, study=study)
        compound.save()
    return publish(compound)


def change_dose(compound, editor, dose_max):
    with services.drafting(by=editor):
        compound.dosing_protocols.update(dose_max=dose_max)
        compound.save()
    return services.submit(
        compound, by=editor, note="Maximum from the newer trial.", change_note=f"The top dose is now {dose_max} mg."
    )


def change_summary(compound, editor):
    with services.drafting(by=editor):
        compound.summary = f"{compound.summary} Plainer words."
        compound.save()
    return services.submit(compound, by=editor)


@pytest.fixture
def one_row_change(editor):
    """A dose change that one medical reviewer has approved: the next approval publishes it."""
    submission = change_dose(live_compound("Rhodiola rosea", "desk-rhodiola"), editor, dose_max=300)
    first = factories.reviewer(username="first-signer", first_name="Jordan", last_name="Reyes")
    services.approve(submission, by=first, signature=factories.signature(first))
    return submission


@pytest.fixture
def resubmission(editor, reviewer):
    compound = live_compound("Ashwagandha", "desk-ashwagandha")
    services.request_changes(change_dose(compound, editor, dose_max=300), by=reviewer, comment=SENT_BACK)
    compound.refresh_from_db()
    return change_dose(compound, editor, dose_max=275)


@pytest.fixture
def desk(editor, reviewer):
    """Four waiting submissions of two risks and three ages, one assigned to the
    reviewer; an editor's own draft and one sent back to them; a page due for review."""

    def days_ago(days, submit):
        with mock.patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(days=days)):
            return submit()

    queue = {
        "old routine": days_ago(6, lambda: change_summary(live_compound("Old routine", "desk-a"), editor)),
        "new critical": days_ago(1, lambda: change_dose(live_compound("New critical", "desk-b"), editor, 260)),
        "old critical": days_ago(4, lambda: change_dose(live_compound("Old critical", "desk-c"), editor, 270)),
        "new routine": change_summary(live_compound("New routine", "desk-d"), editor),
    }
    services.assign(queue["new routine"], reviewer, by=reviewer)
    services.approve(
        queue["old critical"],
        by=factories.reviewer(username="first-signer"),
        signature=factories.signature(factories.reviewer(username="first-signer")),
    )
    draft = live_compound("Editor's draft", "desk-e")
    with services.drafting(by=editor):
        draft.summary = "Half-written."
        draft.save()
    sent_back = live_compound("Sent back", "desk-f")
    services.request_changes(change_summary(sent_back, editor), by=reviewer, comment="Say who funded the trial.")
    due = live_compound("Due again", "desk-g")
    due.set_workflow(review_due_at=timezone.localdate() - timedelta(days=2))
    return queue


def open_review(page, submission):
    page.goto(f"/admin/reviews/submission/{submission.pk}/change/")
    expect(page.get_by_role("heading", name=f"Compound: {submission.title}", level=1)).to_be_visible()


def test_a_one_row_dose_change_fits_above_the_decision_form_at_1280_by_800(new_person, reviewer, one_row_change):
    page = new_person(**WINDOW)
    sign_in(page, "reviewer")
    open_review(page, one_row_change)

    dosing = page.get_by_role("table", name="Dosing")
    expect(dosing).to_contain_text("Changed: Fatigue")
    expect(dosing).to_contain_text("200–250 mg")
    expect(dosing).to_contain_text("200–300 mg")
    expect(page.locator(".review-screen")).not_to_contain_text("250.000")
    decision = page.locator("#decision").bounding_box()
    changes = page.locator(".review-changes").bounding_box()
    assert decision["y"] + decision["height"] <= WINDOW["height"], decision
    assert changes["y"] + changes["height"] <= WINDOW["height"], changes
    expect(page.get_by_role("button", name="Approve and publish")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Send back to the editor")).to_be_in_viewport()
    expect(page.locator(".review-approvals")).to_contain_text("Approved first by Jordan Reyes, MD")
    expect(page.locator(".review-approvals")).to_be_in_viewport()


def test_a_resubmission_shows_what_changed_since_it_was_sent_back(new_person, reviewer, resubmission):
    page = new_person(**WINDOW)
    sign_in(page, "reviewer")
    open_review(page, resubmission)

    since = page.get_by_role("region", name="Changed since you sent it back")
    expect(since).to_be_visible()
    expect(since.get_by_role("table", name="Dosing")).to_contain_text("200–300 mg")
    expect(since.get_by_role("table", name="Dosing")).to_contain_text("200–275 mg")
    expect(since.locator(".returned-comment")).to_contain_text("Your comment")
    expect(since.locator(".returned-comment")).to_contain_text(SENT_BACK)
    against_live = page.get_by_role("region", name="Changes against the live page")
    expect(against_live.get_by_role("table", name="Dosing")).to_contain_text("200–250 mg")
    expect(against_live.get_by_role("table", name="Dosing")).to_contain_text("200–275 mg")


def test_the_dashboards_and_the_queue_show_the_right_items_in_risk_then_age_order(new_person, editor, reviewer, desk):
    page = new_person(**WINDOW)
    sign_in(page, "reviewer")
    expect(page.locator("#desk-assigned")).to_contain_text("New routine")
    expect(page.locator("#desk-assigned")).not_to_contain_text("Old critical")
    for title in ("Old routine", "New critical", "Old critical"):
        expect(page.locator("#desk-unassigned")).to_contain_text(title)
    expect(page.locator("#desk-due-pages")).to_contain_text("Due again")
    expect(page.locator("#desk-my-drafts")).to_have_count(0)

    page.get_by_role("link", name="Review queue").first.click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    titles = page.locator("#result_list tbody .field-title a").all_inner_texts()
    assert titles == ["Old critical", "New critical", "Old routine", "New routine"]
    expect(page.locator("#result_list tbody tr", has_text="Old critical")).to_contain_text("Overdue")
    expect(page.locator("#result_list tbody tr", has_text="New routine")).not_to_contain_text("Overdue")
    approvals = page.locator("#result_list tbody .field-approvals_column").all_inner_texts()
    assert approvals == ["1 of 2", "0 of 2", "0 of 1", "0 of 1"]  # a safety-critical change needs two

    editor_page = new_person(**WINDOW)
    sign_in(editor_page, "editor")
    expect(editor_page.locator("#desk-my-drafts")).to_contain_text("Editor's draft")
    expect(editor_page.locator("#desk-sent-back")).to_contain_text("Say who funded the trial.")
    expect(editor_page.locator("#desk-awaiting")).to_contain_text("Old critical")
    expect(editor_page.locator("#desk-assigned")).to_have_count(0)
    editor_page.locator("#desk-my-drafts").get_by_role("link", name="Editor's draft").click()
    expect(editor_page).to_have_url(re.compile(r"/admin/compounds/compound/\d+/change/$"))
