"""Corrections readers are told of: on the page, its earlier versions, the corrections
page and its Atom feed; and a note that no reviewer approved yet is nowhere public."""

from datetime import UTC, timedelta

import feedparser
import pytest
from django.utils import timezone

from reviews import selectors, services
from reviews.models import ChangeKind, Edition
from tests import factories
from tests.reviews.conftest import edit

pytestmark = pytest.mark.django_db

CORRECTION = "An earlier version gave the half-life in days; it is hours."
UPDATE = "Added the 2026 trial of sleep onset."
PENDING = "PENDING-NOTE never approved"


def change(obj, *, note: str, kind: str, **fields):
    """Edit `obj`, submit it with a change note and approve it: the new edition."""
    edit(obj, by=factories.editor(username="factory-editor"), **fields)
    submission = services.submit(
        obj, by=factories.editor(username="factory-editor"), change_note=note, change_kind=kind
    )
    return factories.approve(submission, by=factories.reviewer(username="factory-reviewer"))


@pytest.fixture
def corrected(db, django_capture_on_commit_callbacks):
    """A live compound corrected once, then updated without a note."""
    compound = factories.published_compound(studies=0, name="Melatonin", slug="melatonin")
    with django_capture_on_commit_callbacks(execute=True):
        correction = change(compound, note=CORRECTION, kind=ChangeKind.CORRECTION, summary="Hours, not days.")
        edit(compound, by=factories.editor(username="factory-editor"), other_names="N-acetyl-5-methoxytryptamine")
        factories.approve(
            services.submit(compound, by=factories.editor(username="factory-editor")),
            by=factories.reviewer(username="factory-reviewer"),
        )
    return compound, correction


