"""The demo Cerebrolysin page shows every section the reference pages show."""

import pytest

from compounds.models import Compound
from reviews import selectors, services
from tests import factories

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Prescription medication, not a dietary supplement",  # the banner
    "What the evidence says",
    "4/10",
    "Emerging",
    "By outcome",
    "Verdicts by outcome",
    "What it is",
    "Mechanism",
    "How it works",
    "Dosing",
    "Clinical trial",
    "Product label",
    "Community practice",
    "Timing and cycle",
    "Minimum course",
    "Optimal course",
    "Forms",
    "Side effects",
    "Tip:",
    "Interactions and cautions",
    "Interaction",
    "Contraindication",
    "Stacking and related compounds",
    "What to skip",
    "Frequently asked questions",
    "Key takeaways",
    "Sources",
    "https://pubmed.ncbi.nlm.nih.gov/32662068/",
    "Meta-analysis",
    "funding: independent",
    # The live edition is the demo's correction of where it is approved, a routine field: one reviewer signs it.
    'Medically reviewed by <strong><a href="/people/amara-okafor/">Dr Amara Okafor</a>, MD, PhD</strong> ·',
    "Last reviewed",
    "Earlier versions",
    "/articles/cerebrolysin-for-stroke-recovery/",
    "/how-we-score/",
    "For information, not medical advice",
]


def test_every_section_appears_on_the_demo_cerebrolysin_page(client, demo_site):
    page = client.get("/compounds/cerebrolysin/").content.decode()
    for section in SECTIONS:
        assert section in page, section


def test_the_evidence_line_is_computed_from_the_linked_studies(client, demo_site):
    edition = selectors.current_edition(Compound.objects.get(slug="cerebrolysin"))
    line = edition.content["evidence"]["summary_line"]
    assert line.startswith("10 studies · 4 meta-analyses · 5 RCTs · ")
    assert f"Based on {line}" in client.get("/compounds/cerebrolysin/").content.decode()


def test_side_effects_are_grouped_by_frequency_in_order(client, demo_site):
    page = client.get("/compounds/cerebrolysin/").content.decode()
    section = page[page.index('id="side-effects"') :]
    positions = [section.index(f"<h3>{label}</h3>") for label in ("Common", "Uncommon", "Rare", "Serious")]
    assert positions == sorted(positions)


def test_an_overridden_score_says_so_and_why(client, demo_site):
    page = client.get("/compounds/cerebrolysin/").content.decode()
    assert "the rubric alone gives 5/10" in page
    assert "so we hold it at 4" in page


def test_the_page_has_one_h1_and_labelled_landmarks(client, demo_site):
    page = client.get("/compounds/cerebrolysin/").content.decode()
    assert page.count("<h1") == 1
    assert '<main id="main"' in page and "<header" in page and "<footer" in page and 'aria-label="Main"' in page
    assert '<label for="site-search-q"' in page


def test_a_compound_page_links_the_live_articles_about_it_or_naming_it_newest_first(client, editor_user, reviewer_user):
    compound = factories.published_compound(slug="semax", name="Semax")
    other = factories.published_compound(slug="selank", name="Selank")

    def article(title, *, live=True, about=None, naming=()):
        kind = {"kind": "use_case", "compound": about, "indication": "focus"} if about else {}
        page = factories.ArticleFactory(title=title, body="A body without citations.", **kind)
        page.related_compounds.set(naming)
        factories.ArticleSourceFactory(article=page, study=factories.published_study())
        if live:
            factories.approve(services.submit(page, by=editor_user), by=reviewer_user)
        return page

    article("Semax for focus", about=compound)
    article("Peptides compared", naming=[other, compound])
    article("Selank alone", naming=[other])
    article("A draft about Semax", live=False, about=compound)

    page = client.get("/compounds/semax/").content.decode()
    further = page[page.index('id="further"') :]
    assert "Peptides compared" in further and "Semax for focus" in further
    assert further.index("Peptides compared") < further.index("Semax for focus")
    assert "Selank alone" not in page and "A draft about Semax" not in page
