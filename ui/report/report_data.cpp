#include "report_data.h"

#include "report_calibration.h"

#include "roadmap/study.h"

#include <QDate>

#include <chrono>

namespace headroom::report {

ReportData compute(const graph::Graph& graph, ReportOptions options) {
    const auto started = std::chrono::steady_clock::now();
    auto say = [&](const std::string& line) {
        if (options.progress) options.progress(line);
    };
    ReportData data;
    data.architecture = graph.spec();
    if (data.architecture.workload.arrivalRate) {
        throw spec::InputError(data.architecture.workload.where,
                               "the report is written for a closed population of users and does not yet plan an "
                               "open workload ('arrival_rate'): use 'roadmap --target-rate' for its plan");
    }
    if (options.budgetMonth) data.architecture.slo.budgetMonth = options.budgetMonth;
    if (options.growth) data.architecture.growth = options.growth;
    data.calibration = computeCalibration(data.architecture, options.measurementsFile);  // issue 19, before the long study
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

    roadmap::StudyOptions study;
    study.planner.search.from = options.from;
    study.planner.search.to = options.target;
    study.planner.scenarios = options.scenarios;
    study.planner.progress = options.progress;
    study.progress = options.studyProgress;
    study.cancelled = options.cancelled;
    study.confirm = options.confirm;
    study.budget = options.plannerBudget;
    study.checkBudget = options.confirmationBudget;
    study.chartPoints = options.chartPoints;
    roadmap::Study s(data.architecture, study);
    say("planning the roadmap to " + std::to_string(static_cast<long long>(options.target)) + " users");
    data.roadmap = s.plan();
    say("locating every threshold's first crossing");
    data.crossings = s.crossings();
    say("sweeping today's architecture");
    data.todaySweep = s.todaySweep();
    say("following the plan's path");
    data.planPath = s.planPath();
    data.desChecks = s.desChecks();
    data.uncertainty = computeUncertainty(data.architecture, options);
    data.options = std::move(options);
    data.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return data;
}

}  // namespace headroom::report
