"""Benchmark: serve the Cerebrolysin page with gunicorn on PostgreSQL, rendered by the app
with no cache in front of it, beside a trivial view returning the same bytes from memory.

Not a test. Needs PostgreSQL and wrk (`apt-get install wrk`). It recreates the
database named below, so give it one of its own:

    .venv/bin/python bench/serve_page.py            # uses postgres://postgres@127.0.0.1:5432/cms_bench_pages

It imports ../shared/bench/content.json through `import_compounds`, publishes every
study and compound through the review workflow, starts gunicorn with production
settings, counts the queries one page costs, then runs wrk on each variant in turn for
BENCH_ROUNDS rounds and prints requests per second, p50/p99 and each variant's ratio
to the trivial view. Each variant is a function that returns the URL to measure, so
that a variant in front of the app (an HTTP cache, a static file server) is one more
function in VARIANTS.
"""

import atexit
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT.parent / "shared" / "bench" / "content.json"
DB_NAME = os.environ.get("BENCH_DB", "cms_bench_pages")
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/6"  # broker db 6, cache db 7: away from other uses
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
from datetime import timedelta
from django.utils import timezone
from reviews import credentials, second_factor
from reviews.models import Credential, ReviewerProfile
User = get_user_model()
editor = User.objects.create_user("bench-editor", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
reviewer = User.objects.create_user("bench-reviewer", password="bench-signing-password-1", is_staff=True)
reviewer.groups.add(Group.objects.get(name="Medical reviewers"))
first_profile = ReviewerProfile.objects.create(user=reviewer, display_name="Jordan Reyes")
# Safety-critical changes are published at a second reviewer's approval.
second = User.objects.create_user("bench-second-reviewer", password="bench-signing-password-1", is_staff=True)
second.groups.add(Group.objects.get(name="Medical reviewers"))
second_profile = ReviewerProfile.objects.create(user=second, display_name="Amara Okafor")
# Reviewers sign with credentials a managing editor verified.
desk = User.objects.create_user("bench-desk", is_staff=True)
desk.groups.add(Group.objects.get(name="Managing editors"))
for profile, abbreviation in ((first_profile, "PharmD"), (second_profile, "MD")):
    licence = Credential.objects.create(
        reviewer=profile, abbreviation=abbreviation, issuing_body="Bench licensing board", number="1",
        expires_on=timezone.localdate() + timedelta(days=365),
    )
    credentials.verify(licence, by=desk)
# Reviewers sign with a second factor: each sets up an authenticator, as on its page.
for user in (reviewer, second):
    device = second_factor.start_enrolment(user)
    second_factor.confirm_enrolment(user, device, second_factor.code_shown_now(device))
"""

PUBLISH = """
import django; django.setup()
from django.contrib.auth import get_user_model
from datetime import timedelta
from django.utils import timezone
from compounds.models import Compound, Verdict
from reviews import second_factor, services, signatures
from studies.models import Study
User = get_user_model()
editor = User.objects.get(username="bench-editor")
reviewers = [User.objects.get(username=name) for name in ("bench-reviewer", "bench-second-reviewer")]
sessions, signed = {}, {}


def signature(reviewer):
    # One sitting per reviewer: password and code first, the password again each few
    # minutes, so that checking a password does not dominate the load.
    last = signed.get(reviewer.pk)
    if last is None or timezone.now() - last.signed_at > timedelta(minutes=4):
        code = "" if last else second_factor.code_shown_now(second_factor.authenticator(reviewer))
        session = sessions.setdefault(reviewer.pk, {})
        signed[reviewer.pk] = signatures.sign(reviewer, session=session, password="bench-signing-password-1", code=code)
    return signed[reviewer.pk]


def publish(obj):
    submission = services.submit(obj, by=editor)
    for reviewer in reviewers:  # the second approval publishes what needs two
        if services.approve(submission, by=reviewer, signature=signature(reviewer)) is not None:
            return


for study in Study.objects.order_by("pk"):
    publish(study)
# The filler pages cite nothing and list no side effects, which review refuses: give
# each what submitting asks (a cited study, a reason), as an editor would.
cited = Study.objects.order_by("pk").first()
for compound in Compound.objects.filter(evidence_links=None, verdicts=None):
    with services.drafting(by=editor, comment="Benchmark page made ready for review"):
        compound.no_known_adverse_effects_reason = "Synthetic benchmark page: it lists no side effects."
        compound.save()
        verdict = Verdict.objects.create(
            compound=compound, position=0, outcome="Benchmark", verdict=Verdict.Finding.MIXED,
            quality=Verdict.Quality.LOW,
        )
        verdict.studies.add(cited)
for compound in Compound.objects.order_by("pk"):
    publish(compound)
"""


def start_gunicorn(port: int):
    env = {**ENV}
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


def wrk(url: str) -> dict:
    for _ in range(50):  # warm up: workers import everything, templates are compiled
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


PAGE = "/compounds/cerebrolysin/"
TRIVIAL = "trivial view (same bytes from memory)"


def trivial_view(app_port: int) -> str:
    """The ceiling: a Django view behind every middleware, returning the page's bytes."""
    return f"http://127.0.0.1:{app_port}/bench/trivial/"


def app_without_cache(app_port: int) -> str:
    """The page as the app renders it on every request: nothing caches it."""
    return f"http://127.0.0.1:{app_port}{PAGE}"


# name: function(app port) -> URL; wrk runs each in turn, round after round.
VARIANTS = {
    TRIVIAL: trivial_view,
    "app, no cache (rendered from the edition)": app_without_cache,
}


# In front of the app: Varnish running the shipped VCL, measured on hits, against nginx
# serving the page's bytes as a static file (the target: Varnish >= 50 % of nginx).
# Each starts on a free port in a temporary directory and is stopped when the run ends.
VARNISH = "varnish, hit (deploy/varnish/default.vcl)"
NGINX = "nginx, the same bytes as a static file"
_fronts: list[subprocess.Popen] = []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_front(args: list[str], port: int) -> None:
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _fronts.append(process)
    atexit.register(_stop_fronts)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{args[0]} did not start")


def _stop_fronts() -> None:
    while _fronts:
        process = _fronts.pop()
        process.terminate()
        process.wait(timeout=30)


def through_varnish(app_port: int) -> str:
    """The page as Varnish serves it from its cache: it keeps it 1 s, then revalidates (304)."""
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    workdir = Path(tempfile.mkdtemp(prefix="bench-varnish-"))
    vcl = (ROOT / "deploy/varnish/default.vcl").read_text().replace('.port = "8000";', f'.port = "{app_port}";')
    (workdir / "bench.vcl").write_text(vcl)
    port = _free_port()
    _start_front(
        [varnishd, "-F", "-j", "none", "-n", str(workdir / "n"), "-T", "none", "-a", f"127.0.0.1:{port}",
         "-f", str(workdir / "bench.vcl"), "-s", "malloc,64m"],
        port,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}{PAGE}"
    urllib.request.urlopen(url).read()  # a miss: Varnish fetches the page and keeps it
    hit = urllib.request.urlopen(url)
    if "HIT" not in hit.headers.get("X-Cache", ""):
        raise SystemExit(f"Varnish did not keep {PAGE}: {dict(hit.headers)}")
    return url


def nginx_static_file(app_port: int) -> str:
    """The same bytes as the page, from a file, by nginx with sendfile and no access log."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    shutil.copy(PAGE_FILE, workdir / "page.html")
    workdir.chmod(0o755)
    (workdir / "page.html").chmod(0o644)
    port = _free_port()
    (workdir / "nginx.conf").write_text(
        f"""worker_processes auto;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    default_type text/html;
    client_body_temp_path {workdir}; proxy_temp_path {workdir}; fastcgi_temp_path {workdir};
    uwsgi_temp_path {workdir}; scgi_temp_path {workdir};
    server {{
        listen 127.0.0.1:{port};
        root {workdir};
        location = {PAGE} {{ try_files /page.html =404; }}
    }}
}}
"""
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    _start_front(
        [nginx, "-p", str(workdir), "-e", str(workdir / "error.log"), "-c", str(workdir / "nginx.conf"),
         "-g", "daemon off;"],
        port,
    )  # fmt: skip
    return f"http://127.0.0.1:{port}{PAGE}"


VARIANTS[VARNISH] = through_varnish
VARIANTS[NGINX] = nginx_static_file


def report_front_caches(rounds: list[dict]) -> None:
    ratios = sorted(results[VARNISH]["rps"] / results[NGINX]["rps"] for results in rounds)
    print(f"median ratio of Varnish (hit) to nginx (static file): {ratios[len(ratios) // 2]:.0%} (target: >= 50 %)")


def queries_per_page(path: str) -> int:
    """Queries the app runs for one request of `path`, after a first one has warmed it."""
    script = f"""
