#!/usr/bin/env bash
# Copy the front-end assets the pages use from node_modules into static/vendor/.
# The copies are committed, so running the portal needs no Node.js; rerun after changing
# package.json (`make vendor`).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --silent
out=static/vendor
rm -rf "$out"
mkdir -p "$out/tabler/css" "$out/tabler/js" "$out/bootstrap-icons/fonts" "$out/chartjs" "$out/sortablejs"
cp node_modules/@tabler/core/dist/css/tabler.min.css "$out/tabler/css/"
cp node_modules/@tabler/core/dist/js/tabler.min.js "$out/tabler/js/"
node -e "const p=require(\"./node_modules/@tabler/core/package.json\"); console.log(p.name+\" \"+p.version+\", licence \"+p.license+\", (c) Pawel Kuna and contributors\")" > "$out/tabler/LICENSE.txt"
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$out/bootstrap-icons/"
cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff2 node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff "$out/bootstrap-icons/fonts/"
cp node_modules/bootstrap-icons/LICENSE "$out/bootstrap-icons/"
cp node_modules/chart.js/dist/chart.umd.min.js "$out/chartjs/"
cp node_modules/chart.js/LICENSE.md "$out/chartjs/"
cp node_modules/sortablejs/Sortable.min.js "$out/sortablejs/"
cp node_modules/sortablejs/LICENSE "$out/sortablejs/"
# Source maps are not shipped: drop the references so browsers do not ask for them.
sed -i -E 's#/\*\# sourceMappingURL=[^*]*\*/##; s#//\# sourceMappingURL=.*$##' \
  "$out"/tabler/css/*.css "$out"/tabler/js/*.js "$out"/chartjs/*.js "$out"/sortablejs/*.js
echo "vendored into $out:"
du -sh "$out"/*
