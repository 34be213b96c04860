#!/usr/bin/env bash
# Install the Debian packages the test suite needs when they are missing:
#   chromium          headless browser for the Playwright tests (/usr/bin/chromium)
#   gettext           xgettext, for the check that every string is in the catalogues
#   fonts-noto-cjk    Chinese glyphs for screenshots and PDF reports
# Nothing is downloaded from anywhere but the distribution's package archive.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v xgettext >/dev/null 2>&1 || need+=(gettext)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${need[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get is not available: install ${need[*]} with your system's package manager" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
