#!/usr/bin/env python3
"""Calibrate on a real system, predict its knee (issue 19).

Runs a throwaway PostgreSQL 15 cluster (initdb in a temp dir, as the
`postgres` user when run as root, unix socket only, stopped and deleted at
the end) under pgbench (select-only with a 2 ms \\sleep as think time) at
1, 2, 3, 4, 6, 8, 16, ... clients (bench/realsys.py: doubled until the host
passes 40% CPU, then 2x, 4x and 8x the highest level at most 40%). For each
level it records pgbench's report (imported with `headroom-cli measurements
import --from pgbench`) and the CPU of the host (/proc/stat), of the
postgres processes and of pgbench (/proc/PID/stat) over the same steady
window. By default PostgreSQL runs on core 1 and pgbench (one thread) on
core 0, each pinned with taskset: the client on a machine of its own, as in
a load test (model bench/pgbench-pinned.yaml); `--shared` runs both on both
cores (model bench/pgbench.yaml). It calibrates the model on the levels up
to the highest whose busiest core is at most 40% busy, then predicts the
throughput at every level (analytic solver, `headroom-cli analyze`) and
prints measured vs predicted.

By default PgBouncer 1.18 (transaction pooling, 2 server connections, on
the server's core) stands between pgbench and PostgreSQL, as production
runs many clients: past the knee the backends stay at 2 instead of one per
client (model bench/pgbench-pooled.yaml: postgres `connections: 2`).
`--direct` connects pgbench to PostgreSQL itself (a backend per client;
model bench/pgbench-pinned.yaml): past the knee its throughput collapses
(bench/README.md).

Usage (under the CPU lock, nothing else running):
  flock /tmp/headroom-cpu.lock python3 bench/pgbench_calibrate.py BUILD_DIR [OUT_DIR] [--direct] [--shared]
"""
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from realsys import (CLIENT_CPU, CORES, SERVER_CPU, TICKS, Machines, calibrate_and_predict, cores_sample, pids_named,
                     pinned, proc_cpu, schedule)

PG = "/usr/lib/postgresql/15/bin"
DURATION = 15.0    # seconds per level
WINDOW = (2.0, 14.0)  # CPU measured from 2 s to 14 s into each run
THINK = 0.002
HERE = os.path.dirname(os.path.abspath(__file__))


def run_as(user, cmd, **kw):
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", user, "--"] + cmd
    kw.setdefault("check", True)
    return subprocess.run(cmd, **kw)


def postgres_pids(user_uid):
    return pids_named(("postgres", "postmaster"), user_uid)


