"""Feeds, sitemap, robots.txt, JSON-LD and the API, as machines read them."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
import yaml
from django.conf import settings
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from compounds.models import Compound
from reviews import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://compounds.example"


ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_article_feed_is_atom_xml_with_every_published_article(client, demo_site):
    root = ET.fromstring(client.get("/articles/feed/").content)
    assert root.tag == f"{ATOM}feed"
    titles = {entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")}
    assert titles == {
        "Cerebrolysin: what the evidence supports",
        "Cerebrolysin and the big reviews: used is not the same as proven",
        "Why people use Cerebrolysin for stroke recovery",
    }


def test_the_sitemap_is_xml_listing_current_pages_with_last_modified_dates(client, demo_site):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    urls = {u.find(f"{SITEMAP}loc").text: u.find(f"{SITEMAP}lastmod") for u in root.iter(f"{SITEMAP}url")}
    assert "https://compounds.example/compounds/cerebrolysin/" in urls
    assert "https://compounds.example/studies/heiss-2012-casta/" in urls
    assert "https://compounds.example/articles/cerebrolysin-guide/" in urls
    assert urls["https://compounds.example/compounds/cerebrolysin/"].text  # a date
    assert len([u for u in urls if "/compounds/" in u and u.count("/") == 5]) == 9


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: https://compounds.example/sitemap.xml" in body


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


JSON_LD_PAGES = [
    ("/compounds/cerebrolysin/", "about", "Drug"),
    ("/studies/heiss-2012-casta/", "mainEntity", "ScholarlyArticle"),
    ("/articles/cerebrolysin-for-stroke-recovery/", "about", "Drug"),
]


def test_each_page_carries_json_ld_with_who_reviewed_it_and_when(client, demo_site):
    for url, key, schema_type in JSON_LD_PAGES:
        data = json_ld(client.get(url).content.decode())
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "MedicalWebPage"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["lastReviewed"])
        # A first publication with doses or findings: two reviewers signed, each linked to their page.
        # Cerebrolysin's live edition is the demo's correction of a routine field: one reviewer signed it.
        signers = data["reviewedBy"] if isinstance(data["reviewedBy"], list) else [data["reviewedBy"]]
        reviewers = [(p["@type"], p["name"], p["honorificSuffix"], p["url"]) for p in signers]
        okafor = ("Person", "Dr Amara Okafor", "MD, PhD", f"{settings.SITE_URL}/people/amara-okafor/")
        reyes = ("Person", "Jordan Reyes", "PharmD", f"{settings.SITE_URL}/people/jordan-reyes/")
        assert reviewers == ([okafor] if url == "/compounds/cerebrolysin/" else [reyes, okafor]), url
        assert data[key]["@type"] == schema_type, url


def test_json_ld_cannot_be_broken_out_of_by_page_text(client, editor_user, reviewer_user):
    from tests import factories

    compound = factories.compound_with_rows(studies=0, name="</script><script>alert(1)</script>")
    factories.approve(services.submit(compound, by=editor_user), by=reviewer_user)
    html = client.get(f"/compounds/{compound.slug}/").content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["about"]["name"] == "</script><script>alert(1)</script>"


@pytest.fixture
def openapi(client):
    return OpenAPI.from_dict(yaml.safe_load(client.get("/api/schema/").content))


API_URLS = [
    "/api/compounds/",
    "/api/compounds/?page=1",
    "/api/compounds/?area=neuro-cognition&tier=Emerging",
    "/api/compounds/?q=sleep",
    "/api/compounds/cerebrolysin/",
    "/api/compounds/not-a-compound/",
    "/api/studies/",
    "/api/studies/heiss-2012-casta/",
    "/api/articles/",
    "/api/articles/cerebrolysin-for-stroke-recovery/",
]


def test_every_api_response_matches_the_openapi_schema(client, demo_site, openapi):
    for url in API_URLS:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))


def test_a_withdrawn_page_answers_410_in_the_api_as_the_schema_says(client, demo_site, openapi, reviewer_user):
    services.unpublish(
        Compound.objects.get(slug="semax"),
        by=reviewer_user,
        reason="Checking a dose.",
        signature=factories.signature(reviewer_user),
    )
    response = client.get("/api/compounds/semax/")
    assert response.status_code == 410
    openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))


def test_a_bad_api_filter_is_refused_with_a_message(client, demo_site):
    response = client.get("/api/compounds/?kind=elixir")
    assert response.status_code == 400
    assert "elixir is not one of the available choices" in response.content.decode()


def test_the_api_is_paginated_and_filters_like_the_directory(client, demo_site):
    data = client.get("/api/compounds/?area=sleep-mood").json()
    assert {item["slug"] for item in data["results"]} == {"selank", "casein-hydrolysate", "melatonin", "magnesium"}
    assert data["count"] == 4 and "next" in data
    assert data["results"][0]["reviewed_by"]["name"] == "Dr Amara Okafor"
