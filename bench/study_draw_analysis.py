#!/usr/bin/python3
"""Why a draw falls outside the study's P5-P95 (bench/README.md, "Studies", session 6).

For the draws bench/study_acceptance.py makes (same DRAW_SEED stream), each
draw's first break by `sweep` with the DES at seeds 1..K and analytic only
(--confirm none): the spread over seeds is the DES noise at the break,
des/analytic the screen's bias.

Usage: bench/study_draw_analysis.py HEADROOM_CLI DRAWS DRAW_SEED SEEDS   (under the shared lock)
"""
import json
import os
import random
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import study_acceptance as sa  # noqa: E402


def first_break(cli, path, extra):
    s = json.loads(subprocess.run([cli, "sweep", path, "--format", "json", "--points", "2"] + extra, check=True,
                                  capture_output=True, text=True).stdout)
    c = s["crossings"][0] if s["crossings"] else None
    return (c["users"], c["metric"] + " at " + c["where"]) if c else (None, None)


def main():
    cli = os.path.abspath(sys.argv[1])
    draws, seed, seeds = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    with open(os.path.join(sa.SOURCE, "architectures", "01-monolith.yaml"), encoding="utf-8") as f:
        preset = f.read()
    work = os.path.join("/tmp", f"headroom-draws-{os.getpid()}")
    os.makedirs(work, exist_ok=True)
    rng = random.Random(seed)
    for i in range(draws):
        app = {k: v * rng.uniform(0.7, 1.3) for k, v in sa.APP.items()}
        db = {k: v * rng.uniform(0.7, 1.3) for k, v in sa.DB.items()}
        path = os.path.join(work, f"draw-{i + 1}.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(preset.replace(sa.APP_LINE, sa.demand(app, False)).replace(sa.DB_LINE, sa.demand(db, False)))
        analytic = first_break(cli, path, ["--confirm", "none"])
        des = [first_break(cli, path, ["--seed", str(s)]) for s in range(1, seeds + 1)]
        v = [d[0] for d in des]
        print(f"draw {i + 1:2d}: analytic {analytic[0]}  des {' '.join(str(x) for x in v)}  "
              f"sd/mean {statistics.pstdev(v) / statistics.mean(v):.3f}  des/analytic {v[0] / analytic[0]:.3f}  {des[0][1]}")


if __name__ == "__main__":
    main()
