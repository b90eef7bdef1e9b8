"""Every public page names its canonical address on the site (never the request's Host)
and carries OpenGraph and Twitter card tags that agree with it."""

from html.parser import HTMLParser

import pytest

from reviews import selectors
from studies.models import Study

pytestmark = pytest.mark.django_db

SITE = "https://compounds.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "forged.example"]


class Head(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.canonical: list[str] = []
        self.meta: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")


def head_of(client, url: str) -> Head:
    response = client.get(url, HTTP_HOST="forged.example")
    assert response.status_code == 200, url
    return Head(response.content.decode())


def public_pages() -> dict[str, str]:
    """Each kind of public page on the demo site: address -> its canonical address."""
    heiss = selectors.current_edition(Study.objects.get(slug="heiss-2012-casta"))
    return {
        "/": "/",
        "/compounds/": "/compounds/",
        "/compounds/?q=cerebro&kind=&page=2": "/compounds/?page=2",
        "/compounds/cerebrolysin/": "/compounds/cerebrolysin/",
        "/compounds/cerebrolysin/versions/": "/compounds/cerebrolysin/versions/",
        f"/studies/heiss-2012-casta/versions/{heiss.pk}/": "/studies/heiss-2012-casta/",
        "/studies/heiss-2012-casta/": "/studies/heiss-2012-casta/",
        "/articles/": "/articles/",
        "/articles/cerebrolysin-guide/": "/articles/cerebrolysin-guide/",
        "/how-we-score/": "/how-we-score/",
    }


def test_every_public_page_names_one_canonical_address_on_the_site(client, demo_site):
    for url, canonical in public_pages().items():
        head = head_of(client, url)
        assert head.canonical == [SITE + canonical], url


def test_every_public_page_has_opengraph_and_twitter_tags_that_agree(client, demo_site):
    for url in public_pages():
        head = head_of(client, url)
        meta = head.meta
        assert meta["og:url"] == head.canonical[0], url
        assert meta["og:title"] and meta["og:title"] == meta["twitter:title"], url
        assert meta["og:description"] and meta["og:description"] == meta["twitter:description"], url
        assert meta["og:description"] == meta["description"], url
        assert meta["og:site_name"] == "Compound Reference", url
        assert meta["twitter:card"] == "summary", url
        assert "forged.example" not in str(meta), url


def test_a_page_says_it_is_an_article_and_a_listing_a_website(client, demo_site):
    page = head_of(client, "/compounds/cerebrolysin/").meta
    assert page["og:type"] == "article"
    assert page["og:title"] == "Cerebrolysin: evidence, dosing and side effects"
    assert head_of(client, "/compounds/").meta["og:type"] == "website"


def test_pages_that_are_not_pages_of_the_site_carry_no_canonical_address(client, demo_site):
    missing = client.get("/compounds/no-such-compound/")
    assert missing.status_code == 404
    assert Head(missing.content.decode()).canonical == []
