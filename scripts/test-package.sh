#!/usr/bin/env bash
# The Linux packages, checked inside `make test` without compiling the app a second time: `tauri bundle --debug`
# wraps the binary this run already built (target/debug/liaison-desk, which embeds ui/dist) into a .deb and an .rpm
# with the configuration `make package` uses for the release build. The test reads both packages' metadata and
# contents, installs the .deb on this machine (as root, or through sudo), runs the installed command line on a
# temporary data folder, and removes the package again, also when a check fails.
#
# Every check prints "ok" or "FAIL"; the last line counts them ("package checks: N passed, N failed") and the exit
# status is non-zero if any failed. A missing tool or binary fails the test with a message; nothing is skipped.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PKG=liaison-desk
BIN="target/debug/$PKG"
BUNDLE_DIR="target/debug/bundle"
started_at=$SECONDS

passed=0
failed=0
check() { # check DESCRIPTION CMD... — runs CMD, counts the outcome
  local what="$1"; shift
  if "$@"; then
    passed=$((passed + 1)); printf '  ok    %s\n' "$what"
  else
    failed=$((failed + 1)); printf '  FAIL  %s\n' "$what" >&2
  fi
}
same() { # same ACTUAL EXPECTED
  [ "$1" = "$2" ] && return 0
  printf '        expected: %q\n        actual:   %q\n' "$2" "$1" >&2
  return 1
}
has_line() { # has_line FILE LINE — FILE has exactly this line
  grep -qxF -- "$2" "$1" && return 0
  printf '        no line %q in %s\n' "$2" "$1" >&2
  return 1
}
contains() { # contains TEXT PART
  [[ "$1" == *"$2"* ]] && return 0
  printf '        %q not in:\n%s\n' "$2" "$1" >&2
  return 1
}
fatal() {
  printf 'test-package: %s\n' "$*" >&2
  echo "package checks: $passed passed, $((failed + 1)) failed"
  exit 1
}
phase() { printf '\n-- %s (%ss so far)\n' "$*" "$((SECONDS - started_at))"; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fatal "installing the .deb needs root: run as root or install sudo"
  SUDO=(sudo)
fi
for tool in dpkg-deb dpkg-query apt-get rpm rpm2cpio cpio file desktop-file-validate node; do
  command -v "$tool" >/dev/null 2>&1 || fatal "$tool is missing: run scripts/install-deps.sh (make test runs it first)"
done
[ -x ui/node_modules/.bin/tauri ] || fatal "the Tauri CLI is missing (ui/node_modules/.bin/tauri): run scripts/install-deps.sh"
[ -x "$BIN" ] || fatal "$BIN is missing: build it first (cargo build; make test's test-desktop step does)"

conf() { node -p "require('./tauri.conf.json').$1"; }
VERSION="$(conf version)"
SUMMARY="$(conf bundle.shortDescription)"
DEB_ARCH="$(dpkg --print-architecture)"
RPM_ARCH="$(uname -m)"

TMP="$(mktemp -d)"
installed_by_us=0
cleanup() {
  if [ "$installed_by_us" -eq 1 ]; then
    echo "-- removing $PKG after a failure"
    "${SUDO[@]}" apt-get remove -y -qq "$PKG" >/dev/null 2>&1 || echo "could not remove $PKG: apt-get remove -y $PKG" >&2
  fi
  rm -rf "$TMP" "$BUNDLE_DIR"
}
trap cleanup EXIT

phase "bundling $BIN (tauri bundle --debug)"
rm -rf "$BUNDLE_DIR"
# --no-binary-patching: leave the test-built binary as cargo wrote it (the patch only tags the bundle type for the
# updater, which the app does not use). The release .rpm is compressed with xz (tauri.conf.json); here gzip, as the
# .deb: xz over the 390 MB debug binary would take minutes, and the compression is not what this test checks.
CI=true ui/node_modules/.bin/tauri bundle --debug --bundles deb,rpm --no-binary-patching \
  --config '{"bundle": {"linux": {"rpm": {"compression": {"type": "gzip", "level": 6}}}}}' \
  || fatal "tauri bundle failed"
shopt -s nullglob
debs=("$BUNDLE_DIR"/deb/*.deb)
rpms=("$BUNDLE_DIR"/rpm/*.rpm)
shopt -u nullglob
[ "${#debs[@]}" -eq 1 ] || fatal "expected one .deb in $BUNDLE_DIR/deb, found ${#debs[@]}"
[ "${#rpms[@]}" -eq 1 ] || fatal "expected one .rpm in $BUNDLE_DIR/rpm, found ${#rpms[@]}"
DEB="$ROOT/${debs[0]}"
RPM="$ROOT/${rpms[0]}"
ls -l "$DEB" "$RPM"

# What both packages must hold: the binary, the desktop entry (the bundler names it after the product name), and
# the icon in every hicolor size (the PNGs tauri.conf.json lists) plus the SVG as the scalable one.
ICON_SIZES=(16x16 24x24 32x32 48x48 64x64 128x128 256x256 512x512)
DESKTOP="usr/share/applications/$(conf productName).desktop"
EXPECTED_FILES=("usr/bin/$PKG" "$DESKTOP" "usr/share/icons/hicolor/scalable/apps/$PKG.svg")
for s in "${ICON_SIZES[@]}"; do EXPECTED_FILES+=("usr/share/icons/hicolor/$s/apps/$PKG.png"); done

# check_tree NAME DIR — the files of one unpacked package
check_tree() {
  local name="$1" dir="$2" f s
  check "$name: /usr/bin/$PKG is the binary this run built" cmp -s "$dir/usr/bin/$PKG" "$BIN"
  check "$name: /usr/bin/$PKG is executable" test -x "$dir/usr/bin/$PKG"
  for s in "${ICON_SIZES[@]}"; do
    f="$dir/usr/share/icons/hicolor/$s/apps/$PKG.png"
    check "$name: icon $s is a ${s/x/ x } PNG" contains "$(file -b "$f")" "PNG image data, ${s/x/ x }"
  done
  check "$name: scalable icon is the SVG source" \
    cmp -s "$dir/usr/share/icons/hicolor/scalable/apps/$PKG.svg" icons/liaison-desk.svg
  f="$dir/$DESKTOP"
  check "$name: the desktop entry is valid (desktop-file-validate)" desktop-file-validate "$f"
  check "$name: desktop entry has the English name" has_line "$f" "Name=Liaison Desk"
  check "$name: desktop entry has the Chinese name" has_line "$f" "Name[zh_CN]=协作联络台"
  check "$name: desktop entry has the English comment" has_line "$f" "Comment=$SUMMARY"
  check "$name: desktop entry has a Chinese comment" grep -qE '^Comment\[zh_CN\]=.+' "$f"
  check "$name: desktop entry runs $PKG" has_line "$f" "Exec=$PKG"
  check "$name: desktop entry uses the $PKG icon" has_line "$f" "Icon=$PKG"
}

# check_listing NAME LISTING — every expected path is in the package's file list
check_listing() {
  local name="$1" listing="$2" f
  for f in "${EXPECTED_FILES[@]}"; do
    check "$name lists /$f" grep -qxF "/$f" <<<"$listing"
  done
}

phase "the .deb: dpkg-deb -I / -c"
dpkg-deb -I "$DEB"
field() { dpkg-deb -f "$DEB" "$1"; }
check "deb: Package is $PKG" same "$(field Package)" "$PKG"
check "deb: Version is $VERSION" same "$(field Version)" "$VERSION"
check "deb: Architecture is $DEB_ARCH" same "$(field Architecture)" "$DEB_ARCH"
check "deb: Description starts with the summary" same "$(field Description | head -n1)" "$SUMMARY"
check "deb: Description has the long text in both languages" \
  contains "$(field Description)" "协作联络台"
depends="$(field Depends | tr ',' '\n' | sed -E 's/^ +| +$//g')"
# The libraries the binary links (dpkg-shlibdeps on it), less those every desktop has (libc, glib, cairo).
for dep in libwebkit2gtk-4.1-0 libgtk-3-0 libjavascriptcoregtk-4.1-0 libsoup-3.0-0 libdbus-1-3; do
  check "deb: Depends on $dep" grep -qxF "$dep" <<<"$depends"
done
# dpkg-deb -c prints "-rwxr-xr-x 0/0 123 2026-11-29 22:52 ./usr/bin/liaison-desk"; the path is all after the fifth
# field (the desktop file's name has a space), compared as an absolute path.
deb_files="$(dpkg-deb -c "$DEB" | sed -E 's/^([^ ]+ +){5}//; s|^\./|/|; s|^([^/])|/\1|')"
check_listing deb "$deb_files"
mkdir -p "$TMP/deb" && dpkg-deb -x "$DEB" "$TMP/deb" || fatal "dpkg-deb -x failed"
check_tree deb "$TMP/deb"

phase "the .rpm: rpm -qip / -qlp"
rpm -qip "$RPM"
q() { rpm -qp --queryformat "%{$1}" "$RPM"; }
check "rpm: Name is $PKG" same "$(q NAME)" "$PKG"
check "rpm: Version is $VERSION" same "$(q VERSION)" "$VERSION"
check "rpm: Release is 1" same "$(q RELEASE)" "1"
check "rpm: Arch is $RPM_ARCH" same "$(q ARCH)" "$RPM_ARCH"
check "rpm: Summary is the summary" same "$(q SUMMARY)" "$SUMMARY"
check "rpm: License is MIT" same "$(q LICENSE)" "MIT"
check "rpm: Description has the long text in both languages" contains "$(q DESCRIPTION)" "协作联络台"
requires="$(rpm -qRp "$RPM")"
# The same libraries by soname, as rpm itself records them, so any RPM distribution resolves them.
for dep in "libwebkit2gtk-4.1.so.0()(64bit)" "libgtk-3.so.0()(64bit)" "libjavascriptcoregtk-4.1.so.0()(64bit)" \
  "libsoup-3.0.so.0()(64bit)" "libdbus-1.so.3()(64bit)"; do
  check "rpm: Requires $dep" grep -qxF "$dep" <<<"$requires"
done
check_listing rpm "$(rpm -qlp "$RPM")"
# rpm2cpio (rpm 4.18) exits 1 on these packages even when it writes the whole payload; cpio's status and the file
# checks below are what count.
mkdir -p "$TMP/rpm" && (cd "$TMP/rpm" && { rpm2cpio "$RPM" || true; } | cpio -idm --quiet) \
  || fatal "rpm2cpio | cpio failed"
check_tree rpm "$TMP/rpm"
check "rpm and deb carry the same desktop entry" cmp -s "$TMP/rpm/$DESKTOP" "$TMP/deb/$DESKTOP"
rm -rf "$TMP/deb" "$TMP/rpm"

phase "installing the .deb (apt-get install)"
if [ "$(dpkg-query -W -f='${db:Status-Status}' "$PKG" 2>/dev/null)" = "installed" ]; then
  fatal "$PKG is already installed on this machine; this test installs and removes its own build, so remove it first (apt-get remove $PKG)"
fi
installed_by_us=1
# Offline-safe: the dependencies are already here (install-deps.sh), the recommended fonts are not needed to run.
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$DEB" >/dev/null \
  || fatal "apt-get install $DEB failed"
check "dpkg reports $PKG $VERSION installed" \
  same "$(dpkg-query -W -f='${db:Status-Status} ${Version}' "$PKG")" "installed $VERSION"
check "/usr/bin/$PKG belongs to the package" grep -qxF "/usr/bin/$PKG" <<<"$(dpkg -L "$PKG")"
check "the installed desktop entry is in /usr/share/applications" test -f "/$DESKTOP"

# run LANG ARGS... — the installed binary with only LANG deciding its language. Its answer is on stdout; the log
# lines on stderr are kept in $TMP/stderr.log and shown when a check fails.
run() {
  local lang="$1"; shift
  env -u LC_ALL -u LC_MESSAGES -u LIAISON_DESK_DATA_DIR LANG="$lang" "/usr/bin/$PKG" "$@" 2>>"$TMP/stderr.log"
}
# ref ARGS... — the same command through the test-built binary, the reference for exact output
ref() { env -u LC_ALL -u LC_MESSAGES -u LIAISON_DESK_DATA_DIR LANG=C.UTF-8 "$BIN" "$@" 2>>"$TMP/stderr.log"; }

help="$(run C.UTF-8 --help)"
check "liaison-desk --help exits 0" test $? -eq 0
for word in "Liaison Desk (协作联络台)" "--data-dir" demo info seed; do
  check "--help mentions $word" contains "$help" "$word"
done
check "liaison-desk --version is $VERSION" same "$(run C.UTF-8 --version)" "$PKG $VERSION"

data="$TMP/data"
mkdir -p "$data" "$TMP/ref"
db="$data/liaison-desk.db"
schema="$(ref --data-dir "$TMP/ref" info | sed -n 's/^schema version: //p')"
check "the reference binary reports a schema version" grep -qE '^[0-9]+$' <<<"$schema"
check "info (English) names the database and schema" \
  same "$(run C.UTF-8 --data-dir "$data" info)" "$(printf 'database: %s\nschema version: %s' "$db" "$schema")"
out="$(run C.UTF-8 --data-dir "$data" demo)"
check "demo exits 0" test $? -eq 0
expected="$(ref --data-dir "$TMP/ref" demo | sed "s|$TMP/ref/|$data/|")"
check "demo reports what the reference binary reports" same "$out" "$expected"
check "demo loads 40 contacts" contains "$out" "40 contacts"
check "demo wrote the database into the data folder" test -s "$db"
run C.UTF-8 --data-dir "$data" demo >/dev/null
check "a second demo is refused (exit status non-zero)" test $? -ne 0
check "info (Chinese) names the database and schema" \
  same "$(run zh_CN.UTF-8 --data-dir "$data" info)" "$(printf '数据库：%s\n数据结构版本：%s' "$db" "$schema")"
meetings="$(run C.UTF-8 --data-dir "$data" meetings --limit 100)"
check "meetings lists the demo meetings" test "$(grep -c . <<<"$meetings")" -ge 5

if [ "$failed" -gt 0 ] && [ -s "$TMP/stderr.log" ]; then
  echo "-- the command line's log (stderr):"
  cat "$TMP/stderr.log"
fi

phase "removing the package (apt-get remove)"
if DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get remove -y -qq "$PKG" >/dev/null; then
  installed_by_us=0
fi
check "apt-get remove $PKG succeeded" test "$installed_by_us" -eq 0
check "/usr/bin/$PKG is gone" test ! -e "/usr/bin/$PKG"
check "dpkg no longer reports $PKG installed" \
  test "$(dpkg-query -W -f='${db:Status-Status}' "$PKG" 2>/dev/null)" != "installed"

echo
echo "package test finished in $((SECONDS - started_at))s"
echo "package checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
