"""Every public page says when its review falls due again, beside "Last reviewed", from
the cadence; a page past that date says its review was due, and an earlier version
promises no review."""

from datetime import timedelta

import pytest
from django.utils import dateformat, timezone

from reviews import selectors, services, stamps
from reviews.models import Edition
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHERS = {
    "compound": lambda: factories.published_compound(slug="selank", studies=1),
    "study": lambda: factories.published_study(slug="heiss-2012"),
    "article": lambda: factories.published_article(slug="a-guide"),
}


def page_of(obj):
    edition = selectors.current_edition(obj)
    return edition, f"/{edition.kind}s/{edition.slug}/".replace("/studys/", "/studies/")


def long_date(day) -> str:
    return dateformat.format(day, "j F Y")


@pytest.mark.parametrize("kind", PUBLISHERS)
def test_every_page_type_shows_the_next_review_due_from_the_cadence(client, kind):
    edition, url = page_of(PUBLISHERS[kind]())
    due = stamps.review_due(kind, reviewed_at=edition.last_reviewed_at, object_id=edition.object_id)
    assert due > timezone.localdate()
    html = client.get(url).content.decode()
    assert f'Next review due <time datetime="{due:%Y-%m-%d}">{long_date(due)}</time>' in html
    assert "Last reviewed" in html


def test_a_page_past_its_due_date_says_its_review_was_due(client):
    edition, url = page_of(PUBLISHERS["compound"]())
    fresh = client.get(url)
    Edition.objects.filter(pk=edition.pk).update(last_reviewed_at=timezone.now() - timedelta(days=400))
    edition.refresh_from_db()
    due = stamps.review_due("compound", reviewed_at=edition.last_reviewed_at, object_id=edition.object_id)
    overdue = client.get(url)
    assert f'Review was due <time datetime="{due:%Y-%m-%d}">{long_date(due)}</time>' in overdue.content.decode()
    assert "Next review due" not in overdue.content.decode()
    # A cache revalidating its copy must not keep the promise of a review not yet due.
    assert overdue["ETag"] != fresh["ETag"]


def test_an_earlier_version_promises_no_review(client):
    compound = factories.published_compound(slug="semax", name="Semax", studies=1)
    first = selectors.current_edition(compound)
    with services.drafting(by=factories.editor(username="due-editor"), comment="Summary reworded"):
        compound.summary = "Reworded."
        compound.save()
    factories._publish(compound)
    html = client.get(f"/compounds/semax/versions/{first.pk}/").content.decode()
    assert "Next review due" not in html
    assert "Review was due" not in html
