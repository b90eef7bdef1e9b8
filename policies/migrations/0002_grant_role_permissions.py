from django.db import migrations

from reviews.roles import EDITORS, MEDICAL_REVIEWERS, grant, model_permissions, revoke

# Editors write and correct the policies but do not delete them: every page links them.
EDITOR = model_permissions(["policypage"], ["add", "change", "view"])
REVIEWER = model_permissions(["policypage"], ["view"])


def grant_roles(apps, schema_editor):
    grant(apps, app_label="policies", role=EDITORS, codenames=EDITOR)
    grant(apps, app_label="policies", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


def revoke_roles(apps, schema_editor):
    revoke(apps, app_label="policies", role=EDITORS, codenames=EDITOR)
    revoke(apps, app_label="policies", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_initial"), ("reviews", "0002_create_editorial_roles")]

    operations = [migrations.RunPython(grant_roles, revoke_roles)]
