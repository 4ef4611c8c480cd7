#include "stage_analysis.h"

#include "roadmap/study.h"
#include "roadmap/thresholds.h"

#include <algorithm>
#include <cmath>

namespace headroom::teaching {

const stats::ThresholdCheck* findCheck(const std::vector<stats::ThresholdCheck>& checks, const std::string& metric,
                                       const std::string& where) {
    for (const auto& c : checks) {
        if (c.metric == metric && c.where == where) return &c;
    }
    return nullptr;
}

std::vector<std::string> componentsAt(const spec::Architecture& architecture, const std::string& where) {
    std::vector<std::string> out;
    const std::string owner = where.substr(0, where.find('/'));
    for (const auto& c : architecture.components) {
        if (c.id == owner || (c.host && *c.host == owner)) out.push_back(c.id);
    }
    return out;
}

StageAnalysis analyzeStage(const spec::Architecture& architecture, const AnalysisOptions& options) {
    StageAnalysis a;
    // Teaching mode reads the model's one study, analytic only (instant enough for
    // all eight stages): the same first break the desktop's panels show at once.
    roadmap::StudyOptions studyOptions;
    studyOptions.planner.search = options.search;
    studyOptions.planner.scenarios = false;
    studyOptions.confirm = roadmap::Confirmation::None;
    roadmap::Study study(architecture, studyOptions);
    const roadmap::Solver& solver = study.solvers().screen;
    a.target = options.search.to;
    a.sloP95 = architecture.slo.p95;
    a.costMonth = roadmap::graphAtUsers(architecture, options.search.from).costMonth();
    a.crossings = study.crossings();
    for (const auto& bp : a.crossings) {
        // A threshold already failing at the lowest load tried is a standing
        // problem of the design (a cache sized too small), not what growth
        // breaks: the walkthrough names it but does not ramp to it.
        // The availability rule is the planner's policy, not a limit growth
        // pushes a machine to: the ramp goes to the first load break.
        if (bp.method == "rule") continue;
        if (bp.lastGoodUsers <= 0.0) {
            a.standing.push_back(bp);
        } else if (!a.breaking) {
            a.breaking = bp;
        }
    }
    if (a.breaking) {
        a.breakingUsers = a.breaking->users;
        a.comfortableUsers = std::max(options.search.from, options.comfortableFraction * a.breaking->users);
    } else {
        a.breakingUsers = options.search.to;
        a.comfortableUsers = std::max(options.search.from, options.comfortableFraction * options.search.to);
    }
    if (options.plan) {
        a.deferred = study.plan().deferred;
        a.planned = true;
    }
    a.curveUsers = roadmap::logGrid(options.search.from, options.search.to, std::max(2, options.curvePoints));
    for (double n : a.curveUsers) {
        const stats::Results r = roadmap::evaluate(architecture, n, solver);
        a.curveP95.push_back(r.responseTime.p95.value_or(r.responseTime.mean));
        double severity = std::nan("");
        if (a.breaking) {
            if (const auto* c = findCheck(r.thresholds, a.breaking->check.metric, a.breaking->check.where))
                severity = roadmap::severity(*c);
        }
        a.curveSeverity.push_back(severity);
        a.curveResults.push_back(r);
    }
    return a;
}

}  // namespace headroom::teaching
