"""Screenshots of the public pages and of the reviewer's diff, for the README.

Runs against the configured database: loads the demo content if Cerebrolysin is not
there, and gives Cerebrolysin one pending change (a dose, saved by the demo editor and
submitted through the workflow services) so that the review screen has a diff to show.
The site is served from a thread of this process and photographed with Debian's
Chromium at desktop and phone width.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client
from django.test.testcases import LiveServerThread
from django.urls import reverse

from cms.celery import app
from compounds.models import Compound
from reviews import selectors, services

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # a dev dependency: `pip install -e .[dev]`
    sync_playwright = None

WIDTHS = (1280, 375)
PUBLIC_PAGES = {
    "home": "/",
    "directory": "/compounds/",
    "compound-cerebrolysin": "/compounds/cerebrolysin/",
    "article-cerebrolysin-guide": "/articles/cerebrolysin-guide/",
    "study-heiss-2012-casta": "/studies/heiss-2012-casta/",
    "policy-medical-review-policy": "/policies/medical-review-policy/",
    "compound-cerebrolysin-versions": "/compounds/cerebrolysin/versions/",
    "corrections": "/corrections/",
}
CHANGED_ROW = "Acute ischaemic stroke (CASTA regimen)"
NOTE = "Demo change for the review screen: the stroke dose widened to 30–50 mL."
CHANGE_NOTE = "The stroke dose is now given as 30–50 mL a day; it said 30 mL."


class Command(BaseCommand):
    help = (
        "Screenshot the public pages and the review screen at 1280 and 375 px into docs/screenshots/. "
        "Loads the demo content if missing and leaves Cerebrolysin with one pending dose change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(settings.BASE_DIR / "docs" / "screenshots"))
        parser.add_argument("--chromium", default="/usr/bin/chromium")

    def handle(self, *args, output, chromium, **options):
        if sync_playwright is None:
            raise CommandError("Playwright is missing: pip install -e '.[dev]'.")
        if not Path(chromium).exists():
            raise CommandError(f"No Chromium at {chromium}: apt-get install -y chromium chromium-driver.")
        # Review stamps ("Last reviewed …") come from a task; run it here rather than wait for a worker.
        app.conf.task_always_eager = True
        # Safe to repeat: it adds only what an older database lacks (the policy pages, say).
        call_command("load_demo", stdout=self.stdout)
        submission = _pending_dose_change()
        pages = {**PUBLIC_PAGES, "review-screen": reverse("admin:reviews_submission_change", args=[submission.pk])}
        reviewer_session = _session_cookie("reviewer")

        out = Path(output)
        out.mkdir(parents=True, exist_ok=True)
        server = LiveServerThread("127.0.0.1", StaticFilesHandler)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise CommandError(f"Could not serve the site: {server.error}")
        try:
            self._photograph(f"http://127.0.0.1:{server.port}", pages, reviewer_session, chromium, out)
        finally:
            server.terminate()

    def _photograph(self, base_url: str, pages: dict, session: str, chromium: str, out: Path) -> None:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
            for width in WIDTHS:
                context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
                context.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": f"{base_url}/admin/"}]
                )
                page = context.new_page()
                for name, path in pages.items():
                    response = page.goto(path)
                    if response.status != 200:
                        raise CommandError(f"{path} answered {response.status}")
                    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
                    if scroll_width > width:
                        self.stderr.write(f"{name} is {scroll_width}px wide at {width}px: it scrolls sideways")
                    target = out / f"{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    self.stdout.write(str(target))
                context.close()
            browser.close()


@transaction.atomic
def _pending_dose_change():
    """Cerebrolysin's pending submission, made if there is none: the demo editor widens a dose."""
    compound = Compound.objects.get(slug="cerebrolysin")
    pending = selectors.pending_submission(compound)
    if pending is not None:
        return pending
    editor = get_user_model().objects.get(username="editor")
    row = compound.dosing_protocols.filter(use=CHANGED_ROW).first()
    if row is None:
        raise CommandError(f"Cerebrolysin has no dosing row “{CHANGED_ROW}” to change.")
    row.dose_max = 50
    services.save_draft(compound, by=editor, comment="Widened the stroke dose", rows=[row])
    return services.submit(compound, by=editor, note=NOTE, change_note=CHANGE_NOTE)


def _session_cookie(username: str) -> str:
    """A signed-in session for the demo user, without needing their password."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client.cookies[settings.SESSION_COOKIE_NAME].value
