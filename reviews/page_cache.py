"""The server-side cache of rendered public pages, in Redis.

`PageCacheMiddleware` answers a GET for a public page from the cache before sessions,
authentication or URL resolution run, so a hit costs one cache read and no query;
when the process holds a current copy of the page, that read is of a token only.
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
and the page is rendered without the cache (for READ_PAUSE_SECONDS, without trying
Redis again). If replacing a token fails, the entry
expires after PAGE_CACHE_SECONDS; that failure is logged as an error.
"""

import functools
import json
import logging
import threading
import time
import uuid
from collections import OrderedDict

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
INVALIDATIONS_CHANNEL = "pages:invalidated"


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
        local_copies.drop(paths)
        try:
            token = uuid.uuid4().hex
            cache.set_many({_keys(path)[1]: token for path in paths}, timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.error("Could not drop cached pages %s; they expire on their own", paths, exc_info=True)
            return
        if hasattr(cache, "publish"):
            try:
                cache.publish(INVALIDATIONS_CHANNEL, json.dumps(paths))
            except Exception:  # noqa: BLE001
                # Other processes' copies are trusted for PAGE_CACHE_LOCAL_TRUST_SECONDS at most.
                logger.error("Could not announce stale pages %s", paths, exc_info=True)

    transaction.on_commit(forget)


class _LocalCopies:
    """This process's copies of recently served entries, most recent last.

    A copy is as fresh as the Redis entry it was checked against (same generation
    token), and expires when that entry would. It is served without asking Redis only
    while the process's subscription to invalidations has stayed unbroken since that
    check, and for at most PAGE_CACHE_LOCAL_TRUST_SECONDS; otherwise its token is
    read again first (a few bytes, not the page).
    """

    def __init__(self):
        self._copies: OrderedDict[str, tuple[dict, int | None, float]] = OrderedDict()
        self._lock = threading.Lock()  # the development server is threaded

    def get(self, path: str) -> tuple[dict, int | None, float] | None:
        with self._lock:
            copy = self._copies.get(path)
            if copy is not None and copy[0]["expires_at"] > time.time():
                self._copies.move_to_end(path)
                return copy
            self._copies.pop(path, None)
            return None

    def put(self, path: str, entry: dict, epoch: int | None) -> None:
        """Keep `entry`, just checked against its token while the subscription was at `epoch`."""
        trusted_until = time.monotonic() + settings.PAGE_CACHE_LOCAL_TRUST_SECONDS
        with self._lock:
            self._copies[path] = (entry, epoch, trusted_until)
            self._copies.move_to_end(path)
            while len(self._copies) > settings.PAGE_CACHE_LOCAL_COPIES:
                self._copies.popitem(last=False)

    def drop(self, paths) -> None:
        with self._lock:
            for path in paths:
                self._copies.pop(path, None)

    def clear(self) -> None:
        with self._lock:
            self._copies.clear()


local_copies = _LocalCopies()


class _Invalidations:
    """This process's subscription to the pages that publications made stale.

    Each message names paths whose copies are dropped. The epoch changes whenever the
    subscription is made again, so copies checked under a broken one are checked again;
    without a subscription (no Redis, or Redis unreachable) every copy is.
    """

    RETRY_SECONDS = 5.0  # after a failure, so that a Redis that hangs is not waited on per request

    def __init__(self):
        self._pubsub = None
        self._epoch = 0
        self._reconnected = False
        self._retry_at = 0.0
        self._lock = threading.Lock()

    def _on_reconnect(self, connection) -> None:
        # redis-py reconnects and subscribes again by itself; what was sent in between is lost.
        self._reconnected = True

    def drain(self) -> int | None:
        """Apply every pending message; the current epoch, or None without a subscription."""
        if not hasattr(cache, "subscribe"):
            return None
        with self._lock:
            try:
                if self._pubsub is None:
                    if time.monotonic() < self._retry_at:
                        return None
                    self._pubsub = cache.subscribe(INVALIDATIONS_CHANNEL)
                    self._pubsub.connection.register_connect_callback(self._on_reconnect)
                    self._epoch += 1
                while (message := self._pubsub.get_message(timeout=0)) is not None:
                    if message["type"] == "message":
                        local_copies.drop(json.loads(message["data"]))
                if self._reconnected:
                    self._reconnected = False
                    self._epoch += 1
                return self._epoch
            except Exception:  # noqa: BLE001 - copies go back to being checked one by one
                logger.warning("Page cache invalidations unavailable", exc_info=True)
                self.reset()
                self._retry_at = time.monotonic() + self.RETRY_SECONDS
                return None

    def reset(self) -> None:
        if self._pubsub is not None:
            try:
                self._pubsub.close()
            except Exception:  # noqa: BLE001
                pass
        self._pubsub = None


invalidations = _Invalidations()


# After a failed read, pages render without the cache this long: a hung Redis then
# costs one request its read deadline, not every request. Kept on the cache client
# (one per thread), which a change of cache settings replaces.
READ_PAUSE_SECONDS = 5.0


def _lookup(path: str):
    """(entry or None, generation), or (None, _UNAVAILABLE) when the cache cannot be reached."""
    if time.monotonic() < getattr(cache, "page_reads_paused_until", 0.0):
        return None, _UNAVAILABLE
    entry_key, generation_key = _keys(path)
    epoch = invalidations.drain()
    copy = local_copies.get(path)
    try:
        if copy is not None:
            entry, checked_epoch, trusted_until = copy
            if epoch is not None and checked_epoch == epoch and time.monotonic() < trusted_until:
                return entry, entry["generation"]
            generation = cache.get(generation_key)
            if generation is not None and entry["generation"] == generation:
                local_copies.put(path, entry, epoch)
                return entry, generation
        found = cache.get_many([entry_key, generation_key])
        generation, entry = found.get(generation_key), found.get(entry_key)
        if generation is None:
            generation = _new_generation(generation_key)
        elif entry is not None and entry["generation"] == generation:
            local_copies.put(path, entry, epoch)
            return entry, generation
    except Exception:  # noqa: BLE001 - any cache failure means "render it"
        logger.warning("Page cache unavailable; rendering pages without it for %ss", READ_PAUSE_SECONDS, exc_info=True)
        cache.page_reads_paused_until = time.monotonic() + READ_PAUSE_SECONDS
        return None, _UNAVAILABLE
    return None, generation


def _new_generation(generation_key: str) -> str | None:
    """Every entry is stored under a token, so a token that expired or was lost with a
    Redis restart makes every entry and copy stored before it stale."""
    token = uuid.uuid4().hex
    if cache.add(generation_key, token, timeout=settings.PAGE_CACHE_SECONDS):
        return token
    return cache.get(generation_key)  # set meanwhile by a publication or another reader


def _store(path: str, response: HttpResponse, generation) -> None:
    headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
    entry = {
        "generation": generation,
        "expires_at": time.time() + settings.PAGE_CACHE_SECONDS,
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
