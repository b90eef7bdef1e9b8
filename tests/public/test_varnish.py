"""The public site behind a real Varnish, running deploy/varnish/default.vcl in front of
a live server on the test database, purged by the workflow itself.

varnishd (Debian `varnish` and `varnish-modules`) is started by each test on a free
port. Where a test must show that a purge, not expiry, removed a page, the VCL's
one-second lifetime is raised to an hour; every other line of the VCL is the one we
ship. Without varnishd these tests skip, except in CI (`.ci/run` installs it), where
they fail. Deselect them with -m 'not varnish'.
"""

import base64
import http.client
import json
import logging
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings

from public import purge
from public.models import FailedPurge
from public.tasks import retry_failed_purges
from reviews import services
from tests import factories
from tests.integration import conftest as integration

# The integration tests' private redis-server, with the app's broker and cache on it.
app_redis = integration.app_redis

pytestmark = [pytest.mark.varnish, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VCL = Path(settings.BASE_DIR) / "deploy" / "varnish" / "default.vcl"
SHORT_LIFETIME = "if (beresp.ttl > 1s) { set beresp.ttl = 1s; }"
LONG_LIFETIME = "set beresp.ttl = 1h;"


def _varnishd() -> str:
    found = shutil.which("varnishd") or next(
        (path for path in ("/usr/sbin/varnishd", "/usr/local/sbin/varnishd") if os.access(path, os.X_OK)), None
    )
    if found is None:
        message = "varnishd is not installed: apt-get install varnish varnish-modules"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: str):
        self.status, self.headers, self.body = status, headers, body

    @property
    def hit(self) -> bool:
        """Varnish's own word: X-Varnish names two transactions (this request and the one
        that stored the object) only when the response came from the cache."""
        return len(self.headers["X-Varnish"].split()) == 2


def get(port: int, path: str, *, host: str = "127.0.0.1", headers: dict | None = None) -> Response:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read().decode())
    finally:
        connection.close()


class Varnish:
    """varnishd running the shipped VCL, with `replace` applied to its text."""

    def __init__(self, backend: tuple[str, int], workdir: Path, *, replace: dict[str, str]):
        self.port = _free_port()
        self.workdir = workdir
        workdir.mkdir(parents=True)
        vcl = VCL.read_text()
        host, port = backend
        replace = {'.host = "127.0.0.1";': f'.host = "{host}";', '.port = "8000";': f'.port = "{port}";'} | replace
        for old, new in replace.items():
            assert vcl.count(old) == 1, f"the shipped VCL no longer says {old!r}"
            vcl = vcl.replace(old, new)
        self.vcl = workdir / "test.vcl"
        self.vcl.write_text(vcl)
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                _varnishd(),
                "-F",
                "-j",
                "none",
                "-n",
                str(self.workdir / "varnish"),
                "-T",
                "none",
                "-a",
                f"127.0.0.1:{self.port}",
                "-f",
                str(self.vcl),
                "-s",
                "malloc,32m",
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for(lambda: _listening(self.port), timeout=20, what="varnishd to listen")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def get(self, path: str, **kwargs) -> Response:
        return get(self.port, path, **kwargs)


def _backend(live_server) -> tuple[str, int]:
    host, port = live_server.thread.host, live_server.thread.port
    return ("127.0.0.1" if host == "localhost" else host), port


@pytest.fixture
def varnish_factory(live_server, tmp_path, settings):
    started = []

    def start(*, lifetime: str = LONG_LIFETIME, purged: bool = True, replace: dict | None = None) -> Varnish:
        replace = {SHORT_LIFETIME: lifetime} | (replace or {})
        varnish = Varnish(_backend(live_server), tmp_path / f"varnish{len(started)}", replace=replace)
        started.append(varnish)
        varnish.start()
        if purged:
            settings.FRONTEND_CACHE_PURGE_URLS = [varnish.url]
        return varnish

    yield start
    for varnish in started:
        varnish.stop()


@pytest.fixture
def varnish(varnish_factory):
    """Varnish whose pages live an hour: only a purge can explain a fresh page."""
    return varnish_factory()


def _cached(varnish: Varnish, path: str) -> Response:
    """Fetch `path` until Varnish serves it from its cache; the cached response."""
    first = varnish.get(path)
    assert first.status == 200, f"{path} answered {first.status}"
    second = varnish.get(path)
    assert second.hit, f"{path} was not cached: {second.headers}"
    return second


def _approve_change(obj, **fields):
    editor = factories.editor(username="varnish-editor")
    with services.drafting(by=editor, comment="Changed in a test"):
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()
    factories.approve(services.submit(obj, by=editor), by=factories.reviewer(username="varnish-reviewer"))


