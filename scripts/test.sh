#!/usr/bin/env bash
# ./quantrac test: start the real services, then run every unit and integration test against them.
# Extra arguments go to Maven (e.g. `./quantrac test -pl core`).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

start=$(date +%s)
# The portal's browser tests drive Debian's Chromium; without it they are skipped, so install it here (root, apt).
# shellcheck source=portal/scripts/install-browser.sh
source portal/scripts/install-browser.sh
install_browser || echo "[test] WARNING: Chromium could not be installed; the portal's browser tests will be skipped" >&2
bash scripts/services.sh up >/dev/null
eval "$(bash scripts/services.sh env)"
export QUANTRAC_TEST_KAFKA QUANTRAC_TEST_MQTT QUANTRAC_TEST_MQTT_CREDENTIALS QUANTRAC_TEST_DB_URL \
  QUANTRAC_TEST_DB_USER QUANTRAC_TEST_DB_PASSWORD
echo "[test] services ready in $(( $(date +%s) - start )) s; running mvnw verify" >&2

status=0
./mvnw -B -ntp verify "$@" || status=$?
if ((status != 0)); then
  # CI shows only the end of the output: repeat, for each failed test class, its failure and its WARN/ERROR log lines.
  for report in */target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml; do
    [[ -f $report ]] && grep -qE '<(failure|error)[ >]' "$report" || continue
    echo "[test] ---- failed: $report" >&2
    grep -E '<(failure|error)[ >]| (WARN|ERROR) ' "$report" | cut -c1-400 | head -n 60 >&2 || true
  done
fi
echo "[test] finished in $(( $(date +%s) - start )) s with exit code $status" >&2
exit $status
