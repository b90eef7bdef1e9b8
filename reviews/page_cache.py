"""The server-side cache of rendered public pages, in Redis.

A hit costs one cache read and no query. Entries are dropped when the transaction
that changes what a page shows commits: a publication, a review stamp or an
unpublication of its edition. What a page shows of other pages (links to related
articles) may lag by at most PAGE_CACHE_SECONDS.

The cache is an optimisation, never a dependency: if Redis is down or hangs, the
short socket timeouts in settings make each call fail fast, the failure is logged
and the page is rendered without the cache. If dropping an entry fails, the entry
expires after PAGE_CACHE_SECONDS; that failure is logged as an error.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def _key(path: str) -> str:
    return f"pages:{path}"


def get(path: str) -> dict | None:
    """The cached response for `path`, or None (also when the cache is unreachable)."""
    if not settings.PAGE_CACHE_SECONDS:
        return None
    try:
        return cache.get(_key(path))
    except Exception:  # noqa: BLE001 - any cache failure means "render it"
        logger.warning("Page cache unavailable; rendering %s without it", path, exc_info=True)
        return None


def put(path: str, entry: dict) -> None:
    if not settings.PAGE_CACHE_SECONDS:
        return
    try:
        cache.set(_key(path), entry, timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("Page cache unavailable; %s not stored", path, exc_info=True)


def forget_on_commit(paths: list[str]) -> None:
    """Drop the cached pages at `paths` once the current transaction commits."""

    def forget():
        try:
            cache.delete_many([_key(path) for path in paths])
        except Exception:  # noqa: BLE001
            logger.error("Could not drop cached pages %s; they expire on their own", paths, exc_info=True)

    transaction.on_commit(forget)
