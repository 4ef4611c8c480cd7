// Event-rate benchmarks of the discrete-event simulator (see bench/README.md).
//
//   bench_des            all figures below
//   bench_des --mm1 [S]  only the M/M/1 line (used by simpy_mm1.py); S simulated
//                        seconds (default 25,000: 40 M events)
//   bench_des --web [S]  only the 03 preset at 100,000 users (default 600 s)
//
// The short forms with a small S are for callgrind (instruction counts, a
// figure independent of the machine's load; bench/README.md).
//
// Every rate here is one replication on one thread timed by CPU seconds
// (getrusage), so it is events per second per core even when other
// processes share the machine. Exit code 1 when a target is missed:
// >= 10 M events/s on M/M/1, >= 4 M on the 03 preset at 100,000 users,
// < 500 MB for 100,000 users x 600 s x 5 replications.

#include "des/engine.h"
#include "des/random_stream.h"
#include "des/run.h"
#include "graph/graph.h"
#include "io/loader.h"

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace headroom;

namespace {

double seconds(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU seconds of this process: on a shared machine wall time counts the
// other processes too; single-threaded runs are timed by CPU.
double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

// The bare kernel: an M/M/1 FCFS on the engine with xoshiro and no
// statistics, for scale (the ceiling the full model can approach).
double kernelMm1(std::uint64_t customers)
{
    des::Engine engine;
    des::RandomStream random(1, 0, 0);
    std::uint64_t queue = 0, done = 0;
    bool busy = false;
    const double lambda = 0.8, mu = 1.0;
    engine.schedule(0.0, des::Event{0, 0, 0});
    const double start = cpuSeconds();
    engine.run(1e300, [&](const des::Event& e) {
        if (e.kind == 0) {  // arrival
            engine.scheduleIn(-std::log(random.uniformPositive()) / lambda, des::Event{0, 0, 0});
            if (busy)
                ++queue;
            else {
                busy = true;
                engine.scheduleIn(-std::log(random.uniformPositive()) / mu, des::Event{1, 0, 0});
            }
        } else {  // departure
            if (++done == customers)
                engine.stop();
            if (queue > 0) {
                --queue;
                engine.scheduleIn(-std::log(random.uniformPositive()) / mu, des::Event{1, 0, 0});
            } else {
                busy = false;
            }
        }
    });
    return static_cast<double>(engine.eventsExecuted()) / (cpuSeconds() - start);
}

struct Measured {
    stats::Results results;
    double eventsPerSecond;
};

Measured measure(const graph::Graph& graph, double horizon, int replications, int threads)
{
    des::RunConfig config;
    config.horizon = horizon;
    config.replications = replications;
    config.threads = threads;
    const double start = cpuSeconds();
    Measured m{des::run(graph, config), 0.0};
    m.eventsPerSecond = static_cast<double>(m.results.events) / (cpuSeconds() - start);
    return m;
}

const char* const kMm1 = R"(
name: mm1
workload: {arrival_rate: 800/s}
components:
  - {id: server, cores: 1, demand: 1ms, discipline: fcfs}
)";

graph::Graph preset(const std::string& file, double users)
{
    spec::Architecture a = io::loadFile(std::string(HEADROOM_SOURCE_DIR) + "/architectures/" + file);
    a.workload.users = users;
    a.workload.arrivalRate.reset();
    a.workload.profile.clear();
    return graph::build(a);
}

long peakRssMegabytes()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv)
{
    const bool mm1Only = argc > 1 && std::strcmp(argv[1], "--mm1") == 0;
    const bool webOnly = argc > 1 && std::strcmp(argv[1], "--web") == 0;
    const double horizon = argc > 2 ? std::atof(argv[2]) : 0.0;
    bool ok = true;

    if (webOnly) {
        const double seconds = horizon > 0 ? horizon : 600.0;
        const auto web = measure(preset("03-load-balancer.yaml", 100000), seconds, 1, 1);
        std::printf("03 preset at 100,000 users, %g s: %.2f M events/s  (target >= 4)  %.1f M events\n", seconds,
                    web.eventsPerSecond / 1e6, static_cast<double>(web.results.events) / 1e6);
        return web.eventsPerSecond >= 4e6 ? 0 : 1;
    }

    // M/M/1 through des::run: 800/s for 25,000 s = 20 M customers, 40 M events.
    const auto mm1 = measure(graph::build(io::loadString(kMm1, "mm1.yaml")), mm1Only && horizon > 0 ? horizon : 25000.0, 1, 1);
    const double customersPerSecond = mm1.eventsPerSecond / 2.0;  // arrival + departure per customer
    std::printf("mm1_events_per_second %.0f\n", mm1.eventsPerSecond);
    std::printf("mm1_customers_per_second %.0f\n", customersPerSecond);
    if (mm1Only)
        return 0;
    ok = ok && mm1.eventsPerSecond >= 10e6;
    std::printf("M/M/1 (rho 0.8, FCFS, full model + statistics): %.2f M events/s  (target >= 10)  R = %.4f s (theory 0.005)\n",
                mm1.eventsPerSecond / 1e6, mm1.results.responseTime.mean);
    std::printf("bare kernel M/M/1 (engine + xoshiro, no statistics): %.2f M events/s\n", kernelMm1(20'000'000) / 1e6);

    const auto web = measure(preset("03-load-balancer.yaml", 100000), 600.0, 1, 1);
    ok = ok && web.eventsPerSecond >= 4e6;
    std::printf("03 preset at 100,000 users, 600 s: %.2f M events/s  (target >= 4)  %.1f M events, saturated %s\n",
                web.eventsPerSecond / 1e6, static_cast<double>(web.results.events) / 1e6, web.results.saturated ? "yes" : "no");
    for (const char* file : {"04-cache.yaml", "08-queue-workers.yaml"}) {
        const auto other = measure(preset(file, 100000), 600.0, 1, 1);
        std::printf("%s at 100,000 users, 600 s: %.2f M events/s  %.1f M events, saturated %s\n", file,
                    other.eventsPerSecond / 1e6, static_cast<double>(other.results.events) / 1e6,
                    other.results.saturated ? "yes" : "no");
    }

    // Memory: 100,000 users, 10 simulated minutes, 5 replications on all cores.
    const auto start = std::chrono::steady_clock::now();
    des::RunConfig config;
    config.horizon = 600.0;
    config.replications = 5;
    const auto full = des::run(preset("03-load-balancer.yaml", 100000), config);
    const long rss = peakRssMegabytes();
    ok = ok && rss < 500;
    std::printf("03 preset, 100,000 users x 600 s x 5 replications, all cores: %.1f s wall, %.1f M events, peak RSS %ld MB  (target < 500)\n",
                seconds(start), static_cast<double>(full.events) / 1e6, rss);
    std::printf("%s\n", ok ? "all targets met" : "TARGET MISSED");
    return ok ? 0 : 1;
}
