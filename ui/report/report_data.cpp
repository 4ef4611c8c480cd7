#include "report_data.h"

#include "roadmap/planner.h"

#include <QDate>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace headroom::report {

namespace {

bool allHold(const stats::Results& results) {
    return roadmap::failingChecks(results.thresholds).empty();
}

/// The architecture in force at `users` when the roadmap is followed, and its phase (0 = today's).
std::pair<const spec::Architecture*, int> inForce(const roadmap::Roadmap& plan, double users) {
    int phase = 0;
    for (const auto& p : plan.phases) {
        if (p.usersTo <= users) ++phase;
    }
    if (phase == 0) return {&plan.initial, 0};
    return {&plan.phases[static_cast<size_t>(phase - 1)].after, phase};
}

}  // namespace

ReportData compute(const graph::Graph& graph, ReportOptions options) {
    const auto started = std::chrono::steady_clock::now();
    auto say = [&](const std::string& line) {
        if (options.progress) options.progress(line);
    };
    ReportData data;
    data.architecture = graph.spec();
    if (data.architecture.workload.arrivalRate) {
        throw spec::InputError(data.architecture.workload.where,
                               "a report grows a closed population of users: the file sets 'arrival_rate'; "
                               "give the workload 'users' and 'think_time'");
    }
    if (options.budgetMonth) data.architecture.slo.budgetMonth = options.budgetMonth;
    data.title = options.title.empty() ? "Scalability audit: " + data.architecture.name : options.title;
    data.generatedOn = QDate::currentDate().toString(Qt::ISODate).toStdString();

    // The demands table: visits per user request from the validated graph.
    for (const auto& cls : graph.classes()) {
        data.classNames.push_back(cls.name);
        std::vector<double> row;
        for (const auto& c : graph.components()) row.push_back(graph.visits(cls.id, c.id) + graph.asyncVisits(cls.id, c.id));
        data.visits.push_back(std::move(row));
    }
    for (const auto& c : graph.components()) data.componentNames.push_back(c.name);

    const roadmap::Solver analytic = roadmap::analyticSolver();
    roadmap::PlannerOptions planner;
    planner.search.from = options.from;
    planner.search.to = options.target;
    planner.scenarios = options.scenarios;
    planner.progress = options.progress;
    say("planning the roadmap to " + std::to_string(static_cast<long long>(options.target)) + " users");
    // The same solvers as `headroom-cli roadmap`: the spike scenarios are simulated load profiles.
    data.roadmap = roadmap::plan(data.architecture, planner,
                                 {analytic, roadmap::desSolver(options.plannerBudget),
                                  roadmap::desProfileSolver(options.plannerBudget)});

    say("locating every threshold's first crossing");
    data.crossings = roadmap::crossings(data.architecture, planner.search, analytic);

    // Today's architecture: from the lowest load to 3x its breaking point, so
    // the chart shows the knee and what lies past it.
    const double firstBreak = data.roadmap.phases.empty() ? options.target : data.roadmap.phases.front().breaks.users;
    const double sweepTo = std::min(options.target, std::max(3.0 * firstBreak, 10.0 * options.from));
    say("sweeping today's architecture");
    data.todaySweep = roadmap::sweep(data.architecture, roadmap::logGrid(options.from, sweepTo, options.chartPoints), analytic);

    say("following the plan's path");
    std::vector<std::pair<double, int>> loads;  // (users, forced phase or -1)
    for (double u : roadmap::logGrid(options.from, options.target, options.chartPoints)) loads.emplace_back(u, -1);
    for (size_t i = 0; i < data.roadmap.phases.size(); ++i) {
        const auto& p = data.roadmap.phases[i];
        // Both sides of each build: the old architecture at its last holding load, the new one from the break on.
        if (p.breaks.lastGoodUsers > 0) loads.emplace_back(p.breaks.lastGoodUsers, static_cast<int>(i));
        loads.emplace_back(p.usersTo, static_cast<int>(i + 1));
    }
    std::sort(loads.begin(), loads.end());
    for (const auto& [users, forced] : loads) {
        if (users < options.from || users > options.target) continue;
        auto [architecture, phase] = inForce(data.roadmap, users);
        if (forced >= 0) {
            phase = forced;
            architecture = phase == 0 ? &data.roadmap.initial : &data.roadmap.phases[static_cast<size_t>(phase - 1)].after;
        }
        data.planPath.push_back({users, phase, roadmap::evaluate(*architecture, users, analytic)});
    }

    // The DES at the loads the summary quotes, with confidence intervals.
    const roadmap::Solver des = roadmap::desSolver(options.confirmationBudget);
    auto check = [&](const std::string& label, const spec::Architecture& architecture, double users) {
        for (const auto& existing : data.desChecks) {
            if (existing.users == users && existing.architecture == architecture.name) return;
        }
        say("simulating " + label);
        DesCheck c;
        c.label = label;
        c.architecture = architecture.name;
        c.users = std::round(users);
        c.des = roadmap::evaluate(architecture, c.users, des);
        c.analytic = roadmap::evaluate(architecture, c.users, analytic);
        c.holds = allHold(c.des);
        data.desChecks.push_back(std::move(c));
    };
    const double today = data.architecture.workload.users.value_or(options.from);
    check("today's load", data.roadmap.initial, today);
    if (!data.roadmap.phases.empty()) {
        const auto& first = data.roadmap.phases.front().breaks;
        if (first.lastGoodUsers > 0) check("last load that holds", data.roadmap.initial, first.lastGoodUsers);
        check("first breaking point", data.roadmap.initial, first.users);
        check("final architecture at the target", data.roadmap.final, options.target);
    } else {
        check("the target", data.roadmap.initial, options.target);
    }
    data.options = std::move(options);
    data.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return data;
}

}  // namespace headroom::report
