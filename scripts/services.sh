#!/usr/bin/env bash
# Real TimescaleDB, Mosquitto and Kafka for development and tests, on 127.0.0.1 only, without Docker.
#
#   scripts/services.sh up       install what is missing, start what is not running, wait until healthy, print `env`
#   scripts/services.sh down     stop what `up` started (Kafka, then Mosquitto, then TimescaleDB)
#   scripts/services.sh status   one line per service: name, address, state, health (always exits 0)
#   scripts/services.sh reset    `down`, then delete the runtime state (data, logs, credentials), keeping the installs
#   scripts/services.sh env      print `export` lines for tests: eval "$(scripts/services.sh env)"
#   scripts/services.sh prune    delete what earlier test and benchmark runs left: topics and schemas named
#                                `<prefix>_<8 hex digits>` (TestServices.unique), the broker sessions of test and
#                                benchmark connectors; `./quantrac test` runs it first
#
# Environment:
#   QUANTRAC_CACHE      installs (Debian root for PostgreSQL, Kafka jars)    default ~/.cache/quantrac
#   QUANTRAC_STATE      data dirs, pid files, logs, generated configs        default $QUANTRAC_CACHE/state
#   QUANTRAC_SERVICES   which services to manage: any of db,mqtt,kafka      default db,mqtt,kafka
#   QUANTRAC_DB_PORT (15433), QUANTRAC_MQTT_PORT (18830), QUANTRAC_MQTT_TLS_PORT (18883: the same broker over TLS,
#   with a dev CA made once in the state dir), QUANTRAC_KAFKA_PORT (19092),
#   QUANTRAC_KAFKA_CONTROLLER_PORT (19093)
#   QUANTRAC_STATIONS_CATALOG  station catalog the MQTT users come from (default: the one in core's resources)
#   QUANTRAC_DEBIAN_MIRROR, QUANTRAC_DEBIAN_SECURITY_MIRROR   for the Debian 13 root on Debian 12 hosts
#
# Runs non-interactively as root on a fresh Debian 12 or 13 (apt-get, mount and chroot need root). Progress goes to
# stderr, the `env` lines to stdout. A second `up` with everything running takes well under two seconds.
set -euo pipefail
shopt -s nullglob

export PATH="$PATH:/usr/sbin:/sbin"  # mosquitto, chroot, debootstrap live there; some CI shells lack them
readonly REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly CACHE="${QUANTRAC_CACHE:-${HOME:-/root}/.cache/quantrac}"
readonly STATE="${QUANTRAC_STATE:-$CACHE/state}"
readonly HOST=127.0.0.1
readonly DB_PORT="${QUANTRAC_DB_PORT:-15433}"
readonly MQTT_PORT="${QUANTRAC_MQTT_PORT:-18830}"
readonly MQTT_TLS_PORT="${QUANTRAC_MQTT_TLS_PORT:-18883}"
readonly KAFKA_PORT="${QUANTRAC_KAFKA_PORT:-19092}"
readonly KAFKA_CONTROLLER_PORT="${QUANTRAC_KAFKA_CONTROLLER_PORT:-19093}"
readonly CATALOG="${QUANTRAC_STATIONS_CATALOG:-$REPO/core/src/main/resources/org/quantrac/core/catalog/stations.yaml}"
readonly DB_NAME=quantrac DB_USER=quantrac DB_PASSWORD=quantrac
readonly MQTT_CONNECTOR_USER=quantrac-connector MQTT_GATEWAY_USER=quantrac-gateway
readonly PG_MAJOR=17
readonly PG_SUITE=trixie  # the Debian release that packages postgresql-17-timescaledb

# Daemons run as their own users (postgres, mosquitto), which cannot reach a state dir below root's 0700 home.
# So each one's state dir is bind-mounted under its package's own /var/lib dir, named after a hash of STATE so that
# two checkouts with different state dirs (and ports) do not collide.
readonly STATE_ID="$(printf '%s' "$STATE" | sha256sum | cut -c1-10)"
readonly DB_STATE="$STATE/timescaledb" MQTT_STATE="$STATE/mosquitto" KAFKA_STATE="$STATE/kafka"
readonly MQTT_BROKER_STATE="$MQTT_STATE/broker"          # the part the broker itself sees
readonly MQTT_CREDENTIALS="$MQTT_STATE/credentials.properties"
readonly MQTT_TLS="$MQTT_STATE/tls"                       # the dev CA (its key stays here) and the server's cert
readonly MQTT_MOUNT="/var/lib/mosquitto/quantrac-$STATE_ID"
readonly PG_MOUNT_IN_ROOT="/var/lib/postgresql/quantrac-$STATE_ID"  # the DB state dir as PostgreSQL sees it

# ---------------------------------------------------------------------------------------------------------- helpers

T0=$EPOCHREALTIME
log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }
# Seconds since $1 (an EPOCHREALTIME value), one decimal.
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

need_root() { [[ $EUID -eq 0 ]] || die "'$1' must run as root (it installs packages, mounts and chroots)"; }

selected() {  # selected db|mqtt|kafka: is this service managed by this run (QUANTRAC_SERVICES)?
  local s
  for s in ${QUANTRAC_SERVICES//,/ }; do
    case "$s" in
      db|timescaledb|postgres|postgresql) [[ $1 == db ]] && return 0 ;;
      mqtt|mosquitto) [[ $1 == mqtt ]] && return 0 ;;
      kafka) [[ $1 == kafka ]] && return 0 ;;
      *) die "unknown service '$s' in QUANTRAC_SERVICES (use db, mqtt, kafka)" ;;
    esac
  done
  return 1
}
QUANTRAC_SERVICES="${QUANTRAC_SERVICES:-db,mqtt,kafka}"

# Serialises concurrent runs (two test jobs calling `up` at once). The lock lives on fd 9, which must not leak into
# daemons: a postmaster that inherited it held the lock forever. Every daemon start below closes it (9>&-).
take_lock() {
  mkdir -p "$CACHE"
  exec 9>>"$CACHE/services.lock"
  if ! flock -n 9; then
    log "waiting for another services.sh run to finish…"
    flock -w 1200 9 || die "another services.sh run has held $CACHE/services.lock for 20 min"
  fi
}

# In a subshell that is about to start a daemon: close every descriptor but 0-2 (services.lock on 9, a caller's flock,
# e.g. `flock -x LOCK services.sh up`, which the daemon would otherwise hold for its whole life).
close_inherited_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    ((fd > 2)) && eval "exec $fd>&-" 2>/dev/null || true
  done
}

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null; }

alive() { [[ -n ${1:-} && $1 =~ ^[0-9]+$ ]] && kill -0 "$1" 2>/dev/null; }

# cmdline_has PID TEXT...: the process's command line contains every TEXT (so a recycled pid is not taken for ours).
cmdline_has() {
  local pid=$1 cmd; shift
  [[ -r /proc/$pid/cmdline ]] || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  local t; for t in "$@"; do [[ $cmd == *"$t"* ]] || return 1; done
}

# wait_gone PID SECONDS: wait for a process to exit; 1 if it is still there.
wait_gone() {
  local pid=$1 end=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < end)) || return 1
    sleep 0.1
  done
}

# write_if_changed FILE: replace FILE with stdin if different; 0 when it changed (so callers can restart or reload).
write_if_changed() {
  local f=$1 tmp; tmp=$(mktemp "$f.XXXXXX")
  cat >"$tmp"
  if [[ -f $f ]] && cmp -s "$tmp" "$f"; then rm -f "$tmp"; return 1; fi
  chmod 644 "$tmp"; mv -f "$tmp" "$f"
}

