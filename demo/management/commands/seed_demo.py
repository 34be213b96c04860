"""`manage.py seed_demo [--scale N] [--if-empty]`: load the demo vendor, clients and projects."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organization, User
from demo.seed import seed


class Command(BaseCommand):
    help = "Load a believable ITO vendor with clients, people and projects (demo logins printed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="Generate N times more data (for benchmarks)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but print the logins) when the database already has data.",
        )

    def handle(self, *args, scale: int, if_empty: bool, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more")
        if Organization.objects.exists():
            if if_empty:
                self.stdout.write("The database already has data; demo data not loaded again.")
                self._print_logins(None)
                return
            raise CommandError("The database already has data. Use a fresh database.")
        started = time.perf_counter()
        demo = seed(scale=scale)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {elapsed:.1f}s: {len(demo.projects)} projects, "
                f"{len(demo.engineers)} engineers, {len(demo.clients)} named clients."
            )
        )
        self._print_logins(demo.logins)

    def _print_logins(self, logins):
        if logins is None:
            logins = [
                (u.username, u.get_display_name(), "")
                for u in User.objects.exclude(username__startswith="bulk.").order_by("pk")[:20]
            ]
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {settings.PORTAL_DEMO_PASSWORD}):")
        for username, name, role in logins:
            self.stdout.write(f"  {username:<12} {name:<22} {role}")
