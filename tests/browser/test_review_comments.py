"""Comments on fields and rows in a real browser: a reviewer comments on a dosing row,
the editor reads it above that row in the edit form and marks it resolved, and the
reviewer sees it resolved on the next submission. axe-core checks both screens with a
comment on them.

Data comes from fixtures, made before the browser starts (see conftest.py). With
SCREENSHOTS_DIR set (to docs/screenshots), the edit form with its comments is saved there
as edit-form-with-comment-1280.png.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from reviews import comments, services
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import blocking_violations
from tests.browser.test_review_desk import WINDOW, change_dose, live_compound, open_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROW_COMMENT = "The cited trial gave 250 mg at most; where does 300 mg come from?"
FIELD_COMMENT = "Name the population the trial enrolled."


@pytest.fixture
def dose_change(editor):
    """A live compound whose dose (200–250 mg) an editor raised to 300 mg and submitted."""
    return change_dose(live_compound("Rhodiola rosea", "comments-rhodiola"), editor, dose_max=300)


@pytest.fixture
def commented(editor, reviewer):
    """Two pages with a reviewer's comment each: one awaiting review, one sent back."""
    pending = change_dose(live_compound("Schisandra", "comments-schisandra"), editor, dose_max=300)
    obj = pending.working_copy
    row = obj.dosing_protocols.get()
    comments.add_comment(obj, field="dosing_protocols", row_id=row.pk, text=ROW_COMMENT, by=reviewer)
    sent_back_submission = change_dose(live_compound("Eleuthero", "comments-eleuthero"), editor, dose_max=300)
    sent_back = sent_back_submission.working_copy
    comments.add_comment(sent_back, field="summary", text=FIELD_COMMENT, by=reviewer)
    comments.add_comment(
        sent_back, field="dosing_protocols", row_id=sent_back.dosing_protocols.get().pk, text=ROW_COMMENT, by=reviewer
    )
    services.request_changes(sent_back_submission, by=reviewer, comment="See my comments beside the fields.")
    return {"pending": pending, "sent_back": sent_back}


def test_a_row_comment_round_trips_from_reviewer_to_editor_and_back(new_person, editor, reviewer, dose_change):
    compound_id = dose_change.object_id
    # The reviewer comments beside the dosing row and sends the page back.
    desk = new_person(**WINDOW)
    sign_in(desk, "reviewer")
    open_review(desk, dose_change)
    dosing = desk.get_by_role("table", name="Dosing")
    dosing.get_by_text("Add a comment").click()
    dosing.get_by_label("Comment on Dosing: Fatigue").fill(ROW_COMMENT)
    dosing.get_by_role("button", name="Add comment").click()
    expect(desk.get_by_text("Comment added.")).to_be_visible()
    expect(desk.get_by_role("table", name="Dosing")).to_contain_text(ROW_COMMENT)
    desk.get_by_label("What needs to change").fill("See my comment on the dose.")
    desk.get_by_role("button", name="Send back to the editor").click()
    expect(desk.get_by_text("Sent back to the editor")).to_be_visible()

    # The editor reads it above that row, marks it resolved, fixes the dose and resubmits.
    form = new_person()
    sign_in(form, "editor")
    form.goto(f"/admin/compounds/compound/{compound_id}/change/")
    expect(form.get_by_role("heading", name="1 open review comment")).to_be_visible()
    beside_row = form.locator("#dosing_protocols-group tr.review-comments-row")
    expect(beside_row).to_contain_text(ROW_COMMENT)
    # Placed directly above the row it is on.
    expect(beside_row.locator("xpath=following-sibling::tr[1]").locator("input[name$='-use']")).to_have_value("Fatigue")
    form.get_by_role("link", name="Dosing: Fatigue").click()
    expect(beside_row.locator(".review-comment")).to_be_in_viewport()
    beside_row.get_by_role("button", name="Mark resolved").click()
    expect(form.get_by_text("Comment marked resolved.")).to_be_visible()
    expect(form.locator(".review-comments-summary")).to_have_count(0)
    form.locator("input[name='dosing_protocols-0-dose_max']").fill("275")
    form.get_by_label("Change note for readers").fill("The top dose is now 275 mg.")
    form.get_by_role("button", name="Save and submit for medical review").click()
    expect(form.get_by_text("Saved and submitted for medical review.")).to_be_visible()

    # The reviewer sees it resolved, by whom, beside the row on the resubmission.
    desk.goto("/admin/reviews/submission/")
    desk.get_by_role("link", name="Rhodiola rosea").click()
    since = desk.get_by_role("region", name="Changed since you sent it back")
    thread = since.locator(".review-comment", has_text=ROW_COMMENT)
    expect(thread).to_contain_text("Resolved")
    expect(thread).to_contain_text("resolved by Maya Lindqvist")
    expect(thread.get_by_role("button", name="Reopen")).to_be_visible()


def test_the_edit_form_shows_a_field_comment_beside_its_field(new_person, editor, commented):
    page = new_person()
    sign_in(page, "editor")
    page.goto(f"/admin/compounds/compound/{commented['sent_back'].pk}/change/")

    expect(page.get_by_role("heading", name="2 open review comments")).to_be_visible()
    expect(page.locator(".form-row.field-summary .review-comment")).to_contain_text(FIELD_COMMENT)
    # Each "Mark resolved" posts its own form, which is outside the change form.
    button = page.locator(".form-row.field-summary").get_by_role("button", name="Mark resolved")
    form_id = button.get_attribute("form")
    assert page.locator(f"#compound_form #{form_id}").count() == 0
    assert page.locator(f"form#{form_id}").count() == 1
    if os.environ.get("SCREENSHOTS_DIR"):
        page.screenshot(
            path=str(Path(os.environ["SCREENSHOTS_DIR"]) / "edit-form-with-comment-1280.png"), full_page=True
        )


def test_axe_finds_no_serious_violation_on_the_review_screen_with_a_comment(new_person, reviewer, commented):
    page = new_person()
    sign_in(page, "reviewer")
    open_review(page, commented["pending"])
    expect(page.get_by_text(ROW_COMMENT)).to_be_visible()
    page.get_by_text("Add a comment").first.click()  # the form open, as a reviewer uses it

    assert blocking_violations(page) == []


def test_axe_finds_no_serious_violation_on_the_edit_form_with_comments(new_person, editor, commented):
    page = new_person()
    sign_in(page, "editor")
    page.goto(f"/admin/compounds/compound/{commented['sent_back'].pk}/change/")
    expect(page.locator(".form-row.field-summary .review-comment")).to_be_visible()

    assert blocking_violations(page) == []
