"""Benchmark: serve the Cerebrolysin page with gunicorn on PostgreSQL, with and without
the page cache, beside a trivial view returning the same bytes from memory.

Not a test. Needs PostgreSQL, Redis and wrk (`apt-get install wrk`). It recreates the
database named below, so give it one of its own:

    .venv/bin/python bench/serve_page.py            # uses postgres://postgres@127.0.0.1:5432/cms_bench_pages

It imports ../shared/bench/content.json through `import_compounds`, publishes every
study and compound through the review workflow, starts gunicorn twice (page cache on
and off), then runs wrk on each variant in turn for BENCH_ROUNDS rounds and prints
requests per second, p50/p99 and each variant's ratio to the trivial view.
"""

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT.parent / "shared" / "bench" / "content.json"
DB_NAME = os.environ.get("BENCH_DB", "cms_bench_pages")
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/6"  # broker db 6, page cache db 7: away from other uses
PORT = 8123
DURATION = os.environ.get("BENCH_DURATION", "10s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
WORKERS = os.environ.get("BENCH_WORKERS", "2")
PAGE_FILE = Path("/tmp/bench-cerebrolysin.html")

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": DB_URL,
    "REDIS_URL": REDIS_URL,
    "DEBUG": "False",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "False",
    "BEHIND_TLS_PROXY": "False",
    "LOG_LEVEL": "WARNING",
    "BENCH_PAGE_FILE": str(PAGE_FILE),
}


def run(*args, env=ENV, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def manage(*args):
    run(sys.executable, "manage.py", *args, stdout=subprocess.DEVNULL)


def prepare_database():
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB_NAME], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=True)
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    run(sys.executable, "-c", USERS)
    started = time.perf_counter()
    manage("import_compounds", str(CONTENT), "--by", "bench-editor")
    imported = time.perf_counter() - started
    # Publishing runs in-process with tasks eager, as `make run` does.
    env = {k: v for k, v in ENV.items() if k != "REDIS_URL"}
    started = time.perf_counter()
    run(sys.executable, "-c", PUBLISH, env=env)
    return imported, time.perf_counter() - started


USERS = """
import django; django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from reviews.models import ReviewerProfile
User = get_user_model()
editor = User.objects.create_user("bench-editor", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
reviewer = User.objects.create_user("bench-reviewer", is_staff=True)
reviewer.groups.add(Group.objects.get(name="Medical reviewers"))
ReviewerProfile.objects.create(user=reviewer, display_name="Jordan Reyes", credentials="PharmD")
"""

PUBLISH = """
import django; django.setup()
from django.contrib.auth import get_user_model
from compounds.models import Compound
from reviews import services
from studies.models import Study
User = get_user_model()
editor = User.objects.get(username="bench-editor")
reviewer = User.objects.get(username="bench-reviewer")
for model in (Study, Compound):
    for obj in model.objects.order_by("pk"):
        services.approve(services.submit(obj, by=editor), by=reviewer)
"""


def start_gunicorn(port: int, page_cache_seconds: int):
    env = {**ENV, "PAGE_CACHE_SECONDS": str(page_cache_seconds)}
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "bench.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", WORKERS,
         "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def wrk(port: int, path: str) -> dict:
    url = f"http://127.0.0.1:{port}{path}"
    for _ in range(50):  # warm up: the cache fills, workers import everything
        urllib.request.urlopen(url).read()
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "non_2xx": int(errors.group(1)) if errors else 0}


TRIVIAL = "trivial view (same bytes from memory)"
# name: (server, path); the trivial view and the cache hit share one server.
VARIANTS = {
    TRIVIAL: ("cached", "/bench/trivial/"),
    "page cache hit": ("cached", "/compounds/cerebrolysin/"),
    "page cache off (rendered from the edition)": ("uncached", "/compounds/cerebrolysin/"),
}


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    if not CONTENT.exists():
        raise SystemExit(f"{CONTENT} is missing")
    imported, published = prepare_database()
    print(f"imported {CONTENT.name} in {imported:.1f} s; published 25 studies and 301 compounds in {published:.1f} s")

    server = start_gunicorn(PORT, page_cache_seconds=300)
    PAGE_FILE.write_bytes(urllib.request.urlopen(f"http://127.0.0.1:{PORT}/compounds/cerebrolysin/").read())
    stop(server)  # restart so the trivial view reads the page file

    # Both servers run throughout, idle while the other is measured; the variants take
    # turns, round after round, so a passing load on the machine touches each alike.
    ports = {"cached": PORT, "uncached": PORT + 1}
    servers = [start_gunicorn(PORT, page_cache_seconds=300), start_gunicorn(PORT + 1, page_cache_seconds=0)]
    rounds = []
    try:
        for _ in range(ROUNDS):
            rounds.append({name: wrk(ports[server], path) for name, (server, path) in VARIANTS.items()})
    finally:
        for server in servers:
            stop(server)

    print(f"page: /compounds/cerebrolysin/ ({PAGE_FILE.stat().st_size:,} bytes); gunicorn {WORKERS} sync workers; "
          f"wrk -t2 -c{CONNECTIONS} -d{DURATION}; {ROUNDS} rounds, variants in turn")  # fmt: skip
    print(f"{'round':<6} {'variant':<45} {'req/s':>9} {'p50':>9} {'p99':>9} {'of trivial':>11} {'non-2xx':>8}")
    for number, results in enumerate(rounds, 1):
        ceiling = results[TRIVIAL]["rps"]
        for name, r in results.items():
            print(
                f"{number:<6} {name:<45} {r['rps']:>9.0f} {r['p50']:>9} {r['p99']:>9} "
                f"{r['rps'] / ceiling:>10.0%} {r['non_2xx']:>8}"
            )
    print("median ratio to the trivial view over the rounds:")
    for name in VARIANTS:
        ratios = sorted(results[name]["rps"] / results[TRIVIAL]["rps"] for results in rounds)
        print(f"  {name:<45} {ratios[len(ratios) // 2]:>6.0%}")


if __name__ == "__main__":
    main()
