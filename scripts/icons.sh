#!/usr/bin/env bash
# Renders the app icon from its SVG source (icons/liaison-desk.svg) into every size the bundler wants.
# Uses the Tauri CLI when the UI dependencies are installed (it also writes icon.icns), ImageMagick otherwise.
# The Linux packages install every PNG listed in tauri.conf.json into the hicolor theme (the standard sizes 16 to
# 512, 128x128@2x as the HiDPI 128), plus the SVG itself as the scalable icon.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rsvg-convert -w 1024 -h 1024 icons/liaison-desk.svg -o icons/source.png

if [ -x ui/node_modules/.bin/tauri ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  ui/node_modules/.bin/tauri icon icons/source.png -o "$tmp" >/dev/null 2>&1
  # Keep the desktop files tauri.conf.json lists (plus the macOS icns); skip the store/mobile extras.
  for f in 32x32.png 128x128.png 128x128@2x.png icon.png icon.ico icon.icns; do
    [ -f "$tmp/$f" ] && cp "$tmp/$f" "icons/$f"
  done
else
  # PNG32: tauri's generate_context! accepts only RGBA PNGs.
  convert icons/source.png -resize 32x32 PNG32:icons/32x32.png
  convert icons/source.png -resize 128x128 PNG32:icons/128x128.png
  convert icons/source.png -resize 256x256 PNG32:icons/128x128@2x.png
  convert icons/source.png -resize 512x512 PNG32:icons/icon.png
  convert icons/source.png -define icon:auto-resize=256,128,64,48,32,24,16 icons/icon.ico
fi

# The other hicolor sizes, rendered straight from the SVG so the small ones stay sharp.
for size in 16 24 48 64 256; do
  rsvg-convert -w "$size" -h "$size" icons/liaison-desk.svg -o "icons/${size}x${size}.png"
done
echo "icons written to icons/"
