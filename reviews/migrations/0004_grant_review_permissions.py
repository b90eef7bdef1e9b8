from django.db import migrations

from reviews.roles import EDITORS, MEDICAL_REVIEWERS, grant, model_permissions, revoke

# Editors see the queue, their reviewers' comments, past editions and the audit log.
EDITOR = model_permissions(["submission", "edition", "reviewstamp", "auditevent"], ["view"])
# Reviewers also decide submissions and may take a live page down at once.
REVIEWER = EDITOR + ["approve_submission", "unpublish_edition"]


def grant_roles(apps, schema_editor):
    grant(apps, app_label="reviews", role=EDITORS, codenames=EDITOR)
    grant(apps, app_label="reviews", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


def revoke_roles(apps, schema_editor):
    revoke(apps, app_label="reviews", role=EDITORS, codenames=EDITOR)
    revoke(apps, app_label="reviews", role=MEDICAL_REVIEWERS, codenames=REVIEWER)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_add_submissions_editions_stamps_audit_log")]

    operations = [migrations.RunPython(grant_roles, revoke_roles)]
