#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (/usr/bin/chromium; `playwright install` cannot
# download browsers here). Installs it when we are root; otherwise says what to install.
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium for the browser tests (apt-get install chromium)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  if [ -x "$CHROMIUM" ]; then
    exit 0
  fi
  echo "apt-get install chromium did not provide $CHROMIUM" >&2
  exit 1
fi
echo "Chromium is needed for the browser tests: install Debian's package 'chromium' (sudo apt-get install chromium)" >&2
exit 1
