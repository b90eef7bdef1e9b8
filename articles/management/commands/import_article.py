from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.importing import check_article, save_article
from articles.models import Article
from reviews.exceptions import WorkflowError
from studies.importing import ImportRefused


class Command(BaseCommand):
    help = (
        "Import a Markdown article with YAML front matter as a draft saved by --by. "
        "Nothing is saved if anything in the file is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--by",
            required=True,
            metavar="USERNAME",
            help="The editor recorded as importing the article; a reviewer who imports it cannot approve it.",
        )
        parser.add_argument("--kind", choices=Article.Kind.values, help="The kind, if the front matter gives none.")

    def handle(self, *args, file: Path, by: str, kind=None, **options):
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"Nothing was imported: there is no user “{by}”. --by names who is importing.")
        try:
            plan = check_article(file, by=user, kind=kind)
            article = save_article(plan, by=user)
        except ImportRefused as refused:
            raise CommandError("Nothing was imported.\n" + "\n".join(refused.problems)) from refused
        except WorkflowError as refused:
            raise CommandError(f"Nothing was imported: {refused}") from refused
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported “{article.title}” as a draft {article.get_kind_display().lower()} by {by} "
                f"with {article.sources.count()} sources, {article.key_takeaways.count()} key takeaways, "
                f"{article.faq_entries.count()} FAQ entries and {article.skip_items.count()} “what to skip” items."
            )
        )
        for note in plan.notes:
            self.stdout.write(note)
        studies = [source.study for source in article.sources.select_related("study")]
        incomplete = [study for study in studies if study.missing_details]
        if incomplete:
            self.stdout.write("Studies to complete before review:")
            for study in incomplete:
                self.stdout.write(f"  {study.citation}: add its {', '.join(study.missing_details)}")