import django; django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
assert client.get({path!r}).status_code == 200
with CaptureQueriesContext(connection) as queries:
    assert client.get({path!r}).status_code == 200
print(len(queries.captured_queries))
"""
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=ENV, capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def measure(app_port: int, variants: dict) -> list[dict]:
    """wrk on each variant in turn for ROUNDS rounds; the variants take turns, so a
    passing load on the machine touches each alike."""
    urls = {name: variant(app_port) for name, variant in variants.items()}
    return [{name: wrk(url) for name, url in urls.items()} for _ in range(ROUNDS)]


def report(rounds: list[dict], *, queries: int) -> None:
    print(f"page: {PAGE} ({PAGE_FILE.stat().st_size:,} bytes, {queries} queries); gunicorn {WORKERS} sync workers; "
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
    for name in rounds[0]:
        ratios = sorted(results[name]["rps"] / results[TRIVIAL]["rps"] for results in rounds)
        print(f"  {name:<45} {ratios[len(ratios) // 2]:>6.0%}")


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    if not CONTENT.exists():
        raise SystemExit(f"{CONTENT} is missing")
    imported, published = prepare_database()
    print(f"imported {CONTENT.name} in {imported:.1f} s; published 25 studies and 301 compounds in {published:.1f} s")

    server = start_gunicorn(PORT)
    PAGE_FILE.write_bytes(urllib.request.urlopen(f"http://127.0.0.1:{PORT}{PAGE}").read())
    stop(server)  # restart so the trivial view reads the page file
    queries = queries_per_page(PAGE)

    server = start_gunicorn(PORT)
    try:
        rounds = measure(PORT, VARIANTS)
    finally:
        stop(server)
    report(rounds, queries=queries)
    report_front_caches(rounds)


if __name__ == "__main__":
    main()
