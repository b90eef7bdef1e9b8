from django.core.management.base import BaseCommand

from cms.demo import loader


class Command(BaseCommand):
    help = "Load demo content (published through the review workflow) and demo users. Safe to run again."

    def handle(self, *args, **options):
        report = loader.load()
        for kind in ("users", "studies", "compounds", "articles"):
            self.stdout.write(
                f"{kind}: {report.created.get(kind, 0)} created, {report.present.get(kind, 0)} already present"
            )
        self.stdout.write("\nDemo sign-ins at http://127.0.0.1:8000/admin/ (demo only; change them anywhere real):")
        for spec in loader.USERS:
            role = spec["role"] or "Admin (superuser)"
            self.stdout.write(f"  {spec['username']:<9} password: {spec['password']:<22} {role}")
