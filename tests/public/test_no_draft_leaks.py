"""Nothing unapproved is public: not on a page, in the directory, search, a feed, the
sitemap, the API, a cached page or a page's earlier versions."""

import pytest
import reversion

from compounds.models import Compound
from reviews import services
from reviews.models import Edition
from tests import factories

pytestmark = pytest.mark.django_db

SECRETS = ("Secretol", "LEAKED-DRAFT", "Unapproved guide")


@pytest.fixture
def site(client, editor_user, reviewer_user):
    """A live compound and article, each with a draft change; a draft-only compound and article."""
    live = factories.compound_with_rows(name="Livamine", slug="livamine", studies=0)
    factories.approve(services.submit(live, by=editor_user), by=reviewer_user)
    first_edition = Edition.for_object(live).get()
    live.refresh_from_db()
    with reversion.create_revision():
        live.summary = "An approved second summary."
        live.save()
    factories.approve(services.submit(live, by=editor_user), by=reviewer_user)
    article = factories.ArticleFactory(title="Approved guide", slug="approved-guide", body="Approved body.")
    factories.approve(services.submit(article, by=editor_user), by=reviewer_user)
    for url in ("/compounds/livamine/", "/articles/approved-guide/"):
        client.get(url)  # read once before the drafts are written, as a reader might

    live.refresh_from_db()
    with reversion.create_revision():
        live.summary = "LEAKED-DRAFT summary"
        live.other_names = "LEAKED-DRAFT name"
        factories.SideEffectFactory(compound=live, name="LEAKED-DRAFT side effect")
        live.save()
    # Even awaiting review, it stays private, and so does its note for readers.
    services.submit(live, by=editor_user, change_note="LEAKED-DRAFT change note", change_kind="correction")
    article.refresh_from_db()
    with reversion.create_revision():
        article.body = "LEAKED-DRAFT body"
        article.save()
    factories.CompoundFactory(name="Secretol", slug="secretol", summary="LEAKED-DRAFT only draft")
    factories.ArticleFactory(title="Unapproved guide", slug="unapproved-guide", description="LEAKED-DRAFT")
    return {"first_edition": first_edition.pk}


SURFACES = {
    "compound page": "/compounds/livamine/",
    "compound page again (cached)": "/compounds/livamine/",
    "draft-only compound page": "/compounds/secretol/",
    "directory": "/compounds/",
    "directory filtered": "/compounds/?kind=supplement",
    "search by draft name": "/compounds/?q=secretol",  # the box echoes the query in lower case
    "search by draft text": "/compounds/?q=leaked",
    "home": "/",
    "article page": "/articles/approved-guide/",
    "draft-only article page": "/articles/unapproved-guide/",
    "article list": "/articles/",
    "feed": "/articles/feed/",
    "sitemap": "/sitemap.xml",
    "api compounds": "/api/compounds/",
    "api search": "/api/compounds/?q=leaked",
    "api compound": "/api/compounds/livamine/",
    "api draft-only compound": "/api/compounds/secretol/",
    "api articles": "/api/articles/",
    "api article": "/api/articles/approved-guide/",
    "earlier versions": "/compounds/livamine/versions/",
    "an earlier version": "/compounds/livamine/versions/{first_edition}/",
    "corrections": "/corrections/",
    "corrections feed": "/corrections/feed/",
}


@pytest.mark.parametrize("surface", SURFACES)
def test_drafts_appear_on_no_public_surface(client, site, surface):
    response = client.get(SURFACES[surface].format(**site))

    assert response.status_code in (200, 404)
    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body, f"{secret!r} leaked on {surface}"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/compounds/livamine/", "An approved second summary."),
        ("/articles/approved-guide/", "Approved body."),
        ("/api/compounds/livamine/", "An approved second summary."),
        ("/compounds/livamine/versions/{first_edition}/", "A compound studied in small trials for memory."),
        ("/sitemap.xml", "/compounds/livamine/"),
        ("/articles/feed/", "Approved guide"),
    ],
)
def test_the_approved_content_is_what_each_surface_shows(client, site, url, expected):
    response = client.get(url.format(**site))
    assert response.status_code == 200
    assert expected in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/compounds/livamine/", "/compounds/livamine/versions/", "/api/compounds/livamine/"],
)
def test_a_page_taken_down_answers_410_everywhere_and_leaves_every_list(
    client, site, reviewer_user, url, django_capture_on_commit_callbacks
):
    live = Compound.objects.get(slug="livamine")
    with django_capture_on_commit_callbacks(execute=True):  # commits: the cached page is dropped
        services.unpublish(
            live,
            by=reviewer_user,
            reason="A reader reported a dosing error.",
            signature=factories.signature(reviewer_user),
        )

    assert client.get(url).status_code == 410
    for listing in ("/compounds/", "/sitemap.xml", "/api/compounds/", "/"):
        assert "livamine" not in client.get(listing).content.decode().lower()
