from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importing import import_article
from articles.models import Article
from compounds.importing import ImportRefused


class Command(BaseCommand):
    help = "Import a Markdown article with YAML front matter as a draft. Nothing is saved if the file is malformed."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", choices=[Article.Kind.GUIDE, Article.Kind.JOURNAL_POST])

    def handle(self, *args, file: Path, kind=None, **options):
        try:
            result = import_article(file, kind=kind)
        except ImportRefused as refused:
            raise CommandError("Nothing was imported.\n" + "\n".join(refused.problems)) from refused
        article = result.article
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported “{article.title}” as a draft {article.get_kind_display().lower()} "
                f"with {article.sources.count()} sources, {article.key_takeaways.count()} key takeaways "
                f"and {article.faq_entries.count()} FAQ entries."
            )
        )
        if result.new_studies:
            self.stdout.write("New studies to complete before review:")
            for line in result.new_studies:
                self.stdout.write(f"  {line}")
