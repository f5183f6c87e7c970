#!/usr/bin/env bash
# Refreshes the README screenshots (docs/screenshots/*.png) from the real app: the e2e dashboard and everyday
# scenarios load the demo data into a fresh data folder and photograph the dashboard, the planner, a meeting, an
# organization's page and a filled meeting form, in Chinese and in English, under Xvfb.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
npm --prefix ui run build
LIAISON_DESK_UPDATE_DOCS=1 cargo test --test e2e dashboard_with_demo_data_in_both_languages -- --exact --nocapture
LIAISON_DESK_UPDATE_DOCS=1 cargo test --test e2e everyday::everyday_tasks_in_the_chinese_ui -- --exact --nocapture
ls -l docs/screenshots/
