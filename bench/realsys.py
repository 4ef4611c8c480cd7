"""Shared by the real-system calibration benchmarks (issue 19):
CPU sampling from /proc, the level schedule, calibration and prediction
through headroom-cli."""
import json
import os
import subprocess

TICKS = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count()
CALIBRATE_BELOW = 0.40  # CPU of the server's core (pinned) or the host (shared) of the levels calibrated on
# The load generator and the system under test each get a core of their own
# (taskset), as on a load test where the generator runs on another machine:
# sharing both cores, CFS time-slices the generator against the server's
# processes (four event loops on two cores for nginx + wrk; pgbench starved
# by 128 backends past the knee), which the model of two machines does not
# have. `--shared` runs the old way (both on both cores) for comparison.
CLIENT_CPU = 0
SERVER_CPU = 1
# Each level is measured in PASSES interleaved passes over the levels and
# the median of each figure kept: on this shared VM a disturbance lasting a
# minute or two doubled the CPU per request at a few low levels of one pass
# (bench/README.md, runs F and H), and the calibration has only those levels.
PASSES = 3


def host_busy():
    """(busy, total) ticks of the host. Niced time counts as idle: on this
    shared VM other agents' compilers run at nice 19 outside the benchmark's
    lock, and they yield the CPU to the benchmark (weight 15 against 1024)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[1] + v[3] + v[4]
    return sum(v) - idle, sum(v)


def cpu_busy(cpu):
    """(busy, total) ticks of one core ("cpuN" in /proc/stat); niced time
    counts as idle, as in host_busy."""
    with open("/proc/stat") as f:
        for line in f:
            parts = line.split()
            if parts[0] == f"cpu{cpu}":
                v = [int(x) for x in parts[1:]]
                idle = v[1] + v[3] + v[4]
                return sum(v) - idle, sum(v)
    raise SystemExit(f"no cpu{cpu} in /proc/stat")


def cores_sample():
    """A sample of every core's ticks, for cores_busy()."""
    return [cpu_busy(c) for c in range(CORES)]


def cores_busy(before, after):
    """Busy share of each core between two cores_sample()s."""
    return [(b1 - b0) / max(1, a1 - a0) for (b0, a0), (b1, a1) in zip(before, after)]


class Machines:
    """The cores' figures of one level between two cores_sample()s: each
    core's busy share (`per_core`), the host's mean (`u_host`), the cores a
    process's CPU is a share of (`scale`: one when pinned), the share the 40%
    rule reads (`u_limit`: the server's core when pinned) and the CSV's host
    rows (the vm; or the client's core, when it is modelled, and the server's)."""

    def __init__(self, level, before, after, shared, client_modelled=True):
        self.per_core = cores_busy(before, after)
        self.u_host = sum(self.per_core) / len(self.per_core)
        self.scale = CORES if shared else 1
        self.u_limit = self.u_host if shared else self.per_core[SERVER_CPU]
        if shared:
            self.rows = [f"{level},utilization,vm,,{self.u_host:.6f}"]
        else:
            self.rows = ([f"{level},utilization,client,,{self.per_core[CLIENT_CPU]:.6f}"] if client_modelled else []) + \
                        [f"{level},utilization,server,,{self.per_core[SERVER_CPU]:.6f}"]


def pinned(cmd, cpu):
    """cmd run on one core (None: unpinned)."""
    return cmd if cpu is None else ["taskset", "-c", str(cpu)] + cmd


def proc_cpu(pids):
    """CPU time of the processes (all their threads), in clock ticks, from
    the scheduler's own accounting (/proc/PID/task/TID/schedstat: ns on the
    CPU), not utime + stime: those are sampled at each 100 Hz tick, so a
    process 3% busy over 12 s is ~36 ticks, +-17% of noise where the
    calibration needs its low levels most. Falls back to utime + stime where
    schedstat is missing."""
    total = 0.0
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except (FileNotFoundError, ProcessLookupError):
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                    total += int(f.read().split()[0]) * TICKS / 1e9
                continue
            except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
                pass
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    parts = f.read().rsplit(")", 1)[1].split()
                total += int(parts[11]) + int(parts[12])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                pass
    return total


def pids_named(names, uid=None):
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            if uid is not None and os.stat(f"/proc/{d}").st_uid != uid:
                continue
            with open(f"/proc/{d}/comm") as f:
                if f.read().strip() in names:
                    out.append(int(d))
        except (FileNotFoundError, ProcessLookupError):
            pass
    return out


def schedule(measure):
    """Measures levels 1, 2, 4, ... (and 3, 6 on the way) until the host CPU
    passes CALIBRATE_BELOW; L is the highest level at most that; then 2L, 4L,
    8L. `measure(level)` returns a dict with at least 'u_limit' (the CPU share
    the 40% rule reads: the server's core when pinned -- the system under test; the generator stands for other machines -- else the host).
    Returns (levels, L)."""
    levels = []
    c = 1
    highest = None
    while True:
        for extra in ([3] if c == 4 else []) + ([6] if c == 8 else []):
            if highest is not None and extra > highest:
                levels.append(measure(extra))
                if levels[-1]["u_limit"] <= CALIBRATE_BELOW:
                    highest = extra
        r = measure(c)
        levels.append(r)
        if r["u_limit"] > CALIBRATE_BELOW:
            break
        highest = c
        c *= 2
    if highest is None:
        raise SystemExit("even the lowest level is above %.0f%% CPU" % (CALIBRATE_BELOW * 100))
    done = {l["level"] for l in levels}
    for k in (2, 4, 8):
        if highest * k not in done:
            levels.append(measure(highest * k))
    levels.sort(key=lambda l: l["level"])
    passes = [levels]
    for p in range(1, passes_wanted()):
        print(f"pass {p + 1} of {passes_wanted()}", flush=True)
        passes.append([measure(l["level"]) for l in levels])
    return [median_of([ps[i] for ps in passes]) for i in range(len(levels))], highest


