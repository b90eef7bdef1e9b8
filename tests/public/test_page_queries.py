"""Each public page costs the same, small number of queries however many rows,
studies and related pages it has: its edition, and one query for every other object it
shows as that object is live now (the live policy pages its footer, disclaimer and
review line link among them). Listings read the live policies in one query of their own."""

import pytest

from reviews import services
from tests import factories

pytestmark = pytest.mark.django_db


def live_compound(n, *, related=()):
    compound = factories.compound_with_rows(studies=0, dosing=n, side_effects=n, slug=f"bulk-{n}", name=f"Bulk {n}")
    for position in range(n):
        factories.EvidenceLinkFactory(compound=compound, study=factories.published_study(), position=position)
        factories.CautionFactory(compound=compound, position=position)
        factories.FaqEntryFactory(compound=compound, position=position)
    compound.related_compounds.set(related)
    return factories._publish(compound)


def live_article(n, *, slug="", related=(), about=None):
    kind = {"kind": "use_case", "compound": about, "indication": "focus"} if about else {}
    article = factories.ArticleFactory(slug=slug or f"article-{n}", body="A body without citations.", **kind)
    for position in range(n):
        factories.ArticleSourceFactory(article=article, study=factories.published_study(), position=position)
    article.related_compounds.set(related)
    return factories._publish(article)


def others(n):
    return [factories.published_compound(studies=0, slug=f"other-{n}-{i}", name=f"Other {n} {i}") for i in range(n)]


@pytest.mark.parametrize("n", [1, 12])
def test_a_compound_page_costs_two_queries_whatever_its_rows_studies_related_compounds_and_articles(
    client, django_assert_num_queries, n
):
    compound = live_compound(n, related=others(n))
    for i in range(n):
        live_article(1, slug=f"article-{n}-{i}", related=[compound])
    with django_assert_num_queries(2):
        response = client.get(f"/compounds/bulk-{n}/")
    assert response.status_code == 200
    assert response.content.decode().count('href="/articles/article-') == n


@pytest.mark.parametrize("n", [1, 12])
def test_an_article_page_costs_two_queries_whatever_its_sources_and_the_compounds_it_names(
    client, django_assert_num_queries, n
):
    about = factories.published_compound(studies=0, slug="about", name="About")
    live_article(n, related=others(n), about=about)
    with django_assert_num_queries(2):
        assert client.get(f"/articles/article-{n}/").status_code == 200


def test_a_page_that_shows_no_other_object_costs_two_queries(client, django_assert_num_queries):
    study = factories.published_study(slug="a-study")
    live_article(3)
    with django_assert_num_queries(2):
        assert client.get(f"/studies/{study.slug}/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/articles/article-3/").status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_earlier_versions_cost_the_same_whatever_the_rows(client, django_assert_num_queries, n):
    compound = live_compound(n)
    with services.drafting(by=factories.editor(username="factory-editor"), comment="A new summary"):
        compound.summary = "Changed."
        compound.save()
    factories._publish(compound)
    with django_assert_num_queries(3):  # the current edition, its earlier ones, the policies
        listing = client.get(f"/compounds/bulk-{n}/versions/")
    assert listing.status_code == 200
    past = [line for line in listing.content.decode().split('href="') if line[:1].isdigit()]
    assert past, "the earlier edition is listed"
    past_id = past[0].split("/")[0]
    with django_assert_num_queries(3):  # the current edition, the past one, the objects it shows and the policies
        assert client.get(f"/compounds/bulk-{n}/versions/{past_id}/").status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_listings_cost_the_same_whatever_the_number_of_pages(client, django_assert_num_queries, n):
    live_compound(n, related=others(n))
    live_article(n)
    for url in ("/", "/compounds/", "/compounds/?q=bulk", "/articles/", "/articles/feed/", "/sitemap.xml",
                "/api/compounds/", f"/api/compounds/bulk-{n}/"):  # fmt: skip
        with django_assert_num_queries(EXPECTED[url.replace(str(n), "N")]):
            assert client.get(url).status_code == 200, url


# Every HTML page also reads the live policy pages its footer links, once.
EXPECTED = {
    "/": 3,  # latest articles, compounds by area, the policies
    "/compounds/": 5,  # the count, the two filters' choices, the page of results, the policies
    "/compounds/?q=bulk": 5,
    "/articles/": 3,  # the count, the page, the policies
    "/articles/feed/": 1,
    "/sitemap.xml": 8,  # per kind: the count, then the entries if any (none of the policy or person kind here)
    "/api/compounds/": 2,  # the count, the page
    "/api/compounds/bulk-N/": 1,
}
