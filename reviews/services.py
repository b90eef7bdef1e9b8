"""Workflow transitions. Each runs in one transaction, locks the rows it decides on,
checks permission and state, and writes one audit event. Admin views, commands and
jobs call these and nothing else to move content through review.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import reversion
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Revision, Version

from . import diff, jobs, registry, selectors, stamps
from .exceptions import (
    InvalidTransition,
    Locked,
    NotAllowed,
    NotReady,
    RevertBlocked,
    StaleEdit,
    StaleSubmission,
    WorkflowError,
)
from .models import AuditEvent, Citation, Edition, Reviewable, ReviewerProfile, ReviewFlag, ReviewStamp, Submission
from .references import missing_references

APPROVE = "reviews.approve_submission"
UNPUBLISH = "reviews.unpublish_edition"
State = Reviewable.State
logger = logging.getLogger(__name__)


def check_editable(obj: Reviewable, *, loaded_version: int | None, changed: list[str] = ()) -> None:
    """Refuse a content save while in review, or made from a form older than the last save.

    Locks the row until the end of the request's transaction, so two saves cannot both
    pass this check. `changed` names the fields where the form differs from what is
    saved now; their saved text is quoted so that neither editor's words are lost.
    """
    current = _lock(obj)
    if current.is_locked:
        pending = selectors.pending_submission(current)
        who = pending.submitted_by.get_full_name() or pending.submitted_by.get_username() if pending else _("An editor")
        raise Locked(
            _(
                "%(who)s submitted this for review; it is locked until a reviewer decides. To change it now, "
                "withdraw the submission in the review panel."
            )
            % {"who": who}
        )
    if loaded_version is not None and loaded_version != current.version:
        last = Version.objects.get_for_object(current).select_related("revision__user").first()
        who = last.revision.user if last and last.revision.user else None
        saved = "; ".join(
            f"{current._meta.get_field(name).verbose_name} now reads “{str(getattr(current, name))[:300]}”"
            for name in changed
            if name in {field.name for field in current._meta.concrete_fields}
        )
        raise StaleEdit(
            _(
                "%(who)s saved this page after you opened it. Nothing of yours was saved and your text is still in "
                "the form. %(saved)s Copy what you need, reload the page and apply your changes again."
            )
            % {"who": (who.get_full_name() or who.get_username()) if who else _("Someone"), "saved": saved}
        )


@contextmanager
def drafting(*, by, comment: str = "") -> Iterator[None]:
    """The one write path for content: whatever is saved inside is one revision by `by`.

    The admin's forms, the importers, the demo loader and commands all write through
    this, so every revision names its author and separation of duties can see who wrote
    each text. Nothing inside is published: approval is a separate step.
    """
    if by is None or not getattr(by, "pk", None):
        raise NotAllowed(_("Content is always saved by a named user; say who is writing it."))
    with transaction.atomic(), reversion.create_revision(atomic=False):
        reversion.set_user(by)
        if comment:
            reversion.set_comment(comment)
        yield


@transaction.atomic
def save_draft(obj: Reviewable, *, by, comment: str, rows=()) -> Revision:
    """Save `obj` (new or changed) and its `rows` as a draft revision by `by`.

    Refused while the page is in review, and for anyone who may not edit it.
    """
    _require_editor(by, obj)
    if obj.pk is not None:
        current = _lock(obj)
        if current.is_locked:
            raise Locked(_("This is awaiting review; withdraw the submission before changing it."))
        # Workflow fields belong to the services: an instance loaded earlier must not
        # write back a state, a stamp or a live flag that has changed since.
        for name in obj.WORKFLOW_FIELDS:
            setattr(obj, name, getattr(current, name))
        obj.version = current.version + 1
    with drafting(by=by, comment=comment):
        obj.save()
        for row in rows:
            row.save()
    return Version.objects.get_for_object(obj).select_related("revision").first().revision


@transaction.atomic
def submit(obj: Reviewable, *, by, note: str = "") -> Submission:
    """Pin the working copy as it is now and lock it for a medical reviewer."""
    obj = _lock(obj)
    _require_editor(by, obj)
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
    revision = _save_revision(obj, by=by, comment=_("Submitted for review"))
    risk = risk_of(content, live=live.content if live else None, builder=builder)
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
        risk=risk,
        due_at=Submission.due_date(risk, submitted_at),
    )
    obj.set_workflow(state=State.IN_REVIEW)
    AuditEvent.record(obj, "review.submitted", by=by, comment=note, revision=revision, submission=submission)
    return submission


def risk_of(content: dict, *, live: dict | None, builder: registry.EditionBuilder) -> str:
    """The risk class of publishing `content` over `live` (None: a first publication):
    safety-critical when the change touches a key the builder marks critical."""
    change = diff.compare(live, content, builder)
    return Submission.Risk.SAFETY_CRITICAL if change.critical else Submission.Risk.ROUTINE


@transaction.atomic
def assign(submission: Submission, reviewer, *, by) -> Submission:
    """Give a waiting submission to `reviewer` (None: to nobody), by a reviewer or a
    managing editor. Nobody is given a change they wrote: they could not approve it."""
    submission = _lock_submission(submission)
    if not by.has_perm(APPROVE):
        raise NotAllowed(_("Only medical reviewers and managing editors can assign reviews."))
    _require_pending(submission)
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
    submission = _lock_submission(submission)
    obj = _lock(submission.working_copy)
    _require_editor(by, obj)
    _require_pending(submission)
    _decide(submission, Submission.Status.WITHDRAWN, by=by)
    obj.set_workflow(state=State.DRAFT)
    AuditEvent.record(obj, "review.withdrawn", by=by, revision=submission.revision, submission=submission)
    return submission


@transaction.atomic
def request_changes(submission: Submission, *, by, comment: str) -> Submission:
    """Send a submission back to its editor with the reviewer's reasons."""
    submission = _lock_submission(submission)
    _require_reviewer(by)
    _require_pending(submission)
    if not comment.strip():
        raise InvalidTransition(_("Say what needs to change: the editor will work from your comment."))
    obj = _lock(submission.working_copy)
    _decide(submission, Submission.Status.CHANGES_REQUESTED, by=by, comment=comment)
    obj.set_workflow(state=State.CHANGES_REQUESTED)
    AuditEvent.record(
        obj, "review.changes_requested", by=by, comment=comment, revision=submission.revision, submission=submission
    )
    return submission


