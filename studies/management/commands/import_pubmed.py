from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from studies.merging import ImportRefused
from studies.pubmed import import_pubmed_files, import_pubmed_ids


class Command(BaseCommand):
    help = (
        "Import PubMed records (E-utilities efetch XML files, or PubMed IDs fetched from E-utilities) into "
        "studies, as drafts saved by --by. Nothing is saved if any record is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, metavar="FILE", help="efetch XML (PubmedArticleSet)")
        parser.add_argument(
            "--pmid", nargs="+", default=[], metavar="PMID", help="Fetch these PubMed IDs from E-utilities instead."
        )
        parser.add_argument(
            "--by", required=True, metavar="USERNAME", help="The editor recorded as the author of every revision."
        )

    def handle(self, *args, files: list[Path], pmid: list[str], by: str, **options):
        if bool(files) == bool(pmid):
            raise CommandError("Give either XML files or --pmid, not both and not neither.")
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"Nothing was imported: there is no user “{by}”.")
        try:
            result = import_pubmed_files(*files, by=user) if files else import_pubmed_ids(pmid, by=user)
        except ImportRefused as refused:
            raise CommandError(
                f"Nothing was imported. {len(refused.problems)} problem(s):\n" + "\n".join(refused.problems)
            ) from refused
        self.stdout.write(self.style.SUCCESS(result.summary()))
        for note in result.notes:
            self.stdout.write(note)
