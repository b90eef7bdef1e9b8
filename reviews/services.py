"""Workflow transitions. Each runs in one transaction, locks the rows it decides on,
checks permission and state, and writes one audit event. Admin views, commands and
jobs call these and nothing else to move content through review.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from . import credentials, jobs, registry, selectors, signatures, stamps
from .drafts import check_editable, drafting, lock, require_editor, save_draft, save_revision
from .exceptions import InvalidTransition, Locked, NotAllowed, NotReady, RevertBlocked, StaleSubmission, WorkflowError
from .models import (
    Approval,
    AuditEvent,
    ChangeKind,
    Citation,
    Edition,
    Reviewable,
    ReviewerProfile,
    ReviewFlag,
    ReviewStamp,
    Submission,
)
from .references import missing_references
from .submissions import APPROVE, assign, decide, lock_submission, require_pending, risk_of, submit, withdraw

# The workflow's whole API is here, though writing drafts and sending them to review
# live in their own modules.
__all__ = [
    "APPROVE",
    "UNPUBLISH",
    "approve",
    "assign",
    "check_editable",
    "confirm_still_accurate",
    "drafting",
    "publish_scheduled",
    "request_changes",
    "revert",
    "risk_of",
    "save_draft",
    "submit",
    "unpublish",
    "withdraw",
]

UNPUBLISH = "reviews.unpublish_edition"
State = Reviewable.State
logger = logging.getLogger(__name__)


@transaction.atomic
def request_changes(submission: Submission, *, by, comment: str) -> Submission:
    """Send a submission back to its editor with the reviewer's reasons."""
    submission = lock_submission(submission)
    _require_reviewer(by)
    require_pending(submission)
    if not comment.strip():
        raise InvalidTransition(_("Say what needs to change: the editor will work from your comment."))
    obj = lock(submission.working_copy)
    decide(submission, Submission.Status.CHANGES_REQUESTED, by=by, comment=comment)
    obj.set_workflow(state=State.CHANGES_REQUESTED)
    AuditEvent.record(
        obj, "review.changes_requested", by=by, comment=comment, revision=submission.revision, submission=submission
    )
    return submission


def approve(
    submission: Submission,
    *,
    by,
    signature: signatures.Signature,
    publish_at: datetime | None = None,
    comment: str = "",
) -> Edition | None:
    """Sign exactly the submitted content as `by`, with `by`'s `signature` (made by
    `signatures.sign`). The approval that completes the number its risk class needs
    (`Submission.approvals_required`, each by a different reviewer, none of them an
    author) publishes it, now or at `publish_at`, and returns the Edition; an earlier
    one is recorded and returns None.

    Locks the submission, so two reviewers racing for the last approval publish one
    Edition. If what would be published no longer matches what was submitted, the
    approvals already given are voided (that is committed) and StaleSubmission raised.
    """
    with transaction.atomic():
        submission = lock_submission(submission)
        profile = _require_reviewer(by)
        signatures.require(signature, signer=by)
        require_pending(submission)
        obj = lock(submission.working_copy)
        if by.pk in selectors.authors_since_last_edition(obj):
            raise NotAllowed(_("You edited this version; another reviewer must approve it."))
        if by.pk in obj.people_it_is_about():
            raise NotAllowed(_("This page is about you; another reviewer must approve it."))
        signed = selectors.sign_off(submission)
        given = signed.standing
        if signed.signed_by(by):
            raise InvalidTransition(
                _("You have already approved this; a different medical reviewer must approve it too.")
            )
        builder = registry.builder_for(obj)
        content = registry.canonical(builder.content(obj))
        content_hash = registry.content_hash(content)
        if content_hash == submission.content_hash and all(a.content_hash == content_hash for a in given):
            now = timezone.now()
            publishes = signed.next_publishes
            if publish_at is not None and not publishes:
                raise InvalidTransition(
                    _("Your approval does not publish yet: leave Publish at empty for the last reviewer to set.")
                )
            approval = Approval.objects.create(
                submission=submission,
                reviewer=by,
                reviewer_name=profile.display_name,
                reviewer_credentials=profile.credentials,
                content_hash=content_hash,
                approved_at=now,
                comment=comment,
                signed_with=signature.method,
            )
            if not publishes:
                _record_approval(approval, obj, approvals=len(given) + 1)
                return None
            return _approve_and_publish(
                submission, obj, builder, content, [*given, approval], profile=profile, at=now, publish_at=publish_at
            )
        voided = _void_approvals(given, submission, obj, by=by)
    # Outside the transaction: the voided approvals stay void though this one is refused.
    message = _(
        "What would be published no longer matches what was submitted (the page, a study it cites or a page it "
        "links to changed). Ask the editor to resubmit."
    )
    if voided:
        names = ", ".join(approval.byline for approval in voided)
        message += " " + _("The approval already given by %(names)s is void.") % {"names": names}
    raise StaleSubmission(message)