@transaction.atomic
def approve(submission: Submission, *, by, publish_at: datetime | None = None, comment: str = "") -> Edition:
    """Publish exactly the submitted content, now or at `publish_at`. Locks the submission."""
    submission = _lock_submission(submission)
    profile = _require_reviewer(by)
    _require_pending(submission)
    obj = _lock(submission.working_copy)
    if by.pk in selectors.authors_since_last_edition(obj):
        raise NotAllowed(_("You edited this version; another reviewer must approve it."))
    builder = registry.builder_for(obj)
    content = registry.canonical(builder.content(obj))
    if registry.content_hash(content) != submission.content_hash:
        raise StaleSubmission(
            _(
                "What would be published no longer matches what was submitted (the page, a study it cites or a "
                "page it links to changed). Ask the editor to resubmit."
            )
        )
    now = timezone.now()
    edition = _create_edition(
        obj,
        builder,
        content,
        submission=submission,
        revision=submission.revision,
        by=by,
        at=now,
        scheduled_for=publish_at if publish_at and publish_at > now else None,
    )
    _decide(submission, Submission.Status.APPROVED, by=by, comment=comment)
    stamp = _stamp(obj, edition, ReviewStamp.Kind.APPROVAL, profile=profile, at=now)
    obj.set_workflow(state=State.PUBLISHED)
    _resolve_flags(obj, by=by, at=now)
    AuditEvent.record(
        obj,
        "review.approved",
        by=by,
        comment=comment,
        revision=submission.revision,
        submission=submission,
        edition=edition,
        data=_approval_record(edition, stamp),
    )
    if edition.scheduled_for is None:
        _publish(edition, obj, at=now)
    return edition


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
                obj = _lock(edition.working_copy)
                _publish(edition, obj, at=now)
                AuditEvent.record(
                    obj, "edition.published", edition=edition, data={"scheduled_for": str(edition.scheduled_for)}
                )
                published.append(edition)
        except WorkflowError as exc:
            logger.error("Scheduled edition %s was not published: %s", edition_id, exc)
    return published


