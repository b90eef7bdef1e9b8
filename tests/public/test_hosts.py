"""Every request's Host is checked against ALLOWED_HOSTS, and no absolute address the
public site gives out is built from it: they come from SITE_URL."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

URLS = [
    "/compounds/selank/",
    "/articles/selank-anxiety/",
    "/studies/heiss-2012/",
    "/articles/feed/",
    "/sitemap.xml",
    "/robots.txt",
    "/api/compounds/selank/",
    "/api/articles/",
]


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://compounds.example"
    settings.ALLOWED_HOSTS = ["compounds.example", "www.compounds.example"]
    selank = factories.published_compound(slug="selank", name="Selank")
    factories.published_article(slug="selank-anxiety", kind="use_case", compound=selank, indication="anxiety")


def absolute_urls(body: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", body)


def test_another_allowed_host_gets_the_same_absolute_addresses(client, site):
    for url in URLS:
        canonical = client.get(url, HTTP_HOST="compounds.example")
        other = client.get(url, HTTP_HOST="www.compounds.example")
        assert canonical.status_code == other.status_code == 200, url
        assert canonical.content == other.content, url
        assert "www.compounds.example" not in other.content.decode(), url


def test_pages_name_their_canonical_address_on_the_site(client, site):
    page = client.get("/compounds/selank/", HTTP_HOST="www.compounds.example").content.decode()
    assert '<link rel="canonical" href="https://compounds.example/compounds/selank/">' in page
    assert '"url": "https://compounds.example/compounds/selank/"' in page
    site_addresses = [u for u in absolute_urls(page) if "compounds.example" in u]
    assert site_addresses and all(u.startswith("https://compounds.example/") for u in site_addresses)


def test_feeds_the_sitemap_robots_and_the_api_give_addresses_on_the_site(client, site):
    for url in ("/articles/feed/", "/sitemap.xml", "/robots.txt", "/api/articles/"):
        body = client.get(url, HTTP_HOST="www.compounds.example").content.decode()
        ours = [u for u in absolute_urls(body) if "compounds.example" in u]
        assert ours, url
        assert all(u.startswith("https://compounds.example/") for u in ours), (url, ours)


@pytest.mark.parametrize("url", ["/compounds/selank/", "/compounds/", "/", "/robots.txt", "/api/compounds/selank/"])
def test_a_host_that_is_not_allowed_gets_400_on_every_public_address(client, site, url):
    assert client.get(url, HTTP_HOST="compounds.example").status_code == 200
    assert client.get(url, HTTP_HOST="localhost").status_code == 400
    assert client.get(url, HTTP_HOST="evil.example").status_code == 400


def test_static_files_are_not_answered_for_a_host_that_is_not_allowed(client, settings):
    settings.ALLOWED_HOSTS = ["compounds.example"]
    assert client.get("/static/css/site.css", HTTP_HOST="evil.example").status_code == 400
