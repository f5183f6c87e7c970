#!/usr/bin/env bash
# The whole check suite behind `make test`. Every step's output goes to the terminal and to a log under
# target/make-test/; the last line sums the test counts of cargo and Vitest as "N passed, N failed".
# A failing check does not hide the others: all steps run (except when the UI build fails, since everything
# after it compiles the UI into the app), and the exit status is non-zero if any step failed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

LOG_DIR="target/make-test"
rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"

failed_steps=()
step_no=0
started_at=$SECONDS

# run_step NAME CMD... — runs one step, tees its output into a log, records a failure.
run_step() {
  local name="$1"; shift
  step_no=$((step_no + 1))
  local log
  log="$(printf '%s/%02d-%s.log' "$LOG_DIR" "$step_no" "$name")"
  local t0=$SECONDS
  printf '\n\033[1m==> %s\033[0m  (%s)\n' "$name" "$*"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  if [ "$rc" -ne 0 ]; then
    failed_steps+=("$name")
    printf '\033[31m<== %s FAILED (exit %s, %ss)\033[0m\n' "$name" "$rc" "$((SECONDS - t0))"
  else
    printf '\033[32m<== %s ok (%ss)\033[0m\n' "$name" "$((SECONDS - t0))"
  fi
  return "$rc"
}

has_npm_script() {
  [ -f ui/package.json ] && node -e 'process.exit(require("./ui/package.json").scripts?.[process.argv[1]] ? 0 : 1)' "$1"
}

run_step install-deps scripts/install-deps.sh || true

# The app embeds ui/dist at compile time (generate_context!), so the UI is built before anything compiles Rust.
ui_built=1
if ! run_step ui-build npm --prefix ui run build; then
  ui_built=0
  echo "UI build failed; the Rust steps need ui/dist, stopping here." >&2
fi

if [ "$ui_built" -eq 1 ]; then
  # What the start page loads before its first paint, from the build above (ui/scripts/bundle-budget.mjs).
  run_step ui-bundle-budget npm --prefix ui run --silent budget
  run_step fmt cargo fmt --all -- --check
  run_step clippy cargo clippy --all-targets -- -D warnings
  run_step clippy-core cargo clippy --no-default-features --lib --tests -- -D warnings
  for script in typecheck lint test; do
    if has_npm_script "$script"; then
      NO_COLOR=1 run_step "ui-$script" npm --prefix ui run "$script"
    else
      failed_steps+=("ui-$script (missing npm script)")
      echo "ui/package.json has no \"$script\" script" >&2
    fi
  done
  run_step test-core cargo test --no-default-features --no-fail-fast
  run_step test-desktop cargo test --no-fail-fast
  # Bundles the binary test-desktop built into a .deb and an .rpm, checks them, installs the .deb, runs it, removes it.
  run_step package scripts/test-package.sh
fi

# Sum the counts from every log: cargo's "test result: ok. 12 passed; 0 failed; ..." lines, Vitest's
# "Tests  1 failed | 11 passed (12)" summary and the package test's "package checks: 80 passed, 0 failed".
passed=0
failed=0
while IFS= read -r line; do
  p="$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || true)"
  f="$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+' || true)"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done < <(cat "$LOG_DIR"/*.log | sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' \
          | grep -E '^test result: |^[[:space:]]*Tests[[:space:]]+[0-9].*(passed|failed)|^package checks: ')

echo
echo "make test finished in $((SECONDS - started_at))s; logs in $LOG_DIR/"
if [ "${#failed_steps[@]}" -gt 0 ]; then
  printf 'failed steps: %s\n' "${failed_steps[*]}"
fi
echo "$passed passed, $failed failed"

[ "${#failed_steps[@]}" -eq 0 ]
