"""A take-down's purge of shared caches, when the cache refuses or hangs: the reviewer
is not held past the purge deadline, and the failure is recorded, logged as an error,
shown to admins and retried. (tests/public/test_varnish.py shows purges succeeding
against a real Varnish.)"""

import logging
import socket
import time

import pytest

from public.models import FailedPurge
from public.tasks import retry_failed_purges
from reviews import services
from tests import factories

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket closes


@pytest.fixture
def hung_cache():
    """A cache that accepts connections (the kernel does, from the backlog) and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"


@pytest.fixture
def take_down(django_capture_on_commit_callbacks):
    """Take `compound` down and run what its commit runs; how long that took."""

    def take_down(compound) -> float:
        reviewer = factories.reviewer(username="purge-reviewer")
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            services.unpublish(compound, by=reviewer, reason="Safety hold", signature=factories.signature(reviewer))
        return time.monotonic() - started

    return take_down


def test_a_take_down_whose_purge_is_refused_is_recorded_and_logged_as_an_error(settings, caplog, take_down):
    compound = factories.published_compound(studies=0)
    settings.FRONTEND_CACHE_PURGE_URLS = [f"http://127.0.0.1:{_closed_port()}/"]

    with caplog.at_level(logging.ERROR, logger="public"):
        took = take_down(compound)

    assert took < 1
    failed = FailedPurge.objects.pending().get()
    assert failed.tags == sorted([f"compound-{compound.pk}", "compound-list"])
    assert "refused" in failed.reason.lower()
    assert any(r.levelno == logging.ERROR and "Take-down purge" in r.getMessage() for r in caplog.records)


def test_a_hung_cache_holds_a_take_down_no_longer_than_the_purge_deadline(settings, hung_cache, take_down):
    compound = factories.published_compound(studies=0)
    settings.FRONTEND_CACHE_PURGE_URLS = [hung_cache]

    took = take_down(compound)

    connect, read = settings.FRONTEND_CACHE_TAKE_DOWN_TIMEOUT
    assert took < connect + read + 0.5
    assert "timed out" in FailedPurge.objects.pending().get().reason


def test_the_sweep_retries_a_failed_take_down_purge_until_it_succeeds(settings, take_down):
    compound = factories.published_compound(studies=0)
    settings.FRONTEND_CACHE_PURGE_URLS = [f"http://127.0.0.1:{_closed_port()}/"]
    take_down(compound)

    assert retry_failed_purges() == 1
    failed = FailedPurge.objects.get()
    assert failed.purged_at is None and failed.attempts == 2

    settings.FRONTEND_CACHE_PURGE_URLS = []  # the cache is gone, or answers again
    assert retry_failed_purges() == 0
    failed.refresh_from_db()
    assert failed.purged_at is not None
    assert retry_failed_purges() == 0


def test_admins_see_take_downs_whose_purge_has_not_succeeded(settings, admin_client, take_down):
    compound = factories.published_compound(studies=0)
    settings.FRONTEND_CACHE_PURGE_URLS = [f"http://127.0.0.1:{_closed_port()}/"]
    take_down(compound)

    listing = admin_client.get("/admin/public/failedpurge/").content.decode()

    assert f"compound-{compound.pk}" in listing and "refused" in listing.lower()


def test_without_a_configured_cache_a_take_down_purges_nothing_and_records_nothing(settings, take_down):
    settings.FRONTEND_CACHE_PURGE_URLS = []
    compound = factories.published_compound(studies=0)

    take_down(compound)

    assert not FailedPurge.objects.exists()
