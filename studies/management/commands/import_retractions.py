from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from studies.merging import ImportRefused
from studies.retractions import import_retraction_file


class Command(BaseCommand):
    help = (
        "Match the Retraction Watch dataset (CSV) against our studies and write each notice found as a draft "
        "of that study, saved by --by, for review. Nothing is saved if any row is malformed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE", help="the Retraction Watch CSV")
        parser.add_argument(
            "--by", required=True, metavar="USERNAME", help="The editor recorded as the author of every revision."
        )
        parser.add_argument("--list-unmatched", action="store_true", help="List each row that names no study here.")

    def handle(self, *args, file: Path, by: str, list_unmatched: bool, **options):
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"Nothing was imported: there is no user “{by}”.")
        try:
            result = import_retraction_file(file, by=user)
        except ImportRefused as refused:
            raise CommandError(
                f"Nothing was imported. {len(refused.problems)} problem(s):\n" + "\n".join(refused.problems)
            ) from refused
        self.stdout.write(self.style.SUCCESS(result.summary()))
        for study in result.updated:
            self.stdout.write(f"Draft with a notice: {study.citation} ({study.get_integrity_status_display()})")
        if list_unmatched:
            for row in result.unmatched:
                self.stdout.write(f"No study here: {row}")
