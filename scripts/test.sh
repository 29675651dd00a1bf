#!/usr/bin/env bash
# ./quantrac test: start the real services, then run every unit and integration test against them.
# Extra arguments go to Maven (e.g. `./quantrac test -pl core`).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

start=$(date +%s)
bash scripts/services.sh up >/dev/null
eval "$(bash scripts/services.sh env)"
export QUANTRAC_TEST_KAFKA QUANTRAC_TEST_MQTT QUANTRAC_TEST_MQTT_CREDENTIALS QUANTRAC_TEST_DB_URL \
  QUANTRAC_TEST_DB_USER QUANTRAC_TEST_DB_PASSWORD
echo "[test] services ready in $(( $(date +%s) - start )) s; running mvnw verify" >&2

status=0
./mvnw -B -ntp verify "$@" || status=$?
echo "[test] finished in $(( $(date +%s) - start )) s with exit code $status" >&2
exit $status