def test_a_public_page_is_served_from_the_varnish_cache(varnish):
    compound = factories.published_compound(summary="Kept by Varnish.", studies=1)

    miss = varnish.get(f"/compounds/{compound.slug}/")
    hit = varnish.get(f"/compounds/{compound.slug}/")

    assert miss.status == 200 and not miss.hit and miss.headers["X-Cache"] == "MISS"
    assert hit.status == 200 and hit.hit and hit.headers["X-Cache"] == "HIT"
    assert hit.body == miss.body and "Kept by Varnish." in hit.body
    assert "xkey" not in hit.headers, "cache tags are for purging, not for readers"


def test_the_admin_and_what_the_app_does_not_mark_shareable_always_reach_the_app(varnish):
    for _ in range(2):
        assert varnish.get("/admin/login/").status == 200
    assert not varnish.get("/admin/login/").hit
    for _ in range(2):
        assert varnish.get("/compounds/no-such-compound/").status == 404
    assert not varnish.get("/compounds/no-such-compound/").hit


def test_approving_a_change_purges_the_page_and_the_new_text_is_served_at_once(varnish):
    compound = factories.published_compound(summary="The old summary.", studies=1)
    assert "The old summary." in _cached(varnish, f"/compounds/{compound.slug}/").body
    assert "The old summary." in _cached(varnish, "/compounds/").body

    _approve_change(compound, summary="The new summary.")
    committed = time.monotonic()
    page = varnish.get(f"/compounds/{compound.slug}/")
    directory = varnish.get("/compounds/")

    # Pages live an hour in this Varnish: only the purge explains the new text.
    assert time.monotonic() - committed < 1
    assert page.status == 200 and "The new summary." in page.body and "The old summary." not in page.body
    assert not page.hit
    assert "The old summary." not in directory.body


def test_a_take_down_is_gone_through_varnish_at_once(varnish):
    compound = factories.published_compound(summary="A dose that must come down.", studies=1)
    _cached(varnish, f"/compounds/{compound.slug}/")

    services.unpublish(
        compound,
        by=factories.reviewer(username="varnish-reviewer"),
        reason="Safety hold",
        signature=factories.signature(factories.reviewer(username="varnish-reviewer")),
    )
    committed = time.monotonic()
    page = varnish.get(f"/compounds/{compound.slug}/")

    assert time.monotonic() - committed < 1
    assert page.status == 410
    assert "A dose that must come down." not in page.body
    assert not FailedPurge.objects.exists()


def test_without_any_purge_our_varnish_stops_serving_a_taken_down_page_within_a_second(varnish_factory):
    varnish = varnish_factory(lifetime=SHORT_LIFETIME, purged=False)  # the shipped VCL, never purged
    compound = factories.published_compound(summary="A dose that must come down.", studies=1)
    _cached(varnish, f"/compounds/{compound.slug}/")

    services.unpublish(
        compound,
        by=factories.reviewer(username="varnish-reviewer"),
        reason="Safety hold",
        signature=factories.signature(factories.reviewer(username="varnish-reviewer")),
    )
    time.sleep(1.05)

    assert varnish.get(f"/compounds/{compound.slug}/").status == 410


def test_renaming_a_related_compound_purges_every_page_that_shows_it(varnish):
    renamed = factories.published_compound(name="Oldname", slug="oldname", studies=0)
    editor, reviewer = factories.editor(username="varnish-editor"), factories.reviewer(username="varnish-reviewer")
    showing = []
    cited = factories.cited_study()
    for _ in range(2):
        with services.drafting(by=editor, comment="Related to Oldname"):
            compound = factories.CompoundFactory(no_known_adverse_effects_reason=factories.NO_KNOWN_ADVERSE_EFFECTS)
            factories.VerdictFactory(compound=compound).studies.add(cited)
            compound.related_compounds.add(renamed)
        factories.approve(services.submit(compound, by=editor), by=reviewer)
        showing.append(compound)
    for compound in showing:
        assert "Oldname" in _cached(varnish, f"/compounds/{compound.slug}/").body

    _approve_change(renamed, name="Newname")

    for compound in showing:
        page = varnish.get(f"/compounds/{compound.slug}/")
        assert not page.hit, f"/compounds/{compound.slug}/ was not purged"
        assert "Newname" in page.body and "Oldname" not in page.body


def test_a_forged_host_cannot_put_anything_into_a_cached_page(varnish, settings):
    settings.SITE_URL = "https://reference.example"
    compound = factories.published_compound(studies=1)
    path = f"/compounds/{compound.slug}/"

    forged = varnish.get(path, host="evil.example")
    also_allowed = varnish.get(path, host="localhost")
    forwarded = varnish.get(path, headers={"X-Forwarded-Host": "evil.example"})
    cached = _cached(varnish, path)

    assert forged.status == 400
    assert varnish.get(path, host="evil.example").status == 400, "a refused Host must never be answered from cache"
    assert "localhost" not in also_allowed.body
    for response in (forwarded, cached):
        assert "evil.example" not in response.body and "localhost" not in response.body
    assert f"https://reference.example{path}" in cached.body


