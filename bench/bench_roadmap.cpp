// bench_roadmap [FILE] [--confirm des|none] [--no-scenarios] [--growth RATE]:
// wall time of a full roadmap to 100,000 users (default
// architectures/01-monolith.yaml, DES confirmation and simulated spike
// scenarios on), as every consumer computes it (roadmap::Study: the planner's
// steps, grouped into phases and dated, scenarios on the phases), with the
// count and time of the solver calls. --growth 15% dates it: growth from
// 2026-12-01 at that monthly rate, from today's users. Exit code 1 when it
// takes 60 s or more.
#include "io/loader.h"
#include "io/units.h"
#include "roadmap/planner.h"
#include "roadmap/study.h"
#include "roadmap/timeline.h"
#include "roadmap/solvers.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace headroom;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    std::string file = std::string(HEADROOM_SOURCE_DIR) + "/architectures/01-monolith.yaml";
    bool confirm = true;
    bool scenarios = true;
    bool spikeFinal = false;  // only: plan analytically, then time the spike of the final architecture at the target
    double spikeHold = roadmap::SpikeOptions{}.hold;
    double growth = 0.0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--confirm" && i + 1 < argc) confirm = std::string(argv[++i]) == "des";
        else if (arg == "--no-scenarios") scenarios = false;
        else if (arg == "--spike-final") spikeFinal = true;
        else if (arg == "--spike-hold" && i + 1 < argc) spikeHold = std::atof(argv[++i]);
        else if (arg == "--growth" && i + 1 < argc) growth = std::atof(argv[++i]) / 100.0;
        else file = arg;
    }
    spec::Architecture spec = io::loadFile(file);
    if (growth > 0) {
        std::string error;
        spec.growth = spec::Growth{};
        spec.growth->today = io::parseIsoDate("2026-12-01", error);
        spec.growth->perMonth = growth;
    }
    if (spikeFinal) {
        roadmap::PlannerOptions o;
        o.scenarios = false;
        const auto plan = roadmap::plan(spec, o, roadmap::Solvers{roadmap::analyticSolver(), {}});
        roadmap::SpikeOptions so;
        so.hold = spikeHold;
        const auto t0 = Clock::now();
        const auto s = roadmap::runSpike(plan.final, o.search.to, so, roadmap::desProfileSolver(roadmap::DesBudget{}));
        std::printf("spike of the final architecture at %.0f users (hold %.0f s): %.1f s\n%s\n", o.search.to, so.hold,
                    std::chrono::duration<double>(Clock::now() - t0).count(), s.why.c_str());
        return 0;
    }
    int screenCalls = 0, desCalls = 0, spikeCalls = 0;
    double screenSeconds = 0, desSeconds = 0, spikeSeconds = 0;
    auto timed = [](roadmap::Solver solver, int& calls, double& seconds) {
        return [solver, &calls, &seconds](const graph::Graph& g, double users) {
            const auto t0 = Clock::now();
            auto r = solver(g, users);
            seconds += std::chrono::duration<double>(Clock::now() - t0).count();
            ++calls;
            return r;
        };
    };
    roadmap::Solvers solvers{timed(roadmap::analyticSolver(), screenCalls, screenSeconds), {}};
    const bool verbose = std::getenv("BENCH_VERBOSE") != nullptr;
    if (confirm) {
        const roadmap::Solver des = timed(roadmap::desSolver(roadmap::DesBudget{}), desCalls, desSeconds);
        solvers.confirm = [des, verbose, &desSeconds](const graph::Graph& g, double users) {
            const double before = desSeconds;
            auto r = des(g, users);
            if (verbose)
                std::printf("  des at %.0f users: %.2f s, horizon %.0f s, %llu events\n", users, desSeconds - before,
                            r.horizon, static_cast<unsigned long long>(r.events));
            return r;
        };
    }
    if (confirm) {
        const roadmap::ProfileSolver profile = roadmap::desProfileSolver(roadmap::DesBudget{});
        solvers.profile = [&, profile](const graph::Graph& g, const std::vector<stats::TimeWindow>& w, double horizon) {
            const auto t0 = Clock::now();
            auto r = profile(g, w, horizon);
            const double s = std::chrono::duration<double>(Clock::now() - t0).count();
            spikeSeconds += s;
            ++spikeCalls;
            std::printf("  spike at %.0f users: %.2f s, %llu events\n", g.workload().users.value_or(0), s,
                        static_cast<unsigned long long>(r.events));
            return r;
        };
    }
    roadmap::StudyOptions options;
    options.planner.scenarios = scenarios;
    if (spec.growth) options.planner.search.from = roadmap::todayLoad(spec);
    const auto t0 = Clock::now();
    roadmap::Study study(spec, options, solvers);
    const auto& plan = study.plan();
    const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("%s: %zu phases (%d steps), target %s, final cost %.0f/month%s\n", spec.name.c_str(),
                plan.phases.size(), plan.stepCount, plan.targetMet ? "met" : "NOT met", plan.costMonthFinal,
                plan.today ? (", dated; total over the horizon " + std::to_string(std::lround(plan.costTotalHorizon))).c_str()
                           : "");
    std::printf("wall %.1f s; analytic: %d calls, %.2f s; des: %d calls, %.1f s; spike simulations: %d, %.1f s\n", wall,
                screenCalls, screenSeconds, desCalls, desSeconds, spikeCalls, spikeSeconds);
    return wall < 60.0 ? 0 : 1;
}
