"""The server-side cache of rendered public pages.

An entry is keyed by the edition it was rendered from and that edition's review
stamp, so an approval (a new edition), a stamp or an unpublication (no current
edition: the view answers 410 before reading the cache) can never be answered from
a stale entry. The key also carries a site-wide generation that publications move
on, for what a page shows of other pages (links to related articles).

The cache is an optimisation and never a dependency: if Redis is down or hangs, the
short socket timeouts in settings make the call fail fast, the failure is logged, and
the page is rendered without the cache.
"""

import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY) or 1
    return generation


def _key(generation: int, edition, path: str) -> str:
    stamp = edition.last_reviewed_at.timestamp() if edition.last_reviewed_at else 0
    return f"pages:{generation}:{edition.pk}:{stamp}:{path}"


def get(edition, path: str) -> bytes | None:
    """The cached page `edition` rendered at `path`, or None (also when the cache is unreachable)."""
    if not settings.PAGE_CACHE_SECONDS:
        return None
    try:
        return cache.get(_key(_generation(), edition, path))
    except Exception:  # noqa: BLE001 - any cache failure means "render it"
        logger.warning("Page cache unavailable; rendering %s without it", path, exc_info=True)
        return None


def put(edition, path: str, body: bytes) -> None:
    if not settings.PAGE_CACHE_SECONDS:
        return
    try:
        cache.set(_key(_generation(), edition, path), body, timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("Page cache unavailable; %s not stored", path, exc_info=True)


def invalidate() -> None:
    """Move the generation on, after a publication or unpublication changed what pages link to."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet: nothing is cached under one
            cache.add(GENERATION_KEY, 1, timeout=None)
    except Exception:  # noqa: BLE001
        # Only links between pages can lag, until entries expire (PAGE_CACHE_SECONDS):
        # a page's own content is keyed by its edition and never served stale.
        logger.error("Could not invalidate the page cache", exc_info=True)
