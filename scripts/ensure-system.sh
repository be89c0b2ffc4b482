#!/usr/bin/env bash
# What the tests need from the system: Debian's Chromium (/usr/bin/chromium, for the browser
# tests; `playwright install` cannot download browsers here), nginx (the web app and the M2M
# listener behind nginx, tests/test_nginx_web.py and tests/m2m/test_nginx.py) and
# redis-server (two web nodes sharing rate limits, tests/test_schaal.py; the tests start
# their own). Installs what is missing when we are root; otherwise says what to install.
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing for the tests: ${missing[*]} (apt-get install)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  # Debian starts the packaged nginx on port 80; the tests run their own.
  # Debian starts the packaged redis-server on 6379 too; ours run on their own ports.
  if command -v systemctl >/dev/null; then
    for dienst in nginx redis-server; do
      if [[ " ${missing[*]} " == *" $dienst "* ]]; then
        systemctl disable --now "$dienst" >/dev/null 2>&1 || true
      fi
    done
  fi
  exit 0
fi
echo "The tests need: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
exit 1
