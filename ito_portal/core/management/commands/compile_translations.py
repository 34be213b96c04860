"""Compile the .po catalogues to .mo without GNU gettext, and check they are complete."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo (pure Python); --check fails on gaps."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Fail if any message is untranslated or fuzzy.",
        )

    def handle(self, *args, check: bool = False, **options):
        problems: list[str] = []
        compiled = 0
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                if check:
                    for entry in catalogue.untranslated_entries():
                        problems.append(f"{po_path}: untranslated: {entry.msgid!r}")
                    for entry in catalogue.fuzzy_entries():
                        problems.append(f"{po_path}: fuzzy: {entry.msgid!r}")
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(f"compiled {compiled} catalogue(s)")