def _record_approval(approval: Approval, obj, *, approvals: int) -> None:
    """An approval that publishes nothing yet, in the audit log as its own event."""
    submission = approval.submission
    AuditEvent.record(
        obj,
        "review.approval_recorded",
        by=approval.reviewer,
        comment=approval.comment,
        revision=submission.revision,
        submission=submission,
        data={
            "content_hash": approval.content_hash,
            "reviewer_name": approval.reviewer_name,
            "reviewer_credentials": approval.reviewer_credentials,
            "approvals": approvals,
            "approvals_required": submission.approvals_required,
            "signed_with": approval.signed_with,
        },
    )


def _approve_and_publish(submission, obj, builder, content, approvals, *, profile, at, publish_at) -> Edition:
    """Publish at the last of `approvals` (the one `profile`'s reviewer just gave)."""
    comment = approvals[-1].comment
    edition = _create_edition(
        obj,
        builder,
        content,
        submission=submission,
        revision=submission.revision,
        by=profile.user,
        at=at,
        scheduled_for=publish_at if publish_at and publish_at > at else None,
        signatories=[approval.signatory for approval in approvals],
        signed_with=approvals[-1].signed_with,
    )
    decide(submission, Submission.Status.APPROVED, by=profile.user, comment=comment)
    stamp = _stamp(obj, edition, ReviewStamp.Kind.APPROVAL, profile=profile, at=at, signed_with=edition.signed_with)
    obj.set_workflow(state=State.PUBLISHED)
    _resolve_flags(obj, by=profile.user, at=at)
    AuditEvent.record(
        obj,
        "review.approved",
        by=profile.user,
        comment=comment,
        revision=submission.revision,
        submission=submission,
        edition=edition,
        data=_approval_record(edition, stamp) | {"signatories": edition.signatories},
    )
    if edition.scheduled_for is None:
        _publish(edition, obj, at=at)
    return edition


def _void_approvals(approvals: list[Approval], submission, obj, *, by) -> list[Approval]:
    """Void approvals given to content that has changed since: each is a signature on
    text that is no longer what would be published."""
    now = timezone.now()
    for approval in approvals:
        approval.voided_at = now
        approval.save(update_fields=["voided_at"])
        AuditEvent.record(
            obj,
            "review.approval_voided",
            by=by,
            revision=submission.revision,
            submission=submission,
            data={
                "approved_by": approval.reviewer_id,
                "reviewer_name": approval.reviewer_name,
                "reviewer_credentials": approval.reviewer_credentials,
                "approved_at": approval.approved_at.isoformat(),
                "content_hash": approval.content_hash,
            },
        )
    return approvals


def publish_scheduled(*, now: datetime | None = None) -> list[Edition]:
    """Publish approved editions whose time has come; safe to run at any time, twice.

    Each edition is published in its own transaction, so one that cannot go live
    (its address is taken) is logged and left for a person without holding up others.
    """
    now = now or timezone.now()
    published = []
    for edition_id in Edition.objects.scheduled().filter(scheduled_for__lte=now).values_list("pk", flat=True):
        try:
            with transaction.atomic():
                edition = Edition.objects.scheduled().select_for_update(skip_locked=True).filter(pk=edition_id).first()
                if edition is None:  # published meanwhile by another run
                    continue
                obj = lock(edition.working_copy)
                _publish(edition, obj, at=now)
                AuditEvent.record(
                    obj, "edition.published", edition=edition, data={"scheduled_for": str(edition.scheduled_for)}
                )
                published.append(edition)
        except WorkflowError as exc:
            logger.error("Scheduled edition %s was not published: %s", edition_id, exc)
    return published


