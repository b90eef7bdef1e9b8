"""From an editor's first draft to a reader's screen, only through the browser.

Setup data (people, a published study, a neighbouring compound) comes from factories;
every step a person takes goes through the pages they would use, and each step checks
what the next person actually sees.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from compounds.models import Compound
from tests import factories
from tests.browser.conftest import publish, sign, sign_in, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REQUEST = "Please lower the maximum to 3 mg: the trial we cite never went above it."


@pytest.fixture
def second_reviewer():
    """The second pair of eyes a safety-critical change needs."""
    return factories.reviewer(
        username="second-reviewer", first_name="Jordan", last_name="Reyes", abbreviations=["PharmD"]
    )


def second_approval(new_person, title: str):
    """The second medical reviewer sees who approved first, and publishes."""
    page = new_person()
    sign_in(page, "second-reviewer")
    open_submission(page, title)
    expect(page.locator(".review-approvals")).to_contain_text("Approvals: 1 of 2")
    expect(page.locator(".review-approvals")).to_contain_text("Approved first by Amara Okafor, MD")
    expect(page.locator(".decision-approve")).to_contain_text("Yours is the approval that publishes it")
    sign(page.locator("form.decision-approve"), "second-reviewer")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".messagelist")).to_contain_text("Approved. It is live.")


def first_approval(page: Page, title: str, signer: str = "reviewer") -> None:
    sign(page.locator("form.decision-approve"), signer)
    page.get_by_role("button", name="Approve (1 of 2)").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "First approval recorded: a second medical reviewer must approve before it is published."
    )
    expect(page.locator("#result_list tr", has_text=title)).to_contain_text("1 of 2")


@pytest.fixture
def cited_study():
    return factories.published_study(
        slug="browser-melatonin-trial",
        title="Melatonin for sleep onset in adults: a randomised placebo-controlled trial",
        authors="Kaur P, Lindgren E",
    )


@pytest.fixture
def neighbour():
    """A live compound in another area, to show that the filter and the search narrow."""
    return factories.published_compound(
        studies=1,
        name="Citicoline",
        slug="browser-citicoline",
        area=factories.AreaFactory(name="Neuro & cognition", slug="neuro-cognition"),
    )


@pytest.fixture
def sleep_area():
    return factories.AreaFactory(name="Sleep & circadian", slug="sleep")


@pytest.fixture
def live_rhodiola():
    """A live compound with one dosing row, for an editor to change."""
    compound = factories.compound_with_rows(
        studies=0, dosing=0, side_effects=0, name="Rhodiola rosea", slug="browser-rhodiola"
    )
    factories.DosingProtocolFactory(compound=compound, use="Fatigue", dose_min=200, dose_max=400, unit="mg")
    factories.EvidenceLinkFactory(compound=compound, study=factories.published_study(slug="browser-rhodiola-trial"))
    publish(compound)
    assert compound.is_live and compound.state == Compound.State.PUBLISHED
    return compound


def add_compound(page: Page, study_label: str) -> None:
    page.locator("tr.model-compound").get_by_role("link", name="Add").click()
    page.get_by_label("Name:").press_sequentially("Melatonin")
    expect(page.get_by_label("Slug:")).to_have_value("melatonin")  # filled in from the name
    page.get_by_label("Slug:").fill("browser-melatonin")
    page.get_by_label("Kind:").select_option(label="Dietary supplement")
    page.get_by_label("Class:").fill("Pineal hormone")
    page.get_by_label("Area:").select_option(label="Sleep & circadian")
    page.get_by_label("FDA status:").select_option(label="Sold as a supplement (not FDA-evaluated)")
    page.get_by_label("Summary:").fill("A hormone that signals night to the body, taken to fall asleep sooner.")

    page.get_by_role("button", name="Add another Dosing protocol").click()
    page.locator("#id_dosing_protocols-0-use").fill("Sleep onset")
    page.locator("#id_dosing_protocols-0-dose_min").fill("0.5")
    page.locator("#id_dosing_protocols-0-dose_max").fill("5")
    page.locator("#id_dosing_protocols-0-unit").select_option("mg")
    page.locator("#id_dosing_protocols-0-route").select_option(label="Oral")
    page.locator("#id_dosing_protocols-0-frequency").fill("30 minutes before bed")
    page.locator("#id_dosing_protocols-0-basis").select_option(label="Clinical trial")

    page.get_by_role("button", name="Add another Side effect").click()
    page.locator("#id_side_effects-0-name").fill("Morning grogginess")
    page.locator("#id_side_effects-0-frequency").select_option(label="Common")

    # The study is chosen in the admin's autocomplete box, by typing part of its title;
    # the box lists studies as "First author Year · Title · PMID".
    page.get_by_role("button", name="Add another Evidence link").click()
    page.locator("#evidence_links-0 .field-study .select2-selection").click()
    page.locator(".select2-dropdown").get_by_role("searchbox").fill("sleep onset")
    page.locator(".select2-results__option", has_text=study_label).click()
    page.locator("#id_evidence_links-0-note").fill("Sleep came 7 minutes sooner than on placebo.")

    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")


def submit_for_review(page: Page, note: str, *, change_note: str = "") -> None:
    page.get_by_label("Note to the reviewer").fill(note)
    if change_note:
        page.get_by_label("Change note for readers").fill(change_note)
    page.get_by_role("button", name="Save and submit for medical review").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved and submitted for medical review.")
    expect(page.locator(".workflow-facts")).to_contain_text("In review")


def open_submission(page: Page, title: str) -> None:
    page.goto("/admin/")
    page.get_by_role("link", name="Review queue", exact=True).first.click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    page.locator("#result_list").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=f"Compound: {title}")).to_be_visible()


def dosing_diff(page: Page):
    return page.locator("table.diff-section", has=page.locator("caption", has_text="Dosing"))


def test_an_editor_s_compound_reaches_readers_only_after_a_reviewer_s_changes_and_two_approvals(
    new_person, editor, reviewer, second_reviewer, cited_study, neighbour, sleep_area
):
    # The editor writes the page, previews it and submits it.
    editor_page = new_person()
    sign_in(editor_page, "editor")
    add_compound(editor_page, cited_study.picker_label)
    with editor_page.context.expect_page() as preview_opened:
        editor_page.get_by_role("link", name="Preview this version").click()
    preview = preview_opened.value
    expect(preview.locator(".preview-banner")).to_be_visible()
    expect(preview.get_by_role("heading", name="Melatonin", level=1)).to_be_visible()
    expect(preview.locator("#dosing ~ .table-wrap")).to_contain_text("0.5–5 mg")
    expect(preview.locator(".side-effects")).to_contain_text("Morning grogginess")
    expect(preview.locator(".sources")).to_contain_text(cited_study.title)
    expect(preview.locator(".review-line")).to_contain_text("Preview: not reviewed yet")
    preview.close()
    submit_for_review(editor_page, "New page; doses from the cited trial.")

    # The reviewer finds it in the queue, reads the page and its safety checklist and
    # sends it back.
    reviewer_page = new_person()
    sign_in(reviewer_page, "reviewer")
    open_submission(reviewer_page, "Melatonin")
    expect(reviewer_page.locator(".review-screen")).to_contain_text("nothing: this would be the first publication")
    expect(reviewer_page.locator(".review-screen")).to_contain_text("New page; doses from the cited trial.")
    first_look = reviewer_page.locator(".page-preview")
    expect(first_look).to_contain_text("Sleep onset")
    expect(first_look).to_contain_text("0.5–5 mg")
    expect(first_look).to_contain_text(cited_study.title)
    expect(reviewer_page.locator(".safety-checklist")).to_contain_text("Morning grogginess")
    reviewer_page.get_by_label("What needs to change").fill(REQUEST)
    reviewer_page.get_by_role("button", name="Send back to the editor").click()
    expect(reviewer_page.locator(".messagelist")).to_contain_text("Sent back to the editor with your comment.")
    expect(reviewer_page.locator("#result_list")).to_have_count(0)  # nothing else awaits review

    # Nothing is public yet.
    reader = new_person()
    assert reader.goto("/compounds/browser-melatonin/").status == 404

    # The editor sees the comment, lowers the dose and resubmits.
    editor_page.goto("/admin/")
    editor_page.locator("tr.model-compound").get_by_role("link", name="Compounds").click()
    editor_page.locator("#result_list").get_by_role("link", name="Melatonin").click()
    expect(editor_page.locator(".workflow-facts")).to_contain_text("Changes requested")
    expect(editor_page.locator(".reviewer-comment")).to_contain_text(REQUEST)
    expect(editor_page.locator(".reviewer-comment")).to_contain_text("Amara Okafor")
    editor_page.locator("#id_dosing_protocols-0-dose_max").fill("3")
    editor_page.get_by_role("button", name="Save and continue editing").first.click()
    expect(editor_page.locator(".messagelist")).to_contain_text("was changed successfully")
    submit_for_review(editor_page, "Maximum lowered to 3 mg as asked.")

    # The reviewer sees the corrected dose and approves.
    open_submission(reviewer_page, "Melatonin")
    expect(reviewer_page.locator(".since-returned")).to_contain_text("Sleep onset")
    expect(reviewer_page.locator(".page-preview")).to_contain_text("0.5–3 mg")
    expect(reviewer_page.locator(".page-preview")).not_to_contain_text("0.5–5 mg")
    first_approval(reviewer_page, "Melatonin")  # a new page's doses need two reviewers
    assert new_person().goto("/compounds/browser-melatonin/").status == 404  # not public after one
    second_approval(new_person, "Melatonin")

    # A reader finds it by filter and by search, and reads the reviewed page.
    reader.goto("/compounds/")
    expect(reader.locator("ul.directory")).to_contain_text("Melatonin")
    reader.get_by_label("Area").select_option(label="Sleep & circadian")
    reader.get_by_role("button", name="Show compounds").click()
    results = reader.locator("ul.directory")
    expect(results.get_by_role("link", name="Melatonin")).to_be_visible()
    expect(results.get_by_role("link", name="Citicoline")).to_have_count(0)

    reader.get_by_role("search").get_by_label("Search compounds").fill("melatonin")
    reader.get_by_role("search").get_by_role("button", name="Search").click()
    expect(reader).to_have_url(re.compile(r"/compounds/\?q=melatonin$"))
    expect(results.get_by_role("link", name="Melatonin")).to_be_visible()
    expect(results.get_by_role("link", name="Citicoline")).to_have_count(0)
    results.get_by_role("link", name="Melatonin").click()

    expect(reader).to_have_url(re.compile(r"/compounds/browser-melatonin/$"))
    expect(reader.get_by_role("heading", name="Melatonin", level=1)).to_be_visible()
    dosing = reader.get_by_role("table", name="Doses studied or used")
    expect(dosing).to_contain_text("Sleep onset")
    expect(dosing).to_contain_text("0.5–3 mg")
    expect(dosing).not_to_contain_text("0.5–5 mg")
    expect(reader.locator(".side-effects")).to_contain_text("Morning grogginess")
    expect(reader.locator(".sources")).to_contain_text(cited_study.title)
    expect(reader.locator(".review-line")).to_contain_text(
        f"Medically reviewed by Amara Okafor, MD and Jordan Reyes, PharmD · Last reviewed {today()}"
    )
    expect(reader.locator(".preview-banner")).to_have_count(0)
    expect(reader.locator("main")).not_to_contain_text("{#")  # no template source leaks onto the page


def test_a_later_draft_of_a_live_page_reaches_readers_only_once_two_reviewers_approved(
    new_person, editor, reviewer, second_reviewer, live_rhodiola
):
    def reader_sees(text: str) -> None:
        """A new reader each time: no browser cache carries an older page over."""
        reader = new_person()
        reader.goto("/compounds/browser-rhodiola/")
        expect(reader.get_by_role("heading", name="Rhodiola rosea", level=1)).to_be_visible()
        expect(reader.locator("article")).to_contain_text(text)
        return reader

    reader_sees("200–400 mg")

    editor_page = new_person()
    sign_in(editor_page, "editor")
    editor_page.locator("tr.model-compound").get_by_role("link", name="Compounds").click()
    editor_page.locator("#result_list").get_by_role("link", name="Rhodiola rosea").click()
    editor_page.locator("#id_dosing_protocols-0-dose_max").fill("600")
    editor_page.get_by_label("Summary:").fill("An adaptogen studied for fatigue; the draft has a new summary.")
    editor_page.get_by_role("button", name="Save and continue editing").first.click()
    expect(editor_page.locator(".messagelist")).to_contain_text("was changed successfully")

    page = reader_sees("200–400 mg")
    expect(page.locator("article")).not_to_contain_text("200–600 mg")
    expect(page.locator("article")).not_to_contain_text("the draft has a new summary")

    submit_for_review(editor_page, "Upper dose from the newer trial.", change_note="The upper dose is now 600 mg.")
    page = reader_sees("200–400 mg")
    expect(page.locator("article")).not_to_contain_text("200–600 mg")
    page.goto("/compounds/?q=rhodiola")
    expect(page.locator("ul.directory")).not_to_contain_text("the draft has a new summary")

    reviewer_page = new_person()
    sign_in(reviewer_page, "reviewer")
    open_submission(reviewer_page, "Rhodiola rosea")
    expect(dosing_diff(reviewer_page)).to_contain_text("Changed: Fatigue")
    first_approval(reviewer_page, "Rhodiola rosea")  # a dose change needs two reviewers
    page = reader_sees("200–400 mg")
    expect(page.locator("article")).not_to_contain_text("200–600 mg")
    second_approval(new_person, "Rhodiola rosea")

    page = reader_sees("200–600 mg")
    expect(page.locator("article")).to_contain_text("the draft has a new summary")
    expect(page.locator("article")).not_to_contain_text("200–400 mg")
    page.goto("/compounds/?q=rhodiola")
    expect(page.locator("ul.directory")).to_contain_text("the draft has a new summary")
