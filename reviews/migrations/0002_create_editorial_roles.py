from django.db import migrations

from reviews.roles import ROLES, grant, revoke


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    # Both roles see who reviews; only admins manage reviewer profiles.
    for role in ROLES:
        grant(apps, app_label="reviews", role=role, codenames=["view_reviewerprofile"])


def delete_roles(apps, schema_editor):
    for role in ROLES:
        revoke(apps, app_label="reviews", role=role, codenames=["view_reviewerprofile"])
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
