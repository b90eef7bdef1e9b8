"""Reads for the workflow: the review queue, editions of an object, authorship, and
the lists on the admin home's dashboards."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, Case, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from reversion.models import Version

from . import history, registry
from .models import Approval, ChangeKind, Edition, Reviewable, ReviewFlag, Submission

APPROVE_CODENAME = ("reviews", "approve_submission")
# How many items each dashboard list shows; the queue and the lists behind it have the rest.
DASHBOARD_LENGTH = 10


def content_type(obj_or_model) -> ContentType:
    return ContentType.objects.get_for_model(obj_or_model)


def current_edition(obj: Reviewable, *, for_update: bool = False) -> Edition | None:
    editions = Edition.for_object(obj).current()
    if for_update:
        editions = editions.select_for_update()
    return editions.first()


def pending_submission(obj: Reviewable) -> Submission | None:
    return Submission.for_object(obj).filter(status=Submission.Status.PENDING).select_related("submitted_by").first()


def latest_submission(obj: Reviewable) -> Submission | None:
    return Submission.for_object(obj).select_related("submitted_by", "decided_by").order_by("-submitted_at").first()


@dataclass
class SignOff:
    """Where a submission stands in its sign-off: its approvals (voided ones too, first
    given first) and how many different reviewers it needs."""

    approvals: list[Approval]
    required: int

    @property
    def standing(self) -> list[Approval]:
        return [approval for approval in self.approvals if approval.voided_at is None]

    @property
    def next_publishes(self) -> bool:
        """Whether the next approval completes the number needed, and so publishes."""
        return len(self.standing) + 1 >= self.required

    @property
    def needed_after_next(self) -> int:
        return max(self.required - len(self.standing) - 1, 0)

    def signed_by(self, user) -> bool:
        return any(approval.reviewer_id == user.pk for approval in self.standing)


def sign_off(submission: Submission) -> SignOff:
    approvals = Approval.objects.filter(submission=submission).order_by("approved_at", "pk")
    return SignOff(list(approvals), submission.approvals_required)


def authors_since_last_edition(obj: Reviewable) -> set[int]:
    """Ids of everyone who saved a revision of `obj` since its latest approved edition."""
    versions = Version.objects.get_for_object(obj)
    last = Edition.for_object(obj).select_related("revision").order_by("-approved_at").first()
    if last is not None:
        versions = versions.filter(revision__date_created__gt=last.revision.date_created)
    return set(versions.exclude(revision__user=None).values_list("revision__user_id", flat=True))


def authors_of_republished_citations(edition: Edition) -> set[int]:
    """Ids of everyone who saved a revision of a record `edition` cites (a study) after
    the version it embeds, up to that record's current edition."""
    authors = set()
    for citation in edition.citations.select_related("cited_edition__revision"):
        current = (
            Edition.objects.current()
            .filter(content_type_id=citation.content_type_id, object_id=citation.object_id)
            .select_related("revision")
            .first()
        )
        if current is None or current.pk == citation.cited_edition_id:
            continue
        versions = Version.objects.filter(
            content_type_id=citation.content_type_id,
            object_id=str(citation.object_id),
            revision__date_created__gt=citation.cited_edition.revision.date_created,
            revision__date_created__lte=current.revision.date_created,
        )
        authors |= set(versions.exclude(revision__user=None).values_list("revision__user_id", flat=True))
    return authors


def open_flags():
    """Live pages brought back to the reviewers: those citing a retracted study first
    (readers are being told of it until a reviewer decides), then oldest first."""
    return in_flag_order(ReviewFlag.objects.filter(resolved_at=None).select_related("edition", "content_type"))


def in_flag_order(flags):
    """`flags` as the reviewers read them: a retracted study first, then oldest."""
    retracted = Case(When(reason=ReviewFlag.Reason.CITED_STUDY_RETRACTED, then=Value(0)), default=Value(1))
    return flags.annotate(retraction_rank=retracted).order_by("retraction_rank", "raised_at", "pk")


def public_edition(*, kind: str, slug: str) -> Edition | None:
    """The current edition at (kind, slug), without the content it was rendered from,
    with its page's latest change note (`with_latest_change_note`)."""
    return with_latest_change_note(current_editions(kind).filter(slug=slug).defer("content", "facets")).first()


def with_latest_change_note(editions):
    """`editions`, each with the latest change note its page had published up to it:
    `latest_change_note`, `latest_change_kind`, and `latest_change_at` (the publication
    of the edition it came with), None when there is none. In the same query, so that a
    page still costs what it did; only notes approved and published are read."""
    noted = (
        Edition.objects.filter(
            content_type_id=OuterRef("content_type_id"),
            object_id=OuterRef("object_id"),
            published_at__lte=OuterRef("published_at"),
            unpublished_at__isnull=True,
        )
        .exclude(change_note="")
        .order_by("-published_at", "-pk")
    )
    return editions.annotate(
        latest_change_note=Subquery(noted.values("change_note")[:1]),
        latest_change_kind=Subquery(noted.values("change_kind")[:1]),
        latest_change_at=Subquery(noted.values("published_at")[:1]),
    )


