from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from compounds.importing import ImportRefused, import_compounds


class Command(BaseCommand):
    help = "Import compounds with their rows and studies from JSON, as drafts. Nothing is saved if any item is wrong."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            result = import_compounds(file, progress=self.stdout.write)
        except ImportRefused as refused:
            raise CommandError(
                f"Nothing was imported. {len(refused.problems)} problem(s):\n" + "\n".join(refused.problems)
            ) from refused
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.compounds} compounds as drafts; studies: "
                f"{result.studies_created} new, {result.studies_reused} reused."
            )
        )
        for note in result.ignored:
            self.stdout.write(note)