def main():
    args = [a for a in sys.argv[1:] if a not in ("--shared", "--direct")]
    shared = "--shared" in sys.argv[1:]
    pooled = "--direct" not in sys.argv[1:] and not shared
    bouncer_port = "64329"
    bouncer = None
    if not args:
        raise SystemExit(__doc__)
    client_cpu, server_cpu = (None, None) if shared else (CLIENT_CPU, SERVER_CPU)
    build = os.path.abspath(args[0])
    out = os.path.abspath(args[1]) if len(args) > 1 else tempfile.mkdtemp(prefix="headroom-pgbench-")
    os.makedirs(out, exist_ok=True)
    cli = os.path.join(build, "app", "headroom-cli")
    user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    uid = pwd.getpwnam(user).pw_uid
    data = tempfile.mkdtemp(prefix="headroom-pg-")
    os.chown(data, uid, -1)
    socket = data
    port = "54329"
    env = dict(os.environ, PGHOST=socket, PGPORT=port, PGUSER="bench", PGDATABASE="postgres")
    script = os.path.join(data, "select.sql")
    with open(script, "w") as f:
        f.write("\\set aid random(1, 100000 * :scale)\nSELECT abalance FROM pgbench_accounts WHERE aid = :aid;\n\\sleep 2 ms\n")
    os.chmod(script, 0o644)
    started = False
    try:
        run_as(user, [f"{PG}/initdb", "-D", data + "/db", "-A", "trust", "-U", "bench"], stdout=subprocess.DEVNULL)
        # pg_ctl's postmaster and every backend it forks inherit the core
        run_as(user, pinned([f"{PG}/pg_ctl", "-D", data + "/db", "-l", data + "/log", "-w", "-o",
                             f"-p {port} -k {socket} -c listen_addresses='' -c max_connections=300 -c shared_buffers=128MB",
                             "start"], server_cpu), stdout=subprocess.DEVNULL)
        started = True
        run_as(user, [f"{PG}/pgbench", "-i", "-s", "10", "-q"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        bench_env = env
        if pooled:
            ini = os.path.join(data, "pgbouncer.ini")
            with open(os.path.join(data, "userlist.txt"), "w") as f:
                f.write('"bench" ""\n')
            with open(ini, "w") as f:
                f.write(f"""[databases]
postgres = host={socket} port={port} dbname=postgres user=bench
[pgbouncer]
listen_addr =
unix_socket_dir = {socket}
listen_port = {bouncer_port}
auth_type = trust
auth_file = {data}/userlist.txt
pool_mode = transaction
default_pool_size = 2
max_client_conn = 1000
logfile = {data}/pgbouncer.log
pidfile = {data}/pgbouncer.pid
""")
            for name in ("pgbouncer.ini", "userlist.txt"):
                os.chmod(os.path.join(data, name), 0o644)
            cmd = pinned(["pgbouncer", ini], server_cpu)
            if os.geteuid() == 0:
                cmd = ["runuser", "-u", user, "--"] + cmd
            bouncer = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            bench_env = dict(env, PGPORT=bouncer_port)
            for _ in range(50):
                if run_as(user, [f"{PG}/psql", "-qAtc", "select 1"], env=bench_env, check=False, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0:
                    break
                time.sleep(0.1)
            else:
                raise SystemExit("pgbouncer did not answer")

        def measure(c):
            report_path = os.path.join(out, f"pgbench-{c}.txt")
            cmd = pinned([f"{PG}/pgbench", "-n", "-f", script, "-c", str(c), "-j", str(min(c, 2) if shared else 1), "-T",
                          str(int(DURATION))], client_cpu)
            if os.geteuid() == 0:
                cmd = ["runuser", "-u", user, "--"] + cmd
            t0 = time.time()
            p = subprocess.Popen(cmd, env=bench_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            time.sleep(WINDOW[0])
            # pgbench's own pid: runuser's child
            children = subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True, text=True).stdout.split()
            bench_pids = [p.pid] + [int(x) for x in children]
            pg = postgres_pids(uid)
            pgb = pids_named(("pgbouncer",), uid)
            k0 = cores_sample()
            pg0, pb0, bo0, w0 = proc_cpu(pg), proc_cpu(bench_pids), proc_cpu(pgb), time.time()
            time.sleep(WINDOW[1] - WINDOW[0])
            pg = postgres_pids(uid)  # the same backends (connections are held for the run)
            k1 = cores_sample()
            pg1, pb1, bo1, w1 = proc_cpu(pg), proc_cpu(bench_pids), proc_cpu(pgb), time.time()
            report, _ = p.communicate()
            with open(report_path, "w") as f:
                f.write(report)
            m = Machines(c, k0, k1, shared)
            per_core, u_host, scale = m.per_core, m.u_host, m.scale
            span = (w1 - w0) * TICKS * scale
            u_pg = (pg1 - pg0) / span
            u_bench = (pb1 - pb0) / span
            u_bouncer = (bo1 - bo0) / span
            imported = subprocess.run([cli, "measurements", "import", "--from", "pgbench", report_path, "--level", str(c),
                                       "--think-time", str(THINK), "--no-header"], check=True, capture_output=True, text=True).stdout
            rows = imported.strip().splitlines()
            rows += m.rows
            rows += [f"{c},utilization,postgres,,{u_pg:.6f}", f"{c},utilization,pgbench,,{u_bench:.6f}"]
            if pooled:
                rows.append(f"{c},utilization,pgbouncer,,{u_bouncer:.6f}")
            tps = float([r for r in rows if ",throughput," in r][0].split(",")[-1])
            r = {"level": c, "throughput": tps, "u_host": u_host, "u_cores": per_core,
                 "u_limit": m.u_limit, "u_postgres": u_pg, "u_pgbench": u_bench,
                 **({"u_pgbouncer": u_bouncer, "pgbouncer_cpu_per_tx_us": u_bouncer * scale / tps * 1e6} if pooled else {}),
                 "postgres_cpu_per_tx_us": u_pg * scale / tps * 1e6, "pgbench_cpu_per_tx_us": u_bench * scale / tps * 1e6,
                 "cpu_per_tx_us": (u_pg + u_bench) * scale / tps * 1e6, "host_cpu_per_tx_us": u_host * CORES / tps * 1e6,
                 "rows": rows}
            print(f"clients {c:4d}: {tps:9.0f} tx/s, cores " + "/".join(f"{u*100:.1f}%" for u in per_core) +
                  f", postgres {u_pg*100:5.1f}%, pgbench {u_bench*100:5.1f}%, CPU/tx postgres "
                  f"{r['postgres_cpu_per_tx_us']:.0f} us pgbench {r['pgbench_cpu_per_tx_us']:.0f} us" +
                  (f" pgbouncer {r['pgbouncer_cpu_per_tx_us']:.0f} us" if pooled else "") + f" ({time.time()-t0:.0f} s)",
                  flush=True)
            return r

        levels, highest = schedule(measure)
        model = "pgbench.yaml" if shared else "pgbench-pooled.yaml" if pooled else "pgbench-pinned.yaml"
        calibrate_and_predict(cli, os.path.join(HERE, model), out, levels, highest)
    finally:
        if bouncer is not None:
            try:  # runuser may not pass the signal on: the daemon's own pid
                with open(os.path.join(data, "pgbouncer.pid")) as f:
                    os.kill(int(f.read().strip()), signal.SIGTERM)
            except (OSError, ValueError):
                pass
            bouncer.terminate()
            try:
                bouncer.wait(timeout=10)
            except subprocess.TimeoutExpired:
                bouncer.kill()
        if started:
            run_as(user, [f"{PG}/pg_ctl", "-D", data + "/db", "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
