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
window. It calibrates bench/pgbench.yaml on the levels up to the highest at
most 40% CPU, then predicts the throughput at every level (analytic solver,
`headroom-cli analyze`) and prints measured vs predicted.

Usage (under the CPU lock, nothing else running):
  flock /tmp/headroom-cpu.lock python3 bench/pgbench_calibrate.py BUILD_DIR [OUT_DIR]
"""
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time

from realsys import CORES, TICKS, calibrate_and_predict, host_busy, pids_named, proc_cpu, schedule

PG = "/usr/lib/postgresql/15/bin"
DURATION = 15.0    # seconds per level
WINDOW = (2.0, 14.0)  # CPU measured from 2 s to 14 s into each run
THINK = 0.002
HERE = os.path.dirname(os.path.abspath(__file__))


def run_as(user, cmd, **kw):
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", user, "--"] + cmd
    return subprocess.run(cmd, check=True, **kw)


def postgres_pids(user_uid):
    return pids_named(("postgres", "postmaster"), user_uid)


def main():
    build = os.path.abspath(sys.argv[1])
    out = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="headroom-pgbench-")
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
        run_as(user, [f"{PG}/pg_ctl", "-D", data + "/db", "-l", data + "/log", "-w", "-o",
                      f"-p {port} -k {socket} -c listen_addresses='' -c max_connections=300 -c shared_buffers=128MB", "start"],
               stdout=subprocess.DEVNULL)
        started = True
        run_as(user, [f"{PG}/pgbench", "-i", "-s", "10", "-q"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        def measure(c):
            report_path = os.path.join(out, f"pgbench-{c}.txt")
            cmd = [f"{PG}/pgbench", "-n", "-f", script, "-c", str(c), "-j", str(min(c, 2)), "-T", str(int(DURATION))]
            if os.geteuid() == 0:
                cmd = ["runuser", "-u", user, "--"] + cmd
            t0 = time.time()
            p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            time.sleep(WINDOW[0])
            # pgbench's own pid: runuser's child
            children = subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True, text=True).stdout.split()
            bench_pids = [p.pid] + [int(x) for x in children]
            pg = postgres_pids(uid)
            b0, a0 = host_busy()
            pg0, pb0, w0 = proc_cpu(pg), proc_cpu(bench_pids), time.time()
            time.sleep(WINDOW[1] - WINDOW[0])
            pg = postgres_pids(uid)  # the same backends (connections are held for the run)
            b1, a1 = host_busy()
            pg1, pb1, w1 = proc_cpu(pg), proc_cpu(bench_pids), time.time()
            report, _ = p.communicate()
            with open(report_path, "w") as f:
                f.write(report)
            span = (w1 - w0) * TICKS * CORES
            u_host = (b1 - b0) / (a1 - a0)
            u_pg = (pg1 - pg0) / span
            u_bench = (pb1 - pb0) / span
            imported = subprocess.run([cli, "measurements", "import", "--from", "pgbench", report_path, "--level", str(c),
                                       "--think-time", str(THINK), "--no-header"], check=True, capture_output=True, text=True).stdout
            rows = imported.strip().splitlines()
            rows += [f"{c},utilization,vm,,{u_host:.6f}", f"{c},utilization,postgres,,{u_pg:.6f}",
                     f"{c},utilization,pgbench,,{u_bench:.6f}"]
            tps = float([r for r in rows if ",throughput," in r][0].split(",")[-1])
            r = {"level": c, "throughput": tps, "u_host": u_host, "u_postgres": u_pg, "u_pgbench": u_bench,
                 "cpu_per_tx_us": (u_pg + u_bench) * CORES / tps * 1e6, "host_cpu_per_tx_us": u_host * CORES / tps * 1e6,
                 "rows": rows}
            print(f"clients {c:4d}: {tps:9.0f} tx/s, host {u_host*100:5.1f}%, postgres {u_pg*100:5.1f}%, "
                  f"pgbench {u_bench*100:5.1f}%, CPU/tx {r['cpu_per_tx_us']:.0f} us (host {r['host_cpu_per_tx_us']:.0f}) "
                  f"({time.time()-t0:.0f} s)", flush=True)
            return r

        levels, highest = schedule(measure)
        calibrate_and_predict(cli, os.path.join(HERE, "pgbench.yaml"), out, levels, highest)
    finally:
        if started:
            run_as(user, [f"{PG}/pg_ctl", "-D", data + "/db", "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