def test_only_configured_addresses_may_purge(varnish_factory):
    # The shipped VCL, except that this machine is no longer among the purgers.
    varnish = varnish_factory(replace={'    "127.0.0.1";\n    "::1";\n': '    "192.0.2.1";\n'})
    compound = factories.published_compound(studies=0)
    _cached(varnish, f"/compounds/{compound.slug}/")

    connection = http.client.HTTPConnection("127.0.0.1", varnish.port, timeout=5)
    connection.request("PURGE", "/", headers={"xkey-purge": f"compound-{compound.pk}"})

    assert connection.getresponse().status == 403
    assert varnish.get(f"/compounds/{compound.slug}/").hit


def test_with_redis_refusing_connections_a_take_down_leaves_no_server_serving_the_page(varnish, app_redis, live_server):
    compound = factories.published_compound(summary="A dose that must come down.", studies=1)
    path = f"/compounds/{compound.slug}/"
    _cached(varnish, path)

    app_redis.stop()  # connections to the broker and the cache are now refused
    services.unpublish(
        compound,
        by=factories.reviewer(username="varnish-reviewer"),
        reason="Safety hold",
        signature=factories.signature(factories.reviewer(username="varnish-reviewer")),
    )
    committed = time.monotonic()
    through_varnish = varnish.get(path)
    elapsed = time.monotonic() - committed
    _, port = _backend(live_server)
    from_the_app = get(port, path)

    assert elapsed < 1
    for response in (through_varnish, from_the_app):
        assert response.status == 410
        assert "A dose that must come down." not in response.body


def test_a_failed_take_down_purge_is_recorded_logged_and_retried_until_it_succeeds(varnish_factory, settings, caplog):
    compound = factories.published_compound(summary="A dose that must come down.", studies=1)
    down = _free_port()  # nothing listens here: the purge is refused
    settings.FRONTEND_CACHE_PURGE_URLS = [f"http://127.0.0.1:{down}/"]

    with caplog.at_level(logging.ERROR, logger="public.tasks"):
        started = time.monotonic()
        services.unpublish(
            compound,
            by=factories.reviewer(username="varnish-reviewer"),
            reason="Safety hold",
            signature=factories.signature(factories.reviewer(username="varnish-reviewer")),
        )
        took = time.monotonic() - started

    assert took < 1, "a failing purge must not hold the reviewer's request"
    failed = FailedPurge.objects.get()
    assert failed.purged_at is None and failed.tags == sorted([f"compound-{compound.pk}", "compound-list"])
    assert any("Take-down purge" in record.getMessage() for record in caplog.records)
    assert retry_failed_purges() == 1  # still failing: still pending

    varnish = varnish_factory(purged=False)
    settings.FRONTEND_CACHE_PURGE_URLS = [varnish.url]
    assert retry_failed_purges() == 0

    failed.refresh_from_db()
    # the take-down's own attempt, then the sweep's two
    assert failed.purged_at is not None and failed.attempts == 3


def test_confirming_a_page_still_accurate_purges_it(varnish):
    compound = factories.published_compound(studies=1)
    _cached(varnish, f"/compounds/{compound.slug}/")

    services.confirm_still_accurate(
        compound,
        by=factories.reviewer(username="varnish-confirmer"),
        signature=factories.signature(factories.reviewer(username="varnish-confirmer")),
    )

    assert not varnish.get(f"/compounds/{compound.slug}/").hit


def test_with_a_broker_a_failed_take_down_purge_queues_its_own_retry(app_redis, settings):
    compound = factories.published_compound(studies=0)
    settings.FRONTEND_CACHE_PURGE_URLS = [f"http://127.0.0.1:{_free_port()}/"]  # refused

    services.unpublish(
        compound,
        by=factories.reviewer(username="varnish-reviewer"),
        reason="Safety hold",
        signature=factories.signature(factories.reviewer(username="varnish-reviewer")),
    )

    failed = FailedPurge.objects.pending().get()
    queued = [json.loads(message) for message in redis.Redis(port=app_redis.port).lrange("celery", 0, -1)]
    retries = [message for message in queued if message["headers"]["task"] == "public.tasks.retry_failed_purge"]
    assert [json.loads(base64.b64decode(message["body"]))[0] for message in retries] == [[failed.pk]]


def test_a_purge_of_many_tags_at_once_reaches_every_page(varnish):
    compound = factories.published_compound(studies=0)
    _cached(varnish, f"/compounds/{compound.slug}/")
    # as many as a batch of the stamp sweep can purge: far more than one header holds
    tags = [f"study-{number}" for number in range(2000)] + [f"compound-{compound.pk}"]

    purge.purge(tags)

    assert not varnish.get(f"/compounds/{compound.slug}/").hit
