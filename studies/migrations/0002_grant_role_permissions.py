from django.db import migrations

from reviews.roles import EDITORS, MEDICAL_REVIEWERS, grant, model_permissions, revoke

# Editors write and correct studies but do not delete them: pages cite them.
EDITOR = model_permissions(["study"], ["add", "change", "view"])
REVIEWER = model_permissions(["study"], ["view"])


def grant_roles(apps, schema_editor):
    grant(apps, app_label="studies", role=EDITORS, codenames=EDITOR)
    grant(apps, app_label="studies", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


def revoke_roles(apps, schema_editor):
    revoke(apps, app_label="studies", role=EDITORS, codenames=EDITOR)
    revoke(apps, app_label="studies", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


class Migration(migrations.Migration):
    dependencies = [("studies", "0001_initial"), ("reviews", "0002_create_editorial_roles")]

    operations = [migrations.RunPython(grant_roles, revoke_roles)]
