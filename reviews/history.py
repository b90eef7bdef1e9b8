"""A page as it stood at an earlier revision, built by the same builder as a preview."""

from django.db import transaction
from reversion.models import Version

from . import registry
from .exceptions import RevertBlocked
from .references import missing_references


class _Discard(Exception):
    pass


def content_at(version: Version) -> dict:
    """The edition content `version`'s page would have, without changing anything.

    The revision is reverted inside a savepoint, built, and rolled back: the only way
    to build child rows and relations exactly as they were.
    """
    missing = missing_references(version.revision)
    if missing:
        raise RevertBlocked(
            f"This version cites {', '.join(missing)}, which has since been deleted, so it cannot be shown."
        )
    model = version.content_type.model_class()
    builder = registry.builder_for(model)
    result = {}
    try:
        with transaction.atomic():
            version.revision.revert(delete=True)
            obj = model._default_manager.get(pk=version.object_id)
            result = registry.canonical(builder.content(obj))
            raise _Discard
    except _Discard:
        pass
    return result
