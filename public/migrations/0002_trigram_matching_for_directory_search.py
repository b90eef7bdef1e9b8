"""pg_trgm, for the directory search's tolerance of a typo (a no-op on SQLite)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("public", "0001_initial")]

    operations = [TrigramExtension()]
