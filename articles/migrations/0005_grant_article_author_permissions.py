from django.db import migrations

from reviews.roles import EDITORS, MEDICAL_REVIEWERS, grant, model_permissions, revoke

# An article's authors are rows of the article: editors add, reorder and remove them.
EDITOR = model_permissions(["articleauthor"], ["add", "change", "delete", "view"])
REVIEWER = model_permissions(["articleauthor"], ["view"])


def grant_roles(apps, schema_editor):
    grant(apps, app_label="articles", role=EDITORS, codenames=EDITOR)
    grant(apps, app_label="articles", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


def revoke_roles(apps, schema_editor):
    revoke(apps, app_label="articles", role=EDITORS, codenames=EDITOR)
    revoke(apps, app_label="articles", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_name_authors_by_their_pages")]

    operations = [migrations.RunPython(grant_roles, revoke_roles)]
