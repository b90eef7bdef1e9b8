"""The article feed, as a feed reader parses it: each entry dated as its page is, updated
only when a later edition changed it, and naming its author."""

from datetime import UTC, date, datetime

import feedparser
import pytest

from reviews import selectors, services
from tests import factories
from tests.people.factories import live_person

pytestmark = pytest.mark.django_db


def parsed(client):
    feed = feedparser.parse(client.get("/articles/feed/").content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def entry_for(feed, slug: str):
    (entry,) = [entry for entry in feed.entries if entry.link.endswith(f"/articles/{slug}/")]
    return entry


def as_date(struct) -> date:
    return date(struct.tm_year, struct.tm_mon, struct.tm_mday)


@pytest.fixture
def guide(db):
    author = live_person(name="Hana Novak", slug="hana-novak")
    return factories.published_article(slug="the-guide", authors=[author], published_on=date(2026, 2, 14))


def test_an_entry_is_dated_as_its_page_is_not_by_its_approval(client, guide):
    entry = entry_for(parsed(client), "the-guide")
    assert as_date(entry.published_parsed) == date(2026, 2, 14)
    assert as_date(entry.updated_parsed) == date(2026, 2, 14)
    assert "14 February 2026" in client.get("/articles/the-guide/").content.decode()


def test_an_entry_names_its_author(client, guide):
    entry = entry_for(parsed(client), "the-guide")
    assert entry.author == "Hana Novak"
    assert entry.author_detail.href.endswith("/people/hana-novak/")


def test_an_entry_with_no_author_falls_back_to_the_publisher(client, guide):
    factories._publish(factories.ArticleFactory(slug="unsigned", body="A body that cites nothing."))
    feed = parsed(client)
    assert feed.feed.author == "Compound Reference"
    assert "author" not in entry_for(feed, "unsigned") or entry_for(feed, "unsigned").author == "Compound Reference"


def test_a_later_edition_is_the_entry_s_update(client, guide):
    with services.drafting(by=factories.editor(username="second-editor"), comment="New trial added"):
        guide.description = "Updated with the 2026 trial."
        guide.save()
    factories._publish(guide)
    second = selectors.current_edition(guide)
    entry = entry_for(parsed(client), "the-guide")
    assert as_date(entry.published_parsed) == date(2026, 2, 14)
    assert entry.updated_parsed[:6] == second.published_at.astimezone(UTC).timetuple()[:6]


def test_a_confirmation_that_changes_nothing_is_no_update(client, guide):
    services.confirm_still_accurate(
        guide,
        by=factories.reviewer(username="second-reviewer"),
        signature=factories.signature(factories.reviewer(username="second-reviewer")),
    )
    entry = entry_for(parsed(client), "the-guide")
    assert as_date(entry.updated_parsed) == date(2026, 2, 14)


def test_an_article_with_no_date_of_its_own_is_dated_by_its_publication(client):
    article = factories._publish(
        factories.ArticleFactory(slug="undated", published_on=None, body="A body that cites nothing.")
    )
    published_at = selectors.current_edition(article).published_at
    entry = entry_for(parsed(client), "undated")
    assert datetime(*entry.published_parsed[:6], tzinfo=UTC) == published_at.replace(microsecond=0)
