from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms.demo import loader
from cms.demo.users import USERS
from reviews import credentials
from reviews.models import Credential
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
        self.stdout.write("\nReviewers' credentials, verified by the managing editor (admin: Reviews > Credentials):")
        soon = timedelta(days=credentials.NOTICE_DAYS)
        for credential in Credential.objects.select_related("reviewer").order_by("reviewer__display_name", "pk"):
            expiry = f"expires {credential.expires_on_display}" if credential.expires_on else "does not expire"
            if credential.expires_on and credential.expires_on - timezone.localdate() <= soon:
                expiry += f", within {credentials.NOTICE_DAYS} days"
            self.stdout.write(f"  {credential.reviewer.display_name}: {credential.description}, {expiry}")
