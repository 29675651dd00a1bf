#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium and its matching WebDriver for the portal's browser tests
# (Selenium drives the system browser; nothing is downloaded at test time). Idempotent: does nothing when both are
# present. Source it and call install_browser, or run it.
set -euo pipefail

install_browser() {
  if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "[install-browser] chromium/chromium-driver missing and not root: run as root or install them" >&2
    return 1
  fi
  echo "[install-browser] installing chromium and chromium-driver (Debian packages)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  install_browser
fi
