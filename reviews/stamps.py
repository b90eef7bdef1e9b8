"""Copying review stamps onto what readers see: derived, idempotent work for jobs.

The `ReviewStamp` rows are the truth. These functions copy the latest stamp of each
page onto its current Edition and its working copy, so running them twice, late or
at the same time as another run converges on the same values.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from . import page_cache, registry
from .models import Edition, ReviewerProfile, ReviewStamp


def review_due(kind: str, *, reviewed_at: datetime, object_id: int) -> date:
    """When a page reviewed at `reviewed_at` falls due again.

    The cadence comes from settings, per kind. Pages are then spread over the
    `REVIEW_SPREAD_DAYS` before that date, by id, so that a thousand pages published
    on one day do not all fall due on one day; a page only ever falls due early.
    """
    reviewed = timezone.localdate(reviewed_at)
    months = settings.REVIEW_CADENCE_MONTHS[kind]
    month_index = reviewed.month - 1 + months
    year, month = reviewed.year + month_index // 12, month_index % 12 + 1
    last_day = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    due = date(year, month, min(reviewed.day, last_day))
    return due - timedelta(days=object_id % settings.REVIEW_SPREAD_DAYS)


def _latest_stamp():
    return ReviewStamp.objects.filter(content_type=OuterRef("content_type"), object_id=OuterRef("object_id")).order_by(
        "-reviewed_at", "-pk"
    )


def lagging_editions():
    """Current editions whose stamp is older than their page's latest review."""
    return (
        Edition.objects.current()
        .annotate(latest_reviewed_at=Subquery(_latest_stamp().values("reviewed_at")[:1]))
        .filter(
            Q(last_reviewed_at__isnull=True, latest_reviewed_at__isnull=False)
            | Q(last_reviewed_at__lt=F("latest_reviewed_at"))
        )
    )


def stamp_editions(editions) -> int:
    """Stamp a batch of current editions and their working copies; a fixed number of
    queries whatever the batch size. Returns how many editions were stamped."""
    editions = list(
        editions.current()
        .defer("content", "facets", "rendered_html")
        .annotate(stamp_id=Subquery(_latest_stamp().values("pk")[:1]))
    )
    stamps = ReviewStamp.objects.in_bulk([e.stamp_id for e in editions if e.stamp_id])
    profiles = {
        p.user_id: p.pk
        for p in ReviewerProfile.objects.filter(user_id__in={s.reviewer_id for s in stamps.values()}).only("user_id")
    }
    stamped, working_copies = [], {}
    for edition in editions:
        stamp = stamps.get(edition.stamp_id)
        if stamp is None:
            continue
        edition.last_reviewed_at = stamp.reviewed_at
        edition.last_reviewed_by_id = stamp.reviewer_id
        edition.reviewer_name = stamp.reviewer_name
        edition.reviewer_credentials = stamp.reviewer_credentials
        stamped.append(edition)
        model = ContentType.objects.get_for_id(edition.content_type_id).model_class()
        working_copies.setdefault(model, []).append(
            model(
                pk=edition.object_id,
                last_reviewed_at=stamp.reviewed_at,
                last_reviewed_by_id=profiles.get(stamp.reviewer_id),
                review_due_at=review_due(edition.kind, reviewed_at=stamp.reviewed_at, object_id=edition.object_id),
            )
        )
    Edition.objects.bulk_update(
        stamped, ["last_reviewed_at", "last_reviewed_by", "reviewer_name", "reviewer_credentials"]
    )
    # The review line is on every cached copy of these pages.
    page_cache.forget_on_commit(
        [path for e in stamped for path in registry.builder_for_kind(e.kind).public_paths(e.slug)]
    )
    for model, rows in working_copies.items():
        model._default_manager.bulk_update(rows, ["last_reviewed_at", "last_reviewed_by", "review_due_at"])
    return len(stamped)


def stamp_page(obj) -> int:
    return stamp_editions(Edition.for_object(obj))
