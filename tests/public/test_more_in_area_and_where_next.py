"""The lists a page reads from other pages' current editions when it is served: "More in
AREA" on a compound's page and "Where to go next" on an article. A page approved once
keeps up with the pages it lists: a new one appears, a renamed one shows its new name,
one taken down disappears, and none costs the page a query."""

import pytest

from articles.editions import ArticleEditionBuilder
from compounds.models import Area
from reviews import services
from tests import factories

pytestmark = pytest.mark.django_db


def compound(slug, *, area=None, **kwargs):
    area = area or factories.AreaFactory()
    return factories.published_compound(studies=0, slug=slug, name=slug.capitalize(), area=area, **kwargs)


def more_in_area(client, slug) -> str:
    page = client.get(f"/compounds/{slug}/").content.decode()
    return page.split('id="more-in-area"', 1)[1].split("</section>", 1)[0]


def test_more_in_area_lists_the_other_live_compounds_of_its_area_only(client):
    sleep = Area.objects.create(name="Sleep & mood", slug="sleep-mood")
    compound("cerebrolysin")
    compound("semax")
    compound("melatonin", area=sleep)

    listed = more_in_area(client, "cerebrolysin")

    assert "More in Neuro &amp; cognition" in listed
    assert 'href="/compounds/semax/"' in listed
    assert "/compounds/melatonin/" not in listed and "/compounds/cerebrolysin/" not in listed


def test_a_compound_published_later_in_the_area_appears_and_one_taken_down_disappears(client):
    compound("cerebrolysin")
    assert "<li>" not in more_in_area(client, "cerebrolysin")

    semax = compound("semax")
    assert 'href="/compounds/semax/"' in more_in_area(client, "cerebrolysin")

    services.unpublish(
        semax,
        by=factories.reviewer(username="safety"),
        reason="Under investigation.",
        signature=factories.signature(factories.reviewer(username="safety")),
    )
    assert "/compounds/semax/" not in more_in_area(client, "cerebrolysin")


@pytest.mark.parametrize("others", [1, 6])
def test_more_in_area_costs_the_page_no_query_of_its_own(client, django_assert_num_queries, others):
    compound("cerebrolysin")
    for n in range(others):
        compound(f"other-{n}")

    # The page's budget (tests/public/test_page_queries.py): its edition, and the live
    # objects it shows, the compounds of its area among them.
    with django_assert_num_queries(2):
        response = client.get("/compounds/cerebrolysin/")

    assert response.content.decode().count('href="/compounds/other-') == others


def article(slug, *, related=(), **kwargs):
    draft = factories.ArticleFactory(slug=slug, title=slug.replace("-", " ").capitalize(), body="A body.", **kwargs)
    draft.related_articles.set(related)
    return factories._publish(draft)


def where_next(client, slug) -> str:
    page = client.get(f"/articles/{slug}/").content.decode()
    return page.split('id="where-next"', 1)[1].split("</section>", 1)[0]


def test_where_to_go_next_shows_a_related_article_as_its_current_edition_titles_it(client):
    guide = article("the-guide")
    article("use-case", related=[guide])
    assert "The guide" in where_next(client, "use-case")

    with services.drafting(by=factories.editor(username="factory-editor"), comment="Retitled"):
        guide.title = "The complete guide"
        guide.save()
    assert "The complete guide" not in where_next(client, "use-case")  # a draft title never shows

    factories._publish(guide)
    assert "The complete guide" in where_next(client, "use-case")

    services.unpublish(
        guide,
        by=factories.reviewer(username="safety"),
        reason="Under investigation.",
        signature=factories.signature(factories.reviewer(username="safety")),
    )
    assert 'href="/articles/the-guide/"' not in client.get("/articles/use-case/").content.decode()


def test_an_article_never_lists_itself_under_where_to_go_next():
    page = article("lonely")
    page.related_articles.set([page])

    assert ArticleEditionBuilder().content(page)["related_articles"] == []
