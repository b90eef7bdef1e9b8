"""The Content-Security-Policy in Chromium: every page a reader, an editor and a reviewer use runs with no violation.

Chromium fires a `securitypolicyviolation` event for everything the policy blocks (an
inline script or style, an event-handler attribute, a script or stylesheet from
elsewhere) and logs it to the console. Both are collected for every page of a browser
context, popups included, together with uncaught script errors: a blocked admin script
shows up as a broken page rather than as a violation.
"""

import re

import pytest
from playwright.sync_api import Page, expect
from reversion.models import Version

from reviews import services
from tests import factories
from tests.browser.conftest import publish, sign_in
from tests.policies.factories import Role, live_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Added to every document before its own scripts run; the browser calls it through
# Playwright's binding, which the page's policy does not govern.
LISTEN_FOR_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => window.reportCspViolation(
  `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"} on ${document.location.pathname}` +
  ` (${event.sourceFile || "the document"}:${event.lineNumber}) ${event.sample || ""}`
), true);
"""


class Problems:
    """What the browser reported across one person's browser context."""

    def __init__(self):
        self.violations: list[str] = []
        self.console_errors: list[str] = []
        self.script_errors: list[str] = []

    def violation(self, description: str) -> None:
        self.violations.append(description)

    def console(self, message) -> None:
        # The site has no favicon; the browser's own request for one is not a page's doing.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def script_error(self, error) -> None:
        self.script_errors.append(str(error.error))

    def as_dict(self) -> dict[str, list[str]]:
        return {
            "violations": self.violations,
            "console_errors": self.console_errors,
            "script_errors": self.script_errors,
        }


def watched(page: Page) -> Problems:
    """Start collecting violations, console errors and uncaught errors for `page`'s whole context."""
    problems = Problems()
    context = page.context
    context.expose_function("reportCspViolation", problems.violation)
    context.add_init_script(LISTEN_FOR_VIOLATIONS)
    context.on("console", problems.console)
    context.on("weberror", problems.script_error)
    return problems


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    assert "content-security-policy" in response.all_headers(), f"{path} has no Content-Security-Policy"


NO_PROBLEMS = {"violations": [], "console_errors": [], "script_errors": []}


@pytest.fixture
def history(public_site):
    """The public compound approved twice, so that it has an earlier version and saved revisions.

    Gives the admin's address comparing its first revision with its latest.
    """
    compound = public_site["compound"]
    with services.drafting(by=factories.editor(username="history-editor"), comment="Shorter summary"):
        compound.summary = "An Ayurvedic herb; small trials suggest a modest effect on memory."
        compound.save()
    publish(compound)
    versions = Version.objects.get_for_object(compound).order_by("pk")
    return (
        f"/admin/compounds/compound/{compound.pk}/history/compare/?from={versions.first().pk}&to={versions.last().pk}"
    )


@pytest.fixture
def article_with_a_table(public_site):
    """An article whose Markdown table aligns its columns, which once came out as style attributes."""
    study = public_site["study"]
    article = factories.ArticleFactory(
        slug="browser-bacopa-doses",
        title="Bacopa doses in the trials",
        body="## Doses\n\n| Trial | Dose |\n|:--|--:|\n| The largest | 300 mg |\n\n"
        f"From [the trial](https://pubmed.ncbi.nlm.nih.gov/{study.pmid}/).",
    )
    factories.ArticleSourceFactory(article=article, study=study)
    return publish(article)


@pytest.fixture
def awaiting_review(sleep_area):
    """A compound an editor has submitted, waiting in the reviewer's queue."""
    author = factories.editor(username="glycine-editor")
    compound = factories.compound_with_rows(
        studies=0, name="Glycine", slug="browser-glycine", area=sleep_area, by=author
    )
    factories.EvidenceLinkFactory(compound=compound, study=factories.published_study(slug="browser-glycine-trial"))
    services.submit(compound, by=author, note="A new page for review.")
    return compound


@pytest.fixture
def policy_page():
    """A live policy page, and so the footer's policy links on every public page."""
    return live_policy(Role.DISCLAIMER, slug="browser-csp-policy")


@pytest.fixture
def sleep_area():
    return factories.AreaFactory(name="Sleep & cognition", slug="browser-sleep-csp")


