"""The directory's search finds a compound the way a reader types it: a prefix of its
name, another name, a name with one typo; names rank before pages that only mention
the word. On PostgreSQL (full-text prefixes plus trigram similarity); the embedded
SQLite default matches substrings."""

import pytest
from django.db import connection

from tests import factories

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="typo tolerance and ranking are PostgreSQL's"
)


@pytest.fixture
def directory(db):
    factories.published_compound(
        slug="cerebrolysin",
        name="Cerebrolysin",
        other_names="FPF-1070, porcine brain peptide preparation",
        summary="A mixture of peptides from pig brain, injected after stroke.",
        studies=1,
    )
    factories.published_compound(
        slug="semax",
        name="Semax",
        summary="A nasal peptide sometimes compared with Cerebrolysin after stroke.",
        studies=1,
    )
    factories.published_compound(slug="melatonin", name="Melatonin", summary="A hormone for sleep onset.", studies=1)


def found(client, query: str, *, api: bool = False) -> list[str]:
    if api:
        return [row["slug"] for row in client.get("/api/compounds/", {"q": query}).json()["results"]]
    return [edition.slug for edition in client.get("/compounds/", {"q": query}).context["page_obj"]]


@pytest.mark.parametrize("query", ["cerebro", "Cerebro", "cerebrol"])
def test_a_prefix_of_the_name_finds_the_compound(client, directory, query):
    assert found(client, query)[0] == "cerebrolysin"


@pytest.mark.parametrize("query", ["FPF-1070", "porcine", "porcine brain"])
def test_another_name_finds_the_compound(client, directory, query):
    assert found(client, query) == ["cerebrolysin"]


@postgresql_only
@pytest.mark.parametrize("query", ["cerebrolisin", "cerebrolysn", "melatonim"])
def test_one_typo_still_finds_the_compound(client, directory, query):
    assert found(client, query)[0] == ("melatonin" if query.startswith("mel") else "cerebrolysin")


@postgresql_only
def test_the_compound_named_ranks_before_a_page_that_mentions_it(client, directory):
    assert found(client, "cerebrolysin") == ["cerebrolysin", "semax"]
    assert found(client, "cerebro", api=True) == ["cerebrolysin", "semax"]


def test_words_from_the_summary_still_find_pages(client, directory):
    assert found(client, "sleep") == ["melatonin"]
    assert sorted(found(client, "stroke")) == ["cerebrolysin", "semax"]


def test_a_query_of_punctuation_finds_nothing_and_does_not_fail(client, directory):
    response = client.get("/compounds/", {"q": "&|!:*()"})
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == []
    assert client.get("/api/compounds/", {"q": "&|!:*()"}).status_code == 200


def test_a_word_unrelated_to_any_compound_finds_nothing(client, directory):
    assert found(client, "zolpidem") == []


def test_the_full_name_finds_the_compound_on_any_database(client, directory):
    assert found(client, "Melatonin") == ["melatonin"]
