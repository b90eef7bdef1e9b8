"""Reads for the workflow: the review queue, editions of an object, authorship."""

from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from .models import Edition, Reviewable, ReviewFlag, Submission


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
    """Live pages brought back to the reviewers, oldest first."""
    return ReviewFlag.objects.filter(resolved_at=None).select_related("edition", "content_type").order_by("raised_at")


def public_edition(*, kind: str, slug: str) -> Edition | None:
    """The current edition at (kind, slug), without the content it was rendered from."""
    return current_editions(kind).filter(slug=slug).defer("content", "facets").first()


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
