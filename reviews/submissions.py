"""Sending a working copy to review: submit, its risk class, assignment and withdrawal.
Part of the workflow's transitions; `services` is their entry point."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import diff, registry, selectors
from .drafts import lock, require_editor, save_revision
from .exceptions import InvalidTransition, NotAllowed, NotReady
from .models import AuditEvent, ChangeKind, Reviewable, Submission
from .models.workflow import CHANGE_NOTE_MAX_LENGTH

APPROVE = "reviews.approve_submission"
State = Reviewable.State


@transaction.atomic
def submit(
    obj: Reviewable, *, by, note: str = "", change_note: str = "", change_kind: str = ChangeKind.UPDATE
) -> Submission:
    """Pin the working copy as it is now and lock it for a medical reviewer.

    `note` is for the reviewer; `change_note` tells readers what changed, as an update
    or a correction (`change_kind`), once approved with the change. A safety-critical
    change to a live page needs one.
    """
    obj = lock(obj)
    require_editor(by, obj)
    if obj.state == State.IN_REVIEW:
        raise InvalidTransition(_("This is already awaiting review."))
    if obj.state == State.PUBLISHED:
        raise InvalidTransition(_("Nothing has changed since the approved version; there is nothing to review."))
    builder = registry.builder_for(obj)
    problems = builder.problems(obj)
    if problems:
        raise NotReady(" ".join(problems))
    content = registry.canonical(builder.content(obj))
    content_hash = registry.content_hash(content)
    live = selectors.current_edition(obj)
    if live is not None and live.content_hash == content_hash:
        raise InvalidTransition(_("Nothing has changed since the approved version; there is nothing to review."))
    risk = risk_of(content, live=live.content if live else None, builder=builder)
    change_note = change_note.strip()
    _check_change_note(
        change_note, change_kind, safety_critical=live is not None and risk == Submission.Risk.SAFETY_CRITICAL
    )
    revision = save_revision(obj, by=by, comment=_("Submitted for review"))
    submitted_at = timezone.now()
    submission = Submission.objects.create(
        content_type=selectors.content_type(obj),
        object_id=obj.pk,
        revision=revision,
        content_hash=content_hash,
        title=builder.title_of(content),
        submitted_by=by,
        submitted_at=submitted_at,
        note=note,
        change_note=change_note,
        change_kind=change_kind,
        risk=risk,
        due_at=Submission.due_date(risk, submitted_at),
    )
    obj.set_workflow(state=State.IN_REVIEW)
    AuditEvent.record(
        obj,
        "review.submitted",
        by=by,
        comment=note,
        revision=revision,
        submission=submission,
        data={"change_note": change_note, "change_kind": change_kind} if change_note else {},
    )
    return submission


def _check_change_note(change_note: str, change_kind: str, *, safety_critical: bool) -> None:
    if change_kind not in ChangeKind.values:
        raise NotReady(_("Mark the change note as an update or a correction."))
    if len(change_note) > CHANGE_NOTE_MAX_LENGTH:
        raise NotReady(
            _("Keep the change note for readers to %(max)d characters; it has %(length)d.")
            % {"max": CHANGE_NOTE_MAX_LENGTH, "length": len(change_note)}
        )
    if change_note:
        return
    if safety_critical:
        raise NotReady(
            _(
                "This change touches doses, side effects, interactions or the evidence score, so readers must be "
                "told: write a change note for readers saying what changed."
            )
        )
    if change_kind == ChangeKind.CORRECTION:
        raise NotReady(_("A correction needs a change note telling readers what the page got wrong."))


def risk_of(content: dict, *, live: dict | None, builder: registry.EditionBuilder) -> str:
    """The risk class of publishing `content` over `live` (None: a first publication):
    safety-critical when the change touches a key the builder marks critical."""
    change = diff.compare(live, content, builder)
    return Submission.Risk.SAFETY_CRITICAL if change.critical else Submission.Risk.ROUTINE


@transaction.atomic
def assign(submission: Submission, reviewer, *, by) -> Submission:
    """Give a waiting submission to `reviewer` (None: to nobody), by a reviewer or a
    managing editor. Nobody is given a change they wrote: they could not approve it."""
    submission = lock_submission(submission)
    if not by.has_perm(APPROVE):
        raise NotAllowed(_("Only medical reviewers and managing editors can assign reviews."))
    require_pending(submission)
    if reviewer is not None:
        name = reviewer.get_full_name() or reviewer.get_username()
        if not (reviewer.is_active and reviewer.has_perm(APPROVE)):
            raise InvalidTransition(_("%(name)s is not a medical reviewer, so cannot review this.") % {"name": name})
        if reviewer.pk in selectors.authors_since_last_edition(submission.working_copy):
            raise InvalidTransition(
                _("%(name)s edited this version and cannot approve it; assign another reviewer.") % {"name": name}
            )
    previous = submission.assigned_to_id
    submission.assigned_to = reviewer
    submission.save(update_fields=["assigned_to"])
    AuditEvent.record(
        submission.working_copy,
        "review.assigned" if reviewer is not None else "review.unassigned",
        by=by,
        submission=submission,
        revision=submission.revision,
        data={
            "assigned_to": reviewer.pk if reviewer is not None else None,
            "assigned_to_name": (reviewer.get_full_name() or reviewer.get_username()) if reviewer else "",
            "previously_assigned_to": previous,
        },
    )
    return submission


@transaction.atomic
def withdraw(submission: Submission, *, by) -> Submission:
    """Take a submission back from review so the working copy can be edited again."""
    submission = lock_submission(submission)
    obj = lock(submission.working_copy)
    require_editor(by, obj)
    require_pending(submission)
    decide(submission, Submission.Status.WITHDRAWN, by=by)
    obj.set_workflow(state=State.DRAFT)
    AuditEvent.record(obj, "review.withdrawn", by=by, revision=submission.revision, submission=submission)
    return submission


def lock_submission(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().get(pk=submission.pk)


def require_pending(submission: Submission) -> None:
    if submission.status != Submission.Status.PENDING:
        raise InvalidTransition(
            _("This submission has already been decided (%(status)s).") % {"status": submission.get_status_display()}
        )


def decide(submission: Submission, status: str, *, by, comment: str = "") -> None:
    submission.status = status
    submission.decided_by = by
    submission.decided_at = timezone.now()
    submission.comment = comment
    submission.save(update_fields=["status", "decided_by", "decided_at", "comment"])
