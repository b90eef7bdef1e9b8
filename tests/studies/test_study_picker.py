"""The study picker on compound and article rows: it finds a paper by author, title,
PubMed ID or DOI, lists the best match first, and names each result so that the right
paper gets cited."""

import pytest
from django.urls import reverse

from studies.models import Study
from tests import factories

pytestmark = pytest.mark.django_db

HEISS = {
    "pmid": "22282884",
    "doi": "10.1161/STROKEAHA.111.646810",
    "title": "Cerebrolysin in patients with acute ischemic stroke in Asia: results of a double-blind, "
    "placebo-controlled randomized trial",
    "authors": "Heiss WD, Brainin M, Bornstein NM, Tuomilehto J, Hong Z",
    "year": 2012,
}
# Newer, and Heiss is among its authors: sorted by year alone it would come first.
BORNSTEIN = {
    "pmid": "28477198",
    "doi": "10.1007/s10072-017-2986-4",
    "title": "Safety and efficacy of Cerebrolysin in early post-stroke recovery: a meta-analysis of nine "
    "randomized clinical trials",
    "authors": "Bornstein NM, Guekht A, Vester J, Heiss WD, Gusev E",
    "year": 2018,
}


@pytest.fixture
def studies():
    heiss = factories.StudyFactory(slug="heiss-2012", **HEISS)
    bornstein = factories.StudyFactory(slug="bornstein-2018", design=Study.Design.META_ANALYSIS, **BORNSTEIN)
    factories.StudyFactory(slug="unrelated", title="Melatonin for sleep onset", authors="Kaur P")
    return heiss, bornstein


def pick(client, term: str, *, model: str = "evidencelink", app: str = "compounds", field: str = "study"):
    response = client.get(
        reverse("admin:studies_study_picker"),
        {"term": term, "app_label": app, "model_name": model, "field_name": field},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def label(study: Study) -> str:
    return study.picker_label


def test_a_study_is_labelled_first_author_year_title_and_pubmed_id(studies):
    heiss, _ = studies

    assert heiss.picker_label == (
        "Heiss WD 2012 · Cerebrolysin in patients with acute ischemic stroke in Asia: results of a double-blind… "
        "· PMID 22282884"
    )


def test_a_study_without_a_pubmed_id_is_labelled_with_its_doi():
    study = factories.StudyFactory(pmid="", doi="10.1000/xyz123", title="A short title", authors="Roe R", year=2001)

    assert study.picker_label == "Roe R 2001 · A short title · DOI 10.1000/xyz123"


def test_typing_an_author_lists_their_own_paper_before_papers_they_co_wrote(editor_client, studies):
    heiss, bornstein = studies

    assert pick(editor_client, "Heiss") == [label(heiss), label(bornstein)]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Asia", "heiss"),
        ("meta-analysis", "bornstein"),
        ("22282884", "heiss"),
        ("10.1161/STROKEAHA.111.646810", "heiss"),
        ("https://doi.org/10.1161/STROKEAHA.111.646810", "heiss"),
        ("Guekht", "bornstein"),
    ],
)
def test_the_picker_finds_a_study_by_title_word_pubmed_id_doi_or_author(editor_client, studies, term, expected):
    heiss, bornstein = studies
    wanted = {"heiss": heiss, "bornstein": bornstein}[expected]

    assert pick(editor_client, term) == [label(wanted)]


def test_an_identifier_match_comes_before_a_title_match(editor_client, studies):
    heiss, bornstein = studies
    bornstein.title = f"{bornstein.title} (see 22282884)"
    bornstein.save()

    assert pick(editor_client, "22282884")[0] == label(heiss)


def test_verdicts_and_article_sources_use_the_same_picker(editor_client, studies):
    heiss, bornstein = studies

    assert pick(editor_client, "Heiss", model="verdict", field="studies") == [label(heiss), label(bornstein)]
    assert pick(editor_client, "Heiss", app="articles", model="articlesource") == [label(heiss), label(bornstein)]


def test_the_edit_form_s_study_boxes_search_through_the_picker(editor_client):
    compound = factories.compound_with_rows(studies=1)

    page = editor_client.get(reverse("admin:compounds_compound_change", args=[compound.pk])).content.decode()

    assert f'data-ajax--url="{reverse("admin:studies_study_picker")}"' in page


def test_only_staff_who_may_see_studies_can_search_them(client, studies):
    client.force_login(factories.UserFactory(username="outsider"))  # staff, in no group

    response = client.get(
        reverse("admin:studies_study_picker"),
        {"term": "Heiss", "app_label": "compounds", "model_name": "evidencelink", "field_name": "study"},
    )

    assert response.status_code == 403