def published_corrections():
    """Every correction readers were told of, newest first, on the pages that are live
    now: each with its page's current `page_slug` and `page_title` and whether it is
    the page's current edition (`page_edition_id`). Corrections in editions taken down
    for safety are not shown again, as the earlier-versions page does not show them."""
    page = Edition.objects.current().filter(
        content_type_id=OuterRef("content_type_id"), object_id=OuterRef("object_id")
    )
    return (
        Edition.objects.filter(
            change_kind=ChangeKind.CORRECTION, published_at__isnull=False, unpublished_at__isnull=True
        )
        .exclude(change_note="")
        .annotate(
            page_slug=Subquery(page.values("slug")[:1]),
            page_title=Subquery(page.values("title")[:1]),
            page_edition_id=Subquery(page.values("pk")[:1]),
        )
        .filter(page_slug__isnull=False)
        .only("kind", "object_id", "change_note", "change_kind", "published_at", "signatories", "reviewer_name")
        .order_by("-published_at", "-pk")
    )


def public_history(current: Edition):
    """Editions of `current`'s page that were public, newest first. Editions taken down
    for safety are not shown again, and scheduled ones have not been public yet."""
    return (
        Edition.objects.filter(content_type_id=current.content_type_id, object_id=current.object_id)
        .filter(published_at__isnull=False, unpublished_at__isnull=True)
        .order_by("-published_at", "-pk")
    )


def current_editions(kind: str):
    return Edition.objects.current().filter(kind=kind)


def available_actions(obj: Reviewable, user) -> set[str]:
    """The workflow buttons `user` may press on `obj` now. The services check again."""
    opts = obj._meta
    can_edit = user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    can_review = user.has_perm("reviews.approve_submission")
    pending = obj.state == Reviewable.State.IN_REVIEW
    actions = set()
    if can_edit and obj.state in (Reviewable.State.DRAFT, Reviewable.State.CHANGES_REQUESTED):
        actions.add("submit")
    if can_edit and pending:
        actions.add("withdraw")
    if can_review and pending:
        actions.add("review")
    if can_review and obj.is_live:
        actions.add("confirm")
    if user.has_perm("reviews.unpublish_edition") and obj.is_live:
        actions.add("unpublish")
    if can_edit and not pending:
        actions.add("revert")
    return actions


def in_queue_order(submissions):
    """`submissions` as the review queue reads them: pages citing a retracted study
    first (readers are being told of it until a reviewer decides), then safety-critical,
    then oldest."""
    retracted = ReviewFlag.objects.filter(
        content_type_id=OuterRef("content_type_id"),
        object_id=OuterRef("object_id"),
        reason=ReviewFlag.Reason.CITED_STUDY_RETRACTED,
        resolved_at=None,
    )
    risk_rank = Case(
        When(Exists(retracted), then=Value(0)),
        When(risk=Submission.Risk.SAFETY_CRITICAL, then=Value(1)),
        default=Value(2),
    )
    return submissions.annotate(cites_retracted=Exists(retracted), risk_rank=risk_rank).order_by(
        "risk_rank", "submitted_at", "pk"
    )


