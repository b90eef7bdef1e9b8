from django.db import migrations

from reviews.roles import EDITORS, MANAGING_EDITORS, MEDICAL_REVIEWERS, grant, revoke

# Managing editors record reviewers' credentials and verify them with the issuing body.
# Nobody deletes one: an outdated credential stays on record, unverified or expired.
MANAGING_EDITOR = [
    "view_reviewerprofile",
    "view_credential",
    "add_credential",
    "change_credential",
    "verify_credential",
]
# Everyone who sees who reviews also sees on what credentials.
SEE_CREDENTIALS = ["view_credential"]


def grant_roles(apps, schema_editor):
    grant(apps, app_label="reviews", role=MANAGING_EDITORS, codenames=MANAGING_EDITOR)
    for role in (EDITORS, MEDICAL_REVIEWERS):
        grant(apps, app_label="reviews", role=role, codenames=SEE_CREDENTIALS)


def import_free_text_credentials(apps, schema_editor):
    """Each abbreviation in a profile's free-text credentials becomes an unverified
    record for a managing editor to complete (issuing body, number, expiry) and verify.
    Until then the reviewer cannot sign: nothing so far checked those words."""
    ReviewerProfile = apps.get_model("reviews", "ReviewerProfile")
    Credential = apps.get_model("reviews", "Credential")
    for profile in ReviewerProfile.objects.exclude(credentials=""):
        for abbreviation in dict.fromkeys(part.strip() for part in profile.credentials.split(",")):
            if abbreviation:
                Credential.objects.create(
                    reviewer=profile, kind="degree", abbreviation=abbreviation[:20], issuing_body=""
                )


def revoke_roles(apps, schema_editor):
    revoke(apps, app_label="reviews", role=MANAGING_EDITORS, codenames=MANAGING_EDITOR)
    apps.get_model("auth", "Group").objects.filter(name=MANAGING_EDITORS).delete()
    for role in (EDITORS, MEDICAL_REVIEWERS):
        revoke(apps, app_label="reviews", role=role, codenames=SEE_CREDENTIALS)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0014_add_reviewer_credential_records")]

    operations = [
        migrations.RunPython(grant_roles, revoke_roles),
        # Reversed by deleting the imported records with their table (0014).
        migrations.RunPython(import_free_text_credentials, migrations.RunPython.noop),
    ]
