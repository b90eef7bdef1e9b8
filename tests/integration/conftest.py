"""A real Celery worker on a real Redis and the test PostgreSQL database.

Each test module gets a private redis-server on a free port, so that stopping it to
simulate an outage never touches the machine's shared Redis.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from cms.celery import app


def wait_for(condition, *, timeout=30.0, interval=0.2, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        wait_for(lambda: _answers(client), timeout=10, what="the test Redis")

    def stop(self):
        self.resume()
        self.process.terminate()
        self.process.wait(timeout=10)

    def pause(self):
        """Hang it: connections are still accepted (the kernel queues them), never answered."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


def _answers(client) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


class Worker:
    """`celery worker` in its own process group, so it can be killed outright."""

    def __init__(self, redis_url: str, log: Path):
        self.redis_url = redis_url
        self.log = log
        self.process = None

    def start(self):
        db = settings.DATABASES["default"]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": self.redis_url,
            "CELERY_VISIBILITY_TIMEOUT": "3",
            "REVIEW_SWEEP_BATCH_SIZE": "25",
        }
        offset = self.log.stat().st_size if self.log.exists() else 0
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cms",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],  # fmt: skip
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: "ready." in self.log.read_text()[offset:], timeout=60, what="the worker to start")

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def point_app_at(url: str) -> None:
    """Send this process's tasks to `url`; drops connections made to any other broker."""
    app.conf.broker_url = url
    # Celery builds its connection pools lazily from the configuration; forget them.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def private_redis():
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs a database it can share: run on PostgreSQL")
    server = RedisServer()
    server.start()
    previous = app.conf.broker_url
    point_app_at(server.url)
    yield server
    point_app_at(previous)
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def app_redis(settings):
    """The app's broker and cache on a private redis-server, with the app's own
    deadlines; tasks are sent to it rather than run in-process. Needs no worker, so it
    runs on SQLite too."""
    server = RedisServer()
    server.start()
    previous = app.conf.broker_url, app.conf.task_always_eager
    point_app_at(server.url)
    app.conf.task_always_eager = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url.replace("/0", "/1"),
            "OPTIONS": {**settings.REDIS_TIMEOUTS},
        }
    }
    yield server
    point_app_at(previous[0])
    app.conf.task_always_eager = previous[1]
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def worker(private_redis, tmp_path):
    worker = Worker(private_redis.url, tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()
