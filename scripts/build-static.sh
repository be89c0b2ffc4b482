#!/usr/bin/env bash
# Installs the front-end packages from package-lock.json and copies the built files
# into static/vendor/ (generated, not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
mkdir -p static/vendor
cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
cp node_modules/@utrecht/component-library-css/dist/index.css static/vendor/utrecht.css
cp node_modules/@utrecht/design-tokens/dist/theme.css static/vendor/design-tokens.css
cp node_modules/axe-core/axe.min.js static/vendor/axe.min.js
