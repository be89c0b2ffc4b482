#!/usr/bin/env bash
# Installs the front-end packages from package-lock.json (only when node_modules is missing
# or older than the lock) and copies the built files into static/vendor/ (generated, not
# committed):
#   htmx.org/dist/htmx.min.js                       -> htmx.min.js
#   @utrecht/component-library-css/dist/index.css   -> utrecht.css
#   @utrecht/design-tokens/dist/theme.css           -> design-tokens.css (scoped: .utrecht-theme)
#   axe-core/axe.min.js                             -> axe.min.js (browser tests)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null; then
  echo "npm is needed to build static/vendor/: install Node.js 20 or later (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

htmx_version=$(node -p 'require("./node_modules/htmx.org/package.json").version')
case "$htmx_version" in
  2.0.*) ;;
  *) echo "htmx.org $htmx_version installed; the app is written for htmx 2.0.x" >&2; exit 1 ;;
esac

mkdir -p static/vendor
copy() { install -m 0644 "node_modules/$1" "static/vendor/$2"; }
copy htmx.org/dist/htmx.min.js htmx.min.js
copy @utrecht/component-library-css/dist/index.css utrecht.css
copy @utrecht/design-tokens/dist/theme.css design-tokens.css
copy axe-core/axe.min.js axe.min.js