def returned_submission(submission: Submission) -> Submission | None:
    """The submission of the same page a reviewer sent back just before `submission`,
    if the one before it (withdrawn ones aside) was sent back; None otherwise."""
    earlier = (
        Submission.objects.filter(content_type_id=submission.content_type_id, object_id=submission.object_id)
        .filter(submitted_at__lt=submission.submitted_at)
        .exclude(status=Submission.Status.WITHDRAWN)
        .select_related("decided_by", "revision")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if earlier is not None and earlier.status == Submission.Status.CHANGES_REQUESTED:
        return earlier
    return None


def submitted_content(submission: Submission, *, working_copy_content: dict) -> dict:
    """The page content `submission` put before the reviewer, built by its builder as a
    preview is: `working_copy_content` (the builder's content of the working copy now)
    when it still matches the submitted hash, as it does while the copy is locked in
    review; otherwise rebuilt from the revision the submission pinned.

    Raises `RevertBlocked` when that revision cites a record that was deleted since.
    """
    if registry.content_hash(working_copy_content) == submission.content_hash:
        return working_copy_content
    version = Version.objects.get(
        revision_id=submission.revision_id,
        content_type_id=submission.content_type_id,
        object_id=str(submission.object_id),
    )
    return history.content_at(version)


def reviewers():
    """Active users who may approve: medical reviewers and managing editors."""
    app_label, codename = APPROVE_CODENAME
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def assignable_reviewers(submission: Submission):
    """Reviewers `submission` can be given to: anyone who may approve and did not write it."""
    return reviewers().exclude(pk__in=authors_since_last_edition(submission.working_copy))


@dataclass
class Desk:
    """What waits for one person, for the admin home. A list is None when the person's
    role does not see it, and empty when nothing waits."""

    my_drafts: list | None = None
    sent_back: list | None = None
    awaiting_review: list | None = None
    assigned_to_me: list | None = None
    unassigned: list | None = None
    overdue: list | None = None
    due_pages: list | None = None
    now: object = field(default_factory=timezone.now)

    @property
    def is_editor(self) -> bool:
        return self.my_drafts is not None

    @property
    def is_reviewer(self) -> bool:
        return self.assigned_to_me is not None


def desk(user) -> Desk:
    """The dashboard lists `user` may see: an editor's for anyone who may edit content,
    a reviewer's for anyone who may approve."""
    result = Desk()
    models = [builder.model for builder in registry.builders()]
    if any(user.has_perm(f"{m._meta.app_label}.change_{m._meta.model_name}") for m in models):
        result.my_drafts = my_drafts(user)
        result.sent_back = sent_back_to(user)
        result.awaiting_review = awaiting_review_from(user)
    if user.has_perm(".".join(APPROVE_CODENAME)):
        pending = _pending().select_related("content_type", "assigned_to", "submitted_by")
        result.assigned_to_me = list(in_queue_order(pending.filter(assigned_to=user))[:DASHBOARD_LENGTH])
        result.unassigned = list(in_queue_order(pending.filter(assigned_to=None))[:DASHBOARD_LENGTH])
        result.overdue = list(pending.filter(due_at__lt=result.now).order_by("due_at", "pk")[:DASHBOARD_LENGTH])
        result.due_pages = pages_due_for_review(now=result.now)
    return result


def my_drafts(user) -> list[Reviewable]:
    """Drafts `user` has saved a version of, most recently changed first."""
    drafts = []
    for builder in registry.builders():
        model = builder.model
        mine = (
            Version.objects.filter(content_type=content_type(model), revision__user=user)
            .annotate(object_pk=Cast("object_id", BigIntegerField()))
            .values("object_pk")
        )
        drafts += model._default_manager.filter(state=Reviewable.State.DRAFT, pk__in=mine).order_by("-updated_at")[
            :DASHBOARD_LENGTH
        ]
    return sorted(drafts, key=lambda obj: obj.updated_at, reverse=True)[:DASHBOARD_LENGTH]


def sent_back_to(user) -> list[Submission]:
    """`user`'s submissions that a reviewer sent back and that were not resubmitted since."""
    later = Submission.objects.filter(
        content_type_id=OuterRef("content_type_id"),
        object_id=OuterRef("object_id"),
        submitted_at__gt=OuterRef("submitted_at"),
    )
    return list(
        Submission.objects.filter(submitted_by=user, status=Submission.Status.CHANGES_REQUESTED)
        .exclude(Exists(later))
        .select_related("content_type", "decided_by")
        .order_by("-decided_at", "-pk")[:DASHBOARD_LENGTH]
    )


def awaiting_review_from(user) -> list[Submission]:
    """What `user` submitted that waits for a reviewer, oldest first."""
    return list(
        _pending()
        .filter(submitted_by=user)
        .select_related("content_type", "assigned_to")
        .order_by("submitted_at", "pk")[:DASHBOARD_LENGTH]
    )


@dataclass
class DuePage:
    title: str
    kind: str
    reason: str
    since: object
    flag: ReviewFlag | None = None
    obj: Reviewable | None = None


def pages_due_for_review(*, now=None) -> list[DuePage]:
    """Live pages that need a reviewer's look again: open flags (review due, a cited
    study changed), and live pages past their review date that no sweep has flagged yet."""
    now = now or timezone.now()
    flags = list(open_flags()[:DASHBOARD_LENGTH])
    pages = [
        DuePage(flag.edition.title, flag.content_type.name, flag.get_reason_display(), flag.raised_at, flag=flag)
        for flag in flags
    ]
    for builder in registry.builders():
        model = builder.model
        flagged = ReviewFlag.objects.filter(content_type=content_type(model), resolved_at=None).values("object_id")
        overdue = (
            model._default_manager.filter(is_live=True, review_due_at__lt=now.date())
            .exclude(pk__in=flagged)
            .order_by("review_due_at", "pk")
        )
        pages += [
            DuePage(str(obj), model._meta.verbose_name, "Review due", obj.review_due_at, obj=obj)
            for obj in overdue[:DASHBOARD_LENGTH]
        ]
    return pages[:DASHBOARD_LENGTH]


def _pending():
    return Submission.objects.filter(status=Submission.Status.PENDING)
