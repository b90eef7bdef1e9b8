"""Every public response a shared cache may keep says for how long, carries validators
and names the objects it shows in its `xkey` header, so that a purge by tag reaches it."""

import pytest

from compounds.models import Compound
from reviews import selectors, services
from reviews.models import Edition
from tests import factories

pytestmark = pytest.mark.django_db


def tags(response) -> set[str]:
    return set(response["xkey"].split())


def tag_of(obj) -> str:
    return selectors.current_edition(obj).cache_tag if selectors.current_edition(obj) else ""


@pytest.fixture
def site(db):
    """Two compounds, one relating to the other, a use-case article about the first, a study."""
    selank = factories.published_compound(slug="selank", name="Selank", studies=1)
    semax = factories.compound_with_rows(studies=0, slug="semax", name="Semax")
    semax.related_compounds.set([selank])
    factories._publish(semax)
    article = factories.published_article(slug="selank-anxiety", kind="use_case", compound=selank, indication="anxiety")
    return {"selank": selank, "semax": Compound.objects.get(pk=semax.pk), "article": article}


def test_a_page_may_be_kept_briefly_by_browsers_and_longer_by_shared_caches(client, site, settings):
    settings.PUBLIC_BROWSER_MAX_AGE, settings.PUBLIC_SHARED_MAX_AGE = 10, 60
    response = client.get("/compounds/selank/")
    assert response["Cache-Control"] == "public, max-age=10, s-maxage=60"
    assert response["Vary"] == "Accept-Encoding"
    assert response["ETag"] and response["Last-Modified"]
    assert not response.cookies


def test_a_page_answers_304_to_its_own_validators(client, site):
    response = client.get("/compounds/selank/")
    not_modified = client.get("/compounds/selank/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == response["ETag"]
    assert tags(not_modified) == tags(response)
    assert client.get("/compounds/selank/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304


def test_a_page_is_tagged_with_itself_its_related_compounds_articles_about_it_and_cited_studies(client, site):
    selank_tag, semax_tag, article_tag = (tag_of(site[name]) for name in ("selank", "semax", "article"))
    study_tags = {
        Edition(kind="study", object_id=pk).cache_tag
        for pk in site["selank"].evidence_links.values_list("study_id", flat=True)
    }
    assert selank_tag == f"compound-{site['selank'].pk}"

    selank_page = tags(client.get("/compounds/selank/"))
    # Semax shows under "More in Neuro & cognition"; the footer lists the live policies and
    # the review line links the reviewers' pages.
    more_in_area = {semax_tag, "compound-list"}
    footer_and_review_line = {"policy-list", "person-list"}
    assert {selank_tag, article_tag, "article-list", *study_tags, *more_in_area, *footer_and_review_line} == selank_page
    assert {semax_tag, selank_tag} <= tags(client.get("/compounds/semax/"))
    assert {article_tag, selank_tag} <= tags(client.get("/articles/selank-anxiety/"))
    assert selank_tag in tags(client.get("/compounds/selank/versions/"))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", {"article-list", "compound-list", "policy-list"}),
        ("/compounds/", {"compound-list", "policy-list"}),
        ("/compounds/?q=selank", {"compound-list", "policy-list"}),
        ("/articles/", {"article-list", "policy-list"}),
        ("/articles/feed/", {"article-list"}),
        ("/sitemap.xml", {"compound-list", "study-list", "article-list", "policy-list", "person-list"}),
        ("/api/compounds/", {"compound-list"}),
        ("/api/articles/", {"article-list"}),
        ("/robots.txt", {"site"}),
        ("/how-we-score/", {"site", "policy-list"}),
        ("/api/schema/", {"site"}),
    ],
)
def test_listings_feeds_the_sitemap_and_the_api_are_cacheable_and_tagged_with_what_they_list(
    client, site, url, expected
):
    response = client.get(url)
    assert response.status_code == 200
    assert tags(response) == expected
    assert "s-maxage=" in response["Cache-Control"] and response["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_an_api_record_is_tagged_like_its_page(client, site):
    response = client.get("/api/compounds/semax/")
    assert {tag_of(site["semax"]), tag_of(site["selank"]), "compound-list"} <= tags(response)


def test_a_taken_down_page_answers_410_briefly_cached_and_tagged_with_its_object(client, site, settings, editor_user):
    settings.PUBLIC_BROWSER_MAX_AGE, settings.PUBLIC_SHARED_MAX_AGE = 10, 60
    tag = tag_of(site["selank"])
    services.unpublish(
        site["selank"],
        by=factories.reviewer(username="safety"),
        reason="Dose under investigation.",
        signature=factories.signature(factories.reviewer(username="safety")),
    )
    for url in ("/compounds/selank/", "/api/compounds/selank/"):
        response = client.get(url)
        assert response.status_code == 410, url
        assert tag in tags(response), url
        assert response["Cache-Control"] == "public, max-age=10, s-maxage=10", url


def test_an_approval_a_stamp_or_a_related_rename_changes_the_etag(client, site, django_capture_on_commit_callbacks):
    before = client.get("/compounds/semax/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_still_accurate(
            site["semax"],
            by=factories.reviewer(username="second-reviewer"),
            signature=factories.signature(factories.reviewer(username="second-reviewer")),
        )
    stamped = client.get("/compounds/semax/")["ETag"]
    assert stamped != before

    selank = site["selank"]
    with services.drafting(by=factories.editor(username="factory-editor"), comment="Renamed"):
        selank.name = "Selank acetate"
        selank.save()
    factories._publish(selank)
    renamed = client.get("/compounds/semax/")
    assert renamed["ETag"] != stamped
    assert client.get("/compounds/semax/", HTTP_IF_NONE_MATCH=stamped).status_code == 200


def test_no_public_page_reads_the_session_or_varies_by_cookie(client, site, editor_user):
    client.force_login(editor_user)  # even for a signed-in editor, the public page is the same
    for url in ("/compounds/selank/", "/articles/selank-anxiety/", "/", "/compounds/"):
        response = client.get(url)
        assert "Cookie" not in response.get("Vary", ""), url
        assert not response.cookies, url
