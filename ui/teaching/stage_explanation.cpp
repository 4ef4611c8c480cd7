#include "stage_explanation.h"

#include "io/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace headroom::teaching {

// Figures through the model's metric formatters (io/metrics.h), as every other view.
std::string formatUsers(double users) { return io::formatUsers(std::max(0.0, users)); }

std::string formatCheckValue(const std::string& metric, double value) { return io::formatMetric(metric, value); }

std::string describeCheck(const stats::ThresholdCheck& check) {
    const bool atLeast = io::metric(check.metric).direction == io::Direction::AtLeast;
    std::string s = check.metric + " at " + check.where + (check.ok ? " is " : (atLeast ? " fell to " : " reached ")) +
                    formatCheckValue(check.metric, check.value) + " (limit " + formatCheckValue(check.metric, check.limit) +
                    ")";
    return s;
}

namespace {

std::string money(double v) { return io::formatMoney(v); }

std::string breakingSentence(const roadmap::BreakingPoint& bp) {
    std::string s = "at " + formatUsers(bp.users) + " users, when " + describeCheck(bp.check);
    if (!bp.check.why.empty()) s += ": " + bp.check.why;
    return s;
}

}  // namespace

StageExplanation explainStage(const spec::Architecture* previous, const StageAnalysis* previousAnalysis,
                              const spec::Architecture& stage, const StageAnalysis& analysis) {
    StageExplanation e;
    if (previous) e.changes = diffStages(*previous, stage);

    if (previousAnalysis && previousAnalysis->breaking) {
        e.forcedBy = previousAnalysis->breaking;
        e.forcedByText = "The previous stage broke " + breakingSentence(*e.forcedBy) + ".";
    } else if (previousAnalysis) {
        e.forcedByText = "The previous stage held every threshold up to " + formatUsers(previousAnalysis->target) +
                         " users: this stage is not forced by load.";
    } else {
        e.forcedByText = "The starting point: nothing forced it.";
    }

    e.costMonth = analysis.costMonth;
    e.costText = money(analysis.costMonth) + " per month";
    if (previousAnalysis) {
        e.costDelta = analysis.costMonth - previousAnalysis->costMonth;
        e.costText += " (" + std::string(*e.costDelta >= 0 ? "+" : "-") + money(std::fabs(*e.costDelta)) +
                      " against the previous stage)";
    }

    e.nextBreak = analysis.breaking;
    if (analysis.breaking) {
        e.breaksText = "Holds until about " + formatUsers(analysis.breaking->lastGoodUsers) + " users; breaks " +
                       breakingSentence(*analysis.breaking) + ".";
    } else {
        e.breaksText = "Holds every threshold up to " + formatUsers(analysis.target) + " users.";
    }
    for (const auto& s : analysis.standing) {
        e.standingText.push_back("Already failing at " + formatUsers(s.users) + " users, whatever the load: " +
                                 describeCheck(s.check) + (s.check.why.empty() ? "" : " - " + s.check.why) + ".");
    }

    // Deferred: the planner's own list (what it chose not to build yet), the
    // nearest first; without one, the next breaking point is what waits.
    std::vector<roadmap::Deferred> deferred = analysis.deferred;
    std::stable_sort(deferred.begin(), deferred.end(),
                     [](const auto& a, const auto& b) { return a.neededAtUsers < b.neededAtUsers; });
    if (deferred.size() > 3) deferred.resize(3);
    e.deferred = deferred;
    if (!deferred.empty()) {
        e.defersText = "Defers ";
        for (size_t i = 0; i < deferred.size(); ++i) {
            if (i) e.defersText += i + 1 == deferred.size() ? " and " : ", ";
            std::string name = deferred[i].transformation;
            std::replace(name.begin(), name.end(), '_', ' ');
            e.defersText += name + " (needed at about " + formatUsers(deferred[i].neededAtUsers) + " users)";
        }
        e.defersText += ".";
    } else if (analysis.breaking) {
        e.defersText = "Defers the next change until about " + formatUsers(analysis.breaking->users) + " users, when " +
                       describeCheck(analysis.breaking->check) + ".";
    } else {
        e.defersText = "Nothing more is needed up to " + formatUsers(analysis.target) + " users.";
    }
    return e;
}

}  // namespace headroom::teaching
