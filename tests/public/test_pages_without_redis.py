"""Public pages never depend on the cache's Redis: down or hung, pages render as usual."""

import socket
import threading

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


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
    yield request.param
    if server:
        server.close()


def test_public_pages_answer_200_when_the_cache_redis_is_down_or_hangs(client, broken_cache):
    factories.published_compound(slug="bulk-5", name="Bulk 5")  # publishing must not fail either
    for url in ("/compounds/bulk-5/", "/compounds/", "/", "/api/compounds/bulk-5/", "/sitemap.xml"):
        assert client.get(url).status_code == 200, (broken_cache, url)
