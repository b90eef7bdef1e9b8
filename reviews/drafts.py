"""Writing content: the one write path, and the checks every save of a working copy
passes. The workflow's transitions (`services`) build on these."""

from collections.abc import Iterator
from contextlib import contextmanager

import reversion
from django.db import transaction
from django.utils.translation import gettext as _
from reversion.models import Revision, Version

from . import selectors
from .exceptions import Locked, NotAllowed, StaleEdit
from .models import Reviewable


def check_editable(obj: Reviewable, *, loaded_version: int | None, changed: list[str] = ()) -> None:
    """Refuse a content save while in review, or made from a form older than the last save.

    Locks the row until the end of the request's transaction, so two saves cannot both
    pass this check. `changed` names the fields where the form differs from what is
    saved now; their saved text is quoted so that neither editor's words are lost.
    """
    current = lock(obj)
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
    require_editor(by, obj)
    if obj.pk is not None:
        current = lock(obj)
        if current.is_locked:
            raise Locked(_("This is awaiting review; withdraw the submission before changing it."))
        # Workflow fields belong to the services: an instance loaded earlier must not
        # write back a state, a stamp or a live flag that has changed since.
        for name in obj.WORKFLOW_FIELDS:
            setattr(obj, name, getattr(current, name))
        obj.version = current.version + 1
    return save_revision(obj, by=by, comment=comment, rows=rows)


def lock(obj: Reviewable) -> Reviewable:
    """`obj` as saved now, its row locked to the end of the transaction: the transitions
    take this lock first, so they decide on a working copy nobody changes meanwhile."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def require_editor(user, obj: Reviewable) -> None:
    opts = obj._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        raise NotAllowed(_("Only editors can do this."))


def save_revision(obj: Reviewable, *, by, comment: str, rows=()) -> Revision:
    """Save `obj` and its `rows` as one revision by `by`, with no checks: the callers have made them."""
    with drafting(by=by, comment=comment):
        obj.save()
        for row in rows:
            row.save()
    return Version.objects.get_for_object(obj).select_related("revision").first().revision
