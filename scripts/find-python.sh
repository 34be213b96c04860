#!/usr/bin/env bash
# Print the path of a Python >= 3.12 (Django 6 needs it): $PYTHON if set, else the first
# python3.13/python3.12/python3 on PATH or in pyenv's versions that is new enough.
set -u
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
candidates+=(python3.13 python3.12 python3)
for root in "${PYENV_ROOT:-$HOME/.pyenv}/versions"/3.1[2-9]*; do
  [ -x "$root/bin/python3" ] && candidates+=("$root/bin/python3")
done
for py in "${candidates[@]}"; do
  if "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    command -v "$py" 2>/dev/null || echo "$py"
    exit 0
  fi
done
echo "ITO Portal needs Python 3.12 or newer (Django 6 requires it); none was found." >&2
echo "Install one (Debian trixie: apt-get install python3; or pyenv install 3.12) or set PYTHON=/path/to/python3.12." >&2
exit 1
