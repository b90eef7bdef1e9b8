"""Old links keep working: when an approved edition gives a page a new slug, every
earlier slug answers 301 to the page (its earlier versions and the API alike), and a
page taken down answers 410 under every slug it had."""

import pytest

from reviews import services
from tests import factories

pytestmark = pytest.mark.django_db


def change_slug(compound, slug: str) -> None:
    with services.drafting(by=factories.editor(username="slug-editor"), comment="New address"):
        compound.slug = slug
        compound.save()
    factories._publish(compound)


@pytest.fixture
def moved_twice(db):
    """Published as "noopept", then "noopept-gvs-111", then "omberacetam"."""
    compound = factories.published_compound(slug="noopept", name="Noopept", studies=1)
    change_slug(compound, "noopept-gvs-111")
    change_slug(compound, "omberacetam")
    return compound


@pytest.mark.parametrize("old", ["noopept", "noopept-gvs-111"])
def test_every_earlier_slug_answers_301_to_the_current_page(client, moved_twice, old):
    response = client.get(f"/compounds/{old}/")
    assert response.status_code == 301
    assert response["Location"] == "/compounds/omberacetam/"
    assert client.get(response["Location"]).status_code == 200


def test_the_redirect_is_tagged_so_a_later_change_purges_it(client, moved_twice):
    response = client.get("/compounds/noopept/")
    assert f"compound-{moved_twice.pk}" in response["xkey"].split()


def test_earlier_versions_follow_the_page_to_its_new_slug(client, moved_twice):
    response = client.get("/compounds/noopept/versions/")
    assert response.status_code == 301
    assert response["Location"] == "/compounds/omberacetam/versions/"
    first = client.get(response["Location"]).context["editions"].last()
    past = client.get(f"/compounds/noopept/versions/{first.pk}/")
    assert past.status_code == 301
    assert past["Location"] == f"/compounds/omberacetam/versions/{first.pk}/"


def test_the_api_answers_301_for_an_earlier_slug(client, moved_twice):
    response = client.get("/api/compounds/noopept/")
    assert response.status_code == 301
    assert response["Location"] == "/api/compounds/omberacetam/"
    assert client.get(response["Location"]).json()["slug"] == "omberacetam"


@pytest.mark.parametrize("slug", ["noopept", "noopept-gvs-111", "omberacetam"])
def test_a_page_taken_down_is_gone_under_every_slug_it_had(client, moved_twice, slug):
    services.unpublish(
        moved_twice,
        by=factories.reviewer(username="safety"),
        reason="Dose under investigation",
        signature=factories.signature(factories.reviewer(username="safety")),
    )
    assert client.get(f"/compounds/{slug}/").status_code == 410
    assert client.get(f"/api/compounds/{slug}/").status_code == 410


def test_a_slug_now_used_by_another_page_shows_that_page(client, moved_twice):
    factories.published_compound(slug="noopept", name="Noopept (new profile)", studies=1)
    response = client.get("/compounds/noopept/")
    assert response.status_code == 200
    assert "Noopept (new profile)" in response.content.decode()


def test_a_slug_that_never_had_a_page_is_404(client, moved_twice):
    assert client.get("/compounds/never-published/").status_code == 404
    assert client.get("/api/compounds/never-published/").status_code == 404


def test_a_draft_slug_change_redirects_nothing(client):
    compound = factories.published_compound(slug="semax", name="Semax", studies=1)
    with services.drafting(by=factories.editor(username="slug-editor"), comment="Not yet reviewed"):
        compound.slug = "semax-acetate"
        compound.save()
    assert client.get("/compounds/semax/").status_code == 200
    assert client.get("/compounds/semax-acetate/").status_code == 404
