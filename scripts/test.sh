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
# Topics and schemas of earlier runs pile up (thousands make a Kafka restart take minutes); tests running from another
# checkout hold this lock shared, so wait for them rather than drop their schemas.
flock -x -w 900 /tmp/quantrac-services.lock bash scripts/services.sh prune
eval "$(bash scripts/services.sh env)"
export QUANTRAC_TEST_KAFKA QUANTRAC_TEST_MQTT QUANTRAC_TEST_MQTT_CREDENTIALS QUANTRAC_TEST_DB_URL \
  QUANTRAC_TEST_DB_USER QUANTRAC_TEST_DB_PASSWORD
echo "[test] services ready in $(( $(date +%s) - start )) s; running mvnw verify" >&2

status=0
./mvnw -B -ntp verify "$@" || status=$?
if ((status != 0)); then
  # CI shows only the end of the output (~15 kB), so the part that explains a failure comes last and stays short:
  # first each failed class's WARN/ERROR lines (without the Kafka client's reconnect noise), then the output of the
  # services.sh runs that fault tests made, then one block per failed test with its message: that text wins the tail.
  failed=()
  for report in */target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml; do
    [[ -f $report ]] && grep -qE '<(failure|error)[ >]' "$report" && failed+=("$report")
  done
  for report in "${failed[@]}"; do
    echo "[test] ---- log of failed $report (WARN/ERROR, first 25)" >&2
    grep -E ' (WARN|ERROR) ' "$report" | grep -vE 'could not be established|Bootstrap broker .* disconnected' \
      | cut -c1-300 | head -n 25 >&2 || true
  done
  for log in */target/services/*.log; do
    [[ -f $log ]] || continue
    echo "[test] ---- $log (last 8 lines)" >&2
    tail -n 8 "$log" | cut -c1-300 >&2
  done
  for report in "${failed[@]}"; do
    echo "[test] ---- FAILED: $report" >&2
    # The <failure>/<error> element's first lines: the assertion message and where it was thrown.
    awk '/<(failure|error)[ >]/{on=1} on{print} /<\/(failure|error)>/{on=0}' "$report" \
      | grep -vE '^\s+at (org\.junit|java\.base|org\.apache\.maven|org\.awaitility)' | cut -c1-400 | head -n 12 >&2 || true
  done
fi
echo "[test] finished in $(( $(date +%s) - start )) s with exit code $status" >&2
exit $status
