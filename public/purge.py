"""Purging shared HTTP caches by tag.

Every public response a shared cache may keep names, in its `xkey` header, the
objects it shows (`Edition.cache_tag`, `Edition.list_tag`). When an object's current
edition or review stamp changes, the workflow purges its `edition.purge_tags`, and
every cached page showing it goes at once, whatever its address.

A backend is anything with a `name` and a `purge(tags, *, timeout)` method that
removes every response tagged with any of `tags` or raises `PurgeFailed`; it must
give up within `timeout` (connect, read) seconds. `purge()` asks each configured
backend in turn and raises `PurgeFailed` naming every one that failed, after trying
them all.

Built in: `VarnishXkey`, for Varnish with the xkey vmod (deploy/varnish/default.vcl).
One is configured per address in FRONTEND_CACHE_PURGE_URLS.

A CDN is another backend, named by its dotted path in FRONTEND_CACHE_BACKENDS (a
class taking no arguments, reading its credentials from settings). Where to plug in:

- Fastly: tag the response `Surrogate-Key` (same tags) and POST
  `https://api.fastly.com/service/<id>/purge` with header `Surrogate-Key: <tags>`
  and the API token in `Fastly-Key`.
- Cloudflare: `Cache-Tag` header on responses; POST
  `https://api.cloudflare.com/client/v4/zones/<zone>/purge_cache` with `{"tags": [...]}`
  (tag purge needs an Enterprise zone; otherwise purge the pages' URLs with `{"files": [...]}`).
- CloudFront has no tags: create an invalidation of the pages' paths (boto3
  `create_invalidation`), which takes minutes; rely on a short `s-maxage` there.

Until its purge succeeds a CDN may serve a page for up to PUBLIC_SHARED_MAX_AGE (the
`s-maxage` the app sends); our own Varnish keeps a page at most one second anyway.
"""

import http.client
import logging
from collections.abc import Sequence
from typing import Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

Timeout = tuple[float, float]  # (connect, read) seconds


class PurgeFailed(Exception):
    """A cache may still hold the tagged responses."""


class Backend(Protocol):
    name: str

    def purge(self, tags: Sequence[str], *, timeout: Timeout) -> None: ...


class VarnishXkey:
    """One Varnish server: `PURGE /` with the tags in the `xkey-purge` header, which the
    VCL hands to `xkey.purge()`. Varnish refuses it (403) from an address not in its
    `purgers` ACL."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"A Varnish purge URL is http://host:port/, not {url!r}")
        self.host, self.port = parts.hostname, parts.port or 80
        self.name = f"varnish {self.host}:{self.port}"

    # Tags per request: Varnish refuses a header longer than its http_req_hdr_len (8 kB).
    TAGS_PER_REQUEST = 200

    def purge(self, tags: Sequence[str], *, timeout: Timeout) -> None:
        for start in range(0, len(tags), self.TAGS_PER_REQUEST):
            self._purge(tags[start : start + self.TAGS_PER_REQUEST], timeout=timeout)

    def _purge(self, tags: Sequence[str], *, timeout: Timeout) -> None:
        connect, read = timeout
        connection = http.client.HTTPConnection(self.host, self.port, timeout=connect)
        try:
            connection.connect()
            connection.sock.settimeout(read)
            connection.request("PURGE", "/", headers={"xkey-purge": " ".join(tags)})
            response = connection.getresponse()
            body = response.read(200).decode("latin-1").strip()
        except OSError as error:  # refused, reset, timed out
            raise PurgeFailed(f"{self.name}: {error}") from error
        finally:
            connection.close()
        if response.status != 200:
            raise PurgeFailed(f"{self.name} answered {response.status}: {body}")


def backends() -> list[Backend]:
    configured = [VarnishXkey(url) for url in settings.FRONTEND_CACHE_PURGE_URLS]
    return configured + [import_string(path)() for path in settings.FRONTEND_CACHE_BACKENDS]


def purge(tags: Sequence[str], *, timeout: Timeout | None = None) -> None:
    """Remove every cached response tagged with any of `tags`, from every cache we run.

    Without configured caches there is nothing to purge (the embedded default)."""
    tags = sorted(set(tags))
    timeout = timeout or settings.FRONTEND_CACHE_PURGE_TIMEOUT
    failures = []
    for backend in backends():
        try:
            backend.purge(tags, timeout=timeout)
        except PurgeFailed as failure:
            failures.append(str(failure))
    if failures:
        raise PurgeFailed("; ".join(failures))
    logger.debug("Purged %s", tags)