@transaction.atomic
def confirm_still_accurate(obj: Reviewable, *, by, comment: str = "") -> ReviewStamp:
    """Stamp the live page as reviewed today without a new version of its text.

    Reads the live edition, never the working copy: a draft in progress stays a draft.
    If a study it cites was republished since, the reviewer has now seen that change
    (the flag screen shows it): the edition is republished with the studies' current
    approved editions and the figures computed from them, and nothing else.
    """
    obj = _lock(obj)
    profile = _require_reviewer(by)
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
                _create_edition(obj, builder, content, submission=None, revision=edition.revision, by=by, at=now),
            )
            _publish(edition, obj, at=now)
    stamp = _stamp(obj, edition, ReviewStamp.Kind.CONFIRMATION, profile=profile, at=now)
    _resolve_flags(obj, by=by, at=now)
    data = _approval_record(edition, stamp) | {"rebuilt_from_edition": rebuilt_from.pk if rebuilt_from else None}
    AuditEvent.record(obj, "review.confirmed", by=by, comment=comment, edition=edition, data=data)
    return stamp


@transaction.atomic
def unpublish(obj: Reviewable, *, by, reason: str) -> Edition:
    """The safety hold: take the live page down at once. One person, a reason, audited."""
    obj = _lock(obj)
    if not by.has_perm(UNPUBLISH):
        raise NotAllowed(_("Only medical reviewers and admins can take a page down."))
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
    AuditEvent.record(obj, "edition.unpublished", by=by, comment=reason, edition=edition)
    return edition


@transaction.atomic
def revert(obj: Reviewable, *, to: Version, by) -> Reviewable:
    """Restore an earlier version as a new draft. Never publishes anything."""
    obj = _lock(obj)
    _require_editor(by, obj)
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
    revision = _save_revision(obj, by=by, comment=_("Reverted to the version of %(date)s") % {"date": when})
    AuditEvent.record(obj, "content.reverted", by=by, revision=revision, data={"restored_revision": to.revision_id})
    return obj


def _create_edition(obj, builder, content: dict, *, submission, revision, by, at, scheduled_for=None) -> Edition:
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


def _stamp(obj, edition, kind, *, profile: ReviewerProfile, at: datetime) -> ReviewStamp:
    stamp = ReviewStamp.objects.create(
        content_type=edition.content_type,
        object_id=obj.pk,
        kind=kind,
        edition=edition,
        reviewed_at=at,
        reviewer=profile.user,
        reviewer_name=profile.display_name,
        reviewer_credentials=profile.credentials,
    )
    stamps.record(stamp, obj=obj, profile=profile)  # in this transaction: a stamp is never half-applied
    return stamp


def _approval_record(edition: Edition, stamp: ReviewStamp) -> dict:
    return {
        "content_hash": edition.content_hash,
        "reviewer_name": stamp.reviewer_name,
        "reviewer_credentials": stamp.reviewer_credentials,
        "scheduled_for": edition.scheduled_for.isoformat() if edition.scheduled_for else None,
    }


def _decide(submission: Submission, status: str, *, by, comment: str = "") -> None:
    submission.status = status
    submission.decided_by = by
    submission.decided_at = timezone.now()
    submission.comment = comment
    submission.save(update_fields=["status", "decided_by", "decided_at", "comment"])


def _require_pending(submission: Submission) -> None:
    if submission.status != Submission.Status.PENDING:
        raise InvalidTransition(
            _("This submission has already been decided (%(status)s).") % {"status": submission.get_status_display()}
        )


def _require_editor(user, obj: Reviewable) -> None:
    opts = obj._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        raise NotAllowed(_("Only editors can do this."))


def _require_reviewer(user) -> ReviewerProfile:
    if not user.has_perm(APPROVE):
        raise NotAllowed(_("Only medical reviewers can review content."))
    profile = ReviewerProfile.objects.filter(user=user).first()
    if profile is None:
        raise NotAllowed(_("Add your reviewer profile (name and credentials) first: pages print who reviewed them."))
    return profile


def _lock(obj: Reviewable) -> Reviewable:
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def _lock_submission(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().get(pk=submission.pk)


def _save_revision(obj: Reviewable, *, by, comment: str) -> Revision:
    with drafting(by=by, comment=comment):
        obj.save()
    return Version.objects.get_for_object(obj).select_related("revision").first().revision
