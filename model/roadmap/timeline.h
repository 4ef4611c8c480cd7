#pragma once
// The plan on a calendar: growth, dates, projects, the team and the cost curve.
//
// The planner (planner.h) finds the steps: what breaks next, and the build
// that fixes it. Built one at a time they are a log of micro-steps (x2 every
// few weeks, three at one load). schedule() turns them into a plan a team
// can run:
//  - Growth (`growth:`): a compound monthly rate or dated milestones maps a
//    load to the date it is reached (GrowthCurve). Each phase gets
//    `needed_by` (its break's date) and `start_by` (minus its longest lead time).
//  - Phases as projects: consecutive steps are grouped so that each phase
//    lasts at least its runway (planning.min_runway, default its longest lead
//    time), minimising the total cost over the horizon: the running cost per
//    month summed over time plus planning.project_cost per phase. Exact over
//    the groupings of the planner's steps (dynamic programming), not over
//    every possible set of builds.
//  - Team size (`growth.team`): each deploy pipeline is an M/D/1 queue of the
//    team's changes; when the wait passes slo.deploy_wait, a functional split
//    into more deployable units is a step of the plan.
//  - The cost curve: running cost per 1,000 users at each phase's start and
//    end; slo.cost_per_1000_users makes it a threshold.
// Without `growth:`, steps that fix breaks at the same load are one phase
// and there are no dates. See docs/methods.md, "Timeline".

#include "roadmap/cost_catalogue.h"
#include "roadmap/roadmap.h"
#include "spec/architecture.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace headroom::roadmap {

inline constexpr double kDaysPerMonth = 365.25 / 12.0;

/// The transformation id of a functional split into services (the team build).
inline constexpr const char* kSplitServices = "split_services";

/// The load of the architecture's workload today: users, or the arrival rate
/// of an open workload.
[[nodiscard]] double todayLoad(const spec::Architecture& architecture);

/// The growth forecast: load as a function of time from today.
class GrowthCurve {
public:
    /// nullopt without `growth:`. `today` overrides growth.today (default:
    /// the run's date). Throws spec::InputError at a milestone whose load is
    /// below the one before (a forecast must not shrink) or in the wrong unit.
    static std::optional<GrowthCurve> of(const spec::Architecture& architecture, std::optional<int> today = {});

    [[nodiscard]] int today() const { return today_; }
    [[nodiscard]] double todayLoad() const { return points_.front().second; }
    /// Months from today until `load` is reached: 0 at or below today's load,
    /// +inf when the forecast never reaches it.
    [[nodiscard]] double monthsTo(double load) const;
    /// The load `months` from today.
    [[nodiscard]] double loadAt(double months) const;
    /// The date `load` is reached (today when already reached), nullopt when never.
    [[nodiscard]] std::optional<int> dateOf(double load) const;

private:
    int today_ = 0;
    std::vector<std::pair<double, double>> points_;  ///< (months from today, load), increasing in both
    double tailRate_ = 0.0;                           ///< log growth per month after the last point
};

/// Mean wait for the deploy pipeline (M/D/1, Pollaczek-Khinchine): `engineers`
/// each shipping team.changesPerEngineerDay changes over an 8-hour working
/// day, spread evenly over `services` pipelines, each change holding one for
/// team.pipelineTime. +inf when a pipeline is saturated.
[[nodiscard]] double pipelineWait(const spec::Team& team, double engineers, int services);

/// A build's lead time in days: planning.lead_time, else the catalogue's.
/// Throws spec::InputError at a planning.lead_time key naming no build.
[[nodiscard]] double leadTimeDays(const spec::Architecture& architecture, const std::string& transformation);
/// Checks every planning.lead_time key names a build (InputError at the key).
void checkLeadTimes(const spec::Architecture& architecture);

struct TimelineOptions {
    CostCatalogue catalogue;
};

/// The planner's steps (`steps.phases`, one build each) as a plan of
/// projects, dated when the architecture has `growth:`.
[[nodiscard]] Roadmap schedule(Roadmap steps, const spec::Architecture& architecture, const TimelineOptions& options);

}  // namespace headroom::roadmap
