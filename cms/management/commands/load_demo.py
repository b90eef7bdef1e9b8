from base64 import b32encode
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms.demo import loader
from cms.demo.users import BACKUP_CODES, USERS, authenticator_key
from reviews import credentials, second_factor
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
        codes = f"{BACKUP_CODES[0]} to {BACKUP_CODES[-1]}"
        keys = _demo_authenticator_keys()
        for spec in USERS:
            code = f"code: {codes}" if spec["username"] in keys else "no code needed"
            self.stdout.write(f"  {spec['username']:<9} password: {spec['password']:<22} {code:<26} {spec['role']}")
        self.stdout.write(
            "\nMedical reviewers, managing editors and admins sign in, and sign each approval, confirmation and "
            "take-down,\nwith a second factor. Without a phone, type a backup code where a form asks for a code: "
            f"{codes},\neach once per user (loading the demo again, as `make run` does, gives back used ones). A "
            "signature asks for\nthe password and a code the first time in a session, then for either. To use an "
            "authenticator app instead,\nadd the user's key (time-based, six digits, every 30 seconds):"
        )
        for username, key in keys.items():
            self.stdout.write(f"  {username:<15} {key}")
        self.stdout.write("\nReviewers' credentials, verified by the managing editor (admin: Reviews > Credentials):")
        soon = timedelta(days=credentials.NOTICE_DAYS)
        for credential in Credential.objects.select_related("reviewer").order_by("reviewer__display_name", "pk"):
            expiry = f"expires {credential.expires_on_display}" if credential.expires_on else "does not expire"
            if credential.expires_on and credential.expires_on - timezone.localdate() <= soon:
                expiry += f", within {credentials.NOTICE_DAYS} days"
            self.stdout.write(f"  {credential.reviewer.display_name}: {credential.description}, {expiry}")


def _demo_authenticator_keys() -> dict[str, str]:
    """Username: key (base32, as authenticator apps take it) of each demo user whose
    authenticator is still the demo's; never a key someone set up themselves."""
    users = get_user_model().objects.filter(username__in=[spec["username"] for spec in USERS]).order_by("pk")
    keys = {}
    for user in users:
        device = second_factor.authenticator(user)
        if device is not None and device.key == authenticator_key(user.username):
            keys[user.username] = b32encode(device.bin_key).decode()
    return keys
