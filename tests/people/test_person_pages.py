"""The pages of authors and medical reviewers: reviewed and published like any page,
showing only approved text, with the credentials a reviewer holds today and the live
pages they reviewed or wrote; in the sitemap and the API; never approved by the
reviewer they are about."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews import credentials, services
from reviews.exceptions import NotAllowed
from tests import factories
from tests.people.factories import draft_person, live_person, with_authors

pytestmark = pytest.mark.django_db


@pytest.fixture
def okafor():
    return factories.reviewer(username="okafor", first_name="Amara", last_name="Okafor", abbreviations=("MD", "PhD"))


def test_a_person_page_is_public_only_once_approved_and_shows_only_approved_text(client):
    person = draft_person(
        name="Maya Lindqvist", slug="maya-lindqvist", job_title="Health writer", bio="Writes *guides*."
    )
    assert client.get("/people/maya-lindqvist/").status_code == 404

    factories._publish(person)
    with services.drafting(by=factories.editor(username="factory-editor"), comment="Unreviewed"):
        person.bio = "An unreviewed claim about her."
        person.job_title = "Unreviewed title"
        person.save()

    page = client.get("/people/maya-lindqvist/").content.decode()
    assert "Maya Lindqvist" in page and "Health writer" in page
    assert "Writes <em>guides</em>." in page
    assert "unreviewed" not in page.lower()


def test_a_person_page_lists_specialties_and_disclosures_with_their_funders(client):
    live_person(
        name="Jordan Reyes",
        specialties="Drug interactions, Geriatric pharmacy",
        disclosures=[("Speaker fees for talks on anticoagulants", "Bayer AG")],
    )
    page = client.get("/people/jordan-reyes/").content.decode()
    assert "<li>Drug interactions</li>" in page and "<li>Geriatric pharmacy</li>" in page
    assert "Speaker fees for talks on anticoagulants · funded by Bayer AG" in page


def test_a_person_with_no_disclosures_is_said_to_declare_none(client):
    live_person(name="Jordan Reyes")
    assert "Jordan Reyes declares no conflicts of interest." in client.get("/people/jordan-reyes/").content.decode()


def test_a_bio_is_sanitised_markdown(client):
    live_person(name="Jordan Reyes", bio="<script>alert(1)</script> [link](javascript:alert(2)) **bold**")
    page = client.get("/people/jordan-reyes/").content.decode()
    assert "<script>alert(1)" not in page and 'href="javascript:' not in page
    assert "<strong>bold</strong>" in page


def test_a_reviewer_cannot_approve_the_page_about_themselves(client, okafor):
    person = draft_person(name="Dr Amara Okafor", slug="amara-okafor", reviewer=okafor)
    submission = services.submit(person, by=factories.editor(username="factory-editor"))

    with pytest.raises(NotAllowed, match="This page is about you"):
        factories.approve(submission, by=okafor)
    assert client.get("/people/amara-okafor/").status_code == 404

    factories.approve(submission, by=factories.reviewer(username="another-reviewer"))
    assert client.get("/people/amara-okafor/").status_code == 200


def test_a_reviewer_cannot_confirm_the_page_about_themselves(okafor):
    person = live_person(name="Dr Amara Okafor", reviewer=okafor)
    with pytest.raises(NotAllowed, match="This page is about you"):
        services.confirm_still_accurate(person, by=okafor, signature=factories.signature(okafor))


def test_a_reviewer_page_shows_the_credentials_held_today_and_is_tagged_for_their_changes(client, okafor):
    profile = okafor.reviewer_profile
    factories.CredentialFactory(reviewer=profile, abbreviation="FRCP")  # not verified
    expired = factories.verified_credential(profile, abbreviation="MPH")
    live_person(name="Dr Amara Okafor", slug="amara-okafor", reviewer=okafor)

    response = client.get("/people/amara-okafor/")
    credentials_section = response.content.decode().split('id="credentials"', 1)[1].split("</section>", 1)[0]
    assert "<strong>MD</strong>" in credentials_section and "<strong>PhD</strong>" in credentials_section
    assert "<strong>MPH</strong>" in credentials_section
    assert "FRCP" not in credentials_section
    assert credentials.cache_tag(profile) in response["xkey"].split()

    Credential = type(expired)
    Credential.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    later = client.get("/people/amara-okafor/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert later.status_code == 200, "what the page shows changed, so its validator did"
    assert "<strong>MPH</strong>" not in later.content.decode()


def test_an_author_page_lists_the_live_articles_they_wrote(client):
    author = live_person(name="Maya Lindqvist", slug="maya-lindqvist", job_title="Health writer")
    factories.published_article(slug="written", title="A written guide", authors=[author])
    draft = with_authors(factories.ArticleFactory(slug="unpublished", title="A draft guide"), author)
    assert draft.pk

    section = client.get("/people/maya-lindqvist/").content.decode().split('id="their-pages"', 1)[1]
    assert 'href="/articles/written/"' in section
    assert "A draft guide" not in section


def test_a_reviewer_page_lists_the_live_pages_they_reviewed(client, okafor):
    compound = factories.published_compound(slug="reviewed-compound", name="Reviewed", studies=0)
    assert compound.is_live  # approved by the factories' reviewer, not by her
    study = factories.StudyFactory(slug="their-study")
    factories._publish(study, approver=okafor)
    live_person(name="Dr Amara Okafor", slug="amara-okafor", reviewer=okafor)

    section = client.get("/people/amara-okafor/").content.decode().split('id="their-pages"', 1)[1]
    assert 'href="/studies/their-study/"' in section
    assert "/compounds/reviewed-compound/" not in section


def test_person_pages_are_in_the_sitemap_and_the_api_only_once_live(client):
    live_person(name="Jordan Reyes", slug="jordan-reyes", job_title="Clinical pharmacist")
    draft_person(name="Draft Person", slug="draft-person")

    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/people/jordan-reyes/" in sitemap and "draft-person" not in sitemap

    listing = client.get("/api/people/").json()
    assert [row["slug"] for row in listing["results"]] == ["jordan-reyes"]
    detail = client.get("/api/people/jordan-reyes/").json()
    assert detail["content"]["job_title"] == "Clinical pharmacist"
    assert client.get("/api/people/draft-person/").status_code == 404


def test_a_reviewer_page_costs_three_queries_and_an_author_page_two(client, django_assert_num_queries, okafor):
    live_person(name="Dr Amara Okafor", slug="amara-okafor", reviewer=okafor)
    author = live_person(name="Maya Lindqvist", slug="maya-lindqvist")
    for n in range(3):
        article = factories.ArticleFactory(slug=f"written-{n}", body="A body without citations.")
        factories._publish(with_authors(article, author))
    # The edition, the objects it shows, and the reviewer's credentials held today.
    with django_assert_num_queries(3):
        assert client.get("/people/amara-okafor/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/people/maya-lindqvist/").status_code == 200
