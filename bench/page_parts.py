"""Benchmark: where one uncached page view's time goes, in one process, beside the
trivial view. Not a test.

Run `bench/serve_page.py` first (it builds the database cms_bench_pages), then:

    .venv/bin/python bench/page_parts.py

It prints milliseconds per call, each the mean of BENCH_CALLS calls after a warm-up:
the whole request through Django's test client (every middleware) for the page and for
the trivial view, and each of the page's two queries as the ORM runs it (building,
compiling, executing, making the result) beside the same SQL sent straight to
psycopg. The difference is what the ORM costs per query on this machine.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import serve_page  # noqa: E402  (its environment: database, production settings)

os.environ.update(serve_page.ENV)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from compounds import selectors  # noqa: E402
from public import pages  # noqa: E402
from reviews import registry  # noqa: E402
from reviews.models import Edition  # noqa: E402
from reviews.selectors import current_editions  # noqa: E402

CALLS = int(os.environ.get("BENCH_CALLS", "1000"))


def per_call(function) -> float:
    for _ in range(50):
        function()
    started = time.perf_counter()
    for _ in range(CALLS):
        function()
    return (time.perf_counter() - started) / CALLS * 1000


def straight_sql(queryset):
    """The queryset's SQL, compiled once, run on the cursor with no ORM around it."""
    sql, params = queryset.query.sql_with_params()
    cursor = connection.cursor()
    return lambda: (cursor.execute(sql, params), cursor.fetchall())


def main():
    edition = selectors.compound_page(slug="cerebrolysin")
    if edition is None:
        raise SystemExit("No Cerebrolysin page: run bench/serve_page.py first to build the database.")
    # The two queries the page runs, rebuilt as the selectors build them, for their SQL.
    edition_query = current_editions("compound").filter(slug="cerebrolysin").defer("content", "facets")
    shown_query = Edition.objects.current().filter(registry.pages_about(edition)[0])
    shown_query = shown_query.values("pk", "kind", "object_id", "title", "slug", "published_at")
    client = Client(HTTP_HOST="127.0.0.1")
    rows = [
        ("request: trivial view (the page's bytes)", lambda: client.get("/bench/trivial/")),
        ("request: the page, uncached", lambda: client.get(serve_page.PAGE)),
        ("query 1 through the ORM: the edition", lambda: selectors.compound_page(slug="cerebrolysin")),
        ("query 1, its SQL on the cursor", straight_sql(edition_query.order_by("-approved_at", "-pk")[:1])),
        ("query 2 through the ORM: what the page shows", lambda: pages.Shown(edition)),
        ("query 2, its SQL on the cursor", straight_sql(shown_query.order_by("-published_at", "-pk"))),
    ]
    print(f"ms per call, mean of {CALLS} after 50 to warm up (one process, PostgreSQL on this host)")
    for name, function in rows:
        print(f"  {name:<48} {per_call(function):7.3f}")


if __name__ == "__main__":
    main()
