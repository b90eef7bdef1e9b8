from django.db import migrations

from reviews.roles import EDITORS, MEDICAL_REVIEWERS, grant, model_permissions, revoke

# A person's disclosures are rows of their page: editors add and remove them as they do
# an article's sources.
EDITOR = model_permissions(["disclosure"], ["add", "change", "delete", "view"])
REVIEWER = model_permissions(["disclosure"], ["view"])


def grant_roles(apps, schema_editor):
    grant(apps, app_label="people", role=EDITORS, codenames=EDITOR)
    grant(apps, app_label="people", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


def revoke_roles(apps, schema_editor):
    revoke(apps, app_label="people", role=EDITORS, codenames=EDITOR)
    revoke(apps, app_label="people", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_grant_role_permissions")]

    operations = [migrations.RunPython(grant_roles, revoke_roles)]
