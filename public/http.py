"""HTTP caching for public responses, so that a shared cache (Varnish, a CDN) can keep
them and be purged by tag the moment what they show changes.

Every cacheable public response says how long browsers (`max-age`) and shared caches
(`s-maxage`) may keep it, carries validators (`ETag`, and `Last-Modified` where the
date is known) so that a cache revalidates with a cheap 304, and names in its `xkey`
header the cache tag of every object it shows (`Edition.cache_tag`, `Edition.list_tag`).
Nothing in it varies per reader: public views read no session and set no cookie, so
`Vary` names only `Accept-Encoding`.
"""

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from policies import selectors as policies

TAG_HEADER = "xkey"
# Tags of responses that change only with a release (robots.txt, the scoring rubric).
SITE_TAG = "site"


def absolute_url(path: str) -> str:
    """`path` on the configured site, never on the request's Host: a forged Host header
    must not reach a page that a shared cache then gives every reader."""
    return settings.SITE_URL.rstrip("/") + path


def page_meta(request, title: str, description: str = "", *, og_type: str = "website") -> dict:
    """What every public page says about itself in its <head>: its title and
    description, its canonical address on SITE_URL (a listing's page number kept, its
    filters not), and the same for OpenGraph and Twitter cards."""
    path = request.path
    page = request.GET.get("page", "")
    if page.isascii() and page.isdigit() and int(page) > 1:
        path = f"{path}?page={int(page)}"
    return {
        "page_title": title,
        "page_description": description or settings.SITE_DESCRIPTION,
        "canonical_url": absolute_url(path),
        "og_type": og_type,
    }


def shared(response: HttpResponse, tags: Iterable[str], *, shared_max_age: int | None = None) -> HttpResponse:
    """Let browsers and shared caches keep `response`, tagged for purging."""
    patch_cache_control(
        response,
        public=True,
        max_age=min(settings.PUBLIC_BROWSER_MAX_AGE, settings.PUBLIC_SHARED_MAX_AGE),
        s_maxage=settings.PUBLIC_SHARED_MAX_AGE if shared_max_age is None else shared_max_age,
    )
    patch_vary_headers(response, ["Accept-Encoding"])
    if response.get("Content-Type", "").startswith("text/html"):
        # Every public HTML page's footer lists the live policy pages.
        tags = [*tags, policies.FOOTER_TAG]
    response[TAG_HEADER] = " ".join(dict.fromkeys(tags))
    return response


def gone(response: HttpResponse, tags: Iterable[str]) -> HttpResponse:
    """A page taken down (410): kept briefly, and purged with its object if it comes back."""
    return shared(response, tags, shared_max_age=settings.PUBLIC_BROWSER_MAX_AGE)


def conditional(request, render, *, etag: str, last_modified: int | None = None) -> HttpResponse:
    """`render()`'s response, or a 304 when the request's validators still match: a
    cache revalidating a page it keeps costs the queries that build the validators,
    never the rendering."""
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = render()
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return response


def with_body_etag(request, response: HttpResponse) -> HttpResponse:
    """For responses whose validators are their bytes (listings, feeds, the API): an ETag
    from the body, and a 304 instead of the body when it matches."""
    if response.status_code != 200 or response.streaming:
        return response
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["ETag"] = etag
    not_modified = get_conditional_response(request, etag=etag, response=response)
    if not_modified is not response and TAG_HEADER in response:
        not_modified[TAG_HEADER] = response[TAG_HEADER]
    return not_modified
