#!/usr/bin/env python3
"""Calibrate on a real system, predict its knee (issue 19).

Runs a throwaway PostgreSQL 15 cluster (initdb in a temp dir, as the
`postgres` user when run as root, unix socket only, stopped and deleted at
the end) under pgbench (select-only with a 2 ms \\sleep as think time) at
several client counts. For each level it records pgbench's report (imported
with `headroom-cli measurements import --from pgbench`) and the CPU of the
host (/proc/stat), of the postgres processes and of pgbench (/proc/PID/stat),
over the same steady window. It calibrates bench/pgbench.yaml on the levels
whose host CPU is at most 40%, then predicts the throughput at every level
(analytic solver, `headroom-cli analyze`) and prints measured vs predicted.

Usage (under the CPU lock, nothing else running):
  flock /tmp/headroom-cpu.lock python3 bench/pgbench_calibrate.py BUILD_DIR [OUT_DIR]
"""
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time

PG = "/usr/lib/postgresql/15/bin"
CLIENTS = [1, 2, 4, 8, 16, 32, 64, 128]
DURATION = 12.0    # seconds per level
WINDOW = (2.0, 11.0)  # CPU measured from 2 s to 11 s into each run
THINK = 0.002
HERE = os.path.dirname(os.path.abspath(__file__))
TICKS = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count()


def run_as(user, cmd, **kw):
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", user, "--"] + cmd
    return subprocess.run(cmd, check=True, **kw)


def host_busy():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    return sum(v) - idle, sum(v)


def proc_cpu(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                parts = f.read().rsplit(")", 1)[1].split()
            total += int(parts[11]) + int(parts[12])  # utime + stime (ticks)
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return total


def postgres_pids(user_uid):
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                if os.stat(f"/proc/{d}").st_uid != user_uid:
                    continue
                with open(f"/proc/{d}/comm") as f:
                    if f.read().strip() in ("postgres", "postmaster"):
                        out.append(int(d))
            except (FileNotFoundError, ProcessLookupError):
                pass
    return out


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
        csv_rows = []
        levels = []
        for c in CLIENTS:
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
            levels.append({"clients": c, "tps": tps, "u_host": u_host, "u_postgres": u_pg, "u_pgbench": u_bench,
                           "cpu_per_tx_us": (u_pg + u_bench) * CORES / tps * 1e6, "rows": rows})
            print(f"clients {c:4d}: {tps:9.0f} tx/s, host {u_host*100:5.1f}%, postgres {u_pg*100:5.1f}%, "
                  f"pgbench {u_bench*100:5.1f}%, CPU/tx {levels[-1]['cpu_per_tx_us']:.0f} us ({time.time()-t0:.0f} s)", flush=True)
        header = "level,metric,where,class,value"
        with open(os.path.join(out, "all.csv"), "w") as f:
            f.write(header + "\n" + "\n".join(r for l in levels for r in l["rows"]) + "\n")
        calibrated_levels = [l for l in levels if l["u_host"] <= 0.40]
        if len(calibrated_levels) < 2:
            calibrated_levels = levels[:2]
        with open(os.path.join(out, "calibration.csv"), "w") as f:
            f.write(header + "\n" + "\n".join(r for l in calibrated_levels for r in l["rows"]) + "\n")
        results = {"levels": [{k: v for k, v in l.items() if k != "rows"} for l in levels],
                   "calibrated_on": [l["clients"] for l in calibrated_levels]}
        for form, extra in (("auto", []), ("constant", ["--constant"])):
            yaml_out = os.path.join(out, f"calibrated-{form}.yaml")
            cal = subprocess.run([cli, "calibrate", os.path.join(HERE, "pgbench.yaml"), "--measurements",
                                  os.path.join(out, "calibration.csv"), "-o", yaml_out, "--format", "json", "--no-des"] + extra,
                                 check=True, capture_output=True, text=True).stdout
            results[f"calibration_{form}"] = json.loads(cal)
            preds = []
            for l in levels:
                a = json.loads(subprocess.run([cli, "analyze", yaml_out, "--users", str(l["clients"]), "--format", "json"],
                                              check=True, capture_output=True, text=True).stdout)
                preds.append({"clients": l["clients"], "measured": l["tps"], "predicted": a["throughput"],
                              "error": a["throughput"] / l["tps"] - 1.0})
            results[f"predictions_{form}"] = preds
            print(f"\n{form}: " + "; ".join(h["host"] + " " + h["why"] for h in results[f"calibration_{form}"]["hosts"]))
            for d in results[f"calibration_{form}"]["demands"]:
                print(f"  {d['component']} {d['kind']}: {d['value']*1e6:.1f} us  CI {d['ci95']}")
            for pr in preds:
                print(f"  clients {pr['clients']:4d}: measured {pr['measured']:9.0f}/s predicted {pr['predicted']:9.0f}/s "
                      f"error {pr['error']*100:+6.1f}%")
        with open(os.path.join(out, "results.json"), "w") as f:
            json.dump(results, f, indent=2)
        print("\nwritten to", out)
    finally:
        if started:
            run_as(user, [f"{PG}/pg_ctl", "-D", data + "/db", "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