def test_the_public_pages_run_with_no_policy_violation(
    new_person, public_site, history, article_with_a_table, policy_page
):
    reader = new_person()
    problems = watched(reader)
    for path in [
        "/",
        "/compounds/",
        "/compounds/?q=bacopa",
        "/compounds/browser-bacopa/",
        "/articles/browser-bacopa-guide/",
        "/studies/browser-bacopa-trial/",
        "/how-we-score/",
        "/compounds/browser-bacopa/versions/",
        "/policies/browser-csp-policy/",
    ]:
        visit(reader, path)
    # JSON-LD is a data block: the policy must leave it in place, and it must still parse.
    visit(reader, "/compounds/browser-bacopa/")
    json_ld = reader.locator('script[type="application/ld+json"]')
    expect(json_ld).to_have_count(1)
    assert reader.evaluate("() => JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').text)")

    # A table's column alignment comes from the stylesheet, not from a blocked style attribute.
    visit(reader, "/articles/browser-bacopa-doses/")
    expect(reader.locator(".article-body td", has_text="300 mg")).to_have_css("text-align", "right")

    visit(reader, "/compounds/browser-bacopa/versions/")
    reader.get_by_role("link", name=re.compile("What this page said from")).click()
    expect(reader.locator("main")).to_contain_text("An Ayurvedic herb studied in small trials")
    reader.get_by_role("search").get_by_label("Search compounds").fill("bacopa")
    reader.get_by_role("search").get_by_role("button", name="Search").click()
    expect(reader).to_have_url(re.compile(r"/compounds/\?q=bacopa$"))

    assert problems.as_dict() == NO_PROBLEMS


def test_the_admin_pages_an_editor_uses_run_with_no_policy_violation(new_person, editor, public_site, history):
    page = new_person()
    problems = watched(page)
    visit(page, "/admin/login/")
    sign_in(page, "editor")

    # The compound list, then a compound's change form with its inlines and autocomplete fields.
    page.locator("tr.model-compound").get_by_role("link", name="Compounds").click()
    page.locator("#result_list").get_by_role("link", name="Bacopa monnieri").click()
    expect(page.locator(".workflow-panel")).to_be_visible()
    # The panel's stylesheet is linked, not inline, and still applies.
    expect(page.locator(".workflow-panel")).to_have_css("border-left-style", "solid")
    page.get_by_role("button", name="Add another Dosing protocol").click()
    expect(page.locator("#id_dosing_protocols-1-use")).to_be_visible()
    related = page.locator(".field-related_compounds .select2-selection")
    related.click()
    expect(page.locator(".select2-results")).to_contain_text("Magnesium glycinate")
    page.keyboard.press("Escape")

    # Its preview in a new tab, as the editor opens it.
    with page.context.expect_page() as preview_opened:
        page.get_by_role("link", name="Preview this version").click()
    preview = preview_opened.value
    expect(preview.locator(".preview-banner")).to_be_visible()
    preview.close()

    # History, and the comparison of the first saved version with the latest.
    page.get_by_role("link", name="History and revert").click()
    expect(page.locator("#change-history")).to_be_visible()
    visit(page, history)
    expect(page.get_by_role("table", name="Summary", exact=True)).to_be_visible()
    expect(page.locator("table.diff-field .old").first).to_have_css("background-color", "rgb(253, 236, 234)")

    # A new compound: the slug is filled in from the name as it is typed.
    page.goto("/admin/compounds/compound/add/")
    page.get_by_label("Name:").press_sequentially("Melatonin")
    expect(page.get_by_label("Slug:")).to_have_value("melatonin")

    # A new area from the "+" beside the field: the admin's popup, and the page that closes it.
    with page.context.expect_page() as popup_opened:
        page.locator("#add_id_area").click()
    popup = popup_opened.value
    popup.get_by_label("Name:").press_sequentially("Hormones")
    expect(popup.get_by_label("Slug:")).to_have_value("hormones")
    with popup.expect_event("close"):
        popup.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_label("Area:")).to_have_value(re.compile(r"^[0-9]+$"))
    expect(page.get_by_label("Area:").locator("option:checked")).to_have_text("Hormones")

    assert problems.as_dict() == NO_PROBLEMS


def test_the_admin_pages_a_reviewer_uses_run_with_no_policy_violation(
    new_person, reviewer, public_site, history, awaiting_review
):
    page = new_person()
    problems = watched(page)
    sign_in(page, "reviewer")

    page.get_by_role("link", name="Review queue", exact=True).click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    expect(page.locator(".due-for-review")).to_have_css("margin-top", "24px")
    page.locator("#result_list").get_by_role("link", name="Glycine").click()
    expect(page.get_by_role("heading", name="Compound: Glycine")).to_be_visible()
    expect(page.locator(".review-decisions")).to_have_css("display", "grid")
    page.get_by_label("What needs to change").fill("Please cite a second trial.")
    page.get_by_role("button", name="Send back to the editor").click()
    expect(page.locator(".messagelist")).to_contain_text("Sent back to the editor with your comment.")

    # A live page's change form, its history and a comparison, as a reviewer checks them.
    page.goto("/admin/")
    page.locator("tr.model-compound").get_by_role("link", name="Compounds").click()
    page.locator("#result_list").get_by_role("link", name="Bacopa monnieri").click()
    page.get_by_role("link", name="History and revert").click()
    expect(page.locator("#change-history")).to_be_visible()
    visit(page, history)
    expect(page.get_by_role("table", name="Summary", exact=True)).to_be_visible()

    assert problems.as_dict() == NO_PROBLEMS
