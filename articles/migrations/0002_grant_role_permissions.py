from django.db import migrations

from reviews.roles import EDITORS, MEDICAL_REVIEWERS, grant, model_permissions, revoke

ROWS = ["articlesource", "articleskipitem", "articlefaqentry", "articlekeytakeaway"]
EDITOR = model_permissions(["article", "category", "tag"], ["add", "change", "view"]) + model_permissions(
    ROWS, ["add", "change", "delete", "view"]
)
REVIEWER = model_permissions(["article", "category", "tag", *ROWS], ["view"])


def grant_roles(apps, schema_editor):
    grant(apps, app_label="articles", role=EDITORS, codenames=EDITOR)
    grant(apps, app_label="articles", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


def revoke_roles(apps, schema_editor):
    revoke(apps, app_label="articles", role=EDITORS, codenames=EDITOR)
    revoke(apps, app_label="articles", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial"), ("reviews", "0002_create_editorial_roles")]

    operations = [migrations.RunPython(grant_roles, revoke_roles)]