show_log_tail() { [[ -f $1 ]] && { log "last lines of $1:"; tail -n "${2:-30}" "$1" | sed 's/^/    /' >&2; } || true; }

APT_UPDATED=0
# apt_install PKG...: install the packages that are missing on the host (apt-get update once per run first).
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  local t=$EPOCHREALTIME
  log "apt: installing ${missing[*]}…"
  export DEBIAN_FRONTEND=noninteractive
  if ((!APT_UPDATED)); then
    apt-get -q update >"$CACHE/apt.log" 2>&1 || { show_log_tail "$CACHE/apt.log"; die "apt-get update failed"; }
    APT_UPDATED=1
  fi
  apt-get -q -y -o DPkg::Lock::Timeout=300 install --no-install-recommends "${missing[@]}" \
    </dev/null >>"$CACHE/apt.log" 2>&1 9>&- || { show_log_tail "$CACHE/apt.log"; die "apt-get install ${missing[*]} failed"; }
  log "apt: installed ${missing[*]} in $(since "$t") s"
}

# bind_state SRC DST: make SRC visible at DST (idempotent). A marker file tells a live mount of SRC from a stale one
# (a reset state dir, another checkout's state), which is replaced.
bind_state() {
  local src=$1 dst=$2
  [[ -s $src/.quantrac-mount-id ]] || od -An -N8 -tx1 /dev/urandom | tr -d ' \n' >"$src/.quantrac-mount-id"
  if mountpoint -q "$dst"; then
    cmp -s "$src/.quantrac-mount-id" "$dst/.quantrac-mount-id" 2>/dev/null && return 0
    umount "$dst"
  fi
  mkdir -p "$dst"
  mount --bind "$src" "$dst"
}

unmount_if_mounted() { if mountpoint -q "$1" 2>/dev/null; then umount "$1" || umount -l "$1"; fi; }

# ------------------------------------------------------------------------------------------------------ TimescaleDB
# Debian 13 packages PostgreSQL 17 with TimescaleDB; Debian 12 does not. On 12 we debootstrap a minimal Debian 13
# root into the cache and run PostgreSQL chrooted in it (as the root's postgres user); on 13 we use the host's packages.

debian_major() { local v; v=$(cat /etc/debian_version 2>/dev/null || echo 0); v=${v%%.*}; [[ $v =~ ^[0-9]+$ ]] && echo "$v" || echo 99; }

if [[ ${QUANTRAC_DB_INSTALL:-} == host || ( -z ${QUANTRAC_DB_INSTALL:-} && $(debian_major) -ge 13 ) ]]; then
  readonly PG_ROOT=""                            # host packages
else
  readonly PG_ROOT="$CACHE/timescaledb-root"     # a Debian 13 root
fi
readonly PG_BIN="/usr/lib/postgresql/$PG_MAJOR/bin"
readonly PG_MOUNT="$PG_ROOT$PG_MOUNT_IN_ROOT"
readonly PG_DATA_IN="$PG_MOUNT_IN_ROOT/data" PG_SOCK_IN="$PG_MOUNT_IN_ROOT/run" PG_LOG_IN="$PG_MOUNT_IN_ROOT/postgresql.log"
readonly PG_LOG="$DB_STATE/postgresql.log"

# Commands in the root always get a clean environment: the minbase root has only the C.UTF-8 locale, and a leaked
# LANG=en_US.UTF-8 makes initdb fail. fd 9 (our lock) is closed so no daemon started from here inherits it.
root_run() {  # as root inside the Debian root (install time only)
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root DEBIAN_FRONTEND=noninteractive \
    chroot "$PG_ROOT" "$@" 9>&-
}
pg_ids() {  # uid:gid of postgres as the PostgreSQL processes see it (uid 100 inside the root: another name on the host)
  if [[ -n $PG_ROOT ]]; then
    awk -F: '$1 == "postgres" { print $3 ":" $4 }' "$PG_ROOT/etc/passwd"
  else
    echo "$(id -u postgres):$(id -g postgres)"
  fi
}
pg_run() {  # pg_run [VAR=value…] CMD ARGS…: as postgres, in the root (Debian 12) or on the host (Debian 13)
  local ids; ids=$(pg_ids)
  if [[ -n $PG_ROOT ]]; then
    env -i PATH="$PG_BIN:/usr/bin:/bin" LANG=C.UTF-8 /usr/sbin/chroot --userspec="$ids" --groups="${ids#*:}" "$PG_ROOT" \
      env "$@" 9>&-
  else
    env -i PATH="$PG_BIN:/usr/bin:/bin" LANG=C.UTF-8 HOME=/var/lib/postgresql \
      setpriv --reuid="${ids%:*}" --regid="${ids#*:}" --init-groups env "$@" 9>&-
  fi
}
pg_installed() {
  if [[ -n $PG_ROOT ]]; then [[ -f $PG_ROOT/.quantrac-ready ]]
  else [[ -x $PG_BIN/postgres && -f /usr/lib/postgresql/$PG_MAJOR/lib/timescaledb.so ]]; fi
}

