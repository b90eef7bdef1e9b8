"""Benchmark: flag 10,000 live pages whose review is due, and count the queries.

Not a test. Run against PostgreSQL, on a database of its own:

    createdb -h 127.0.0.1 -U postgres cms_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cms_bench .venv/bin/python bench/flag_due.py

It creates the pages in bulk (10,000 studies with current editions, due yesterday),
times `reviews.sweeps.flag_due`, prints the time and the number of queries, and
removes everything it created.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from reversion.models import Revision  # noqa: E402

from reviews import selectors, sweeps  # noqa: E402
from reviews.models import Edition, ReviewFlag  # noqa: E402
from studies.models import Study  # noqa: E402

PAGES = int(os.environ.get("BENCH_PAGES", 10_000))
PREFIX = "bench-due-"


def main() -> None:
    call_command("migrate", verbosity=0)
    clean()
    reviewer, _ = get_user_model().objects.get_or_create(
        username="bench-reviewer", defaults={"email": "bench@example.org", "is_superuser": True}
    )
    revision = Revision.objects.create(date_created=timezone.now(), comment="benchmark")
    yesterday = timezone.localdate() - timedelta(days=1)
    studies = Study.objects.bulk_create(
        Study(slug=f"{PREFIX}{n}", pmid=str(90_000_000 + n), title=f"Benchmark study {n}", is_live=True,
              state=Study.State.PUBLISHED, review_due_at=yesterday)
        for n in range(PAGES)
    )  # fmt: skip
    content_type = selectors.content_type(Study)
    now = timezone.now()
    Edition.objects.bulk_create(
        Edition(content_type=content_type, object_id=s.pk, kind="study", slug=s.slug, title=s.title, content={},
                content_hash="0" * 64, revision=revision, approved_by=reviewer, approved_at=now, published_at=now)
        for s in studies
    )  # fmt: skip

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        flagged = sweeps.flag_due()
        elapsed = time.perf_counter() - started
    batch = int(os.environ.get("REVIEW_SWEEP_BATCH_SIZE", 500))
    print(f"database: {connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}")
    print(f"flagged {len(flagged):,} due pages in {elapsed:.2f} s ({len(flagged) / elapsed:,.0f} pages/s)")
    print(f"queries: {len(queries.captured_queries)} (batch size {batch}: {PAGES // batch} batches)")
    assert ReviewFlag.objects.filter(resolved_at=None).count() == PAGES
    clean()


def clean() -> None:
    ids = list(Study.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True))
    content_type = selectors.content_type(Study)
    ReviewFlag.objects.filter(content_type=content_type, object_id__in=ids).delete()
    Edition.objects.filter(content_type=content_type, object_id__in=ids)._raw_delete(Edition.objects.db)
    Study.objects.filter(pk__in=ids).delete()
    Revision.objects.filter(comment="benchmark", version__isnull=True).delete()


if __name__ == "__main__":
    main()
