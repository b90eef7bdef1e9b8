from django.db import migrations

from reviews.roles import EDITORS, MEDICAL_REVIEWERS, grant, model_permissions, revoke

# Editors write the pages about authors and reviewers; nobody deletes one that bylines
# and review lines may name, so no role is given delete.
EDITOR = model_permissions(["person"], ["add", "change", "view"])
REVIEWER = model_permissions(["person"], ["view"])


def grant_roles(apps, schema_editor):
    grant(apps, app_label="people", role=EDITORS, codenames=EDITOR)
    grant(apps, app_label="people", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


def revoke_roles(apps, schema_editor):
    revoke(apps, app_label="people", role=EDITORS, codenames=EDITOR)
    revoke(apps, app_label="people", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_add_people_and_disclosures"), ("reviews", "0002_create_editorial_roles")]

    operations = [migrations.RunPython(grant_roles, revoke_roles)]
