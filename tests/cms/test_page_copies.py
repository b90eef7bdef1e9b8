"""Each web process keeps copies of the pages it serves most. A copy is served without
a Redis read only while it is trusted, and a publication anywhere takes it away at
once: the process that committed drops it, every other process hears of it."""

import time
from unittest import mock

import pytest
from django.core.cache import cache

from reviews import page_cache, services
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not hasattr(cache, "subscribe"), reason="copies are announced stale through Redis: run with REDIS_URL"
    ),
]

PATH = "/compounds/copied/"


@pytest.fixture
def trusted_long(settings):
    settings.PAGE_CACHE_LOCAL_TRUST_SECONDS = 3600


@pytest.fixture
def copied_page(client, editor_user, reviewer_user):
    compound = factories.published_compound(slug="copied", name="Copied")
    client.get(PATH)  # rendered and stored in Redis
    client.get(PATH)  # read from Redis and copied into this process
    return compound


def reads_for(client, path=PATH):
    """The response to a GET of `path`, and how many reads of the cache it made."""
    reads = {"get": mock.Mock(wraps=cache.get), "get_many": mock.Mock(wraps=cache.get_many)}
    with mock.patch.multiple(cache, **reads):
        response = client.get(path)
    return response, reads["get"].call_count + reads["get_many"].call_count


def test_a_trusted_copy_is_served_without_a_redis_read(client, trusted_long, copied_page):
    response, reads = reads_for(client)
    assert response.status_code == 200 and reads == 0


@pytest.fixture
def trust_lapses_at_once(settings):
    settings.PAGE_CACHE_LOCAL_TRUST_SECONDS = 0


def test_a_copy_whose_trust_lapsed_is_checked_against_redis_first(client, trust_lapses_at_once, copied_page):
    response, reads = reads_for(client)
    assert response.status_code == 200 and reads == 1


def test_unpublishing_here_takes_the_copy_away_at_once(
    client, trusted_long, copied_page, reviewer_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(copied_page, by=reviewer_user, reason="A dose is being checked.")
    assert client.get(PATH).status_code == 410


def test_another_process_announcing_the_page_stale_takes_the_copy_away(client, trusted_long, copied_page):
    # What another web process or a worker sends when it commits a publication.
    cache.publish(page_cache.INVALIDATIONS_CHANNEL, f'["{PATH}"]')
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        response, reads = reads_for(client)
        if reads:
            break
    assert reads >= 1, "the announcement never reached this process"
    assert response.status_code == 200


def test_with_the_announcements_cut_off_copies_are_checked_against_redis(client, trusted_long, copied_page):
    page_cache.invalidations._pubsub.connection.disconnect()
    response, reads = reads_for(client)
    assert response.status_code == 200 and reads >= 1
