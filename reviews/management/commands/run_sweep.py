from django.core.management.base import BaseCommand

from reviews import services, sweeps

SWEEPS = {
    "flag_due": ("pages flagged as due for review", lambda: len(sweeps.flag_due())),
    "reconcile": ("editions stamped", sweeps.reconcile_stamps),
    "flag_citations": ("pages flagged because a cited study changed", lambda: len(sweeps.flag_stale_citations())),
    "publish_scheduled": ("scheduled approvals published", lambda: len(services.publish_scheduled())),
}


class Command(BaseCommand):
    help = "Run one of the periodic review sweeps now, in this process."

    def add_arguments(self, parser):
        parser.add_argument("sweep", choices=[*SWEEPS, "all"])

    def handle(self, *args, sweep, **options):
        for name in SWEEPS if sweep == "all" else [sweep]:
            description, run = SWEEPS[name]
            self.stdout.write(f"{name}: {run()} {description}")