def parsed_feed(client):
    feed = feedparser.parse(client.get("/corrections/feed/").content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def long_date(when) -> str:
    return f"{timezone.localtime(when):%-d %B %Y}"


def test_the_page_shows_its_latest_note_as_a_correction_dated_by_its_publication(client, corrected):
    _compound, correction = corrected
    page = client.get("/compounds/melatonin/").content.decode()
    assert f'Correction <time datetime="{timezone.localtime(correction.published_at):%Y-%m-%d}">' in page
    assert f"{long_date(correction.published_at)}</time>:</strong> {CORRECTION}" in page


def test_an_update_reads_updated_and_a_later_note_replaces_the_earlier_on_the_page(client, corrected):
    compound, _correction = corrected
    update = change(compound, note=UPDATE, kind=ChangeKind.UPDATE, summary="With the 2026 trial.")
    page = client.get("/compounds/melatonin/").content.decode()
    assert f'Updated <time datetime="{timezone.localtime(update.published_at):%Y-%m-%d}">' in page
    assert UPDATE in page
    assert CORRECTION not in page


def test_a_past_version_shows_the_note_it_was_published_with(client, corrected):
    compound, correction = corrected
    change(compound, note=UPDATE, kind=ChangeKind.UPDATE, summary="With the 2026 trial.")
    page = client.get(f"/compounds/melatonin/versions/{correction.pk}/").content.decode()
    assert CORRECTION in page
    assert UPDATE not in page


def test_the_earlier_versions_page_lists_every_note(client, corrected):
    compound, _correction = corrected
    change(compound, note=UPDATE, kind=ChangeKind.UPDATE, summary="With the 2026 trial.")
    page = client.get("/compounds/melatonin/versions/").content.decode()
    assert page.count('class="change-note') == 2
    assert page.index(UPDATE) < page.index(CORRECTION)
    assert "Correction <time" in page and "Updated <time" in page


def test_the_corrections_page_lists_the_correction_linking_to_the_page_and_its_version(client, corrected):
    _compound, correction = corrected
    response = client.get("/corrections/")
    page = response.content.decode()
    assert response.status_code == 200
    assert CORRECTION in page
    assert 'href="/compounds/melatonin/"' in page
    # Superseded since by a later edition: the link is to the version that carried it.
    assert f'href="/compounds/melatonin/versions/{correction.pk}/"' in page
    assert {Edition.list_tag("correction"), correction.cache_tag} <= set(response["xkey"].split())


def test_the_corrections_page_lists_only_corrections_newest_first_across_the_site(client, corrected):
    article = factories.published_article(slug="sleep-guide")
    newer = change(
        article, note="The guide misnamed the trial; it is MELT-2.", kind=ChangeKind.CORRECTION, description="Fixed."
    )
    updated = factories.published_compound(studies=0, slug="creatine", name="Creatine")
    change(updated, note=UPDATE, kind=ChangeKind.UPDATE, summary="Updated.")
    page = client.get("/corrections/").content.decode()
    assert page.index("MELT-2") < page.index(CORRECTION)
    assert UPDATE not in page
    assert 'href="/articles/sleep-guide/"' in page and newer.is_correction


def test_the_corrections_page_is_paginated_at_a_fixed_cost(client, django_assert_num_queries, monkeypatch):
    from public import corrections

    monkeypatch.setattr(corrections, "CORRECTIONS_PER_PAGE", 2)
    for n in range(3):
        compound = factories.published_compound(studies=0, slug=f"page-{n}", name=f"Page {n}")
        change(compound, note=f"Correction number {n}.", kind=ChangeKind.CORRECTION, summary=f"Fixed {n}.")
    client.get("/")  # the footer's policies are read once per request; warm nothing else
    with django_assert_num_queries(3):  # the count, the page of corrections, the footer's policies
        first = client.get("/corrections/").content.decode()
    second = client.get("/corrections/?page=2").content.decode()
    assert "Correction number 2." in first and "Correction number 1." in first
    assert "Correction number 0." in second and "Page 2 of 2" in second


def test_the_corrections_feed_parses_with_each_correction_dated_and_signed(client, corrected):
    _compound, correction = corrected
    feed = parsed_feed(client)
    assert feed.feed.title == "Compound Reference: corrections"
    assert feed.feed.author == "Compound Reference"
    (entry,) = feed.entries
    assert entry.title == "Correction: Melatonin"
    assert entry.summary == CORRECTION
    assert entry.link.endswith(f"/compounds/melatonin/versions/{correction.pk}/")
    published = correction.published_at.astimezone(UTC).timetuple()[:6]
    assert tuple(entry.published_parsed[:6]) == published
    assert tuple(entry.updated_parsed[:6]) == published
    assert entry.author == correction.signatories[0]["name"]


def test_a_note_in_the_feed_is_text_not_markup(client):
    compound = factories.published_compound(studies=0, slug="marked", name="Marked")
    change(compound, note='It said <script>alert(1)</script> & "more".', kind=ChangeKind.CORRECTION, summary="x")
    (entry,) = parsed_feed(client).entries
    assert "<script>" not in entry.summary
    assert "&lt;script&gt;" in entry.summary


def test_a_new_correction_purges_the_corrections_page_and_feed(corrected):
    _compound, correction = corrected
    assert Edition.list_tag("correction") in correction.purge_tags
    routine = selectors.current_edition(corrected[0])
    assert Edition.list_tag("correction") not in routine.purge_tags


def test_the_corrections_page_is_in_the_sitemap_and_linked_from_every_page(client, corrected):
    assert "/corrections/</loc>" in client.get("/sitemap.xml").content.decode()
    assert 'href="/corrections/"' in client.get("/compounds/melatonin/").content.decode()


def test_a_page_taken_down_leaves_the_corrections_page_and_feed(client, corrected):
    compound, _correction = corrected
    holder = factories.reviewer(username="factory-reviewer")
    services.unpublish(compound, by=holder, reason="Safety hold.", signature=factories.signature(holder))
    assert CORRECTION not in client.get("/corrections/").content.decode()
    assert parsed_feed(client).entries == []


def test_a_note_awaiting_review_is_nowhere_public(client, corrected, django_capture_on_commit_callbacks):
    compound, _correction = corrected
    edit(compound, by=factories.editor(username="factory-editor"), summary="PENDING summary.")
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(
            compound, by=factories.editor(username="factory-editor"), change_note=PENDING, change_kind="correction"
        )
    for url in (
        "/compounds/melatonin/",
        "/compounds/melatonin/versions/",
        "/corrections/",
        "/corrections/feed/",
        "/sitemap.xml",
        "/api/compounds/melatonin/",
    ):
        assert "PENDING" not in client.get(url).content.decode(), url


def test_a_correction_approved_for_later_is_not_public_until_it_is_published(client, corrected):
    compound, _correction = corrected
    edit(compound, by=factories.editor(username="factory-editor"), summary="Scheduled fix.")
    submission = services.submit(
        compound, by=factories.editor(username="factory-editor"), change_note=PENDING, change_kind="correction"
    )
    factories.approve(
        submission, by=factories.reviewer(username="factory-reviewer"), publish_at=timezone.now() + timedelta(days=1)
    )
    for url in ("/compounds/melatonin/", "/compounds/melatonin/versions/", "/corrections/", "/corrections/feed/"):
        assert "PENDING" not in client.get(url).content.decode(), url