def passes_wanted():
    return int(os.environ.get("HEADROOM_BENCH_PASSES", PASSES))


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else 0.5 * (v[n // 2 - 1] + v[n // 2])


def median_of(results):
    """One level's passes -> the median of each figure (and of each CSV row's
    value, keyed by metric, place and class); the passes are kept."""
    out = {}
    for k, v in results[0].items():
        if k == "rows":
            continue
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out[k] = median([r[k] for r in results])
        elif isinstance(v, list) and all(isinstance(x, (int, float)) for x in v):
            out[k] = [median([r[k][i] for r in results]) for i in range(len(v))]
        else:
            out[k] = v
    values = {}
    for r in results:
        for row in r["rows"]:
            level, metric, where, cls, value = row.split(",")
            values.setdefault((level, metric, where, cls), []).append(float(value))
    out["rows"] = [f"{k[0]},{k[1]},{k[2]},{k[3]},{median(v):.9g}" for k, v in values.items()]
    out["passes"] = [{k: v for k, v in r.items() if k != "rows"} for r in results]
    return out


def calibrate_and_predict(cli, model, out, levels, highest, header="level,metric,where,class,value"):
    with open(os.path.join(out, "all.csv"), "w") as f:
        f.write(header + "\n" + "\n".join(r for l in levels for r in l["rows"]) + "\n")
    cal_levels = [l for l in levels if l["level"] <= highest]
    cal_csv = os.path.join(out, "calibration.csv")
    with open(cal_csv, "w") as f:
        f.write(header + "\n" + "\n".join(r for l in cal_levels for r in l["rows"]) + "\n")
    results = {"levels": [{k: v for k, v in l.items() if k != "rows"} for l in levels],
               "calibrated_on": [l["level"] for l in cal_levels], "highest_calibrated": highest}
    for form, extra in (("auto", []), ("constant", ["--constant"])):
        yaml_out = os.path.join(out, f"calibrated-{form}.yaml")
        cal = subprocess.run([cli, "calibrate", model, "--measurements", cal_csv, "-o", yaml_out, "--format", "json", "--no-des"]
                             + extra, check=True, capture_output=True, text=True).stdout
        results[f"calibration_{form}"] = json.loads(cal)
        preds = []
        for l in levels:
            a = json.loads(subprocess.run([cli, "analyze", yaml_out, "--users", str(l["level"]), "--format", "json"],
                                          check=True, capture_output=True, text=True).stdout)
            tag = "" if l["level"] <= highest else f" ({l['level'] // highest}x)" if l["level"] % highest == 0 else ""
            preds.append({"level": l["level"], "tag": tag.strip(), "measured": l["throughput"], "predicted": a["throughput"],
                          "error": a["throughput"] / l["throughput"] - 1.0})
        results[f"predictions_{form}"] = preds
        print(f"\n{form}: " + "; ".join(h["host"] + " " + h["why"] for h in results[f"calibration_{form}"]["hosts"]))
        for d in results[f"calibration_{form}"]["demands"]:
            print(f"  {d['component']} {d['kind']}: {d['value']*1e6:.1f} us  CI {d['ci95']}")
        if results[f"calibration_{form}"].get("delay"):
            dl = results[f"calibration_{form}"]["delay"]
            print(f"  delay {dl['value']*1e6:.1f} us CI {dl['ci95']}")
        for pr in preds:
            print(f"  level {pr['level']:4d}{pr['tag']:>5}: measured {pr['measured']:9.0f}/s predicted {pr['predicted']:9.0f}/s "
                  f"error {pr['error']*100:+6.1f}%")
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    print("\nwritten to", out)
    return results


def refit(build, out, model):
    """Calibrates and predicts again from a run's saved measurements
    (OUT/all.csv and OUT/results.json), e.g. after a change in calibrate."""
    with open(os.path.join(out, "results.json")) as f:
        saved = json.load(f)
    with open(os.path.join(out, "all.csv")) as f:
        lines = f.read().strip().splitlines()
    header, rows = lines[0], lines[1:]
    levels = []
    for l in saved["levels"]:
        l = dict(l)
        l["rows"] = [r for r in rows if r.split(",", 1)[0] == str(l["level"])]
        levels.append(l)
    cli = os.path.join(os.path.abspath(build), "app", "headroom-cli")
    return calibrate_and_predict(cli, model, out, levels, saved["highest_calibrated"], header)


if __name__ == "__main__":
    import sys
    if len(sys.argv) != 5 or sys.argv[1] != "refit":
        raise SystemExit("usage: python3 bench/realsys.py refit BUILD_DIR OUT_DIR MODEL.yaml")
    refit(sys.argv[2], os.path.abspath(sys.argv[3]), os.path.abspath(sys.argv[4]))
