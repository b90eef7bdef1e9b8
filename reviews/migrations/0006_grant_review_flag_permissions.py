from django.db import migrations

from reviews.roles import EDITORS, MEDICAL_REVIEWERS, grant, revoke

CODENAMES = ["view_reviewflag"]


def grant_roles(apps, schema_editor):
    for role in (EDITORS, MEDICAL_REVIEWERS):
        grant(apps, app_label="reviews", role=role, codenames=CODENAMES)


def revoke_roles(apps, schema_editor):
    for role in (EDITORS, MEDICAL_REVIEWERS):
        revoke(apps, app_label="reviews", role=role, codenames=CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0005_add_citations_and_review_flags")]

    operations = [migrations.RunPython(grant_roles, revoke_roles)]
