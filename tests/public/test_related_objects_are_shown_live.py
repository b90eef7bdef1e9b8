"""What a page shows of another object (a related compound, the compound a use-case
page is about, the articles about a compound) is that object's current edition:
renaming it and approving the rename changes every page that shows it, a draft rename
changes none, and an object taken down disappears from them."""

import pytest

from reviews import selectors, services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    selank = factories.published_compound(slug="selank", name="Selank", studies=0)
    semax = factories.compound_with_rows(studies=0, slug="semax", name="Semax")
    semax.related_compounds.set([selank])
    factories._publish(semax)
    guide = factories.ArticleFactory(slug="nootropic-peptides", body="A body without citations.")
    guide.related_compounds.set([selank, semax])
    factories._publish(guide)
    factories.published_article(slug="selank-anxiety", kind="use_case", compound=selank, indication="anxiety")
    return selank


PAGES = ["/compounds/semax/", "/articles/nootropic-peptides/", "/articles/selank-anxiety/"]


def rename(compound, name, *, approve=True):
    with services.drafting(by=factories.editor(username="factory-editor"), comment="Renamed"):
        compound.name = name
        compound.save()
    if approve:
        factories._publish(compound)


def test_the_payload_keeps_each_related_compound_as_approved_with_its_id(site):
    edition = selectors.current_editions("compound").get(slug="semax")
    assert edition.content["related_compounds"] == [{"id": site.pk, "name": "Selank", "slug": "selank"}]
    rename(site, "Selank acetate")
    edition.refresh_from_db()
    assert edition.content["related_compounds"] == [{"id": site.pk, "name": "Selank", "slug": "selank"}]


def test_renaming_a_compound_and_approving_it_changes_every_page_that_shows_it(client, site):
    for url in PAGES:
        assert "Selank" in client.get(url).content.decode(), url
    rename(site, "Selank acetate")
    for url in PAGES:
        assert "Selank acetate" in client.get(url).content.decode(), url
    use_case = client.get("/articles/selank-anxiety/").content.decode()
    assert "Selank acetate for anxiety" in use_case
    assert "The full Selank acetate profile" in use_case
    assert '"about": {"@type": "Drug", "name": "Selank acetate"}' in use_case


def test_a_draft_rename_reaches_no_page(client, site):
    rename(site, "Selank draft name", approve=False)
    for url in PAGES:
        assert "Selank draft name" not in client.get(url).content.decode(), url


def test_a_related_compound_taken_down_disappears_from_the_pages_that_showed_it(client, site):
    services.unpublish(
        site,
        by=factories.reviewer(username="safety"),
        reason="Under investigation.",
        signature=factories.signature(factories.reviewer(username="safety")),
    )
    for url in PAGES:
        page = client.get(url).content.decode()
        assert 'href="/compounds/selank/"' not in page, url
    assert "Semax" in client.get("/articles/nootropic-peptides/").content.decode()


def test_the_titles_of_related_pages_are_escaped(client):
    compound = factories.published_compound(slug="omega-3", name='Omega-3 & "fish" oil <EPA>', studies=0)
    factories.published_article(title="Omega & <you>", kind="use_case", compound=compound, indication="x")
    page = client.get("/compounds/omega-3/").content.decode()
    assert "Omega &amp; &lt;you&gt;" in page and "<you>" not in page
    use_case = client.get(f"/articles/{selectors.current_editions('article').get().slug}/").content.decode()
    assert "Omega-3 &amp; &quot;fish&quot; oil &lt;EPA&gt; for x" in use_case
