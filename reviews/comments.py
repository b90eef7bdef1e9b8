"""Reviewers' comments on fields and rows: made on the review screen, answered in the
edit form. A comment belongs to the page and stays open across submissions until an
editor marks it resolved; each step is in the audit log."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import registry, selectors
from .diff import _row_summary
from .drafts import require_editor
from .exceptions import InvalidTransition, NotAllowed
from .models import AuditEvent, Reviewable, ReviewComment, Submission
from .submissions import APPROVE

MAX_LENGTH = 5000


@transaction.atomic
def add_comment(obj: Reviewable, *, field: str, row_id: int | None = None, text: str, by) -> ReviewComment:
    """Comment on `field` of `obj` (or on row `row_id` of the section `field`) while it
    awaits review. Only medical reviewers comment; the key must name something the
    page holds now or held when it was last published."""
    if not by.has_perm(APPROVE):
        raise NotAllowed(_("Only medical reviewers can comment on a page under review."))
    submission = selectors.pending_submission(obj)
    if submission is None:
        raise InvalidTransition(_("Comments are made while a page awaits review; this page is not awaiting review."))
    text = (text or "").strip()
    if not text:
        raise InvalidTransition(_("Write a comment before adding it."))
    if len(text) > MAX_LENGTH:
        raise InvalidTransition(_("Keep a comment under %(n)d characters.") % {"n": MAX_LENGTH})
    label = _target_label(obj, field, row_id)
    comment = ReviewComment.objects.create(
        content_type=selectors.content_type(obj),
        object_id=obj.pk,
        field=field,
        row_id=row_id,
        label=label,
        submission=submission,
        author=by,
        text=text,
    )
    _record(comment, obj, "review.comment_added", by=by, text=text)
    return comment


@transaction.atomic
def resolve_comment(comment: ReviewComment, *, by) -> ReviewComment:
    """Mark a comment dealt with: an editor who may change the page, or its author."""
    comment = ReviewComment.objects.select_for_update().get(pk=comment.pk)
    obj = comment.working_copy
    if by.pk != comment.author_id:
        try:
            require_editor(by, obj)
        except NotAllowed:
            raise NotAllowed(_("Only an editor of this page or the comment's author can resolve it.")) from None
    if not comment.is_open:
        raise InvalidTransition(_("This comment is already resolved."))
    comment.resolved_at = timezone.now()
    comment.resolved_by = by
    comment.save(update_fields=["resolved_at", "resolved_by"])
    _record(comment, obj, "review.comment_resolved", by=by)
    return comment


@transaction.atomic
def reopen_comment(comment: ReviewComment, *, by) -> ReviewComment:
    """A reviewer finds a resolved comment not dealt with after all: open it again."""
    comment = ReviewComment.objects.select_for_update().get(pk=comment.pk)
    if not by.has_perm(APPROVE):
        raise NotAllowed(_("Only medical reviewers can reopen a comment."))
    if comment.is_open:
        raise InvalidTransition(_("This comment is already open."))
    comment.resolved_at = None
    comment.resolved_by = None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    _record(comment, comment.working_copy, "review.comment_reopened", by=by)
    return comment


def open_comments(obj: Reviewable) -> list[ReviewComment]:
    """The page's unresolved comments, whichever submission they were made on, in one query."""
    return list(
        ReviewComment.for_object(obj)
        .filter(resolved_at=None)
        .select_related("author", "submission")
        .order_by("created_at", "pk")
    )


def comments_for_review(submission: Submission) -> list[ReviewComment]:
    """What a reviewer of `submission` sees: every open comment on the page, those made
    on this submission, and those resolved since the previous submission was made, so
    that a reviewer sees how the editor answered them."""
    mine = Q(resolved_at=None) | Q(submission=submission)
    previous = (
        Submission.objects.filter(
            content_type_id=submission.content_type_id,
            object_id=submission.object_id,
            submitted_at__lt=submission.submitted_at,
        )
        .order_by("-submitted_at", "-pk")
        .values_list("submitted_at", flat=True)
        .first()
    )
    if previous is not None:
        mine |= Q(resolved_at__gte=previous)
    return list(
        ReviewComment.objects.filter(mine, content_type_id=submission.content_type_id, object_id=submission.object_id)
        .select_related("author", "resolved_by", "submission")
        .order_by("created_at", "pk")
    )


def _target_label(obj: Reviewable, field: str, row_id: int | None) -> str:
    """How the review screen names the field or row; refuses a key the page never had."""
    builder = registry.builder_for(obj)
    contents = [registry.canonical(builder.content(obj))]
    live = selectors.current_edition(obj)
    if live is not None:
        contents.append(live.content)
    root = (field or "").split(".")[0]
    if not root or not any(root in content for content in contents):
        raise InvalidTransition(_("Choose a field or row of this page to comment on."))
    label = builder.labels.get(field) or builder.label(field)
    if row_id is None:
        return label
    for content in contents:
        rows = content.get(field)
        if not isinstance(rows, list):
            continue
        for row in rows:
            if isinstance(row, dict) and row.get("id") == row_id:
                return f"{label}: {_row_summary(row)}"
    raise InvalidTransition(_("That row is not on this page; it may have been removed. Comment on the section."))


def _record(comment: ReviewComment, obj: Reviewable, action: str, *, by, text: str = "") -> None:
    AuditEvent.record(
        obj,
        action,
        by=by,
        comment=text,
        submission=comment.submission,
        data={"comment": comment.pk, "field": comment.field, "row_id": comment.row_id, "label": comment.label},
    )
