# Liaison Desk · 协作联络台 — the two commands from the README, plus a few helpers.
# Every target installs what it needs first (scripts/install-deps.sh is idempotent and quiet when done).
# The UI is always built before cargo runs: the app embeds ui/dist at compile time.
# Tests, the e2e binary and `make run` share one profile and feature set, so tauri is compiled only once.

SHELL := /usr/bin/env bash
CARGO ?= cargo
NPM ?= npm
APP := target/debug/liaison-desk

.PHONY: run test e2e bench deps ui build package screenshots icons help

help:
	@echo "make run          build the UI and the app, then open it (default data folder)"
	@echo "make test         formatting, lints, type checks, unit/integration/e2e tests"
	@echo "make e2e          only the end-to-end test (Xvfb + tauri-driver + WebKitWebDriver)"
	@echo "make bench        benchmarks"
	@echo "make package      release build, then .deb and .rpm packages in target/release/bundle/"
	@echo "make screenshots  refresh docs/screenshots/ from the running app"
	@echo "make icons        regenerate icons/ from icons/liaison-desk.svg"

deps:
	@scripts/install-deps.sh

ui: deps
	$(NPM) --prefix ui run build

build: ui
	$(CARGO) build

# The app keeps one instance per data folder through the D-Bus session bus. A desktop session has one; without
# one (a bare X server, a container), start a private bus for the app's lifetime.
run: build
	@if [ -n "$${DBUS_SESSION_BUS_ADDRESS:-}" ] || ! command -v dbus-run-session >/dev/null 2>&1; then \
	  $(APP); \
	else \
	  dbus-run-session -- $(APP); \
	fi

# The release binary and the Linux packages (tauri.conf.json > bundle). The Tauri CLI builds the UI first
# (beforeBuildCommand), then `cargo build --release`, then bundles; it runs from the root, where tauri.conf.json is.
# The bundler writes under $(CARGO_TARGET_DIR) when that is set. The .deb is then recompressed with xz (the bundler
# only writes gzip; the .rpm's xz is set in tauri.conf.json): scripts/deb-xz.sh.
# The binary must come out stripped (Cargo.toml > [profile.release]; an override for this crate has to repeat
# `strip = true`, or cargo keeps the symbol table): the check fails the target rather than ship 8 MB of symbols.
BUNDLE := $(or $(CARGO_TARGET_DIR),target)/release/bundle
RELEASE_BIN := $(or $(CARGO_TARGET_DIR),target)/release/liaison-desk
package: deps
	ui/node_modules/.bin/tauri build --bundles deb,rpm
	@file -b $(RELEASE_BIN) | grep -q ', stripped' \
	  || { echo "make package: $(RELEASE_BIN) is not stripped (see Cargo.toml > [profile.release])" >&2; exit 1; }
	scripts/deb-xz.sh $(BUNDLE)/deb/*.deb
	@echo "packages:"; ls -l $(BUNDLE)/deb/*.deb $(BUNDLE)/rpm/*.rpm

test:
	@scripts/test.sh

e2e: ui
	$(CARGO) test --test e2e -- --nocapture

bench: ui
	$(CARGO) bench
	@for s in scripts/bench-*.sh scripts/bench/*.sh; do \
	  [ -x "$$s" ] || continue; \
	  echo "==> $$s"; "$$s" || exit 1; \
	done

screenshots:
	@scripts/screenshots.sh

icons: deps
	@scripts/icons.sh
