"""The editorial roles, as Django groups. Data migrations create them and grant each
app's permissions, so a fresh database has working roles without a setup step.
"""

from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
MEDICAL_REVIEWERS = "Medical reviewers"
# The roles migration 0002 created; later roles are created by their own migrations.
ROLES = (EDITORS, MEDICAL_REVIEWERS)
# Verify reviewers' credentials (migration 0015).
MANAGING_EDITORS = "Managing editors"


def grant(apps, *, app_label: str, role: str, codenames: list[str]) -> None:
    """Give `role` these permissions of `app_label`; for data migrations (historical apps).

    Permissions are normally created after migrations have run, so create this app's
    now, or a fresh database would grant nothing.
    """
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    missing = set(codenames) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise LookupError(f"{app_label} has no permissions {sorted(missing)}")
    Group.objects.get_or_create(name=role)[0].permissions.add(*permissions)


def revoke(apps, *, app_label: str, role: str, codenames: list[str]) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    for group in Group.objects.filter(name=role):
        group.permissions.remove(*permissions)


def model_permissions(models: list[str], actions: list[str]) -> list[str]:
    return [f"{action}_{model}" for model in models for action in actions]
