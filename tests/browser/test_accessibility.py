"""The public pages and the reviewer's desk in a real browser: axe-core's checks, the
keyboard alone, a phone's width."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from reviews import services
from tests import factories
from tests.browser.conftest import sign_in
from tests.browser.test_review_desk import change_dose, live_compound
from tests.policies.factories import Role, live_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = {
    "home": "/",
    "directory": "/compounds/",
    "compound": "/compounds/browser-bacopa/",
    "article": "/articles/browser-bacopa-guide/",
    "study": "/studies/browser-bacopa-trial/",
    "policy": "/policies/browser-review-policy/",
}
BLOCKING = {"serious", "critical"}
# Far more than any of these pages has controls: a loop that never comes round is a trap.
MAX_TABS = 200
PHONE = 375

FOCUSABLE = "a[href], input:not([type=hidden]), select, textarea, button, [tabindex]:not([tabindex='-1'])"


@pytest.fixture
def policy_page():
    """A live policy page: its own address, and the footer and review line that link it."""
    return live_policy(Role.MEDICAL_REVIEW, slug="browser-review-policy")


def open_page(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"


def blocking_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


def tab_through(page: Page) -> dict[str, dict]:
    """Press Tab until focus comes round again; what received focus, by the index we gave it."""
    page.evaluate(f"() => document.querySelectorAll({FOCUSABLE!r}).forEach((el, i) => el.dataset.tabIndexSeen = i)")
    reached: dict[str, dict] = {}
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const html = el.outerHTML.slice(0, 120);
                return {key: el.dataset.tabIndexSeen ?? html, outline: getComputedStyle(el).outlineStyle, html};
            }"""
        )
        if focused is None or focused["key"] in reached:
            break
        reached[focused["key"]] = focused
    return reached


def unreached(page: Page, selector: str, reached: dict) -> list[str]:
    return page.evaluate(
        "([selector, reached]) => [...document.querySelectorAll(selector)]"
        ".filter(el => !reached.includes(el.dataset.tabIndexSeen)).map(el => el.outerHTML.slice(0, 120))",
        [selector, list(reached)],
    )


@pytest.mark.parametrize("width", [1280, PHONE])
def test_axe_finds_no_serious_or_critical_violation_on_the_public_pages(new_person, public_site, policy_page, width):
    # At a phone's width wide tables scroll inside their box, which axe checks too.
    page = new_person(width=width)
    found = {}
    for name, path in PAGES.items():
        open_page(page, path)
        found[name] = blocking_violations(page)
    assert found == {name: [] for name in PAGES}


def test_the_keyboard_alone_reaches_the_search_the_filters_and_every_link(new_person, public_site, policy_page):
    page = new_person()
    for name, path in PAGES.items():
        open_page(page, path)
        reached = tab_through(page)

        assert unreached(page, "a[href]", reached) == [], f"links on the {name} page that Tab never reaches"
        assert unreached(page, "#site-search-q", reached) == [], f"the search box on the {name} page"
        if name == "directory":
            assert unreached(page, f".filters :is({FOCUSABLE})", reached) == [], "the directory's filters"
        unmarked = [item["html"] for item in reached.values() if item["outline"] == "none"]
        assert unmarked == [], f"on the {name} page, focus is invisible on these"


def test_no_public_page_scrolls_sideways_on_a_phone(new_person, public_site, policy_page):
    page = new_person(width=PHONE, height=800)
    for name, path in PAGES.items():
        open_page(page, path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE, f"the {name} page is {width}px wide at {PHONE}px"


@pytest.fixture
def review_screens(editor, reviewer):
    """The reviewer's desk with something on it: a first publication and a one-row dose
    change waiting for review, the change assigned to the reviewer."""
    study = factories.published_study(slug="axe-new-page-trial")
    new_page = factories.compound_with_rows(studies=0, dosing=1, side_effects=2, name="Axe new page", slug="axe-new")
    with services.drafting(by=editor):
        factories.EvidenceLinkFactory(compound=new_page, study=study)
        new_page.save()
    one_row = change_dose(live_compound("Axe one row", "axe-one-row"), editor, dose_max=300)
    services.assign(one_row, reviewer, by=reviewer)
    first_publication = services.submit(new_page, by=editor)
    return {
        "review screen, first publication": f"/admin/reviews/submission/{first_publication.pk}/change/",
        "review screen, one-row change": f"/admin/reviews/submission/{one_row.pk}/change/",
        "dashboard": "/admin/",
        "review queue": "/admin/reviews/submission/",
        "two-factor sign-in, setting up a new app": "/admin/two-factor/?new=1",
    }


def test_axe_finds_no_serious_or_critical_violation_on_the_review_desk(new_person, review_screens):
    page = new_person()
    sign_in(page, "reviewer")
    found = {}
    for name, path in review_screens.items():
        open_page(page, path)
        found[name] = blocking_violations(page)
    editor_page = new_person()
    sign_in(editor_page, "editor")
    open_page(editor_page, "/admin/")
    found["editor's dashboard"] = blocking_violations(editor_page)
    signing_in = new_person()
    open_page(signing_in, "/admin/login/")
    found["sign-in"] = blocking_violations(signing_in)
    assert found == {name: [] for name in found}
