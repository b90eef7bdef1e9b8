"""The server-side cache of rendered public pages, in Redis.

`PageCacheMiddleware` answers a GET for a public page from the cache before sessions,
authentication or URL resolution run, so a hit costs one cache read and no query.
It stores only responses that the view marked as cacheable (public Edition pages,
the same for every reader), with the headers the rest of the stack added, and never
one that sets a cookie or answers a query string.

Each path has a generation token beside its entry. A publication, a review stamp or
an unpublication replaces the token when its transaction commits, and an entry is
served only while its token is current. A request that read the old edition just
before the commit may still store its page afterwards, but under the old token, so
it is never served. What a page shows of other pages (links to related articles)
may lag by at most PAGE_CACHE_SECONDS.

The cache is an optimisation, never a dependency: if Redis is down or hangs, the
short socket timeouts in settings make each call fail fast, the failure is logged
and the page is rendered without the cache. If replacing a token fails, the entry
expires after PAGE_CACHE_SECONDS; that failure is logged as an error.
"""

import functools
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from . import registry

logger = logging.getLogger(__name__)

# Kept on a 304, as Django's own conditional responses keep them (RFC 9110 15.4.5).
NOT_MODIFIED_HEADERS = ("cache-control", "content-location", "etag", "expires", "last-modified", "vary")
# Set afresh for each response, never replayed from the cache.
UNSTORED_HEADERS = ("content-length", "date", "set-cookie")
_UNAVAILABLE = object()


def _keys(path: str) -> tuple[str, str]:
    return f"pages:{path}", f"pages:generation:{path}"


@functools.cache
def _page_prefixes() -> tuple[str, ...]:
    """Where public pages live ("/compounds/" for "/compounds/<slug>/"), from the registry."""
    return tuple(builder.url("-").removesuffix("-/") for builder in registry.builders())


def _may_be_cached(path: str) -> bool:
    """Whether `path` has the shape of a public page; no other request costs a cache read."""
    for prefix in _page_prefixes():
        if path.startswith(prefix) and path.endswith("/") and path.count("/") == prefix.count("/") + 1:
            return True
    return False


def mark_cacheable(response: HttpResponse) -> HttpResponse:
    """Let the middleware store `response`: the view vouches it is the same for every reader."""
    response.page_cacheable = True
    return response


def forget_on_commit(paths: list[str]) -> None:
    """Make the cached pages at `paths` stale once the current transaction commits."""

    def forget():
        try:
            token = uuid.uuid4().hex
            cache.set_many({_keys(path)[1]: token for path in paths}, timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.error("Could not drop cached pages %s; they expire on their own", paths, exc_info=True)

    transaction.on_commit(forget)


def _lookup(path: str):
    """(entry or None, generation), or (None, _UNAVAILABLE) when the cache cannot be reached."""
    entry_key, generation_key = _keys(path)
    try:
        found = cache.get_many([entry_key, generation_key])
    except Exception:  # noqa: BLE001 - any cache failure means "render it"
        logger.warning("Page cache unavailable; rendering %s without it", path, exc_info=True)
        return None, _UNAVAILABLE
    generation, entry = found.get(generation_key), found.get(entry_key)
    if entry is not None and entry["generation"] == generation:
        return entry, generation
    return None, generation


def _store(path: str, response: HttpResponse, generation) -> None:
    headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
    entry = {
        "generation": generation,
        "body": response.content,
        "headers": headers,
        "etag": response.get("ETag"),
        "last_modified": parse_http_date_safe(response.get("Last-Modified", "")),
    }
    try:
        cache.set(_keys(path)[0], entry, timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("Page cache unavailable; %s not stored", path, exc_info=True)


def _replay(request, entry: dict) -> HttpResponse:
    response = get_conditional_response(request, etag=entry["etag"], last_modified=entry["last_modified"])
    if response is None:
        response = HttpResponse(entry["body"])
        headers = entry["headers"]
    else:
        headers = [(name, value) for name, value in entry["headers"] if name.lower() in NOT_MODIFIED_HEADERS]
    for name, value in headers:
        response[name] = value
    return response


class PageCacheMiddleware:
    """Serves and stores public pages; sits after the security and static-file middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not settings.PAGE_CACHE_SECONDS
            or request.method != "GET"
            or request.META.get("QUERY_STRING")
            or not _may_be_cached(request.path)
        ):
            return self.get_response(request)
        entry, generation = _lookup(request.path)
        if entry is not None:
            return _replay(request, entry)
        response = self.get_response(request)
        if (
            generation is not _UNAVAILABLE
            and getattr(response, "page_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            _store(request.path, response, generation)
        return response
