#!/usr/bin/env bash
# Installs what `make run` and `make test` need on Debian 12. Safe to run repeatedly: it only touches the
# system when something is missing, and stays quiet when everything is already there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '[install-deps] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    log "need root to run: $* (install sudo or run as root)"
    exit 1
  fi
}

# Tauri's Linux build prerequisites, then what the tests and screenshots use (Radicale: a real calendar server
# the .ics export is imported into; poppler-utils, pandoc and LibreOffice Writer (headless): real readers of the
# PDF and DOCX exports; fonts-noto-cjk: the CJK font PDF export embeds; dbus: the session bus the single-instance
# plugin uses, which the e2e harness and `make run` under Xvfb start themselves; fiu-utils: fiu-run, which the
# fault tests use to make the app's disk writes and fsyncs fail; rclone: `rclone serve webdav`, a minimal WebDAV
# server the sync tests use, and python3-venv for the other test servers below; for the package test, rpm (rpm -qip,
# -qlp, rpm2cpio) with cpio to read the .rpm (dpkg-deb, for the .deb, is part of dpkg), file to check the packaged
# binary and icons, and desktop-file-utils to validate the packaged .desktop file); xz-utils for `make package`,
# which recompresses the .deb with xz (scripts/deb-xz.sh; `ar` comes with build-essential).
APT_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev
  xvfb xauth webkit2gtk-driver dbus dbus-x11 fonts-noto-cjk imagemagick librsvg2-bin
  radicale poppler-utils pandoc libreoffice-writer-nogui fiu-utils
  rclone python3-venv rpm cpio desktop-file-utils xz-utils
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
  if [ "$status" != "installed" ]; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  log "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# UI dependencies: reinstall when node_modules is missing or older than the lock file or a patch in ui/patches (npm
# runs patch-package after installing). npm rewrites node_modules/.package-lock.json on every install, so its age
# says when node_modules was last synced.
if [ -f ui/package-lock.json ]; then
  stamp=ui/node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ ui/package-lock.json -nt "$stamp" ] || [ -n "$(find ui/patches -newer "$stamp" 2>/dev/null)" ]; then
    log "installing UI dependencies (npm ci)"
    npm --prefix ui ci --no-audit --no-fund --loglevel=error
  fi
elif [ -f ui/package.json ] && [ ! -d ui/node_modules ]; then
  log "installing UI dependencies (npm install; no lock file yet)"
  npm --prefix ui install --no-audit --no-fund --loglevel=error
fi

# The WebDriver bridge between the e2e test and WebKitWebDriver.
TAURI_DRIVER_VERSION=2.1.0
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$CARGO_BIN/tauri-driver" ]; then
  log "installing tauri-driver $TAURI_DRIVER_VERSION"
  cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION" --quiet
fi

# Sync test servers, started by the tests on 127.0.0.1: wsgidav (a full WebDAV server with authentication) and
# moto's server (the S3 API). In a venv outside the repository, since Debian's Python refuses pip installs.
SYNC_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/liaison-desk-test-venv"
if [ ! -x "$SYNC_VENV/bin/wsgidav" ] || [ ! -x "$SYNC_VENV/bin/moto_server" ]; then
  log "installing the sync test servers (wsgidav, moto) into $SYNC_VENV"
  python3 -m venv "$SYNC_VENV"
  "$SYNC_VENV/bin/pip" install -q --disable-pip-version-check "wsgidav==4.3.*" cheroot "moto[server]==5.*"
fi
