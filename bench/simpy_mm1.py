#!/usr/bin/python3
"""Runs the M/M/1 of bench_des (lambda 0.8, mu 1, FCFS) in SimPy 2 (Debian's
python3-simpy) and prints its event rate beside Headroom's and the ratio.

Usage: bench/simpy_mm1.py [PATH/TO/bench_des] [CUSTOMERS]

Both sides are timed by CPU seconds of one core. The comparison is per
customer served (the same model, the same work); events per second are
given as Headroom counts them, two per customer (arrival, departure).
"""
import glob
import os
import random
import subprocess
import sys
import time

from SimPy.Simulation import Process, Resource, activate, hold, initialize, release, request, simulate


class Customer(Process):
    def visit(self, server, mu, counter):
        yield request, self, server
        yield hold, self, random.expovariate(mu)
        yield release, self, server
        counter[0] += 1


class Source(Process):
    def generate(self, customers, lam, mu, server, counter):
        for _ in range(customers):
            c = Customer()
            activate(c, c.visit(server, mu, counter))
            yield hold, self, random.expovariate(lam)


def simpy_customers_per_second(customers):
    random.seed(1)
    initialize()
    server = Resource(capacity=1)
    counter = [0]
    source = Source()
    activate(source, source.generate(customers, 0.8, 1.0, server, counter))
    start = time.process_time()
    simulate(until=1e12)
    return counter[0] / (time.process_time() - start)


def find_bench():
    if len(sys.argv) > 1:
        return sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    for pattern in ("../build*/bench/bench_des", "../../build*/bench/bench_des"):
        found = sorted(glob.glob(os.path.join(here, pattern)))
        if found:
            return found[0]
    sys.exit("bench_des not found: pass its path (build it with cmake --build BUILD --target bench_des)")


def main():
    customers = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
    bench = find_bench()
    simpy = simpy_customers_per_second(customers)
    out = subprocess.run([bench, "--mm1"], check=True, capture_output=True, text=True).stdout
    values = dict(line.split() for line in out.splitlines() if line.strip())
    headroom = float(values["mm1_customers_per_second"])
    print(f"SimPy 2 M/M/1:   {simpy:12,.0f} customers/s  = {2 * simpy / 1e6:6.3f} M events/s")
    print(f"Headroom M/M/1:  {headroom:12,.0f} customers/s  = {2 * headroom / 1e6:6.3f} M events/s")
    ratio = headroom / simpy
    print(f"ratio: {ratio:.0f}x  (target >= 50x)")
    sys.exit(0 if ratio >= 50 else 1)


if __name__ == "__main__":
    main()
