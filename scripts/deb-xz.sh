#!/usr/bin/env bash
# Recompresses the file tree of .deb packages with xz, in place: scripts/deb-xz.sh FILE.deb...
#
# The Tauri bundler (CLI 2.12) writes data.tar.gz and has no option for the .deb's compression (the .rpm has one:
# tauri.conf.json > bundle > linux > rpm > compression). xz is what Debian itself uses for its packages, and it
# makes our release .deb about a third smaller than gzip. Only the compression changes: the tar stream (file names,
# modes, owners, times) and control.tar.gz are kept byte for byte, and the members stay in the order dpkg requires
# (debian-binary, control, data). `make package` runs this on the release .deb; `make test` bundles the debug build
# and leaves it in gzip, since compressing a 390 MB debug binary with xz would take minutes.
set -euo pipefail

[ "$#" -ge 1 ] || { echo "usage: $0 FILE.deb..." >&2; exit 2; }
for tool in ar xz gzip dpkg-deb; do
  command -v "$tool" >/dev/null 2>&1 || { echo "deb-xz: $tool is missing" >&2; exit 1; }
done

for deb in "$@"; do
  deb="$(realpath "$deb")"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (
    cd "$work"
    ar x "$deb"
    members="$(ar t "$deb" | tr '\n' ' ')"
    case "$members" in
      "debian-binary control.tar.gz data.tar.gz ") ;;
      "debian-binary control.tar.gz data.tar.xz ") echo "deb-xz: $deb is already xz"; exit 0 ;;
      *) echo "deb-xz: unexpected members in $deb: $members" >&2; exit 1 ;;
    esac
    before="$(stat -c %s "$deb")"
    # The x86 filter turns relative call and jump targets into absolute ones, which repeat and compress better
    # (the binary is most of the package); preset 9's 64 MiB window sees the whole binary at once. One thread, so
    # the result does not depend on the machine. dpkg reads any xz filter chain.
    gzip -dc data.tar.gz | xz --x86 --lzma2=preset=9 -T1 -c >data.tar.xz
    rm -f new.deb
    ar rc new.deb debian-binary control.tar.gz data.tar.xz
    # The repacked package must read back as the same package with the same files.
    cmp -s <(dpkg-deb -c "$deb") <(dpkg-deb -c new.deb) || { echo "deb-xz: file lists differ after repacking" >&2; exit 1; }
    cmp -s <(dpkg-deb -I "$deb" control) <(dpkg-deb -I new.deb control) \
      || { echo "deb-xz: control differs after repacking" >&2; exit 1; }
    mv new.deb "$deb"
    echo "deb-xz: $(basename "$deb"): $before -> $(stat -c %s "$deb") bytes (data.tar.gz -> data.tar.xz)"
  )
  rm -rf "$work"
  trap - EXIT
done