# Anything mounted below DIR, deepest first.
mounts_below() { awk -v d="$1/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r; }

# Deletes a half-finished root, after making sure nothing runs in it and nothing is mounted below it.
wipe_root() {
  local m p
  for m in $(mounts_below "$PG_ROOT"); do umount "$m" 2>/dev/null || umount -l "$m"; done
  for p in /proc/[0-9]*; do
    [[ $(readlink "$p/root" 2>/dev/null) == "$PG_ROOT"* ]] && die "process ${p#/proc/} runs inside $PG_ROOT; stop it first"
  done
  rm -rf --one-file-system "$PG_ROOT"
}

db_install() {
  pg_installed && return 0
  local t=$EPOCHREALTIME ilog="$CACHE/timescaledb-install.log"
  if [[ -z $PG_ROOT ]]; then
    log "timescaledb: installing PostgreSQL $PG_MAJOR + TimescaleDB from Debian (first run, ~30 s)…"
    apt_install postgresql-common
    # No default cluster on 5432: we run our own.
    sed -i 's/^#\?\s*create_main_cluster\s*=.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
    apt_install "postgresql-$PG_MAJOR" "postgresql-$PG_MAJOR-timescaledb"
    log "timescaledb: installed in $(since "$t") s"
    return 0
  fi

  log "timescaledb: installing PostgreSQL $PG_MAJOR + TimescaleDB into a Debian 13 root (first run, ~1 min; log: $ilog)…"
  mkdir -p "$CACHE"; : >"$ilog"
  # An interrupted debootstrap leaves its `debootstrap` folder behind (it removes it when done): start over.
  if [[ -d $PG_ROOT && ( -d $PG_ROOT/debootstrap || ! -x $PG_ROOT/usr/bin/apt-get ) ]]; then
    log "timescaledb: removing a half-finished root from an interrupted run"
    wipe_root
  fi
  if [[ ! -d $PG_ROOT ]]; then
    apt_install debootstrap
    local mirror="${QUANTRAC_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
    debootstrap --variant=minbase "$PG_SUITE" "$PG_ROOT" "$mirror" </dev/null >>"$ilog" 2>&1 9>&- \
      || { show_log_tail "$ilog"; die "debootstrap failed (log: $ilog)"; }
    log "timescaledb: base system ready after $(since "$t") s"
  fi
  db_prepare_root
  # apt's maintainer scripts need /proc; only while apt runs.
  mountpoint -q "$PG_ROOT/proc" || mount -t proc proc "$PG_ROOT/proc"
  local rc=0
  {
    # An earlier run killed during dpkg leaves packages half-configured: finish them first (no-op otherwise).
    root_run dpkg --configure -a &&
    root_run apt-get -q update &&
    root_run apt-get -q -y install --no-install-recommends postgresql-common &&
    # No default cluster: we create our own with initdb.
    sed -i 's/^#\?\s*create_main_cluster\s*=.*/create_main_cluster = false/' \
      "$PG_ROOT/etc/postgresql-common/createcluster.conf" &&
    root_run apt-get -q -y install --no-install-recommends "postgresql-$PG_MAJOR" "postgresql-$PG_MAJOR-timescaledb" &&
    root_run apt-get -q clean
  } </dev/null >>"$ilog" 2>&1 || rc=$?
  umount "$PG_ROOT/proc" 2>/dev/null || umount -l "$PG_ROOT/proc"
  ((rc == 0)) || { show_log_tail "$ilog"; die "installing PostgreSQL into $PG_ROOT failed (log: $ilog)"; }
  [[ -f $PG_ROOT/usr/lib/postgresql/$PG_MAJOR/lib/timescaledb.so ]] || die "timescaledb.so missing after install (log: $ilog)"
  date -u +%FT%TZ >"$PG_ROOT/.quantrac-ready"
  log "timescaledb: installed in $(since "$t") s ($(du -sh --one-file-system "$PG_ROOT" | cut -f1) in $PG_ROOT)"
}

# Files the root needs before apt runs in it.
db_prepare_root() {
  local sec="${QUANTRAC_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
  local mirror="${QUANTRAC_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
  rm -f "$PG_ROOT/etc/apt/sources.list"
  cat >"$PG_ROOT/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $PG_SUITE $PG_SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $sec
Suites: $PG_SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  # The host's proxy and release-date settings, if any, apply to the root's apt too.
  { echo 'APT::Install-Recommends "false";'; echo 'Acquire::Retries "3";'
    apt-config dump 2>/dev/null | grep -E '^Acquire::(https?::Proxy|Check-Valid-Until|Check-Date) ' || true
  } >"$PG_ROOT/etc/apt/apt.conf.d/99quantrac"
  rm -f "$PG_ROOT/etc/resolv.conf"; cp -L /etc/resolv.conf "$PG_ROOT/etc/resolv.conf" 2>/dev/null || true
  cat >"$PG_ROOT/etc/hosts" <<EOF
127.0.0.1	localhost
127.0.1.1	$(hostname 2>/dev/null || echo localhost)
::1		localhost ip6-localhost ip6-loopback
ff02::1		ip6-allnodes
ff02::2		ip6-allrouters
EOF
  # Package scripts must not start services inside the root.
  printf '#!/bin/sh\nexit 101\n' >"$PG_ROOT/usr/sbin/policy-rc.d"; chmod 755 "$PG_ROOT/usr/sbin/policy-rc.d"
}

db_pid() {  # pid of our running postmaster, or nothing
  local pid
  pid=$(head -n1 "$DB_STATE/data/postmaster.pid" 2>/dev/null) || return 0
  alive "$pid" && cmdline_has "$pid" postgres "$PG_DATA_IN" && echo "$pid" || true
}

db_psql() {  # db_psql ARGS…: psql as the superuser over the Unix socket (trusted), quiet, stop on error
  pg_run PGCONNECT_TIMEOUT=5 psql -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK_IN" -p "$DB_PORT" -U postgres "$@"
}

db_healthy() {  # the app's own view: password login over TCP to its database, with the extension in place
  [[ -d $PG_MOUNT/data ]] || { port_open "$DB_PORT"; return; }
  local v
  v=$(pg_run PGCONNECT_TIMEOUT=3 PGPASSWORD="$DB_PASSWORD" psql -X -tA -h "$HOST" -p "$DB_PORT" -U "$DB_USER" \
        -d "$DB_NAME" -c "select extversion from pg_extension where extname = 'timescaledb'" 2>/dev/null) || return 1
  [[ -n $v ]]
}

db_write_config() {  # 0 when a setting changed
  local changed=1
  # Sized for a 2-core / 24 GiB machine shared with the JVMs and Kafka. Durability stays on (fsync, synchronous
  # commit, full page writes) so ingest figures measured here mean something.
  write_if_changed "$DB_STATE/quantrac.conf" <<EOF && changed=0
# Generated by scripts/services.sh on each 'up'; edits are overwritten.
listen_addresses = '$HOST'
port = $DB_PORT
unix_socket_directories = '$PG_SOCK_IN'
max_connections = 200
shared_buffers = 1GB
effective_cache_size = 6GB
work_mem = 16MB
maintenance_work_mem = 256MB
huge_pages = try
fsync = on
synchronous_commit = on
full_page_writes = on
wal_level = replica
wal_buffers = 16MB
wal_compression = on
min_wal_size = 1GB
max_wal_size = 4GB
checkpoint_timeout = 10min
checkpoint_completion_target = 0.9
random_page_cost = 1.1
effective_io_concurrency = 200
max_worker_processes = 16
max_parallel_workers = 2
max_parallel_workers_per_gather = 1
max_parallel_maintenance_workers = 1
timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = 2s
log_checkpoints = on
log_lock_waits = on
shared_preload_libraries = 'timescaledb'
timescaledb.telemetry_level = off
timescaledb.max_background_workers = 8
EOF
  # The superuser only over the Unix socket (inside our state dir); everyone over TCP with a password.
  write_if_changed "$DB_STATE/data/pg_hba.conf" <<EOF && changed=0
# Generated by scripts/services.sh on each 'up'; edits are overwritten.
local   all   all                  trust
host    all   all   127.0.0.1/32   scram-sha-256
host    all   all   ::1/128        scram-sha-256
EOF
  chown "$(pg_ids)" "$DB_STATE/quantrac.conf" "$DB_STATE/data/pg_hba.conf"
  chmod 600 "$DB_STATE/data/pg_hba.conf"
  return $changed
}

# Role, database and extension. The extension is also created in template1 so that databases the app or tests create
# (the role may create databases) have TimescaleDB too: creating it needs a superuser.
db_setup_sql() {
  db_psql -d postgres <<EOF
SET client_min_messages = warning;
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')
\\gexec
\\c template1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS timescaledb;
\\c $DB_NAME
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS timescaledb;
EOF
}

db_up() {
  local t=$EPOCHREALTIME
  db_install
  local ids; ids=$(pg_ids)
  if [[ -n $PG_ROOT ]]; then
    # PostgreSQL's dynamic shared memory lives in /dev/shm: a world-writable tmpfs in the root.
    mkdir -p "$PG_ROOT/dev/shm"
    mountpoint -q "$PG_ROOT/dev/shm" || mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$PG_ROOT/dev/shm"
  fi
  mkdir -p "$DB_STATE/run"; touch "$PG_LOG"
  # The server (as postgres) and this script (as root) both append to the log: postgres owns it.
  chown "$ids" "$DB_STATE" "$DB_STATE/run" "$PG_LOG"; chmod 700 "$DB_STATE"
  bind_state "$DB_STATE" "$PG_MOUNT"

  if [[ ! -f $DB_STATE/data/PG_VERSION ]]; then
    log "timescaledb: creating the database cluster in $DB_STATE/data"
    rm -rf "$DB_STATE/data"
    pg_run initdb -D "$PG_DATA_IN" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >>"$PG_LOG" 2>&1 \
      || { show_log_tail "$PG_LOG"; die "initdb failed (log: $PG_LOG)"; }
    echo "include = '../quantrac.conf'" >>"$DB_STATE/data/postgresql.conf"
  fi

  local changed=1 pid
  db_write_config && changed=0
  pid=$(db_pid)
  if [[ -n $pid && $changed -eq 0 ]]; then
    log "timescaledb: configuration changed, restarting"
    (close_inherited_fds; pg_run pg_ctl -D "$PG_DATA_IN" -l "$PG_LOG_IN" -w -t 120 -m fast restart) </dev/null >>"$PG_LOG" 2>&1 \
      || { show_log_tail "$PG_LOG"; die "PostgreSQL restart failed (log: $PG_LOG)"; }
  elif [[ -n $pid ]]; then
    if db_healthy; then log "timescaledb: running (pid $pid), ok"; return 0; fi
  else
    port_open "$DB_PORT" && die "port $DB_PORT on $HOST is taken by another process: stop it or set QUANTRAC_DB_PORT"
    # A postmaster.pid left by a crash or reboot whose pid now belongs to another process would block the start.
    [[ -f $DB_STATE/data/postmaster.pid ]] && rm -f "$DB_STATE/data/postmaster.pid"
    log "timescaledb: starting on $HOST:$DB_PORT…"
    (close_inherited_fds; pg_run pg_ctl -D "$PG_DATA_IN" -l "$PG_LOG_IN" -w -t 120 start) </dev/null >>"$PG_LOG" 2>&1 \
      || { show_log_tail "$PG_LOG"; die "PostgreSQL did not start (log: $PG_LOG)"; }
  fi
  db_setup_sql >/dev/null || die "creating role/database/extension failed (log: $PG_LOG)"
  db_healthy || { show_log_tail "$PG_LOG"; die "PostgreSQL is up but '$DB_USER' cannot use '$DB_NAME' (log: $PG_LOG)"; }
  log "timescaledb: ready on $HOST:$DB_PORT (pid $(db_pid)) in $(since "$t") s"
}

db_down() {
  local pid; pid=$(db_pid)
  [[ -n $pid ]] || { log "timescaledb: not running"; return 0; }
  log "timescaledb: stopping (pid $pid)…"
  if mountpoint -q "$PG_MOUNT"; then
    pg_run pg_ctl -D "$PG_DATA_IN" -w -t 60 -m fast stop </dev/null >>"$PG_LOG" 2>&1 || true
  fi
  # SIGINT is pg_ctl's "fast" shutdown: the fallback when the mount is gone or pg_ctl failed.
  alive "$pid" && kill -INT "$pid" 2>/dev/null || true
  wait_gone "$pid" 60 || die "PostgreSQL (pid $pid) did not stop in 60 s (log: $PG_LOG)"
  log "timescaledb: stopped"
}

db_status() {
  local pid health=failing; pid=$(db_pid)
  if [[ -n $pid ]]; then db_healthy && health=ok
  elif port_open "$DB_PORT"; then health="failing (port taken by another process)"; fi
  status_line timescaledb "$HOST:$DB_PORT" "$pid" "$health"
}

db_reset() {
  unmount_if_mounted "$PG_MOUNT"
  rmdir "$PG_MOUNT" 2>/dev/null || true
  [[ -n $PG_ROOT ]] && unmount_if_mounted "$PG_ROOT/dev/shm"
  [[ -n $PG_ROOT ]] && unmount_if_mounted "$PG_ROOT/proc"
  rm -rf --one-file-system "$DB_STATE"
}

# -------------------------------------------------------------------------------------------------------- Mosquitto
# Our own broker instance with its own config; the Debian package's system service is neither used nor touched.
# Users: one per station of the catalog (user name = station code, may publish only under stations/<code>/),
# quantrac-connector (reads everything) and quantrac-gateway (publishes for any station: the simulator's scale mode).

mqtt_pid() {
  local pid; pid=$(cat "$MQTT_STATE/mosquitto.pid" 2>/dev/null) || return 0
  alive "$pid" && cmdline_has "$pid" mosquitto "$MQTT_MOUNT/mosquitto.conf" && echo "$pid" || true
}

# Station codes of the catalog: the `code:` keys of the items of the list under `stations:` (nested lists such as a
# station's parameters are skipped). Codes that cannot be MQTT user names or topic levels are reported and skipped.
station_codes() {
  [[ -f $CATALOG ]] || return 0
  local has_key=0 code
  grep -qE '^ *stations: *(#.*)?$' "$CATALOG" && has_key=1
  awk -v has_key=$has_key '
    function indent_of(s) { match(s, /^ */); return RLENGTH }
    BEGIN { in_list = !has_key; key_ind = -1; dash_ind = -1; key_col = -1 }
    /^[[:space:]]*(#|$)/ { next }
    {
      line = $0; sub(/\r$/, "", line)
      ind = indent_of(line)
      is_item = (substr(line, ind + 1, 2) == "- ")
      if (has_key && !in_list) {
        if (line ~ /^ *stations: *(#.*)?$/) { in_list = 1; key_ind = ind; dash_ind = -1 }
        next
      }
      if (has_key && (ind < key_ind || (ind == key_ind && !is_item))) { in_list = 0; next }  # next top-level key
      if (is_item && dash_ind < 0) dash_ind = ind
      if (is_item && ind == dash_ind) {        # a new station: its keys start after the dash
        rest = substr(line, ind + 1); match(rest, /^- */); key_col = ind + RLENGTH
      } else if (ind != key_col) next          # deeper than the station s own keys
      rest = substr(line, key_col + 1)
      if (rest !~ /^code *:/) next
      sub(/^code *: */, "", rest); sub(/ +#.*$/, "", rest); sub(/ +$/, "", rest)
      if (rest ~ /^".*"$/ || rest ~ /^\047.*\047$/) rest = substr(rest, 2, length(rest) - 2)
      if (rest != "") print rest
    }' "$CATALOG" | while IFS= read -r code; do
      if [[ $code =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]]; then echo "$code"
      else log "mosquitto: skipping station code '$code' (not usable as an MQTT user name and topic level)"; fi
    done
}

random_password() { head -c 48 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | cut -c1-24; }

# Adds a password for every user that has none yet (kept across runs: stations already configured keep working;
# users are never removed, so a catalog briefly missing does not rotate every password). 0 when the file changed.
mqtt_update_credentials() {
  local -A have=()
  local line user added=()
  mkdir -p "$MQTT_STATE"; chmod 700 "$MQTT_STATE"
  if [[ -f $MQTT_CREDENTIALS ]]; then
    while IFS= read -r line; do [[ $line == *=* && $line != \#* ]] && have["${line%%=*}"]=1; done <"$MQTT_CREDENTIALS"
  else
    printf '# MQTT users of the dev/test broker (scripts/services.sh): user=password\n' >"$MQTT_CREDENTIALS"
  fi
  chmod 600 "$MQTT_CREDENTIALS"
  while IFS= read -r user; do
    [[ -n ${have[$user]:-} ]] && continue
    have["$user"]=1; added+=("$user")
    printf '%s=%s\n' "$user" "$(random_password)" >>"$MQTT_CREDENTIALS"
  done < <(printf '%s\n' "$MQTT_CONNECTOR_USER" "$MQTT_GATEWAY_USER"; station_codes)
  ((${#added[@]})) || return 1
  log "mosquitto: new credentials for ${#added[@]} user(s): ${added[*]:0:8}$( ((${#added[@]} > 8)) && echo …)"
}

# A dev CA and a server certificate for 127.0.0.1/localhost signed by it, made once (and again 30 days before the
# server certificate expires), for the TLS listener. Tests trust $MQTT_TLS/ca.crt. The broker gets copies it owns.
mqtt_tls_files() {
  command -v openssl >/dev/null || apt_install openssl
  mkdir -p "$MQTT_TLS"; chmod 700 "$MQTT_TLS"
  if [[ ! -s $MQTT_TLS/ca.crt || ! -s $MQTT_TLS/ca.key || ! -s $MQTT_TLS/server.key || ! -s $MQTT_TLS/server.crt ]] \
      || ! openssl x509 -checkend $((30 * 86400)) -noout -in "$MQTT_TLS/server.crt" >/dev/null 2>&1; then
    log "mosquitto: making a dev CA and a TLS server certificate in $MQTT_TLS"
    local tmp; tmp=$(mktemp -d "$MQTT_TLS/new.XXXXXX")
    ( set -e
      openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Quantrac dev MQTT CA $STATE_ID" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
        -keyout "$tmp/ca.key" -out "$tmp/ca.crt"
      openssl req -newkey rsa:2048 -nodes -subj "/CN=$HOST" -keyout "$tmp/server.key" -out "$tmp/server.csr"
      printf 'subjectAltName=IP:%s,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$HOST" \
        >"$tmp/server.ext"
      openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/ca.crt" -CAkey "$tmp/ca.key" -CAcreateserial -days 825 \
        -sha256 -extfile "$tmp/server.ext" -out "$tmp/server.crt"
    ) >"$MQTT_TLS/openssl.log" 2>&1 || { show_log_tail "$MQTT_TLS/openssl.log"; rm -rf "$tmp"; die "openssl failed making the MQTT TLS certificates"; }
    chmod 600 "$tmp/ca.key" "$tmp/server.key"; chmod 644 "$tmp/ca.crt" "$tmp/server.crt"
    mv -f "$tmp/server.key" "$tmp/server.crt" "$tmp/ca.key" "$MQTT_TLS/"
    mv -f "$tmp/ca.crt" "$MQTT_TLS/ca.crt"  # last: its presence means the set is complete
    rm -rf "$tmp"
  fi
  mkdir -p "$MQTT_BROKER_STATE/tls"
  local f
  for f in ca.crt server.crt server.key; do
    cmp -s "$MQTT_TLS/$f" "$MQTT_BROKER_STATE/tls/$f" || cp -f "$MQTT_TLS/$f" "$MQTT_BROKER_STATE/tls/$f"
  done
  chown -R mosquitto:mosquitto "$MQTT_BROKER_STATE/tls"; chmod 700 "$MQTT_BROKER_STATE/tls"
  chmod 600 "$MQTT_BROKER_STATE/tls/server.key"
}

mqtt_write_config() {  # 0 when the broker must be restarted (listener, persistence… changed)
  # Files the broker re-reads on SIGHUP after dropping to user mosquitto: owned by it.
  write_if_changed "$MQTT_BROKER_STATE/mosquitto.conf" <<EOF
# Generated by scripts/services.sh on each 'up'; edits are overwritten.
per_listener_settings false
listener $MQTT_PORT $HOST
# The same broker over TLS (server certificate $(sha256sum <"$MQTT_BROKER_STATE/tls/server.crt" | cut -c1-16): a new one
# changes this file, so the broker is restarted with it). Same users and ACL (per_listener_settings false).
listener $MQTT_TLS_PORT $HOST
cafile $MQTT_MOUNT/tls/ca.crt
certfile $MQTT_MOUNT/tls/server.crt
keyfile $MQTT_MOUNT/tls/server.key
allow_anonymous false
password_file $MQTT_MOUNT/passwd
acl_file $MQTT_MOUNT/acl
# Run as root, mosquitto drops to this user; every path here is writable by it (see the bind mount in services.sh).
user mosquitto
persistence true
persistence_location $MQTT_MOUNT/data/
autosave_interval 30
# Persistent sessions (the connector's) must not lose QoS 1 bursts while it is away or slow.
persistent_client_expiration 1d
# Bounded by bytes, not by count: 1 GiB holds about an hour of 1,400 stations at 1 Hz for a stopped connector.
# A count limit (100,000) silently dropped QoS 1 messages after ~70 s of connector outage at that rate.
max_queued_messages 0
max_queued_bytes 1073741824
# In-flight QoS 1/2 messages per client; for MQTT v5 this is also the broker's receive maximum (default 20, which
# makes fast publishers see "too many publishes in progress").
max_inflight_messages 1000
set_tcp_nodelay true
log_dest file $MQTT_MOUNT/mosquitto.log
log_type error
log_type warning
log_type notice
log_type information
connection_messages true
log_timestamp_format %Y-%m-%dT%H:%M:%S
EOF
}

mqtt_write_acl() {  # 0 when changed
  write_if_changed "$MQTT_BROKER_STATE/acl" <<EOF
# Generated by scripts/services.sh on each 'up'; edits are overwritten.
# The connector reads every station (also through shared subscriptions: \$share/<group>/stations/#).
user $MQTT_CONNECTOR_USER
topic read stations/#

# The simulator's multiplexed scale mode publishes for many stations over one connection.
user $MQTT_GATEWAY_USER
topic write stations/#

# Every station publishes under its own code only (user name = station code), so none can publish as another.
pattern write stations/%u/#
EOF
}

# The broker's password file: hashes of credentials.properties, rebuilt when that file changes.
mqtt_write_passwd() {  # 0 when changed
  local sum tmp
  sum=$(sha256sum <"$MQTT_CREDENTIALS" | cut -d' ' -f1)
  [[ -f $MQTT_BROKER_STATE/passwd && $(cat "$MQTT_BROKER_STATE/passwd.source-sha256" 2>/dev/null) == "$sum" ]] && return 1
  tmp=$(mktemp "$MQTT_BROKER_STATE/passwd.XXXXXX")
  grep -v '^#' "$MQTT_CREDENTIALS" | grep '=' | sed 's/=/:/' >"$tmp"
  mosquitto_passwd -U "$tmp" >/dev/null 2>&1 || { rm -f "$tmp"; die "mosquitto_passwd -U failed"; }
  chown mosquitto:mosquitto "$tmp"; chmod 600 "$tmp"
  mv -f "$tmp" "$MQTT_BROKER_STATE/passwd"
  echo "$sum" >"$MQTT_BROKER_STATE/passwd.source-sha256"
}

# mqtt_connack USER PASSWORD: a real MQTT 3.1.1 CONNECT over bash's /dev/tcp; prints the CONNACK return code
# (0 = accepted, 4 = bad user name or password, 5 = not authorised) or nothing.
mqtt_connack() {
  local user=$1 pass=$2 cid="qs-probe-$$"
  enc_str() { printf '\\x%02x\\x%02x%s' $((${#1} >> 8)) $((${#1} & 255)) "$1"; }
  local len=$((10 + 2 + ${#cid} + 2 + ${#user} + 2 + ${#pass})) rl
  if ((len < 128)); then rl=$(printf '\\x%02x' "$len"); else rl=$(printf '\\x%02x\\x%02x' $((len % 128 + 128)) $((len / 128))); fi
  # CONNECT, protocol "MQTT" level 4, flags: user name + password + clean session, keep-alive 10 s.
  local pkt="\\x10$rl\\x00\\x04MQTT\\x04\\xc2\\x00\\x0a$(enc_str "$cid")$(enc_str "$user")$(enc_str "$pass")"
  local reply
  reply=$(timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2" || exit 1; printf "$3" >&3; head -c 4 <&3 | od -An -tx1; printf "\xe0\x00" >&3' \
    _ "$HOST" "$MQTT_PORT" "$pkt" 2>/dev/null) || return 0
  local b; read -r -a b <<<"$reply"
  [[ ${b[0]:-} == 20 && ${b[1]:-} == 02 ]] && echo $((16#${b[3]}))
}

mqtt_healthy() {
  local pass; pass=$(sed -n "s/^$MQTT_CONNECTOR_USER=//p" "$MQTT_CREDENTIALS" 2>/dev/null | head -n1)
  [[ -n $pass ]] || { port_open "$MQTT_PORT"; return; }
  [[ $(mqtt_connack "$MQTT_CONNECTOR_USER" "$pass") == 0 ]]
}

mqtt_start() {
  port_open "$MQTT_PORT" && die "port $MQTT_PORT on $HOST is taken by another process: stop it or set QUANTRAC_MQTT_PORT"
  port_open "$MQTT_TLS_PORT" && die "port $MQTT_TLS_PORT on $HOST is taken by another process: stop it or set QUANTRAC_MQTT_TLS_PORT"
  log "mosquitto: starting on $HOST:$MQTT_PORT…"
  # In the foreground of its own session (not -d) so that $! is the broker itself. Without any inherited descriptor
  # beyond 0-2: under `flock -x LOCK services.sh up` the broker would otherwise hold that lock for its whole life.
  (close_inherited_fds; exec setsid mosquitto -c "$MQTT_MOUNT/mosquitto.conf") </dev/null >>"$MQTT_STATE/mosquitto.out" 2>&1 &
  echo $! >"$MQTT_STATE/mosquitto.pid"
  # Up to 2 min: a broker whose persistence file holds large session queues loads it before it listens (1.8 GB took
  # longer than 15 s here).
  local pid=$! end=$((SECONDS + 120))
  until mqtt_healthy; do
    if ! alive "$pid"; then
      show_log_tail "$MQTT_STATE/mosquitto.out" 10; show_log_tail "$MQTT_BROKER_STATE/mosquitto.log"
      die "mosquitto exited at start (logs: $MQTT_BROKER_STATE/mosquitto.log, $MQTT_STATE/mosquitto.out)"
    fi
    ((SECONDS < end)) || die "mosquitto did not accept our login within 120 s (log: $MQTT_BROKER_STATE/mosquitto.log; persistence file: $(du -h "$MQTT_BROKER_STATE/data/mosquitto.db" 2>/dev/null | cut -f1))"
    sleep 0.05
  done
}

mqtt_stop_pid() {
  kill -TERM "$1" 2>/dev/null || true
  wait_gone "$1" 20 || { log "mosquitto: pid $1 ignored SIGTERM for 20 s, killing it"; kill -KILL "$1" 2>/dev/null || true; }
}

mqtt_up() {
  local t=$EPOCHREALTIME
  command -v mosquitto >/dev/null && command -v mosquitto_passwd >/dev/null || apt_install mosquitto
  [[ -x /usr/sbin/mosquitto || -x /usr/bin/mosquitto ]] || die "mosquitto not found after install"
  mkdir -p "$MQTT_BROKER_STATE/data"
  chown mosquitto:mosquitto "$MQTT_BROKER_STATE" "$MQTT_BROKER_STATE/data"; chmod 700 "$MQTT_BROKER_STATE"
  bind_state "$MQTT_BROKER_STATE" "$MQTT_MOUNT"

  local conf_changed=1 reload=1 pid
  mqtt_update_credentials && reload=0
  mqtt_tls_files
  mqtt_write_config && conf_changed=0
  mqtt_write_acl && reload=0
  mqtt_write_passwd && reload=0
  chown mosquitto:mosquitto "$MQTT_BROKER_STATE"/{mosquitto.conf,acl,passwd}
  chmod 600 "$MQTT_BROKER_STATE"/{acl,passwd}

  pid=$(mqtt_pid)
  if [[ -n $pid && $conf_changed -eq 0 ]]; then
    log "mosquitto: configuration changed, restarting"
    mqtt_stop_pid "$pid"; pid=""
  elif [[ -n $pid && $reload -eq 0 ]]; then
    log "mosquitto: users or ACL changed, reloading (SIGHUP)"
    kill -HUP "$pid"
    sleep 0.2
  fi
  if [[ -n $pid ]]; then
    mqtt_healthy || die "mosquitto (pid $pid) is running but refuses our login (log: $MQTT_BROKER_STATE/mosquitto.log)"
    log "mosquitto: running (pid $pid), ok"
    return 0
  fi
  mqtt_start
  log "mosquitto: ready on $HOST:$MQTT_PORT (pid $(mqtt_pid)) in $(since "$t") s"
}

mqtt_down() {
  local pid; pid=$(mqtt_pid)
  [[ -n $pid ]] || { log "mosquitto: not running"; return 0; }
  log "mosquitto: stopping (pid $pid)…"
  mqtt_stop_pid "$pid"   # it saves its persistence file on the way out
  rm -f "$MQTT_STATE/mosquitto.pid"
  log "mosquitto: stopped"
}

mqtt_status() {
  local pid health=failing; pid=$(mqtt_pid)
  if [[ -n $pid ]]; then mqtt_healthy && health=ok
  elif port_open "$MQTT_PORT"; then health="failing (port taken by another process)"; fi
  status_line mosquitto "$HOST:$MQTT_PORT" "$pid" "$health"
}

mqtt_reset() {
  unmount_if_mounted "$MQTT_MOUNT"
  rmdir "$MQTT_MOUNT" 2>/dev/null || true
  rm -rf --one-file-system "$MQTT_STATE"
}

# ------------------------------------------------------------------------------------------------------------ Kafka
# A combined broker + controller KRaft node, from the Maven jars of the version the project builds against.

kafka_version() { sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$REPO/pom.xml" | head -n1; }
# The jar dir is keyed by version and by services/kafka/pom.xml, so a changed POM gets a fresh copy.
kafka_lib() {
  local v h; v=$(kafka_version); h=$(sha256sum <"$REPO/services/kafka/pom.xml" | cut -c1-8)
  echo "$CACHE/kafka/$v-$h/lib"
}

kafka_pid() {
  local pid; pid=$(cat "$KAFKA_STATE/kafka.pid" 2>/dev/null) || return 0
  alive "$pid" && cmdline_has "$pid" kafka.Kafka "$KAFKA_STATE/server.properties" && echo "$pid" || true
}

kafka_install() {
  local lib; lib=$(kafka_lib)
  [[ -f $lib/../.complete ]] && return 0
  [[ -n $(kafka_version) ]] || die "no <kafka.version> in $REPO/pom.xml"
  local t=$EPOCHREALTIME tmp="$lib.tmp" mlog="$CACHE/kafka-install.log"
  log "kafka: copying Kafka $(kafka_version) jars from Maven (first run, ~10-30 s; log: $mlog)…"
  rm -rf "$tmp"; mkdir -p "$(dirname "$lib")"
  (cd "$REPO" && ./mvnw -q -B -f services/kafka/pom.xml dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp") </dev/null >"$mlog" 2>&1 9>&- \
    || { show_log_tail "$mlog"; die "copying the Kafka jars failed (log: $mlog)"; }
  compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || die "no kafka_2.13 jar was copied (log: $mlog)"
  rm -rf "$lib"; mv "$tmp" "$lib"
  date -u +%FT%TZ >"$lib/../.complete"
  log "kafka: $(ls "$lib" | wc -l) jars in $lib after $(since "$t") s"
}

kafka_java() {  # a short-lived tool JVM (storage format, topic list): small heap, quick start, warnings only
  timeout "${KAFKA_TOOL_TIMEOUT:-300}" java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j2.configurationFile="$KAFKA_STATE/tools-log4j2.xml" \
    -cp "$(kafka_lib)/*" "$@" </dev/null 9>&-
}

kafka_write_config() {  # 0 when changed
  local changed=1
  write_if_changed "$KAFKA_STATE/server.properties" <<EOF && changed=0
# Generated by scripts/services.sh on each 'up'; edits are overwritten.
# One combined KRaft node (broker + controller) for development and tests.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_STATE/data
num.partitions=6
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Single node: no point waiting for more group members before the first rebalance (it slows every test).
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
log.retention.hours=168
# The controller appends a no-op record to the metadata log every 500 ms by default, so that brokers can tell a stale
# view; each one goes through the raft log, the high-watermark checkpoints and the metadata publishers. On a 2-core
# VM that kept an idle broker at about a third of a core (measured; docs/processor.md). One node has no broker to
# fall behind: every 10 s is enough.
metadata.max.idle.interval.ms=10000
EOF
  write_if_changed "$KAFKA_STATE/log4j2.xml" <<EOF && changed=0
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by scripts/services.sh. shutdownHook disabled: Kafka logs its own shutdown. -->
<Configuration status="WARN" shutdownHook="disable">
  <Appenders>
    <RollingFile name="server" fileName="$KAFKA_STATE/logs/server.log" filePattern="$KAFKA_STATE/logs/server.log.%i">
      <PatternLayout pattern="[%d{ISO8601}] %-5p %m (%c)%n"/>
      <SizeBasedTriggeringPolicy size="50 MB"/>
      <DefaultRolloverStrategy max="4"/>
    </RollingFile>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="server"/></Root>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="state.change.logger" level="WARN"/>
    <Logger name="org.apache.kafka.clients" level="WARN"/>
  </Loggers>
</Configuration>
EOF
  write_if_changed "$KAFKA_STATE/tools-log4j2.xml" <<EOF || true
<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Appenders><Console name="err" target="SYSTEM_ERR"><PatternLayout pattern="%-5p %m%n"/></Console></Appenders>
  <Loggers><Root level="WARN"><AppenderRef ref="err"/></Root></Loggers>
</Configuration>
EOF
  return $changed
}

# Kafka's ApiVersions request (v0) over bash's /dev/tcp: the broker answers only once its listener serves requests.
# Cheap enough for `status` and warm `up`, where starting a JVM would cost seconds.
kafka_answers() {
  local reply
  reply=$(timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "\x00\x00\x00\x0c\x00\x12\x00\x00\x00\x00\x00\x2a\x00\x02qs" >&3; head -c 10 <&3 | od -An -tx1' \
    _ "$HOST" "$KAFKA_PORT" 2>/dev/null) || return 1
  [[ $(echo $reply) == *"00 00 00 2a 00 00" ]]
}

# The real check after a start: the admin API lists topics (metadata served, controller reachable).
kafka_lists_topics() {
  KAFKA_TOOL_TIMEOUT=60 kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "$HOST:$KAFKA_PORT" --list \
    >/dev/null 2>>"$KAFKA_STATE/logs/health.log"
}

kafka_start() {
  port_open "$KAFKA_PORT" && die "port $KAFKA_PORT on $HOST is taken by another process: stop it or set QUANTRAC_KAFKA_PORT"
  port_open "$KAFKA_CONTROLLER_PORT" && die "port $KAFKA_CONTROLLER_PORT on $HOST is taken: set QUANTRAC_KAFKA_CONTROLLER_PORT"
  log "kafka: starting on $HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)…"
  local lib; lib=$(kafka_lib)
  # cd: the JVM's own droppings (hs_err files) land in the state dir. No inherited descriptor beyond 0-2, as for
  # Mosquitto: under `flock -x LOCK services.sh up` the broker held the caller's lock for its whole life.
  (close_inherited_fds; cd "$KAFKA_STATE" && exec setsid java -Xms256m -Xmx768m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$KAFKA_STATE/log4j2.xml" -Dkafka.logs.dir="$KAFKA_STATE/logs" \
      -cp "$lib/*" kafka.Kafka "$KAFKA_STATE/server.properties") </dev/null >>"$KAFKA_STATE/logs/kafka.out" 2>&1 &
  local pid=$!
  echo "$pid" >"$KAFKA_STATE/kafka.pid"
  local end=$((SECONDS + 120))
  until port_open "$KAFKA_PORT" && kafka_answers; do
    if ! alive "$pid"; then
      show_log_tail "$KAFKA_STATE/logs/kafka.out" 10; show_log_tail "$KAFKA_STATE/logs/server.log"
      die "kafka exited at start (logs: $KAFKA_STATE/logs/server.log, kafka.out)"
    fi
    ((SECONDS < end)) || die "kafka did not open $HOST:$KAFKA_PORT within 120 s (log: $KAFKA_STATE/logs/server.log)"
    sleep 0.25
  done
  until kafka_lists_topics; do
    alive "$pid" || die "kafka exited at start (log: $KAFKA_STATE/logs/server.log)"
    ((SECONDS < end)) || { show_log_tail "$KAFKA_STATE/logs/health.log" 10
      die "kafka does not list topics after 120 s (logs: $KAFKA_STATE/logs/server.log, health.log)"; }
    sleep 1
  done
}

kafka_stop_pid() {
  kill -TERM "$1" 2>/dev/null || true
  # A controlled shutdown takes ~3 s; give it 30 before pulling the plug.
  wait_gone "$1" 30 || { log "kafka: pid $1 still running after 30 s, killing it"; kill -KILL "$1" 2>/dev/null || true; wait_gone "$1" 5 || true; }
}

kafka_up() {
  local t=$EPOCHREALTIME
  command -v java >/dev/null || die "java (17 or later) is needed for Kafka"
  kafka_install
  mkdir -p "$KAFKA_STATE/data" "$KAFKA_STATE/logs"
  local changed=1 pid
  kafka_write_config && changed=0
  pid=$(kafka_pid)
  if [[ -n $pid ]] && { ((changed == 0)) || ! cmdline_has "$pid" "$(kafka_lib)"; }; then
    log "kafka: configuration or jars changed, restarting"
    kafka_stop_pid "$pid"; pid=""
  fi
  if [[ -n $pid ]]; then
    kafka_answers || die "kafka (pid $pid) is running but does not answer on $HOST:$KAFKA_PORT (log: $KAFKA_STATE/logs/server.log)"
    log "kafka: running (pid $pid), ok"
    return 0
  fi
  if [[ ! -f $KAFKA_STATE/data/meta.properties ]]; then
    # Formatting writes the cluster id and the controller's bootstrap metadata: once per fresh state dir.
    local id; id=$(kafka_java kafka.tools.StorageTool random-uuid 2>>"$KAFKA_STATE/logs/format.log") || die "kafka: random-uuid failed"
    kafka_java kafka.tools.StorageTool format --standalone -t "$id" -c "$KAFKA_STATE/server.properties" \
      >>"$KAFKA_STATE/logs/format.log" 2>&1 || { show_log_tail "$KAFKA_STATE/logs/format.log"; die "formatting Kafka storage failed"; }
  fi
  kafka_start
  log "kafka: ready on $HOST:$KAFKA_PORT (pid $(kafka_pid)) in $(since "$t") s"
}

kafka_down() {
  local pid; pid=$(kafka_pid)
  [[ -n $pid ]] || { log "kafka: not running"; return 0; }
  log "kafka: stopping (pid $pid)…"
  kafka_stop_pid "$pid"
  rm -f "$KAFKA_STATE/kafka.pid"
  log "kafka: stopped"
}

kafka_status() {
  local pid health=failing; pid=$(kafka_pid)
  if [[ -n $pid ]]; then kafka_answers && health=ok
  elif port_open "$KAFKA_PORT"; then health="failing (port taken by another process)"; fi
  status_line kafka "$HOST:$KAFKA_PORT" "$pid" "$health"
}

kafka_reset() { rm -rf --one-file-system "$KAFKA_STATE"; }

# --------------------------------------------------------------------------------------------------------- commands

status_line() {  # name address pid health
  local state=stopped; [[ -n $3 ]] && state="running pid $3"
  printf '%-12s %-16s %-18s %s\n' "$1" "$2" "$state" "$4"
}

cmd_env() {
  printf 'export %s=%q\n' \
    QUANTRAC_TEST_KAFKA "$HOST:$KAFKA_PORT" \
    QUANTRAC_TEST_MQTT "tcp://$HOST:$MQTT_PORT" \
    QUANTRAC_TEST_MQTT_CREDENTIALS "$MQTT_CREDENTIALS" \
    QUANTRAC_TEST_MQTT_TLS "ssl://$HOST:$MQTT_TLS_PORT" \
    QUANTRAC_TEST_MQTT_TLS_CA "$MQTT_TLS/ca.crt" \
    QUANTRAC_TEST_DB_URL "jdbc:postgresql://$HOST:$DB_PORT/$DB_NAME" \
    QUANTRAC_TEST_DB_USER "$DB_USER" \
    QUANTRAC_TEST_DB_PASSWORD "$DB_PASSWORD"
}

cmd_up() {
  need_root up; take_lock
  mkdir -p "$STATE"
  selected db && db_up
  selected mqtt && mqtt_up
  selected kafka && kafka_up
  log "up in $(since "$T0") s"
  cmd_env
}

cmd_down() {
  need_root down; take_lock
  selected kafka && kafka_down
  selected mqtt && mqtt_down
  selected db && db_down
  return 0
}

cmd_status() {
  selected db && db_status
  selected mqtt && mqtt_status
  selected kafka && kafka_status
  return 0
}

# Leftovers of earlier test runs (killed runs, and every run's own topics and schemas, which tests do not delete).
# Thousands of them make a Kafka restart take minutes (each partition's log is loaded at start: a fault test that
# restarts Kafka then times out) and grow the database by gigabytes. Names of tests and benchmarks end in `_` or `.`
# and 8 hex digits; production names (quantrac.* topics, Kafka's __ topics, the public schema, benchyear) never do.
readonly PRUNE_TOPICS='^[a-z][a-z0-9_.-]*[_.][0-9a-f]{8}$'
readonly PRUNE_SCHEMAS='^[a-z][a-z0-9_]*_[0-9a-f]{8}(_alerts)?$'
# Connector sessions of tests (TestServices.unique("it-…")) and benchmarks (bench-connector-<run>): clean session off,
# subscribed to every station. One the broker kept (3.1.1 has no expiry; Mosquitto 2.0.11 loses a 5.0 session's expiry
# when it restarts) queues every later publish, up to max_queued_bytes, and is rewritten to disk at every autosave.
readonly PRUNE_SESSIONS='^(it-[a-z0-9-]*_[0-9a-f]{8}|bench-connector-[0-9a-f]{8})$'

kafka_prune() {
  [[ -n $(kafka_pid) ]] || { log "kafka: not running, nothing pruned"; return 0; }
  local t=$EPOCHREALTIME n
  n=$(find "$KAFKA_STATE/data" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended \
      -regex '.*/[a-z][a-z0-9_.-]*[_.][0-9a-f]{8}-[0-9]+' | wc -l)
  ((n > 0)) || { log "kafka: no test topics to prune"; return 0; }
  KAFKA_TOOL_TIMEOUT=300 kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "$HOST:$KAFKA_PORT" \
    --delete --if-exists --topic "$PRUNE_TOPICS" >>"$KAFKA_STATE/logs/prune.log" 2>&1 \
    || { show_log_tail "$KAFKA_STATE/logs/prune.log" 5; die "kafka: deleting test topics failed"; }
  log "kafka: deleted test topics ($n partitions) in $(since "$t") s"
}

db_prune() {
  [[ -n $(db_pid) ]] || { log "timescaledb: not running, nothing pruned"; return 0; }
  local t=$EPOCHREALTIME n
  n=$(db_psql -d "$DB_NAME" -tA -c "SELECT count(*) FROM pg_namespace WHERE nspname ~ '$PRUNE_SCHEMAS'")
  ((n > 0)) || { log "timescaledb: no test schemas to prune"; return 0; }
  # One transaction per schema: every chunk of a hypertable takes locks; thousands in one transaction do not fit.
  db_psql -d "$DB_NAME" <<SQL
SET client_min_messages = warning;
DO \$\$
DECLARE s text;
BEGIN
  FOR s IN SELECT nspname FROM pg_namespace WHERE nspname ~ '$PRUNE_SCHEMAS' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
    COMMIT;
  END LOOP;
END \$\$;
SQL
  log "timescaledb: dropped $n test schemas in $(since "$t") s"
}

mqtt_prune() {
  [[ -n $(mqtt_pid) ]] || { log "mosquitto: not running, nothing pruned"; return 0; }
  local t=$EPOCHREALTIME n=0 id password log="$MQTT_BROKER_STATE/mosquitto.log" mark="$MQTT_STATE/pruned-log-bytes"
  local from=0 size
  password=$(sed -n 's/^quantrac-connector=//p' "$MQTT_CREDENTIALS")
  size=$(stat -c %s "$log" 2>/dev/null || echo 0)
  # Only the log written since the last prune: the sessions named before it were ended then.
  [[ -f $mark ]] && from=$(<"$mark")
  ((from <= size)) || from=0
  # The broker lists no sessions; its log names every client that connected with clean session off (c0). Connecting
  # once more under that id with a clean session (clean start, expiry 0) makes the broker discard what it kept.
  while IFS= read -r id; do
    timeout 10 mosquitto_sub -h "$HOST" -p "$MQTT_PORT" -V 5 -i "$id" -u quantrac-connector -P "$password" \
      -t 'quantrac/prune' -E >/dev/null 2>&1 || { log "mosquitto: could not end the session of $id"; continue; }
    n=$((n + 1))
  done < <(tail -c +$((from + 1)) "$log" 2>/dev/null \
             | sed -nE 's/.* New client connected from [^ ]+ as ([^ ]+) \(p[0-9], c0,.*/\1/p' \
             | sort -u | grep -E "$PRUNE_SESSIONS")
  echo "$size" >"$mark"
  ((n > 0)) || { log "mosquitto: no test sessions to prune"; return 0; }
  log "mosquitto: ended the sessions of $n test clients in $(since "$t") s"
}

cmd_prune() {
  need_root prune; take_lock
  selected kafka && kafka_prune
  selected mqtt && mqtt_prune
  selected db && db_prune
  return 0
}

cmd_reset() {
  need_root reset
  cmd_down
  log "deleting the runtime state in $STATE (installs in $CACHE are kept)"
  selected kafka && kafka_reset
  selected mqtt && mqtt_reset
  selected db && db_reset
  rmdir "$STATE" 2>/dev/null || true
  log "reset done"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  env) cmd_env ;;
  prune) cmd_prune ;;
  *) echo "usage: $0 up|down|status|reset|env|prune" >&2; exit 2 ;;
esac
