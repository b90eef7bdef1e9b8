"""Headless Chromium against pytest-django's live server.

The browser is Debian's Chromium at /usr/bin/chromium (`.ci/run` installs it). A
missing browser fails these tests rather than skipping them, so a run without it can
never pass as green. Each person in a test (an editor, a reviewer, a reader) gets a
browser context of their own: separate cookies, separate HTTP cache.

Playwright's sync API keeps an event loop running in the test's thread while it is
started. Django then refuses ORM calls in that thread, and with the refusal switched
off (DJANGO_ALLOW_ASYNC_UNSAFE) it would quietly use a second connection, outside the
test's database handling. So Playwright starts at a test's first `new_person()` and
stops when the test ends: test data comes from fixtures, made before the browser
starts, and the test body only drives the browser.
"""

from pathlib import Path

import pytest
from django.utils import dateformat, timezone
from playwright.sync_api import BrowserContext, Locator, Page, expect, sync_playwright

from compounds.models import Compound
from reviews import services
from studies.models import Study
from tests import factories

CHROMIUM = Path("/usr/bin/chromium")
# Short: every step is a local page load, so anything slower is a hang, not a slow page.
TIMEOUT_MS = 5_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture
def new_person(live_server):
    """Make a fresh browser context (one person) on the live server; all closed after the test."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}: "
            "apt-get install -y chromium chromium-driver (deselect them with -m 'not browser').",
            pytrace=False,
        )
    started = {}
    contexts: list[BrowserContext] = []

    def make(*, width: int = 1280, height: int = 900) -> Page:
        if not started:
            started["playwright"] = playwright = sync_playwright().start()
            started["browser"] = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
            )
        context = started["browser"].new_context(base_url=live_server.url, viewport={"width": width, "height": height})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    if started:
        started["browser"].close()
        started["playwright"].stop()


# How many of each person's backup codes (factories.BACKUP_CODES, each accepted once)
# the test has used: read off the list, as the database cannot be asked while the
# browser runs.
_backup_codes_used: dict[str, int] = {}


@pytest.fixture(autouse=True)
def backup_code_lists_from_the_top():
    _backup_codes_used.clear()


def next_backup_code(username: str) -> str:
    _backup_codes_used[username] = _backup_codes_used.get(username, 0) + 1
    return factories.BACKUP_CODES[_backup_codes_used[username] - 1]


def sign_in(page: Page, username: str, password: str = factories.PASSWORD) -> None:
    """Through the admin's login page, as a person does, with a backup code (the form
    asks for none from someone without a second factor)."""
    page.goto("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Authenticator code").fill(next_backup_code(username))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Content and review")).to_be_visible()


def sign(form: Locator, username: str) -> None:
    """Fill in the signature an approval, confirmation or take-down asks for: the
    password and a backup code, as at the first signing in a session."""
    form.get_by_label("Your password").fill(factories.PASSWORD)
    form.get_by_label("Authenticator code").fill(next_backup_code(username))


def today() -> str:
    """Today as the public pages print it."""
    return dateformat.format(timezone.localdate(), "j F Y")


def publish(obj):
    """Submit and approve through the services, by people other than the test's own."""
    author = factories.editor(username="setup-editor")
    factories.approve(services.submit(obj, by=author), by=factories.reviewer(username="setup-reviewer"))
    obj.refresh_from_db()
    return obj


@pytest.fixture
def editor():
    return factories.editor(username="editor", first_name="Maya", last_name="Lindqvist")


@pytest.fixture
def reviewer():
    return factories.reviewer(username="reviewer", first_name="Amara", last_name="Okafor")


@pytest.fixture
def public_site():
    """A small live site: a compound with every common section, an article and a study.

    Slugs are this module's own, so that its pages never share an address with
    another module's in a cache that outlives one test.
    """
    study = factories.published_study(
        slug="browser-bacopa-trial", title="Bacopa monnieri and memory in older adults: a randomised trial"
    )
    other_study = factories.published_study(slug="browser-bacopa-review", design=Study.Design.META_ANALYSIS)
    compound = factories.compound_with_rows(
        studies=0,
        name="Bacopa monnieri",
        slug="browser-bacopa",
        other_names="Brahmi, water hyssop",
        drug_class="Herbal extract",
        area=factories.AreaFactory(name="Neuro & cognition", slug="neuro-cognition"),
        summary="An Ayurvedic herb studied in small trials for memory in older adults.",
    )
    factories.EvidenceLinkFactory(compound=compound, study=study, note="The largest trial.")
    factories.EvidenceLinkFactory(compound=compound, study=other_study, position=1)
    factories.VerdictFactory(compound=compound)
    factories.CautionFactory(compound=compound)
    factories.FaqEntryFactory(compound=compound)
    publish(compound)
    other = factories.published_compound(
        studies=1,
        name="Magnesium glycinate",
        slug="browser-magnesium",
        kind=Compound.Kind.SUPPLEMENT,
        area=factories.AreaFactory(name="Sleep & circadian", slug="sleep"),
    )
    article = factories.published_article(
        slug="browser-bacopa-guide", title="Bacopa: what the trials say", description="A plain guide to the trials."
    )
    return {"compound": compound, "other_compound": other, "article": article, "study": study}
