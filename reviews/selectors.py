"""Reads for the workflow: the review queue, editions of an object, authorship."""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.expressions import Col
from reversion.models import Version

from . import registry
from .models import Edition, Reviewable, ReviewFlag, Submission


def content_type(obj_or_model) -> ContentType:
    return ContentType.objects.get_for_model(obj_or_model)


def current_edition(obj: Reviewable, *, for_update: bool = False) -> Edition | None:
    editions = Edition.for_object(obj).current()
    if for_update:
        editions = editions.select_for_update()
    return editions.first()


def editions_of(obj: Reviewable):
    """Every approved edition of `obj`, newest first: "what did this page say on date X"."""
    return Edition.for_object(obj).select_related("approved_by").order_by("-approved_at", "-pk")


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


def review_queue():
    """Pending submissions, oldest first: what reviewers should read next."""
    return (
        Submission.objects.filter(status=Submission.Status.PENDING)
        .select_related("content_type", "submitted_by")
        .order_by("submitted_at", "pk")
    )


def open_flags():
    """Live pages brought back to the reviewers, oldest first."""
    return ReviewFlag.objects.filter(resolved_at=None).select_related("edition", "content_type").order_by("raised_at")


# Every public page view runs this; as SQL it skips the ORM's query compilation and
# its raw() model setup, which cost more than the query itself. The conditions are
# EditionQuerySet.current()'s.
_PUBLIC_EDITION_COLUMNS = (
    "id", "content_type_id", "object_id", "kind", "slug", "title", "content_hash", "approved_at", "published_at",
    "last_reviewed_at", "reviewer_name", "reviewer_credentials", "rendered_html", "head",
)  # fmt: skip
_PUBLIC_EDITION_SQL = f"""
    SELECT {", ".join(f"page.{column}" for column in _PUBLIC_EDITION_COLUMNS)}, {{related_pages}}
      FROM {Edition._meta.db_table} page
     WHERE page.kind = %s AND page.slug = %s
       AND page.published_at IS NOT NULL AND page.superseded_at IS NULL AND page.unpublished_at IS NULL
"""


def public_edition(*, kind: str, slug: str, with_content: bool = True) -> Edition | None:
    """The current edition at (kind, slug); without content, the page's related pages too."""
    if with_content:
        return Edition.objects.current().filter(kind=kind, slug=slug).first()
    related_pages = registry.builder_for_kind(kind).related_pages_sql.get(connection.vendor, "NULL")
    with connection.cursor() as cursor:
        cursor.execute(_PUBLIC_EDITION_SQL.format(related_pages=related_pages), [kind, slug])
        row = cursor.fetchone()
    if row is None:
        return None
    *columns, related_pages_found = row
    values = [
        _convert(value, converters, expression)
        for value, (expression, converters) in zip(columns, _column_converters(connection.vendor), strict=True)
    ]
    edition = Edition.from_db(connection.alias, _PUBLIC_EDITION_COLUMNS, values)
    edition.related_pages_found = related_pages_found
    return edition


def _convert(value, converters, expression):
    for converter in converters:
        value = converter(value, expression, connection)
    return value


@functools.cache
def _column_converters(vendor: str) -> list[tuple]:
    """The converters the ORM would apply to each column (aware datetimes, JSON on SQLite)."""
    fields = {field.attname: field for field in Edition._meta.concrete_fields}
    columns = []
    for name in _PUBLIC_EDITION_COLUMNS:
        field = fields[name]
        expression = Col(Edition._meta.db_table, field)
        columns.append((expression, connection.ops.get_db_converters(expression) + field.get_db_converters(connection)))
    return columns


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


def was_unpublished(*, kind: str, slug: str) -> bool:
    """True when a page at this address was taken down and nothing has replaced it."""
    return Edition.objects.filter(kind=kind, slug=slug, unpublished_at__isnull=False).exists()


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
