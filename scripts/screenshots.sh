#!/usr/bin/env bash
# Refreshes the README screenshots (docs/screenshots/dashboard-*.png, planner-week-*.png, planner-workload-*.png)
# from the real app: the e2e dashboard scenario loads the demo data into a fresh data folder and photographs the
# dashboard and the planner in Chinese and in English under Xvfb.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
npm --prefix ui run build
LIAISON_DESK_UPDATE_DOCS=1 cargo test --test e2e dashboard_with_demo_data_in_both_languages -- --exact --nocapture
ls -l docs/screenshots/
