"""The compound edit form in a real browser: nothing typed is lost, rows are reordered
with the keyboard, the study picker finds the right paper, and the form fits the window
and passes axe-core."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from compounds.models import Compound
from studies.models import Study
from tests import factories
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING = {"serious", "critical"}
WINDOW = 1280
UNSAVED = "Rewritten in the form and submitted without a separate save."


@pytest.fixture
def heiss():
    return factories.published_study(
        slug="browser-heiss-2012",
        pmid="22282884",
        doi="10.1161/STROKEAHA.111.646810",
        title="Cerebrolysin in patients with acute ischemic stroke in Asia: results of a double-blind, "
        "placebo-controlled randomized trial",
        authors="Heiss WD, Brainin M, Bornstein NM, Tuomilehto J, Hong Z",
        year=2012,
    )


@pytest.fixture
def bornstein():
    """Newer, with Heiss among its authors: by year alone it would be listed first."""
    return factories.published_study(
        slug="browser-bornstein-2018",
        pmid="28477198",
        title="Safety and efficacy of Cerebrolysin in early post-stroke recovery: a meta-analysis of nine "
        "randomized clinical trials",
        authors="Bornstein NM, Guekht A, Vester J, Heiss WD, Gusev E",
        year=2018,
        design=Study.Design.META_ANALYSIS,
    )


@pytest.fixture
def draft(heiss, bornstein):
    """A draft ready for review, with a row in every kind of table and two dosing rows."""
    compound = factories.compound_with_rows(
        studies=0, dosing=0, side_effects=2, name="Cerebrolysin", slug="browser-cerebrolysin"
    )
    factories.DosingProtocolFactory(compound=compound, position=0, use="Acute stroke")
    factories.DosingProtocolFactory(compound=compound, position=1, use="Vascular dementia")
    factories.EvidenceLinkFactory(compound=compound, study=heiss, position=0)
    factories.EvidenceLinkFactory(compound=compound, study=bornstein, position=1)
    verdict = factories.VerdictFactory(compound=compound)
    verdict.studies.add(heiss)
    factories.CautionFactory(compound=compound)
    factories.FaqEntryFactory(compound=compound)
    assert compound.state == Compound.State.DRAFT
    return compound


def open_edit_form(page: Page, compound) -> None:
    response = page.goto(f"/admin/compounds/compound/{compound.pk}/change/")
    assert response.status == 200
    expect(page.get_by_role("heading", name="Medical review", exact=True)).to_be_visible()


def test_an_unsaved_edit_survives_save_and_submit_and_is_what_the_reviewer_reads(new_person, editor, reviewer, draft):
    page = new_person()
    sign_in(page, "editor")
    open_edit_form(page, draft)
    page.get_by_label("Summary:").fill(UNSAVED)
    page.get_by_label("Note to the reviewer").fill("Summary rewritten.")

    page.get_by_role("button", name="Save and submit for medical review").click()

    expect(page.locator(".messagelist")).to_contain_text("Saved and submitted for medical review.")
    expect(page.locator(".workflow-facts")).to_contain_text("In review")
    expect(page.get_by_label("Summary:")).to_have_value(UNSAVED)

    reviewer_page = new_person()
    sign_in(reviewer_page, "reviewer")
    open_edit_form(reviewer_page, draft)
    reviewer_page.get_by_role("link", name="Open the review").click()
    expect(reviewer_page.locator(".review-screen")).to_contain_text(UNSAVED)
    expect(reviewer_page.locator(".review-screen")).to_contain_text("Summary rewritten.")


def test_a_refused_submission_keeps_the_edit_and_says_why(new_person, editor):
    compound = factories.compound_with_rows(studies=1, name="Uncited draft", slug="browser-uncited")
    page = new_person()
    sign_in(page, "editor")
    open_edit_form(page, compound)
    page.get_by_label("Summary:").fill(UNSAVED)

    page.get_by_role("button", name="Save and submit for medical review").click()

    expect(page.locator(".messagelist")).to_contain_text("Your changes were saved, but not submitted for review")
    expect(page.locator(".workflow-facts")).to_contain_text("Draft")
    expect(page.get_by_label("Summary:")).to_have_value(UNSAVED)


def test_leaving_with_unsaved_changes_asks_first_and_leaving_a_saved_form_does_not(new_person, editor, draft):
    page = new_person()
    sign_in(page, "editor")
    open_edit_form(page, draft)
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_label("Summary:").press_sequentially(" More.")
    page.locator(".breadcrumbs").get_by_role("link", name="Home").click()

    page.wait_for_timeout(300)  # the dialog answers before the click returns; this only lets it settle
    assert dialogs == ["beforeunload"]
    expect(page.get_by_label("Summary:")).to_have_value(re.compile(r"More\."))

    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.locator(".breadcrumbs").get_by_role("link", name="Home").click()
    expect(page.get_by_role("heading", name="Content and review")).to_be_visible()
    assert dialogs == ["beforeunload"]


def dosing_uses(page: Page) -> list[str]:
    return page.locator("#dosing_protocols-group input[name$='-use']").evaluate_all(
        "inputs => inputs.filter(i => !i.name.includes('__prefix__')).map(i => i.value)"
    )


def test_rows_are_reordered_with_the_keyboard_and_the_order_is_saved(new_person, editor, draft):
    page = new_person()
    sign_in(page, "editor")
    open_edit_form(page, draft)
    assert dosing_uses(page) == ["Acute stroke", "Vascular dementia"]

    move = page.get_by_role("button", name=re.compile(r"^Move down: Acute stroke"))
    move.focus()
    page.keyboard.press("Enter")
    assert dosing_uses(page) == ["Vascular dementia", "Acute stroke"]
    # Focus stays on the moved row, now last: its "Move up" takes the keyboard.
    focused = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert focused.startswith("Move up: Acute stroke")

    page.get_by_role("button", name=re.compile(r"^Move up: Acute stroke")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name=re.compile(r"^Move down: Acute stroke")).focus()
    page.keyboard.press("Space")
    assert dosing_uses(page) == ["Vascular dementia", "Acute stroke"]
    page.get_by_role("button", name="Save and continue editing").first.click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert dosing_uses(page) == ["Vascular dementia", "Acute stroke"]
    page.reload()
    assert dosing_uses(page) == ["Vascular dementia", "Acute stroke"]


def test_rows_can_also_be_dragged_into_a_new_order(new_person, editor, draft):
    page = new_person()
    sign_in(page, "editor")
    open_edit_form(page, draft)
    rows = page.locator("#dosing_protocols-group tr.form-row.has_original")

    rows.nth(0).locator(".row-drag-handle").drag_to(rows.nth(1), target_position={"x": 20, "y": 50})

    assert dosing_uses(page) == ["Vascular dementia", "Acute stroke"]
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert dosing_uses(page) == ["Vascular dementia", "Acute stroke"]


def search_studies(page: Page, term: str):
    page.locator(".select2-dropdown").get_by_role("searchbox").fill(term)
    results = page.locator(".select2-results__option:not(.loading-results)")
    expect(results.first).not_to_have_text(re.compile(r"Searching|Please enter"))
    return results


@pytest.mark.parametrize("term", ["Heiss", "Asia", "22282884"])
def test_the_study_picker_finds_heiss_2012_by_author_title_word_and_pubmed_id(new_person, editor, draft, heiss, term):
    label = "Heiss WD 2012 · Cerebrolysin in patients with acute ischemic stroke in Asia: results of a double-blind…"
    page = new_person()
    sign_in(page, "editor")
    open_edit_form(page, draft)
    page.get_by_role("button", name="Add another Evidence link").click()
    page.locator("#evidence_links-2 .field-study .select2-selection").click()

    results = search_studies(page, term)

    expect(results.first).to_have_text(f"{label} · PMID 22282884")
    results.first.click()
    expect(page.locator("#evidence_links-2 .field-study .select2-selection__rendered")).to_contain_text(
        "Heiss WD 2012 · "
    )


@pytest.fixture
def article(heiss):
    article = factories.ArticleFactory(slug="browser-wide-article")
    factories.ArticleSourceFactory(article=article, study=heiss)
    return article


@pytest.mark.parametrize("form", ["compound", "new compound", "article", "study"])
def test_the_edit_forms_are_no_wider_than_a_1280_px_window(new_person, editor, draft, article, heiss, form):
    urls = {
        "compound": f"/admin/compounds/compound/{draft.pk}/change/",
        "new compound": "/admin/compounds/compound/add/",
        "article": f"/admin/articles/article/{article.pk}/change/",
        "study": f"/admin/studies/study/{heiss.pk}/change/",
    }
    page = new_person(width=WINDOW, height=800)
    sign_in(page, "editor")
    page.goto(urls[form])
    if form == "new compound":
        for section in ("Dosing protocol", "Side effect", "Evidence link", "Caution"):
            page.get_by_role("button", name=f"Add another {section}").click()

    width = page.evaluate("() => document.documentElement.scrollWidth")

    assert width <= WINDOW, f"the {form} form is {width}px wide in a {WINDOW}px window"


@pytest.mark.parametrize("form", ["compound", "article"])
def test_axe_finds_no_serious_or_critical_violation_on_the_edit_form(new_person, editor, draft, article, form):
    page = new_person()
    sign_in(page, "editor")
    if form == "compound":
        open_edit_form(page, draft)
    else:
        page.goto(f"/admin/articles/article/{article.pk}/change/")

    results = Axe().run(page)

    blocking = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]
    assert blocking == [], "\n".join(blocking)


@pytest.fixture
def undated_article():
    return factories.ArticleFactory(slug="browser-undated-article", published_on=None)


def test_the_calendar_writes_dates_day_first_as_the_site_reads_them(new_person, editor, undated_article):
    today = timezone.localdate().strftime("%d/%m/%Y")
    page = new_person()
    sign_in(page, "editor")
    page.goto(f"/admin/articles/article/{undated_article.pk}/change/")
    field = page.get_by_label("Published on:")
    expect(field).to_have_attribute("placeholder", "dd/mm/yyyy")

    page.locator(".field-published_on").get_by_role("link", name="Today").click()

    expect(field).to_have_value(today)