@transaction.atomic
def confirm_still_accurate(obj: Reviewable, *, by, signature: signatures.Signature, comment: str = "") -> ReviewStamp:
    """Stamp the live page as reviewed today without a new version of its text, signed
    with `by`'s `signature`.

    Reads the live edition, never the working copy: a draft in progress stays a draft.
    If a study it cites was republished since, the reviewer has now seen that change
    (the flag screen shows it): the edition is republished with the studies' current
    approved editions and the figures computed from them, and nothing else.
    """
    obj = lock(obj)
    profile = _require_reviewer(by)
    signatures.require(signature, signer=by)
    if by.pk in obj.people_it_is_about():
        raise NotAllowed(_("This page is about you; another reviewer must confirm it."))
    edition = selectors.current_edition(obj, for_update=True)
    if edition is None:
        raise InvalidTransition(_("Only a live page can be confirmed; this one has no approved version online."))
    now = timezone.now()
    rebuilt_from = None
    if ReviewFlag.for_object(obj).filter(resolved_at=None, reason=ReviewFlag.Reason.CITED_STUDY_CHANGED).exists():
        builder = registry.builder_for(obj)
        content = registry.canonical(builder.with_current_citations(edition.content))
        if registry.content_hash(content) != edition.content_hash:
            if by.pk in selectors.authors_of_republished_citations(edition):
                raise NotAllowed(
                    _("You edited a study this page cites since it was approved; another reviewer must confirm it.")
                )
            rebuilt_from, edition = (
                edition,
                _create_edition(
                    obj,
                    builder,
                    content,
                    submission=None,
                    revision=edition.revision,
                    by=by,
                    at=now,
                    signed_with=signature.method,
                ),
            )
            _publish(edition, obj, at=now)
    stamp = _stamp(obj, edition, ReviewStamp.Kind.CONFIRMATION, profile=profile, at=now, signed_with=signature.method)
    _resolve_flags(obj, by=by, at=now)
    data = _approval_record(edition, stamp) | {"rebuilt_from_edition": rebuilt_from.pk if rebuilt_from else None}
    AuditEvent.record(obj, "review.confirmed", by=by, comment=comment, edition=edition, data=data)
    return stamp


@transaction.atomic
def unpublish(obj: Reviewable, *, by, reason: str, signature: signatures.Signature) -> Edition:
    """The safety hold: take the live page down at once. One person, a reason, a
    signature, audited."""
    obj = lock(obj)
    if not by.has_perm(UNPUBLISH):
        raise NotAllowed(_("Only medical reviewers and admins can take a page down."))
    signatures.require(signature, signer=by)
    if not reason.strip():
        raise InvalidTransition(_("Give the reason for taking the page down; it goes into the audit log."))
    edition = selectors.current_edition(obj, for_update=True)
    if edition is None:
        raise InvalidTransition(_("This page is not live, so there is nothing to take down."))
    edition.unpublished_at = timezone.now()
    edition.save(update_fields=["unpublished_at"])
    obj.set_workflow(is_live=False, state=State.DRAFT if obj.state == State.PUBLISHED else obj.state)
    _resolve_flags(obj, by=by, at=edition.unpublished_at)
    jobs.purge_now_on_commit(edition.purge_tags)
    AuditEvent.record(
        obj, "edition.unpublished", by=by, comment=reason, edition=edition, data={"signed_with": signature.method}
    )
    return edition


@transaction.atomic
def revert(obj: Reviewable, *, to: Version, by) -> Reviewable:
    """Restore an earlier version as a new draft. Never publishes anything."""
    obj = lock(obj)
    require_editor(by, obj)
    if obj.state == State.IN_REVIEW:
        raise Locked(_("This is awaiting review; withdraw the submission before reverting."))
    if to.object_id != str(obj.pk) or to.content_type_id != selectors.content_type(obj).pk:
        raise InvalidTransition(_("That version belongs to another page."))
    missing = missing_references(to.revision)
    if missing:
        raise RevertBlocked(
            _(
                "That version cites %(missing)s, which has since been deleted. Recover it first, or revert to another "
                "version."
            )
            % {"missing": ", ".join(missing)}
        )
    workflow = {name: getattr(obj, name) for name in obj.WORKFLOW_FIELDS}
    to.revision.revert(delete=True)
    # Reverting rewrites the row from the old version, which holds no workflow fields.
    obj.refresh_from_db()
    for name, value in workflow.items():
        setattr(obj, name, value)
    obj.version += 1
    obj.state = State.DRAFT
    when = f"{timezone.localtime(to.revision.date_created):%Y-%m-%d %H:%M}"
    revision = save_revision(obj, by=by, comment=_("Reverted to the version of %(date)s") % {"date": when})
    AuditEvent.record(obj, "content.reverted", by=by, revision=revision, data={"restored_revision": to.revision_id})
    return obj


