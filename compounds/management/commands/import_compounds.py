from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from compounds.importing import ImportRefused, import_compounds


class Command(BaseCommand):
    help = (
        "Import compounds with their rows and studies from JSON, as drafts saved by --by. "
        "Nothing is saved if any item is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--by", required=True, metavar="USERNAME", help="The editor recorded as the author of every revision."
        )
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="Leave compounds whose slug is already here alone instead of refusing the import.",
        )

    def handle(self, *args, files: list[Path], by: str, skip_existing: bool, **options):
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"Nothing was imported: there is no user “{by}”.")
        try:
            result = import_compounds(*files, by=user, skip_existing=skip_existing, progress=self.stdout.write)
        except ImportRefused as refused:
            raise CommandError(
                f"Nothing was imported. {len(refused.problems)} problem(s):\n" + "\n".join(refused.problems)
            ) from refused
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.compounds} compounds as drafts by {user.get_username()}; studies: "
                f"{result.studies_created} new, {result.studies_reused} reused."
            )
        )
        if result.skipped:
            self.stdout.write(f"Left alone, already here: {', '.join(result.skipped)}.")
        for note in result.ignored:
            self.stdout.write(note)
