"""Review stamps on what readers see, and the review dates of working copies.

A `ReviewStamp` records a reviewer's judgement of one edition. The transition that
writes it copies it onto that edition in the same transaction (`record`), and a
working copy's `last_reviewed_at` / `review_due_at` are always derived from its
current edition: when the edition goes live (`restamp`, called by the publication)
or when a reviewer re-confirms the live one. So a stamp is never half-applied: a
transition that dies takes its stamp with it.

`restamp` is also the repair, for what an older release, a lost message or a killed
job left behind: it works in one transaction per batch and takes the working copies'
row locks before reading anything, as the transitions do, so a process killed while
it waits writes nothing, and one that runs late or twice converges on the same values.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import jobs
from .models import Edition, ReviewerProfile, ReviewStamp

STAMP_FIELDS = ["last_reviewed_at", "last_reviewed_by", "reviewer_name", "reviewer_credentials"]
DATE_FIELDS = ["last_reviewed_at", "last_reviewed_by", "review_due_at"]
DATE_ATTNAMES = ["last_reviewed_at", "last_reviewed_by_id", "review_due_at"]


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


def record(stamp: ReviewStamp, *, obj, profile: ReviewerProfile) -> None:
    """Copy a stamp just written onto its edition and, if that edition is live, date `obj`.

    Called inside the transition that wrote `stamp`, which holds `obj`'s row lock. An
    edition that is not live yet (approved now or for later) dates the working copy
    when it goes live; until then the working copy keeps the dates of the edition
    readers still see.
    """
    edition = stamp.edition
    if _copy_stamp(stamp, onto=edition):
        edition.save(update_fields=STAMP_FIELDS)
    if edition.published_at is None or edition.superseded_at or edition.unpublished_at:
        return  # not live (yet)
    obj.set_workflow(
        last_reviewed_at=edition.last_reviewed_at,
        last_reviewed_by=profile,
        review_due_at=review_due(edition.kind, reviewed_at=edition.last_reviewed_at, object_id=obj.pk),
    )
    if edition.published_at != stamp.reviewed_at:  # a publication in this transition purges the page already
        jobs.purge_on_commit(edition.purge_tags)


def _latest_own_stamp():
    return ReviewStamp.objects.filter(edition=OuterRef("pk")).order_by("-reviewed_at", "-pk")


def lagging_editions():
    """Current editions whose stamp is older than the latest review of that edition."""
    return (
        Edition.objects.current()
        .annotate(latest_reviewed_at=Subquery(_latest_own_stamp().values("reviewed_at")[:1]))
        .filter(
            Q(last_reviewed_at__isnull=True, latest_reviewed_at__isnull=False)
            | Q(last_reviewed_at__lt=F("latest_reviewed_at"))
        )
    )


def misdated_working_copies(model):
    """Live working copies of `model` whose review dates are not their current edition's,
    or that have no due date (so the due sweep would never bring them back)."""
    current = Edition.objects.current().filter(
        content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk")
    )
    reviewed = current.annotate(reviewed_at=Coalesce("last_reviewed_at", "approved_at")).values("reviewed_at")[:1]
    return (
        model._default_manager.filter(is_live=True)
        .annotate(edition_reviewed_at=Subquery(reviewed))
        .filter(edition_reviewed_at__isnull=False)
        .filter(
            Q(review_due_at__isnull=True)
            | Q(last_reviewed_at__isnull=True)
            | Q(last_reviewed_at__lt=F("edition_reviewed_at"))
            | Q(last_reviewed_at__gt=F("edition_reviewed_at"))
        )
    )


def restamp(editions) -> int:
    """Bring the current ones of `editions` up to their latest stamp, and their working
    copies' review dates in line with them, in one transaction.

    A fixed number of queries whatever the batch size (one lock and one update per
    kind of content). An edition without a stamp of its own counts as reviewed when
    it was approved, which is what its approval stamp says. Returns how many pages
    changed.
    """
    with transaction.atomic():
        refs = {}
        for content_type_id, object_id in editions.current().values_list("content_type_id", "object_id"):
            refs.setdefault(content_type_id, []).append(object_id)
        # The transitions lock the working copy before its editions: so does this, so
        # that a stamp written meanwhile is seen, and nothing is written while waiting.
        saved_dates = {}
        for content_type_id in sorted(refs):
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            rows = model._default_manager.select_for_update().filter(pk__in=refs[content_type_id]).order_by("pk")
            for pk, *dates in rows.values_list("pk", *DATE_ATTNAMES):
                saved_dates[content_type_id, pk] = tuple(dates)
        current = list(
            editions.current()
            .defer("content", "facets", "rendered_html", "head")
            .annotate(stamp_id=Subquery(_latest_own_stamp().values("pk")[:1]))
        )
        stamps = ReviewStamp.objects.in_bulk([e.stamp_id for e in current if e.stamp_id])
        stamped = [e for e in current if _copy_stamp(stamps.get(e.stamp_id), onto=e)]
        reviewers = {e.last_reviewed_by_id or e.approved_by_id for e in current}
        profiles = dict(ReviewerProfile.objects.filter(user_id__in=reviewers).values_list("user_id", "pk"))
        dated, changed = {}, {(e.content_type_id, e.object_id) for e in stamped}
        for edition in current:
            reviewed_at = edition.last_reviewed_at or edition.approved_at
            dates = (
                reviewed_at,
                profiles.get(edition.last_reviewed_by_id or edition.approved_by_id),
                review_due(edition.kind, reviewed_at=reviewed_at, object_id=edition.object_id),
            )
            if saved_dates.get((edition.content_type_id, edition.object_id), dates) != dates:
                model = ContentType.objects.get_for_id(edition.content_type_id).model_class()
                dated.setdefault(model, []).append(
                    model(pk=edition.object_id, **dict(zip(DATE_ATTNAMES, dates, strict=True)))
                )
                changed.add((edition.content_type_id, edition.object_id))
        if stamped:
            Edition.objects.bulk_update(stamped, STAMP_FIELDS)
            # The review line is on every cached copy of these pages.
            jobs.purge_on_commit([tag for e in stamped for tag in e.purge_tags])
        for model, rows in dated.items():
            model._default_manager.bulk_update(rows, DATE_FIELDS)
    return len(changed)


def _copy_stamp(stamp: ReviewStamp | None, *, onto: Edition) -> bool:
    """Copy `stamp` onto the edition if it is newer than the edition's; whether it was."""
    if stamp is None or (onto.last_reviewed_at is not None and onto.last_reviewed_at >= stamp.reviewed_at):
        return False
    onto.last_reviewed_at = stamp.reviewed_at
    onto.last_reviewed_by_id = stamp.reviewer_id
    onto.reviewer_name = stamp.reviewer_name
    onto.reviewer_credentials = stamp.reviewer_credentials
    return True
