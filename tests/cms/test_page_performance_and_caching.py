"""Each public page costs a fixed number of queries, carries cache headers, and is
served even when the cache's Redis is unreachable or hangs."""

import socket
import threading
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from reviews import registry, selectors, services, views
from reviews.page_cache import PageCacheMiddleware
from tests import factories

pytestmark = pytest.mark.django_db


def live_compound(n, editor_user, reviewer_user):
    compound = factories.compound_with_rows(studies=0, dosing=n, side_effects=n, slug=f"bulk-{n}", name=f"Bulk {n}")
    for position in range(n):
        factories.EvidenceLinkFactory(compound=compound, study=factories.published_study(), position=position)
        factories.CautionFactory(compound=compound, position=position)
        factories.FaqEntryFactory(compound=compound, position=position)
    services.approve(services.submit(compound, by=editor_user), by=reviewer_user)
    return compound


def live_article(n, editor_user, reviewer_user):
    article = factories.ArticleFactory(slug=f"article-{n}", body="A body without citations.")
    for position in range(n):
        factories.ArticleSourceFactory(article=article, study=factories.published_study(), position=position)
    services.approve(services.submit(article, by=editor_user), by=reviewer_user)
    return article


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


PUBLIC_URLS = [
    "/compounds/bulk-{n}/",
    "/compounds/bulk-{n}/versions/",
    "/studies/{study}/",
    "/articles/article-{n}/",
    "/compounds/",
    "/compounds/?q=bulk",
    "/",
    "/articles/",
    "/articles/feed/",
    "/sitemap.xml",
    "/api/compounds/",
    "/api/compounds/bulk-{n}/",
]


def test_public_page_queries_are_the_same_with_5_and_with_50_studies_and_rows(
    client, editor_user, reviewer_user, no_page_cache
):
    counts = {}
    for n in (5, 50):
        live_compound(n, editor_user, reviewer_user)
        live_article(n, editor_user, reviewer_user)
        study = factories.published_study(slug=f"study-{n}", pmid=str(40000000 + n))
        for url in PUBLIC_URLS:
            counts.setdefault(url, []).append(count_queries(client, url.format(n=n, study=study.slug)))
    for url, (with_5, with_50) in counts.items():
        assert with_5 == with_50, url
        assert with_5 <= 7, f"{url} takes {with_5} queries"


def test_a_cached_page_is_served_without_a_query_and_with_the_same_bytes(client, editor_user, reviewer_user):
    live_compound(5, editor_user, reviewer_user)
    first = client.get("/compounds/bulk-5/")
    with CaptureQueriesContext(connection) as context:
        second = client.get("/compounds/bulk-5/")
    assert second.content == first.content
    assert len(context.captured_queries) == 0


def test_pages_carry_etag_last_modified_and_cdn_cache_control_and_answer_304(client, editor_user, reviewer_user):
    live_compound(5, editor_user, reviewer_user)
    response = client.get("/compounds/bulk-5/")
    assert response["ETag"] and response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=60"

    again = client.get("/compounds/bulk-5/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    later = client.get("/compounds/bulk-5/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert later.status_code == 304


def test_an_approval_or_a_stamp_changes_the_etag(
    client, editor_user, reviewer_user, django_capture_on_commit_callbacks
):
    compound = live_compound(5, editor_user, reviewer_user)
    before = client.get("/compounds/bulk-5/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_still_accurate(compound, by=reviewer_user)
    assert client.get("/compounds/bulk-5/")["ETag"] != before


def test_a_cached_page_keeps_its_headers_and_answers_304_from_the_cache(client, editor_user, reviewer_user):
    live_compound(5, editor_user, reviewer_user)
    first = client.get("/compounds/bulk-5/")
    with CaptureQueriesContext(connection) as context:
        hit = client.get("/compounds/bulk-5/")
        not_modified = client.get("/compounds/bulk-5/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert len(context.captured_queries) == 0
    for header in ("ETag", "Last-Modified", "Cache-Control", "X-Frame-Options", "Content-Type"):
        assert hit[header] == first[header], header
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == first["ETag"] and not_modified.content == b""


def test_a_page_rendered_just_before_an_unpublish_is_never_served_from_the_cache(
    rf, client, editor_user, reviewer_user, django_capture_on_commit_callbacks
):
    """The reader's request reads the live edition, the reviewer's unpublish commits,
    then the reader's page is stored: it must not outlive the unpublish."""
    compound = live_compound(5, editor_user, reviewer_user)

    def render_then_unpublish(request):
        response = views.EditionPageView.as_view(kind="compound")(request, slug="bulk-5")
        with django_capture_on_commit_callbacks(execute=True):
            services.unpublish(compound, by=reviewer_user, reason="Dose under investigation.")
        return response

    assert PageCacheMiddleware(render_then_unpublish)(rf.get("/compounds/bulk-5/")).status_code == 200
    assert client.get("/compounds/bulk-5/").status_code == 410


def test_a_request_with_a_query_string_is_neither_served_from_nor_stored_in_the_cache(
    client, editor_user, reviewer_user
):
    live_compound(5, editor_user, reviewer_user)
    client.get("/compounds/bulk-5/")
    for _ in range(2):
        assert count_queries(client, "/compounds/bulk-5/?utm_source=feed") > 0
    assert count_queries(client, "/compounds/bulk-5/") == 0


def test_only_addresses_shaped_like_public_pages_cost_a_cache_read(client, editor_user, reviewer_user):
    live_compound(5, editor_user, reviewer_user)
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as reads:
        for url in ("/compounds/", "/compounds/bulk-5/versions/", "/admin/login/", "/", "/sitemap.xml"):
            client.get(url)
        assert reads.call_count == 0
        client.get("/compounds/bulk-5/")
        assert reads.call_count == 1


def test_a_page_filled_into_the_shell_is_byte_for_byte_what_the_template_renders(rf, editor_user, reviewer_user):
    compound = factories.published_compound(slug="omega-3", name='Omega-3 & "fish" oil <EPA>')
    factories.published_article(title="Omega & <you>", kind="use_case", compound=compound, indication="x")
    edition = selectors.public_edition(kind="compound", slug="omega-3")
    builder = registry.builder_for_kind("compound")
    request = rf.get("/compounds/omega-3/")
    context = views.page_context(request, builder, head=edition.head, fragment=edition.rendered_html, edition=edition)
    assert "Omega &amp; &lt;you&gt;" in context["body"]

    assert views._render_edition(request, builder, edition).decode() == render_to_string(
        views.PAGE_TEMPLATE, context, request
    )


class SilentServer:
    """Accepts connections and never answers: a Redis that hangs."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.clients = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.clients.append(self.sock.accept()[0])
            except OSError:
                return

    def close(self):
        for client in self.clients:
            client.close()
        self.sock.close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=["unreachable", "hanging"])
def broken_cache(request, settings):
    server = SilentServer() if request.param == "hanging" else None
    port = server.port if server else closed_port()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/1",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    yield request.param
    if server:
        server.close()


def test_public_pages_answer_200_when_the_cache_redis_is_down_or_hangs(
    client, editor_user, reviewer_user, broken_cache
):
    live_compound(5, editor_user, reviewer_user)  # publishing also touches the cache: it must not fail
    for url in ("/compounds/bulk-5/", "/compounds/", "/", "/api/compounds/bulk-5/"):
        assert client.get(url).status_code == 200, (broken_cache, url)
