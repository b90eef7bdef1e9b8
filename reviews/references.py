"""What an old revision points at that no longer exists.

Reverting to a revision whose rows point at a deleted record would fail deep in the
database; this names the missing records first, so the editor can recover them.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from reversion.models import Revision, Version


def missing_references(revision: Revision) -> list[str]:
    """Names of the records that `revision` links to (foreign keys, many-to-many) and that are gone."""
    in_revision = {(v.content_type_id, v.object_id) for v in revision.version_set.all()}
    wanted: dict[type[models.Model], set] = {}
    pointed_from: dict[tuple, str] = {}
    for version in revision.version_set.select_related("content_type"):
        model = version.content_type.model_class()
        values = version.field_dict
        for field in model._meta.concrete_fields + tuple(model._meta.many_to_many):
            if not field.is_relation or field.attname not in values:
                continue
            ids = values[field.attname] if field.many_to_many else [values[field.attname]]
            wanted.setdefault(field.related_model, set()).update(pk for pk in ids if pk is not None)
            if not field.many_to_many:
                # A row is often named after what it points at ("Heiss WD et al. (2012)").
                pointed_from.setdefault((field.related_model, values[field.attname]), version.object_repr)
    missing = []
    for model, ids in wanted.items():
        present = set(model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
        for pk in sorted(ids - present, key=str):
            if (_content_type_id(model), str(pk)) in in_revision:
                continue  # restored by the revert itself
            missing.append(_describe_deleted(model, pk, fallback=pointed_from.get((model, pk))))
    return missing


def _content_type_id(model) -> int:
    return ContentType.objects.get_for_model(model).pk


def _describe_deleted(model, pk, *, fallback: str | None) -> str:
    last_seen = Version.objects.get_deleted(model).filter(object_id=str(pk)).first()
    name = last_seen.object_repr if last_seen else fallback or f"#{pk}"
    return f"{model._meta.verbose_name} “{name}”"
