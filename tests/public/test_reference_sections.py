"""The demo Cerebrolysin pages show every section of the reference page each one answers
(`../shared/seeds/`): the use case (000), the guide (001), the evidence profile (002),
the directory entry (003) and the journal post (004).

Each row names a section as the reference page shows it and says how to find it on our
page: a heading's text, a CSS selector (optionally with text the element must hold), or
a pattern in the page's text. One test per (page, section), so a failure names the
section that went missing.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import transaction
from django.test import Client, TestCase, override_settings

from cms.celery import app

# The pages are read once, in `demo_pages`; each test only needs a database to exist.
pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Heading:
    text: str

    def found_in(self, soup: BeautifulSoup) -> bool:
        headings = soup.select("main h1, main h2, main h3, main h4")
        return any(_text(h) == self.text for h in headings)


@dataclass(frozen=True)
class Css:
    selector: str
    holding: str = ""

    def found_in(self, soup: BeautifulSoup) -> bool:
        return any(self.holding in _text(element) for element in soup.select(self.selector))


@dataclass(frozen=True)
class Text:
    pattern: str

    def found_in(self, soup: BeautifulSoup) -> bool:
        return re.search(self.pattern, _text(soup.select_one("main") or soup)) is not None


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


USE_CASE = "/articles/cerebrolysin-for-stroke-recovery/"
GUIDE = "/articles/cerebrolysin-guide/"
PROFILE = DIRECTORY_ENTRY = "/compounds/cerebrolysin/"
JOURNAL_POST = "/articles/cerebrolysin-big-reviews/"

REFERENCE_PAGES = {
    "000 use case": (
        USE_CASE,
        [
            ("title", Heading("Why people use Cerebrolysin for stroke recovery")),
            ("introduction", Css("header .lede", "Cerebrolysin")),
            ("compound and indication", Heading("Cerebrolysin for stroke recovery")),
            ("evidence tier label", Text(r"Evidence tier: Emerging")),
            ("bulleted evidence summary", Css(".use-case ul > li", "CASTA")),
            ("protocol notes", Heading("Protocol notes")),
            ("what to skip", Css(".skip-list li", "Online vials")),
            ("where to go next", Heading("Where to go next")),
            ("link to the full directory entry", Css('.where-next a[href="/compounds/cerebrolysin/"]')),
            ("links to related articles", Css('.where-next a[href^="/articles/"]')),
        ],
    ),
    "001 guide": (
        GUIDE,
        [
            ("title", Heading("Cerebrolysin: what the evidence supports")),
            ("description", Css("header .lede", "what remains unknown")),
            ("lead image with alt text", Css('figure img[src*="cerebrolysin-guide-course"][alt*="Timeline"]')),
            ("published date", Css('.byline time[datetime="2026-02-14"]', "14 February 2026")),
            ("category", Css('.eyebrow a[href="/articles/category/peptide-guides/"]', "Peptide guides")),
            ("tags", Css('.tags a[href="/articles/tag/dementia/"]')),
            ("key takeaways", Heading("Key takeaways")),
            ("body sections", Css(".article-body h2", "What the trials found")),
            ("PubMed citations inline", Css('.article-body a[href^="https://pubmed.ncbi.nlm.nih.gov/"]')),
            ("dosing table", Css(".article-body table th", "Dose")),
            ("side effects by frequency", Css(".article-body h2", "Side effects")),
            ("FAQ", Heading("Frequently asked questions")),
            ("disclaimer", Css(".disclaimer", "For information, not medical advice")),
        ],
    ),
    "002 evidence profile": (
        PROFILE,
        [
            ("prescription-drug banner", Css(".banner-warning", "Prescription medication, not a dietary supplement")),
            ("what the evidence says", Heading("What the evidence says")),
            ("evidence score", Css(".score-figure", "4/10")),
            ("evidence tier", Css(".score .tier", "Emerging")),
            ("overall confidence label", Css(".confidence .confidence-label", "High")),
            (
                "published years and typical size",
                Text(r"published 2001–2020, with a typical size of 438 participants"),
            ),
            (
                "studies, meta-analyses, RCTs and participants",
                Text(r"10 studies · 4 meta-analyses · 5 RCTs · 4,538 participants"),
            ),
            ("honest appraisal", Css(".evidence p", "disagree along a telling line")),
            ("verdict by outcome", Css("caption", "Verdicts by outcome")),
            ("what it is", Heading("What it is")),
            ("mechanism", Heading("Mechanism")),
            ("dosing", Heading("Dosing")),
            ("timing", Heading("Timing and cycle")),
            ("forms table", Css("caption", "Forms it comes in")),
            ("minimum and optimal course", Css(".facts dt", "Optimal course")),
            ("cycling as a fact", Css(".facts dd.cycling", "Not required")),
            ("dose-response", Heading("Dose-response")),
            ("interactions", Css("h3", "Interaction")),
            ("side effects with tips", Css(".side-effects .tip", "Tip:")),
            ("cautions", Heading("Interactions and cautions")),
            ("last reviewed", Text(r"Last reviewed \d{1,2} \w+ \d{4}")),
            ("how we score", Css('a[href="/how-we-score/"]', "How we score")),
            ("related-compound cards", Css('.compound-cards .compound-card a[href="/compounds/bpc-157/"]', "BPC-157")),
            ("disclaimer", Css(".disclaimer", "For information, not medical advice")),
        ],
    ),
    "003 directory entry": (
        DIRECTORY_ENTRY,
        [
            ("breadcrumb", Css('nav.breadcrumb a[href="/compounds/"]', "Compounds")),
            ("name", Heading("Cerebrolysin")),
            ("other names", Css(".other-names", "FPF-1070")),
            ("area", Css(".facts dt", "Area")),
            ("class", Css(".facts dt", "Class")),
            ("standard dose", Css(".facts dt", "Standard dose")),
            ("evidence level", Css(".facts dd", "4/10 · Emerging")),
            ("what it is", Heading("What it is")),
            ("mechanism", Heading("Mechanism")),
            ("how it works steps", Css("ol.steps > li h3", "Given as a course")),
            ("dose table with a basis per row", Css("#dosing-caption ~ tbody td", "Community practice")),
            ("pushing higher", Heading("Pushing higher")),
            ("side effects", Heading("Side effects")),
            ("stacking", Heading("Stacking and related compounds")),
            ("sources", Heading("Sources")),
            ("study type and funding per source", Text(r"Meta-analysis · funding: independent")),
            ("PMID per source", Text(r"PubMed 32662068")),
            ("more in its area", Css(".more-in-area h2", "More in Neuro & cognition")),
            ("more in its area lists live compounds", Css('.more-in-area-list a[href="/compounds/semax/"]', "Semax")),
        ],
    ),
    "004 journal post": (
        JOURNAL_POST,
        [
            ("title", Heading("Cerebrolysin and the big reviews: used is not the same as proven")),
            ("category", Css('.eyebrow a[href="/articles/category/journal/"]', "Journal")),
            ("date", Css('.byline time[datetime="2026-06-24"]', "24 June 2026")),
            ("read time", Text(r"\d+ min read")),
            ("sections", Css(".article-body h2", "What the best reviews say")),
            ("FAQ", Heading("Frequently asked questions")),
            ("key takeaway", Heading("Key takeaways")),
            ("numbered sources", Css("ol.sources > li")),
            ("disclaimer", Css(".disclaimer", "For information, not medical advice")),
            ("a disclaimer page, linked from the footer", Css('footer.site-footer a[href="/policies/disclaimer/"]')),
        ],
    ),
}

CASES = [
    pytest.param(url, finder, id=f"{page}: {section}")
    for page, (url, sections) in REFERENCE_PAGES.items()
    for section, finder in sections
]


@pytest.fixture(scope="module")
def demo_pages(django_db_setup, django_db_blocker, tmp_path_factory) -> dict:
    """The five demo pages, rendered once: the demo is loaded, published and stamped as
    the `demo_site` fixture does it, read, then rolled back."""
    media = tmp_path_factory.mktemp("media")
    pages = {}
    eager, app.conf.task_always_eager = app.conf.task_always_eager, True  # as the `eager_tasks` fixture does
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=open("/dev/null", "w"))
        client = Client()
        for url in {url for url, _sections in REFERENCE_PAGES.values()}:
            response = client.get(url)
            assert response.status_code == 200, url
            pages[url] = BeautifulSoup(response.content, "html.parser")
        pages["media"] = media
        transaction.set_rollback(True)
    app.conf.task_always_eager = eager
    return pages


@pytest.mark.parametrize(("url", "finder"), CASES)
def test_the_demo_page_shows_the_reference_section(demo_pages, url, finder):
    assert finder.found_in(demo_pages[url])


def test_the_guide_lead_image_is_the_file_the_importer_attached(demo_pages):
    image = demo_pages[GUIDE].select_one("figure img")
    stored = Path(demo_pages["media"]) / image["src"].removeprefix("/media/")
    assert stored.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert image["alt"].startswith("Timeline of a trial course")
