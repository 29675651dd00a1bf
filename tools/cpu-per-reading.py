#!/usr/bin/env python3
"""CPU per stored reading, by component, over a window of a running `./quantrac bench pipeline`.

Start the benchmark, then during its publish phase (a 10,000-station `--rate max` run publishes from about 35 s
after the command starts):

    python3 tools/cpu-per-reading.py [--window 20] [--delay 0]

It reads user + system CPU of every thread of the bench JVM (grouped by thread name: JIT, load generator, connector,
processor, GC), of Mosquitto, Kafka and each PostgreSQL backend (COPY backends apart from the rest) from /proc, and the
readings the processor stored in the window from the offsets it stores with every batch (`ingest_offset` of the newest
`bench_pipeline_*` schema; 10 readings per record, the bench's default). Prints µs of CPU per stored reading. When a
stage runs ahead of the processor in the window (the connector filling Kafka), its figure per *stored* reading is
higher than its cost per reading it handled: compare windows where the stages keep pace (docs/processor.md, tenth pass).

Needs root (other users' /proc entries) and psql as the database superuser over the services' Unix socket.
"""
import argparse
import collections
import os
import subprocess
import time

HZ = os.sysconf('SC_CLK_TCK')
SOCKET = os.path.expanduser('~/.cache/quantrac/state/timescaledb/run')


def psql(sql):
    out = subprocess.run(['psql', '-h', SOCKET, '-p', '15433', '-U', 'postgres', '-d', 'quantrac', '-Atc', sql],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def thread_group(name):
    if name.startswith(('C2 Compiler', 'C1 Compiler')):
        return 'jit'
    if name.startswith('simulator') or name == 'java':  # the main thread feeds the load generator
        return 'load-generator'
    if name.startswith(('vert.x', 'com.hivemq', 'kafka-producer', 'buffer-forw', 'RxComputation')):
        return 'connector'
    if name.startswith('processor'):
        return 'processor'
    if name.startswith(('GC', 'G1')):
        return 'gc'
    return 'jvm-other'


def ticks(stat_path):
    s = open(stat_path).read()
    fields = s[s.rfind(')') + 2:].split()
    return int(fields[11]) + int(fields[12])


def snapshot(copy_pids):
    """CPU ticks by component; PostgreSQL backends seen in COPY or COMMIT are added to copy_pids."""
    cpu = collections.Counter()
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            cmd = open(f'/proc/{pid}/cmdline', 'rb').read().replace(b'\0', b' ').decode(errors='replace')
            if 'quantrac.jar' in cmd and ' bench ' in cmd:
                for tid in os.listdir(f'/proc/{pid}/task'):
                    name = open(f'/proc/{pid}/task/{tid}/comm').read().strip()
                    cpu[thread_group(name)] += ticks(f'/proc/{pid}/task/{tid}/stat')
            elif cmd.startswith('postgres'):
                if ' COPY' in cmd or ' COMMIT' in cmd:
                    copy_pids.add(pid)
                cpu[('pg', pid)] += ticks(f'/proc/{pid}/stat')
            elif 'java' in cmd and 'kafka' in cmd:
                cpu['kafka'] += ticks(f'/proc/{pid}/stat')
            elif cmd.startswith('mosquitto'):
                cpu['mosquitto'] += ticks(f'/proc/{pid}/stat')
            else:
                cpu['other'] += ticks(f'/proc/{pid}/stat')
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue  # a process or thread that ended while we read it
    return cpu


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument('--window', type=float, default=20, help='seconds to measure (default 20)')
    args.add_argument('--delay', type=float, default=0, help='seconds to wait first (default 0)')
    a = args.parse_args()
    time.sleep(a.delay)
    schema = psql("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bench_pipeline_%' ORDER BY oid DESC LIMIT 1")
    if not schema:
        raise SystemExit('no bench_pipeline_* schema: start ./quantrac bench pipeline first')
    stored_sql = f'SELECT coalesce(sum(next_offset), 0) FROM {schema}.ingest_offset'
    copy_pids = set()
    before, records_before, t0 = snapshot(copy_pids), int(psql(stored_sql)), time.time()
    while time.time() - t0 < a.window:
        time.sleep(1)  # backends change their title with each statement: sample who is COPYing
        snapshot(copy_pids)
    after, records_after, seconds = snapshot(copy_pids), int(psql(stored_sql)), time.time() - t0
    readings = (records_after - records_before) * 10
    if readings <= 0:
        raise SystemExit('nothing stored in the window: is the run still publishing?')
    by_component = collections.Counter()
    for key, value in after.items():
        delta = value - before.get(key, 0)
        if isinstance(key, tuple):
            key = 'postgresql-copy' if key[1] in copy_pids else 'postgresql-other'
        by_component[key] += delta
    total = sum(by_component.values())
    print(f'{seconds:.1f} s, {readings:,} readings stored ({readings / seconds:,.0f}/s), '
          f'{total / HZ / seconds:.2f} cores busy; CPU µs per stored reading:')
    for key, value in by_component.most_common():
        if value > 0:
            print(f'  {key:18} {value / HZ / readings * 1e6:6.2f}')
    print(f'  {"total":18} {total / HZ / readings * 1e6:6.2f}')


if __name__ == '__main__':
    main()
