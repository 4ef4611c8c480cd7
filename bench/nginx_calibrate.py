#!/usr/bin/env python3
"""Calibrate on a second real system, predict its knee (issue 19).

Runs a throwaway nginx (its config, pid, logs and a 1 KB file in a temp dir,
access log off, listening on 127.0.0.1 only, stopped and deleted at the end)
under a closed-loop load generator: N keep-alive connections, each thinking
an exponential 2 ms (mean) after a response before its next request. The
generator is bench/closedloop.c (compiled here with the system's cc): exact
think times, where wrk's Lua delay() fires on millisecond ticks and sends in
bursts (see closedloop.c). nginx (one worker) runs on core 1 and the
generator (one thread) on core 0, each pinned with taskset. By default the
generator spins (closedloop -P): it has headroom, pays no wake-ups, and
stands for users on other machines, so the model is nginx alone (model
bench/nginx-server.yaml). `--sleeping` lets the generator sleep between
events and models it as a component on its own core (its CPU per request
falls 4x with the load, bench/nginx-pinned.yaml); `--wrk` uses wrk 4.1 with
a fixed 2 ms delay() instead (also modelled); `--shared` runs nginx (2
workers) and wrk (2 threads when N is even) on both cores (bench/nginx.yaml).
For each level it records the generator's report (requests/s, mean latency,
p50/p90/p99) and the CPU of each core (/proc/stat), of the nginx processes
and of the generator (schedstat) over the same steady window. It calibrates
the model on the levels whose server core is at most 40% busy, then predicts
the throughput at 2x, 4x and 8x the highest calibrated level (analytic
solver, `headroom-cli analyze`).

Usage (under the CPU lock, nothing else running):
  flock /tmp/headroom-cpu.lock python3 bench/nginx_calibrate.py BUILD_DIR [OUT_DIR] [--sleeping | --wrk | --shared]
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from realsys import (CLIENT_CPU, CORES, SERVER_CPU, TICKS, Machines, calibrate_and_predict, cores_sample, pinned, proc_cpu,
                     schedule)

DURATION = 15   # seconds per level
WINDOW = (2.0, 14.0)  # CPU measured from 2 s to 14 s into each run
THINK_MS = 2
PORT = 18089
HERE = os.path.dirname(os.path.abspath(__file__))


def seconds(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not m:
        raise ValueError("unreadable wrk duration " + text)
    return float(m.group(1)) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[m.group(2)]


def parse_wrk(report):
    out = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", report)
    out["throughput"] = float(m.group(1))
    m = re.search(r"^\s+Latency\s+(\S+)\s+(\S+)\s+(\S+)", report, re.M)
    out["mean"] = seconds(m.group(1))
    for q in ("50", "90", "99"):
        m = re.search(rf"^\s+{q}%\s+(\S+)", report, re.M)
        if m:
            out["p" + q] = seconds(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", report)
    out["errors"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: .*", report)
    out["socket_errors"] = m.group(0) if m else ""
    return out


def parse_closedloop(report):
    v = dict(line.split() for line in report.strip().splitlines())
    out = {k: float(v[k]) for k in ("throughput", "mean", "p50", "p90", "p99", "think")}
    out["errors"] = int(v["errors"])
    out["socket_errors"] = ""
    return out


def main():
    args = [a for a in sys.argv[1:] if a not in ("--shared", "--wrk", "--sleeping")]
    shared = "--shared" in sys.argv[1:]
    use_wrk = "--wrk" in sys.argv[1:]
    # By default the generator spins (closedloop -P) on its own core and is
    # left out of the model: the system under test is nginx alone.
    poll = "--sleeping" not in sys.argv[1:] and not shared and not use_wrk
    if not args:
        raise SystemExit(__doc__)
    client_cpu, server_cpu = (None, None) if shared else (CLIENT_CPU, SERVER_CPU)
    build = os.path.abspath(args[0])
    out = os.path.abspath(args[1]) if len(args) > 1 else tempfile.mkdtemp(prefix="headroom-nginx-")
    os.makedirs(out, exist_ok=True)
    cli = os.path.join(build, "app", "headroom-cli")
    tmp = tempfile.mkdtemp(prefix="headroom-nginx-run-")
    os.chmod(tmp, 0o755)
    with open(os.path.join(tmp, "index.html"), "w") as f:
        f.write("x" * 1024)
    os.chmod(os.path.join(tmp, "index.html"), 0o644)
    conf = os.path.join(tmp, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes {2 if shared else 1};
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{PORT};
        root {tmp};
        location / {{ }}
    }}
}}
""")
    generator = os.path.join(tmp, "closedloop")
    if not use_wrk:
        subprocess.run(["cc", "-O2", "-o", generator, os.path.join(HERE, "closedloop.c"), "-lm"], check=True)
    script = os.path.join(tmp, "think.lua")
    with open(script, "w") as f:
        f.write(f"function delay()\n  return {THINK_MS}\nend\n")
    nginx = subprocess.Popen(pinned(["nginx", "-c", conf, "-p", tmp], server_cpu), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            if subprocess.run(["curl", "-sf", "-o", "/dev/null", f"http://127.0.0.1:{PORT}/index.html"]).returncode == 0:
                break
            time.sleep(0.1)
        else:
            raise SystemExit("nginx did not answer on 127.0.0.1:%d" % PORT)
        server_pids = [nginx.pid] + [int(x) for x in subprocess.run(["pgrep", "-P", str(nginx.pid)], capture_output=True,
                                                                      text=True).stdout.split()]

        def measure(c):
            t0 = time.time()
            # wrk gives each thread c / t connections (integer division): 2 threads only when c is even
            threads = 2 if shared and c % 2 == 0 else 1
            if use_wrk:
                cmd = ["wrk", "-t", str(threads), "-c", str(c), "-d", f"{DURATION}s", "--latency", "-s", script,
                       f"http://127.0.0.1:{PORT}/index.html"]
            else:
                cmd = [generator, "-c", str(c), "-z", str(THINK_MS * 1000), "-s", str(c), "-d", str(DURATION), "-w",
                       f"{WINDOW[0]:g}:{WINDOW[1]:g}"] + (["-P"] if poll else []) + ["127.0.0.1", str(PORT), "/index.html"]
            cmd = pinned(cmd, client_cpu)
            p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            time.sleep(WINDOW[0])
            k0 = cores_sample()
            s0, c0, w0 = proc_cpu(server_pids), proc_cpu([p.pid]), time.time()
            time.sleep(WINDOW[1] - WINDOW[0])
            k1 = cores_sample()
            s1, c1, w1 = proc_cpu(server_pids), proc_cpu([p.pid]), time.time()
            report, _ = p.communicate()
            with open(os.path.join(out, f"{'wrk' if use_wrk else 'closedloop'}-{c}.txt"), "w") as f:
                f.write(report)
            w = parse_wrk(report) if use_wrk else parse_closedloop(report)
            if w["errors"] or w["socket_errors"]:
                print(f"  the generator reported errors at {c}: {w['errors']} non-2xx, {w['socket_errors']}")
            m = Machines(c, k0, k1, shared, client_modelled=not poll)
            per_core, u_host, scale = m.per_core, m.u_host, m.scale
            span = (w1 - w0) * TICKS * scale
            u_nginx = (s1 - s0) / span
            u_wrk = (c1 - c0) / span
            x = w["throughput"]
            # The think time realised (Little's law over the loop): wrk's timer
            # wakes later than asked, more so on an idle machine.
            think = c / x - w["mean"]
            rows = [f"{c},users,system,,{c}", f"{c},think_time,system,,{THINK_MS / 1000.0}", f"{c},throughput,system,,{x}",
                    f"{c},response_time_mean,system,,{w['mean']}"]
            for q in ("50", "99"):
                if "p" + q in w:
                    rows.append(f"{c},p{q},system,,{w['p' + q]}")
            rows += m.rows
            rows += [f"{c},utilization,nginx,,{u_nginx:.6f}"] + ([] if poll else [f"{c},utilization,wrk,,{u_wrk:.6f}"])
            r = {"level": c, "throughput": x, "mean": w["mean"], "realised_think": think, "u_host": u_host,
                 "u_cores": per_core, "u_limit": m.u_limit, "u_nginx": u_nginx,
                 "u_wrk": u_wrk, "nginx_cpu_per_req_us": u_nginx * scale / x * 1e6, "wrk_cpu_per_req_us": u_wrk * scale / x * 1e6,
                 "cpu_per_req_us": (u_nginx + u_wrk) * scale / x * 1e6,
                 "host_cpu_per_req_us": u_host * CORES / x * 1e6, "rows": rows}
            print(f"connections {c:4d}: {x:9.0f} req/s, mean {w['mean']*1e6:7.0f} us, p99 {w.get('p99', 0)*1e6:7.0f} us, "
                  f"think {think*1e3:.2f} ms, cores " + "/".join(f"{u*100:.1f}%" for u in per_core) +
                  f", nginx {u_nginx*100:5.1f}%, wrk {u_wrk*100:5.1f}%, CPU/req nginx {r['nginx_cpu_per_req_us']:.1f} us "
                  f"wrk {r['wrk_cpu_per_req_us']:.1f} us ({time.time()-t0:.0f} s)", flush=True)
            return r

        levels, highest = schedule(measure)
        model = "nginx.yaml" if shared else "nginx-server.yaml" if poll else "nginx-pinned.yaml"
        calibrate_and_predict(cli, os.path.join(HERE, model), out, levels, highest)
    finally:
        nginx.send_signal(signal.SIGQUIT)
        try:
            nginx.wait(timeout=10)
        except subprocess.TimeoutExpired:
            nginx.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
