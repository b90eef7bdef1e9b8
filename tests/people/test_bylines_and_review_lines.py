"""Review lines and article bylines link to the live pages of the people they name,
and the JSON-LD names them as schema.org Persons with their page, job and credentials,
all within the page's two queries."""

import re
from urllib.parse import urlsplit

import extruct
import pytest
from django.conf import settings

from reviews import services
from reviews.exceptions import NotReady
from tests import factories
from tests.people.factories import draft_person, live_person, with_authors

pytestmark = pytest.mark.django_db


@pytest.fixture
def okafor():
    return factories.reviewer(username="okafor", first_name="Amara", last_name="Okafor", abbreviations=("MD", "PhD"))


def review_line(response) -> str:
    return re.search(r'<p class="review-line">.*?</p>', response.content.decode(), re.S)[0]


def byline(response) -> str:
    return re.search(r'<p class="byline">.*?</p>', response.content.decode(), re.S)[0]


def json_ld(response) -> dict:
    items = extruct.extract(response.content.decode(), syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert len(items) == 1
    return items[0]


def on_this_site(url: str) -> str:
    assert url.startswith(settings.SITE_URL.rstrip("/") + "/"), url
    return urlsplit(url).path


def article(slug: str, *people):
    return factories._publish(
        with_authors(factories.ArticleFactory(slug=slug, body="A body without citations."), *people)
    )


def test_the_review_line_links_to_the_reviewer_page_while_it_is_live(client, okafor):
    factories._publish(factories.StudyFactory(slug="a-study"), approver=okafor)
    line = review_line(client.get("/studies/a-study/"))
    assert "Amara Okafor" in line and "/people/" not in line

    person = live_person(
        name="Dr Amara Okafor", slug="amara-okafor", job_title="Clinical pharmacologist", reviewer=okafor
    )
    response = client.get("/studies/a-study/")
    assert '<a href="/people/amara-okafor/">Amara Okafor</a>, MD, PhD' in review_line(response)
    assert "person-list" in response["xkey"].split(), "a reviewer page going live or down purges the line"

    desk = factories.UserFactory(username="desk", is_superuser=True)
    services.unpublish(person, by=desk, reason="Checking her details", signature=factories.signature(desk))
    assert "/people/" not in review_line(client.get("/studies/a-study/"))


def test_reviewed_by_is_a_person_with_a_page_that_answers_job_and_credentials_as_on_the_review_day(client, okafor):
    live_person(name="Dr Amara Okafor", slug="amara-okafor", job_title="Clinical pharmacologist", reviewer=okafor)
    factories._publish(factories.StudyFactory(slug="a-study"), approver=okafor)
    # A credential verified after the review is not one the review was signed with.
    factories.verified_credential(okafor.reviewer_profile, abbreviation="FRCP")

    reviewed_by = json_ld(client.get("/studies/a-study/"))["reviewedBy"]
    # A first publication may need a second reviewer's signature too.
    reviewers = reviewed_by if isinstance(reviewed_by, list) else [reviewed_by]
    reviewer = next(person for person in reviewers if person["name"] == "Amara Okafor")
    assert reviewer["@type"] == "Person"
    assert reviewer["name"] == "Amara Okafor"
    assert reviewer["jobTitle"] == "Clinical pharmacologist"
    assert [c["name"] for c in reviewer["hasCredential"]] == ["MD", "PhD"]
    assert {c["@type"] for c in reviewer["hasCredential"]} == {"EducationalOccupationalCredential"}
    assert all(c["credentialCategory"] for c in reviewer["hasCredential"])
    assert client.get(on_this_site(reviewer["url"])).status_code == 200


def test_a_reviewer_page_states_the_credentials_held_today_in_its_json_ld(client, okafor):
    live_person(name="Dr Amara Okafor", slug="amara-okafor", reviewer=okafor)
    data = json_ld(client.get("/people/amara-okafor/"))
    assert data["@type"] == "ProfilePage"
    held = data["mainEntity"]["hasCredential"]
    assert [(c["name"], c["credentialCategory"]) for c in held] == [("MD", "licence"), ("PhD", "licence")]


def test_the_byline_links_each_author_in_the_order_the_editor_gave(client, okafor):
    zed = live_person(name="Zed Adams", slug="zed-adams", job_title="Health writer")
    amara = live_person(
        name="Dr Amara Okafor", slug="amara-okafor", job_title="Clinical pharmacologist", reviewer=okafor
    )
    article("two-authors", zed, amara)

    line = byline(client.get("/articles/two-authors/"))
    assert (
        'By <a href="/people/zed-adams/" rel="author">Zed Adams</a> and '
        '<a href="/people/amara-okafor/" rel="author">Dr Amara Okafor</a> ·' in line
    )


def test_article_authors_are_persons_in_the_json_ld_with_pages_that_answer(client, okafor):
    zed = live_person(name="Zed Adams", slug="zed-adams", job_title="Health writer")
    amara = live_person(
        name="Dr Amara Okafor", slug="amara-okafor", job_title="Clinical pharmacologist", reviewer=okafor
    )
    article("two-authors", zed, amara)

    authors = json_ld(client.get("/articles/two-authors/"))["author"]
    assert [(a["@type"], a["name"], a["jobTitle"]) for a in authors] == [
        ("Person", "Zed Adams", "Health writer"),
        ("Person", "Dr Amara Okafor", "Clinical pharmacologist"),
    ]
    assert "hasCredential" not in authors[0]
    assert [c["name"] for c in authors[1]["hasCredential"]] == ["MD", "PhD"]
    for author in authors:
        assert client.get(on_this_site(author["url"])).status_code == 200


def test_an_article_goes_to_review_only_once_its_authors_have_approved_pages():
    author = draft_person(name="New Writer", slug="new-writer")
    draft = with_authors(factories.ArticleFactory(slug="by-a-newcomer", body="A body without citations."), author)
    with pytest.raises(NotReady, match="The author “New Writer” has no approved page yet"):
        services.submit(draft, by=factories.editor(username="factory-editor"))


def test_a_renamed_author_is_named_as_their_page_now_names_them(client):
    author = live_person(name="Zed Adams", slug="zed-adams")
    article("renamed", author)
    with services.drafting(by=factories.editor(username="factory-editor"), comment="Married name"):
        author.name = "Zed Adams-Brown"
        author.save()
    assert "Zed Adams-Brown" not in byline(client.get("/articles/renamed/")), "not before it is approved"
    factories._publish(author)
    assert ">Zed Adams-Brown</a>" in byline(client.get("/articles/renamed/"))


def test_pages_naming_people_still_cost_two_queries(client, django_assert_num_queries, okafor):
    zed = live_person(name="Zed Adams", slug="zed-adams")
    amara = live_person(name="Dr Amara Okafor", slug="amara-okafor", reviewer=okafor)
    compound = factories.compound_with_rows(studies=0, slug="signed", name="Signed")
    factories._publish(compound, approver=okafor)
    factories.approve(
        services.submit(
            with_authors(factories.ArticleFactory(slug="signed-article", body="Plain."), zed, amara),
            by=factories.editor(username="factory-editor"),
        ),
        by=okafor,
    )
    for url in ("/compounds/signed/", "/articles/signed-article/"):
        with django_assert_num_queries(2):
            response = client.get(url)
        assert '<a href="/people/amara-okafor/">' in review_line(response), url


def test_the_feed_names_the_authors_and_links_the_first(client):
    zed = live_person(name="Zed Adams", slug="zed-adams")
    ann = live_person(name="Ann Bell", slug="ann-bell")
    article("feed-entry", zed, ann)
    feed = client.get("/articles/feed/").content.decode()
    assert "<name>Zed Adams and Ann Bell</name>" in feed
    assert f"<uri>{settings.SITE_URL.rstrip('/')}/people/zed-adams/</uri>" in feed
