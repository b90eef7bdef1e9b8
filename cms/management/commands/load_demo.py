from django.core.management.base import BaseCommand, CommandError

from cms.demo import loader
from cms.demo.users import USERS
from studies.importing import ImportRefused


class Command(BaseCommand):
    help = "Load demo content (published through the review workflow) and demo users. Safe to run again."

    def handle(self, *args, **options):
        try:
            report = loader.load()
        except ImportRefused as refused:
            raise CommandError("The demo content was not loaded:\n" + "\n".join(refused.problems)) from refused
        for kind in ("users", "studies", "compounds", "articles", "policies"):
            self.stdout.write(
                f"{kind}: {report.created.get(kind, 0)} created, {report.present.get(kind, 0)} already present"
            )
        self.stdout.write("\nDemo sign-ins at /admin/ (local demo only; never use these passwords anywhere real):")
        for spec in USERS:
            self.stdout.write(f"  {spec['username']:<9} password: {spec['password']:<22} {spec['role']}")
