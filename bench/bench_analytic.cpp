// Analytic solver timings on the 08 preset (queue + workers, 32 app servers):
// one point at several populations (the knee included), and a 1,000-point
// log-grid sweep from 100 to 100,000 users. Acceptance (issue 4): a point
// < 1 ms, the sweep < 1 s. Run twice: the preset as written (least
// connections: the 32 app servers are solved as one pooled station) and with
// random balancing (32 separate copies: the widest group in closed form, the
// harder case for the solver).
//   bench_analytic [FILE]   (default: architectures/08-queue-workers.yaml)
#include "analytic/solver.h"
#include "graph/graph.h"
#include "io/loader.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#ifndef HEADROOM_SOURCE_DIR
#define HEADROOM_SOURCE_DIR "."
#endif

using namespace headroom;
using Clock = std::chrono::steady_clock;

namespace {

// Returns true when both targets hold.
bool measure(const graph::Graph& g, const char* label) {
    std::printf("%s: %s\n", g.name().c_str(), label);
    const auto b = analytic::bounds(g, 1000);
    std::printf("knee %.0f users, bottleneck %s\n\n", b.bounds.knee, b.bottleneck.c_str());
    std::printf("%10s %12s %14s %12s\n", "users", "median ms", "throughput/s", "mean ms");
    double worst = 0.0;
    for (double users : {100.0, 1000.0, 10000.0, 50000.0, std::round(b.bounds.knee), 100000.0}) {
        std::vector<double> times;
        stats::Results r;
        for (int rep = 0; rep < 21; ++rep) {
            const auto t0 = Clock::now();
            r = analytic::solve(g, users);
            times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
        std::nth_element(times.begin(), times.begin() + 10, times.end());
        worst = std::max(worst, times[10]);
        std::printf("%10.0f %12.3f %14.2f %12.2f\n", users, times[10], r.throughput, r.responseTime.mean * 1000);
    }
    const auto grid = analytic::logGrid(100, 100000, 1000);
    std::vector<double> sweeps;
    for (int rep = 0; rep < 3; ++rep) {
        const auto t0 = Clock::now();
        const auto results = analytic::sweep(g, grid);
        sweeps.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
        if (results.size() != grid.size()) return false;
    }
    std::sort(sweeps.begin(), sweeps.end());
    std::printf("slowest single point (median of 21): %.3f ms (limit 1 ms)\n", worst);
    std::printf("1,000-point sweep 100..100,000 users: %.3f s (best of 3; limit 1 s)\n\n", sweeps.front());
    return worst < 1.0 && sweeps.front() < 1.0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string path = argc > 1 ? argv[1] : std::string(HEADROOM_SOURCE_DIR) + "/architectures/08-queue-workers.yaml";
    spec::Architecture spec = io::loadFile(path);
    bool ok = measure(graph::build(spec), "as written");
    for (auto& c : spec.components)
        if (c.kind == spec::ComponentKind::LoadBalancer) c.policy = spec::BalancingPolicy::Random;
    ok = measure(graph::build(spec), "every load balancer random (copies solved separately)") && ok;
    return ok ? 0 : 1;
}
