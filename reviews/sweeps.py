"""Periodic sweeps that bring live pages back to the reviewers and catch up on work a
lost message missed. Each works in batches with a fixed number of queries per batch,
and each is safe to run twice or at the same time as another run.
"""

from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from . import jobs, notifications, registry, selectors, stamps
from .models import Citation, Edition, ReviewFlag


def flag_due(*, today: date | None = None, batch_size: int | None = None) -> list[ReviewFlag]:
    """Flag live pages whose review is due, and email the reviewers one digest."""
    today = today or timezone.localdate()
    batch_size = batch_size or settings.REVIEW_SWEEP_BATCH_SIZE
    flagged = []
    for builder in registry.builders():
        content_type = selectors.content_type(builder.model)
        already = ReviewFlag.objects.filter(
            content_type=content_type, object_id=OuterRef("pk"), reason=ReviewFlag.Reason.DUE, resolved_at=None
        )
        due = (
            builder.model._default_manager.filter(is_live=True, review_due_at__lte=today)
            .exclude(Exists(already))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        while ids := list(due[:batch_size]):
            editions = Edition.objects.current().filter(content_type=content_type, object_id__in=ids)
            batch = [
                ReviewFlag(content_type=content_type, object_id=e.object_id, reason=ReviewFlag.Reason.DUE, edition=e)
                for e in editions.only("pk", "object_id", "title")
            ]
            if not batch:
                break  # live without a current edition: nothing a reviewer could confirm
            ReviewFlag.objects.bulk_create(batch, ignore_conflicts=True)
            flagged.extend(batch)
    notifications.email_reviewers(flagged)
    return flagged


def flag_pages_citing(edition: Edition) -> list[ReviewFlag]:
    """Bring back the live pages that still embed an earlier edition of `edition`'s record."""
    stale = Citation.objects.filter(
        content_type=edition.content_type_id, object_id=edition.object_id, edition__in=Edition.objects.current()
    ).exclude(cited_edition=edition)
    return _flag_citations(stale.select_related("edition"))


def flag_retracted(obj, *, details: dict) -> list[ReviewFlag]:
    """Bring back every live page citing `obj` (a study), and `obj`'s own live page,
    because the paper was retracted: the same flags as for a changed study, with their
    own reason, which the queue reads first and readers are told of while it is open.

    `details` is what readers and reviewers are told ("retracted_on", an ISO date, and
    what the notice says). Returns the flags raised now; a page already flagged for this
    retraction keeps its flag. Call in the transaction that records the retraction.
    """
    content_type = selectors.content_type(obj)
    cause = f"{content_type.pk}:{obj.pk}"
    current = Edition.objects.current()
    citing = Citation.objects.filter(content_type=content_type, object_id=obj.pk, edition__in=current)
    pages = [citation.edition for citation in citing.select_related("edition").order_by("edition__title", "pk")]
    own = current.filter(content_type=content_type, object_id=obj.pk).first()
    already = set(
        ReviewFlag.objects.filter(
            reason=ReviewFlag.Reason.CITED_STUDY_RETRACTED, cause=cause, resolved_at=None
        ).values_list("content_type_id", "object_id")
    )
    flags = [
        ReviewFlag(
            content_type_id=edition.content_type_id,
            object_id=edition.object_id,
            reason=ReviewFlag.Reason.CITED_STUDY_RETRACTED,
            cause=cause,
            edition=edition,
            details={**details, "itself": edition is own},
        )
        for edition in ([own] if own else []) + pages
        if (edition.content_type_id, edition.object_id) not in already
    ]
    ReviewFlag.objects.bulk_create(flags, ignore_conflicts=True)
    # Readers see the notice at once: every page it appears on leaves the shared caches.
    jobs.purge_on_commit(sorted({flag.edition.cache_tag for flag in flags}))
    return flags


def withdraw_retraction_flags(obj, *, by) -> list[ReviewFlag]:
    """Close the open retraction flags `obj` raised (its retraction was withdrawn, the
    paper reinstated), so readers are no longer told of it. Returns them."""
    cause = f"{selectors.content_type(obj).pk}:{obj.pk}"
    open_flags = ReviewFlag.objects.filter(
        reason=ReviewFlag.Reason.CITED_STUDY_RETRACTED, cause=cause, resolved_at=None
    ).select_related("edition")
    flags = list(open_flags)
    open_flags.update(resolved_at=timezone.now(), resolved_by=by)
    jobs.purge_on_commit(sorted({flag.edition.cache_tag for flag in flags}))
    return flags


def flag_stale_citations(*, batch_size: int | None = None) -> list[ReviewFlag]:
    """Catch up on republished or withdrawn studies whose message was lost."""
    batch_size = batch_size or settings.REVIEW_SWEEP_BATCH_SIZE
    open_flag = ReviewFlag.objects.filter(
        content_type=OuterRef("edition__content_type"),
        object_id=OuterRef("edition__object_id"),
        reason=ReviewFlag.Reason.CITED_STUDY_CHANGED,
        resolved_at=None,
    )
    stale = (
        Citation.objects.filter(edition__in=Edition.objects.current())
        .exclude(cited_edition__in=Edition.objects.current())
        .exclude(Exists(open_flag))
        .select_related("edition")
        .order_by("pk")
    )
    flagged = []
    while batch := list(stale[:batch_size]):
        created = _flag_citations(batch)
        flagged.extend(created)
        if not created:
            break
    return flagged


def reconcile_stamps(*, batch_size: int | None = None) -> int:
    """Repair review dates: current editions behind their latest stamp, then live working
    copies whose dates are not their current edition's or that have no due date.

    Each batch is one transaction (see `stamps.restamp`); batches walk up by id, so a
    page that cannot be repaired never holds up the ones after it. Returns how many
    pages changed.
    """
    batch_size = batch_size or settings.REVIEW_SWEEP_BATCH_SIZE
    total = 0
    for ids in _batches(stamps.lagging_editions(), batch_size):
        total += stamps.restamp(Edition.objects.filter(pk__in=ids))
    for builder in registry.builders():
        content_type = selectors.content_type(builder.model)
        for ids in _batches(stamps.misdated_working_copies(builder.model), batch_size):
            total += stamps.restamp(Edition.objects.filter(content_type=content_type, object_id__in=ids))
    return total


def _batches(queryset, batch_size: int):
    """The ids of `queryset` in ascending batches, each read when the last is done."""
    last = 0
    while ids := list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size]):
        yield ids
        last = ids[-1]


def _flag_citations(citations) -> list[ReviewFlag]:
    flags = [
        ReviewFlag(
            content_type_id=citation.edition.content_type_id,
            object_id=citation.edition.object_id,
            reason=ReviewFlag.Reason.CITED_STUDY_CHANGED,
            cause=f"{citation.content_type_id}:{citation.object_id}",
            edition=citation.edition,
            details={"cited_edition": citation.cited_edition_id},
        )
        for citation in citations
    ]
    ReviewFlag.objects.bulk_create(flags, ignore_conflicts=True)
    return flags
