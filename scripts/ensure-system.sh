#!/usr/bin/env bash
# What the tests need from the system: Debian's Chromium (/usr/bin/chromium, for the browser
# tests; `playwright install` cannot download browsers here) and nginx (the M2M listener
# behind nginx, tests/m2m/test_nginx.py). Installs what is missing when we are root;
# otherwise says what to install.
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing for the tests: ${missing[*]} (apt-get install)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  # Debian starts the packaged nginx on port 80; the tests run their own.
  if [[ " ${missing[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null; then
    systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
  exit 0
fi
echo "The tests need: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
exit 1
