"""Fail when a user-facing string is missing from the catalogues or lacks a translation.

Runs `makemessages` on a scratch copy of the source tree (so the working tree is untouched)
and reports every new, untranslated or fuzzy entry. Needs GNU gettext (xgettext).
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "var", ".git", ".ruff_cache", ".hypothesis", "test-results"}


def main() -> int:
    if shutil.which("xgettext") is None:
        print(
            "xgettext not found: run `make system-deps` (Debian package gettext)", file=sys.stderr
        )
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "src"
        shutil.copytree(ROOT, copy, ignore=lambda d, names: [n for n in names if n in SKIP])
        for domain in ("django", "djangojs"):
            subprocess.run(
                [
                    sys.executable, "manage.py", "makemessages", "--locale", "zh_Hans",
                    "--domain", domain, "--no-obsolete", "--no-location",
                    "--ignore", "static/vendor/*", "--ignore", "tests/*", "--ignore", "bench/*",
                ],
                cwd=copy, check=True, capture_output=True, env={"VAR_DIR": str(Path(scratch) / "var"), "PATH": "/usr/bin:/bin"},
            )  # fmt: skip
        problems = []
        for po_path in sorted((copy / "locale").glob("*/LC_MESSAGES/*.po")):
            catalogue = polib.pofile(str(po_path))
            relative = po_path.relative_to(copy)
            problems += [
                f"{relative}: untranslated: {e.msgid!r}" for e in catalogue.untranslated_entries()
            ]
            problems += [f"{relative}: fuzzy: {e.msgid!r}" for e in catalogue.fuzzy_entries()]
    if problems:
        print("\n".join(problems))
        print(
            f"\n{len(problems)} message(s) need translating: run `make messages`, translate, commit."
        )
        return 1
    print("translations: complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