def _create_edition(
    obj, builder, content: dict, *, submission, revision, by, at, scheduled_for=None, signatories=(), signed_with=""
) -> Edition:
    content_hash = registry.content_hash(content)
    edition = Edition.objects.create(
        content_type=selectors.content_type(obj),
        object_id=obj.pk,
        kind=builder.kind,
        slug=content["slug"],
        title=builder.title_of(content),
        content=content,
        facets=registry.canonical(builder.facets(content)),
        content_hash=content_hash,
        revision=revision,
        submission=submission,
        approved_by=by,
        approved_at=at,
        scheduled_for=scheduled_for,
        signatories=list(signatories),
        signed_with=signed_with,
        # The note approved with the change; none on an edition rebuilt at a confirmation.
        change_note=submission.change_note if submission else "",
        change_kind=submission.change_kind if submission else ChangeKind.UPDATE,
    )
    cited = Edition.objects.filter(pk__in=builder.cited_editions(content))
    Citation.objects.bulk_create(
        Citation(edition=edition, content_type_id=c.content_type_id, object_id=c.object_id, cited_edition=c)
        for c in cited.only("pk", "content_type_id", "object_id")
    )
    return edition


def _resolve_flags(obj: Reviewable, *, by, at: datetime) -> None:
    ReviewFlag.for_object(obj).filter(resolved_at=None).update(resolved_at=at, resolved_by=by)


def _publish(edition: Edition, obj: Reviewable, *, at: datetime) -> None:
    squatter = (
        Edition.objects.current()
        .filter(kind=edition.kind, slug=edition.slug)
        .exclude(content_type=edition.content_type, object_id=edition.object_id)
        .first()
    )
    if squatter is not None:
        raise NotReady(
            _("The address “%(slug)s” is still used by the live page “%(title)s”. Change one of the two slugs.")
            % {"slug": edition.slug, "title": squatter.title}
        )
    previous = selectors.current_edition(obj, for_update=True)
    if previous is not None:
        previous.superseded_at = at
        previous.save(update_fields=["superseded_at"])
    # Approvals scheduled before this one will never be wanted now.
    Edition.objects.scheduled().filter(content_type=edition.content_type, object_id=edition.object_id).exclude(
        pk=edition.pk
    ).update(superseded_at=at)
    edition.published_at = at
    builder = registry.builder_for_kind(edition.kind)
    edition.rendered_html = builder.render_fragment(edition.content, edition=edition)
    edition.head = builder.head(edition)
    edition.save(update_fields=["published_at", "rendered_html", "head"])
    obj.set_workflow(is_live=True)
    jobs.purge_on_commit(edition.purge_tags)
    stamps.restamp(Edition.objects.filter(pk=edition.pk))  # the working copy's review dates are the live edition's
    jobs.enqueue_on_commit(jobs.FLAG_PAGES_CITING, edition.pk)


def _stamp(obj, edition, kind, *, profile: ReviewerProfile, at: datetime, signed_with: str) -> ReviewStamp:
    stamp = ReviewStamp.objects.create(
        content_type=edition.content_type,
        object_id=obj.pk,
        kind=kind,
        edition=edition,
        reviewed_at=at,
        reviewer=profile.user,
        reviewer_name=profile.display_name,
        reviewer_credentials=profile.credentials,
        signed_with=signed_with,
    )
    stamps.record(stamp, obj=obj, profile=profile)  # in this transaction: a stamp is never half-applied
    return stamp


def _approval_record(edition: Edition, stamp: ReviewStamp) -> dict:
    return {
        "content_hash": edition.content_hash,
        "reviewer_name": stamp.reviewer_name,
        "reviewer_credentials": stamp.reviewer_credentials,
        "signed_with": stamp.signed_with,
        "scheduled_for": edition.scheduled_for.isoformat() if edition.scheduled_for else None,
    }


def _require_reviewer(user) -> ReviewerProfile:
    if not user.has_perm(APPROVE):
        raise NotAllowed(_("Only medical reviewers can review content."))
    profile = ReviewerProfile.objects.filter(user=user).first()
    if profile is None:
        raise NotAllowed(_("Add your reviewer profile (name and credentials) first: pages print who reviewed them."))
    # A review prints the credentials verified and unexpired today, whatever the profile last said.
    profile.credentials = credentials.signing_line(profile)
    return profile
