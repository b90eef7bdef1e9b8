from django.db import migrations

from reviews.roles import EDITORS, MEDICAL_REVIEWERS, grant, model_permissions, revoke

ROWS = [
    "mechanismstep",
    "evidencelink",
    "verdict",
    "dosingprotocol",
    "compoundform",
    "sideeffect",
    "caution",
    "skipitem",
    "faqentry",
    "keytakeaway",
]
# Editors shape pages row by row, but taking a whole compound away is an admin's call.
EDITOR = model_permissions(["compound", "area"], ["add", "change", "view"]) + model_permissions(
    ROWS, ["add", "change", "delete", "view"]
)
REVIEWER = model_permissions(["compound", "area", *ROWS], ["view"])


def grant_roles(apps, schema_editor):
    grant(apps, app_label="compounds", role=EDITORS, codenames=EDITOR)
    grant(apps, app_label="compounds", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


def revoke_roles(apps, schema_editor):
    revoke(apps, app_label="compounds", role=EDITORS, codenames=EDITOR)
    revoke(apps, app_label="compounds", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


class Migration(migrations.Migration):
    dependencies = [("compounds", "0001_initial"), ("reviews", "0002_create_editorial_roles")]

    operations = [migrations.RunPython(grant_roles, revoke_roles)]
