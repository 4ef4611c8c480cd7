#include "stage_comparison.h"

#include "analytic/solver.h"

namespace headroom::teaching {

StageFigures stageFigures(const spec::Architecture& architecture, const StageAnalysis& analysis, double users) {
    StageFigures f;
    f.holdsToTarget = !analysis.breaking.has_value();
    f.capacityUsers = analysis.breaking ? analysis.breaking->users : analysis.target;
    f.costMonth = analysis.costMonth;
    f.users = users;
    const graph::Graph g = roadmap::graphAtUsers(architecture, users);
    const stats::Results r = analytic::solve(g, users);
    f.p95 = r.responseTime.p95.value_or(r.responseTime.mean);
    f.throughput = r.throughput;
    f.saturated = r.saturated;
    return f;
}

}  // namespace headroom::teaching
