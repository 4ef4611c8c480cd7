// The plan on a calendar (model/roadmap/timeline.h): growth forms, phases as
// projects (checked against a brute force over every grouping), the team's
// deploy pipeline (M/D/1), the cost curve, and two growth rates whose plans
// differ the way the total-cost objective says they should.
#include "io/loader.h"
#include "io/units.h"
#include "roadmap/roadmap_writer.h"
#include "roadmap/study.h"
#include "roadmap/timeline.h"

#include <QtTest/QtTest>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

using namespace headroom;

namespace {

std::string presetText(const char* name) {
    std::ifstream in(std::string(HEADROOM_SOURCE_DIR) + "/architectures/" + name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// 01-monolith with a growth section appended (the preset has none).
spec::Architecture monolithWith(const std::string& growth, const std::string& extra = "") {
    return io::loadString(presetText("01-monolith.yaml") + "\n" + growth + "\n" + extra, "01-growth.yaml");
}

int day(const char* iso) {
    std::string error;
    return *io::parseIsoDate(iso, error);
}

roadmap::Roadmap planOf(const spec::Architecture& a, double target) {
    roadmap::StudyOptions o;
    o.confirm = roadmap::Confirmation::None;
    o.planner.scenarios = false;
    o.planner.search.from = roadmap::todayLoad(a);
    o.planner.search.to = target;
    roadmap::Study study(a, o);
    return study.plan();
}

}  // namespace

class TestTimeline : public QObject {
    Q_OBJECT

private slots:
    void isoDates() {
        std::string error;
        QCOMPARE(io::formatIsoDate(0), std::string("1970-01-01"));
        QCOMPARE(day("2000-03-01") - day("2000-02-28"), 2);  // 2000 is a leap year
        QCOMPARE(day("2100-03-01") - day("2100-02-28"), 1);  // 2100 is not
        QCOMPARE(io::formatIsoDate(day("2027-11-15")), std::string("2027-11-15"));
        QVERIFY(!io::parseIsoDate("2027-02-30", error));
        QVERIFY(!io::parseIsoDate("27-02-01", error));
        QVERIFY(!io::parseIsoDate("2027-13-01", error));
        QCOMPARE(*io::parseDuration("14d", error), 14 * 86400.0);
        QCOMPARE(*io::parseDuration("6w", error), 42 * 86400.0);
    }

    // A compound rate: load(t) = L0 (1 + g)^t, so t(L) = ln(L / L0) / ln(1 + g).
    void growthRate() {
        const auto a = monolithWith("growth: {today: 2026-12-01, users_per_month: 15%}");
        const auto c = roadmap::GrowthCurve::of(a);
        QVERIFY(c);
        QCOMPARE(c->todayLoad(), 1000.0);
        QCOMPARE(c->monthsTo(500), 0.0);
        QVERIFY(std::abs(c->monthsTo(1000 * std::pow(1.15, 12)) - 12) < 1e-9);
        QVERIFY(std::abs(c->loadAt(7.5) - 1000 * std::pow(1.15, 7.5)) < 1e-6);
        // 100,000 users: ln(100) / ln(1.15) = 32.95 months = 1,003 days after 2026-12-01.
        const double months = std::log(100.0) / std::log(1.15);
        QCOMPARE(*c->dateOf(100000), day("2026-12-01") + static_cast<int>(std::floor(months * 365.25 / 12)));
    }

    // Milestones: compound growth between them (log-linear), the last stretch's
    // rate after the last one.
    void growthMilestones() {
        const auto a = monolithWith(
            "growth:\n  today: 2027-01-01\n  milestones:\n    - {date: 2027-07-01, users: 4000}\n"
            "    - {date: 2028-01-01, users: 20000, note: launch}\n");
        const auto c = roadmap::GrowthCurve::of(a);
        QVERIFY(c);
        const double m1 = (day("2027-07-01") - day("2027-01-01")) / roadmap::kDaysPerMonth;
        const double m2 = (day("2028-01-01") - day("2027-01-01")) / roadmap::kDaysPerMonth;
        QVERIFY(std::abs(c->monthsTo(4000) - m1) < 1e-9);
        QVERIFY(std::abs(c->monthsTo(2000) - m1 * std::log(2.0) / std::log(4.0)) < 1e-9);
        QVERIFY(std::abs(c->monthsTo(10000) - (m1 + (m2 - m1) * std::log(2.5) / std::log(5.0))) < 1e-9);
        // Past the last milestone: x5 per (m2 - m1) months goes on.
        QVERIFY(std::abs(c->monthsTo(100000) - (m2 + (m2 - m1))) < 1e-9);
        QCOMPARE(*c->dateOf(20000), day("2028-01-01"));

        // A plan dated by milestones: every phase's needed_by is its break's date on this curve.
        const auto plan = planOf(a, 100000);
        QVERIFY(plan.today && *plan.today == day("2027-01-01"));
        QVERIFY(!plan.phases.empty());
        for (const auto& p : plan.phases) {
            QVERIFY(p.neededBy && p.startBy);
            QCOMPARE(*p.neededBy, *c->dateOf(p.usersTo));
            QCOMPARE(*p.startBy, *p.neededBy - static_cast<int>(std::ceil(p.leadTimeDays)));
        }
    }

    void growthErrors() {
        // A shrinking forecast, a milestone before today, rate and milestones together, the wrong unit.
        const char* bad[] = {
            "growth:\n  today: 2027-01-01\n  milestones:\n    - {date: 2027-07-01, users: 500}\n",
            "growth:\n  today: 2027-01-01\n  milestones:\n    - {date: 2026-07-01, users: 5000}\n",
            "growth:\n  users_per_month: 10%\n  milestones:\n    - {date: 2027-07-01, users: 5000}\n",
            "growth:\n  today: 2027-01-01\n  milestones:\n    - {date: 2027-07-01, arrival_rate: 50/s}\n",
            "growth:\n  today: 2027-02-30\n  users_per_month: 10%\n",
            "growth:\n  users_per_month: 10%\nplanning:\n  lead_time: {split_databse: 14d}\n",
        };
        for (const char* text : bad) {
            bool threw = false;
            try {
                const auto a = monolithWith(text);
                (void)planOf(a, 20000);
            } catch (const spec::InputError& e) {
                threw = true;
                QVERIFY2(std::string(e.what()).find("01-growth.yaml:") == 0, e.what());
            }
            QVERIFY2(threw, text);
        }
    }

    // Acceptance: 01-monolith at 15% a month from 1,000 users to 100,000.
    void monolithAtFifteenPercent() {
        const auto a = monolithWith("growth: {today: 2026-12-01, users_per_month: 15%}");
        const auto plan = planOf(a, 100000);
        QVERIFY(plan.targetMet);
        QVERIFY2(plan.phases.size() <= 8, std::to_string(plan.phases.size()).c_str());
        QVERIFY(plan.stepCount > static_cast<int>(plan.phases.size()));
        for (size_t i = 0; i < plan.phases.size(); ++i) {
            const auto& p = plan.phases[i];
            QVERIFY2(p.usersTo > p.usersFrom * 1.001, ("phase " + std::to_string(i + 1) + " is zero-width").c_str());
            QVERIFY(!p.builds.empty());
            // Every phase but the first (whose start is today: it cannot be moved) lasts its runway.
            if (i > 0) QVERIFY2(p.runwayDays + 1e-6 >= p.minRunwayDays, ("phase " + std::to_string(i + 1)).c_str());
            QCOMPARE(p.build.transformation, p.builds.front().transformation);
        }
        QVERIFY(plan.costTotalHorizon < plan.costTotalStepwise);
        // Same input, same plan and dates.
        const auto again = planOf(a, 100000);
        QCOMPARE(roadmap::toJson(again), roadmap::toJson(plan));
    }

    // The grouping is the least total cost over every grouping of the steps
    // that keeps each phase at least its runway: a brute force over all
    // 2^(k-1) groupings, with the objective written out here.
    void groupingIsOptimal() {
        const auto a = monolithWith("growth: {today: 2026-12-01, users_per_month: 15%}\n",
                                    "planning: {project_cost: 3000}");
        // The steps: the plan with one phase per step (project cost 0 and no runway: nothing to group for).
        auto stepsArch = monolithWith("growth: {today: 2026-12-01, users_per_month: 15%}\n",
                                      "planning: {project_cost: 0, min_runway: 0s}");
        const auto fine = planOf(stepsArch, 100000);
        const auto plan = planOf(a, 100000);
        const auto curve = *roadmap::GrowthCurve::of(a);
        // Recover the steps from the fine plan's phases (each may still merge steps at one load).
        struct Step { double users, before, after, lead; };
        std::vector<Step> steps;
        for (const auto& p : fine.phases) {
            for (size_t b = 0; b < p.builds.size(); ++b) {
                steps.push_back({p.usersTo, p.builds[b].costMonthBefore, p.builds[b].costMonthAfter, p.builds[b].leadTimeDays});
            }
        }
        const size_t k = steps.size();
        QCOMPARE(static_cast<int>(k), plan.stepCount);
        QVERIFY(k >= 4 && k <= 24);
        const double horizon = curve.monthsTo(100000);
        double best = std::numeric_limits<double>::infinity();
        for (unsigned mask = 0; mask < (1u << (k - 1)); ++mask) {
            std::vector<size_t> starts{0};
            for (size_t i = 1; i < k; ++i) {
                if (mask & (1u << (i - 1))) starts.push_back(i);
            }
            double total = 0, bandStart = 0;
            bool ok = true;
            for (size_t g = 0; g < starts.size() && ok; ++g) {
                const size_t i = starts[g], j = g + 1 < starts.size() ? starts[g + 1] : k;
                const double m = curve.monthsTo(steps[i].users);
                double lead = 0;
                for (size_t x = i; x < j; ++x) lead = std::max(lead, steps[x].lead);
                if (g > 0 && (m - bandStart) * roadmap::kDaysPerMonth < lead - 1e-6) ok = false;
                total += 3000 + steps[i].before * (m - bandStart);
                bandStart = m;
            }
            if (!ok) continue;
            total += steps.back().after * (horizon - bandStart);
            best = std::min(best, total);
        }
        QVERIFY2(std::abs(plan.costTotalHorizon - best) < 1e-6 * best,
                 (std::to_string(plan.costTotalHorizon) + " vs brute force " + std::to_string(best)).c_str());
    }

    // The deploy pipeline is an M/D/1 queue: Wq = rho D / (2 (1 - rho)),
    // rho = lambda D (Pollaczek-Khinchine with a deterministic service time).
    void teamSplit() {
        const auto a = monolithWith(
            "growth:\n  today: 2026-12-01\n  users_per_month: 5%\n"
            "  team: {engineers: 6, engineers_per_month: 1, changes_per_engineer_day: 2, pipeline_time: 25min}\n",
            "");
        const spec::Team& team = *a.growth->team;
        const double D = 1500, L = 1800;  // 25 min a change; the default 30 min limit
        auto wait = [&](double engineers, int units) {
            const double rho = engineers * 2 / (8 * 3600.0) / units * D;
            return rho >= 1 ? std::numeric_limits<double>::infinity() : rho * D / (2 * (1 - rho));
        };
        QVERIFY(std::abs(roadmap::pipelineWait(team, 6, 1) - wait(6, 1)) < 1e-9);
        // 6 engineers wait under 30 min; the limit is passed between 6 and 7 engineers.
        QVERIFY(wait(6, 1) < L && wait(7, 1) > L);
        const auto plan = planOf(a, 20000);
        const roadmap::Phase* split = nullptr;
        const roadmap::Build* build = nullptr;
        for (const auto& p : plan.phases) {
            for (const auto& b : p.builds) {
                if (b.transformation == roadmap::kSplitServices && !build) split = &p, build = &b;
            }
        }
        QVERIFY2(build, roadmap::toTable(plan).c_str());
        // The split is planned by the date the wait passes its limit: engineers(t) = 6 + t.
        double lo = 0, hi = 12;
        for (int i = 0; i < 60; ++i) ((wait(6 + (lo + hi) / 2, 1) > L) ? hi : lo) = (lo + hi) / 2;
        const int breakDay = day("2026-12-01") + static_cast<int>(std::floor(hi * roadmap::kDaysPerMonth));
        QVERIFY2(split->neededBy && *split->neededBy <= breakDay + 1,
                 (io::formatIsoDate(*split->neededBy) + " vs " + io::formatIsoDate(breakDay)).c_str());
        // Enough units for a year of hiring after the break.
        QVERIFY(wait(6 + hi + 12, build->params.count) <= L * 1.0001);
        QVERIFY(build->params.count >= 2);
        QVERIFY(build->costMonthAfter > build->costMonthBefore);
    }

    void costCurveBreak() {
        const auto a = monolithWith("growth: {today: 2026-12-01, users_per_month: 15%}", "");
        auto plan = planOf(a, 100000);
        QVERIFY(!plan.costBreak);
        QVERIFY(plan.costCurve.size() >= 2 * plan.phases.size());
        // The highest cost per 1,000 users along the plan, independently: at each
        // phase's start its architecture's cost over the users it carries then.
        double worst = 0, worstUsers = 0;
        for (const auto& p : plan.phases) {
            const double v = p.build.costMonthBefore / (p.usersFrom / 1000);
            if (v > worst) worst = v, worstUsers = p.usersFrom;
        }
        QVERIFY(worst > 0);
        auto b = a;
        b.slo.costPer1000Users = worst * 0.99;
        plan = planOf(b, 100000);
        QVERIFY(plan.costBreak);
        QCOMPARE(plan.costBreak->check.metric, std::string("cost_per_1000_users"));
        QVERIFY(plan.costBreak->users <= worstUsers * 1.0001);
        QVERIFY(plan.costBreak->check.value > worst * 0.99);
        b.slo.costPer1000Users = worst * 1.01;
        QVERIFY(!planOf(b, 100000).costBreak);
    }

    // Slow growth makes early capacity expensive (it idles for longer) and the
    // runway easy to keep: the total-cost objective then builds later and in
    // smaller projects. Fast growth makes bands short (the runway forces
    // grouping) and early capacity cheap (it is used within weeks): fewer,
    // larger phases that buy ahead. So at 2% a month there are at least as many
    // phases as at 15%, and buying ahead costs less per phase.
    void growthRateShapesThePlan() {
        const auto slow = planOf(monolithWith("growth: {today: 2026-12-01, users_per_month: 2%}"), 20000);
        const auto fast = planOf(monolithWith("growth: {today: 2026-12-01, users_per_month: 15%}"), 20000);
        QCOMPARE(slow.stepCount, fast.stepCount);  // the same steps: growth does not change what breaks
        QVERIFY2(slow.phases.size() >= fast.phases.size(),
                 (std::to_string(slow.phases.size()) + " vs " + std::to_string(fast.phases.size())).c_str());
        QVERIFY(slow.phases.size() > fast.phases.size() || slow.phases.size() == static_cast<size_t>(slow.stepCount));
        auto ahead = [](const roadmap::Roadmap& r) {
            double sum = 0;
            for (const auto& p : r.phases) sum += p.overProvisioningMonth;
            return sum;
        };
        QVERIFY2(ahead(slow) <= ahead(fast), (std::to_string(ahead(slow)) + " vs " + std::to_string(ahead(fast))).c_str());
        QVERIFY(slow.horizonMonths > fast.horizonMonths);
    }

    // An open workload is planned in requests per second. Preset 01 as API
    // traffic: the shared VM's CPU per request is 18.8 ms (01-monolith.yaml:
    // 0.45 x (20 + 4 x 1.5) + 0.25 x (8 + 2 x 1.2) + 0.10 x (15 + 2 x 3) + 0.20 x 12),
    // so by the utilisation law its 80% limit on 4 cores is reached at
    // 0.8 x 4 / 0.0188 = 170.2 requests per second.
    void openWorkloadRoadmap() {
        const auto a = io::loadFile(std::string(HEADROOM_SOURCE_DIR) + "/architectures/examples/01-monolith-open.yaml");
        QVERIFY(a.workload.arrivalRate);
        const auto plan = planOf(a, 5000);
        QVERIFY(plan.openWorkload);
        QVERIFY2(plan.targetMet, plan.reason.c_str());
        QVERIFY(!plan.phases.empty());
        const auto& first = plan.phases.front().breaks;
        QVERIFY(first.users >= 125 && first.users <= 170.2 * 1.025);  // never past the utilisation bound (2% bisection)
        if (first.check.metric == "utilization") QVERIFY(std::abs(first.users - 170.2) < 170.2 * 0.025);
        // Dated by the milestones (400/s on 2027-06-01): the first break comes before it.
        QVERIFY(plan.phases.front().neededBy && *plan.phases.front().neededBy < day("2027-06-01"));
        const std::string json = roadmap::toJson(plan);
        QVERIFY(json.find("\"rate_from\"") != std::string::npos && json.find("\"users_from\"") == std::string::npos);
        QVERIFY(json.find("\"load_unit\": \"requests_per_second\"") != std::string::npos);
    }

    // Without a forecast: no dates, and steps at one load are one phase.
    void undatedPlan() {
        const auto a = io::loadString(presetText("01-monolith.yaml"), "01.yaml");
        const auto plan = planOf(a, 100000);
        QVERIFY(!plan.today);
        for (size_t i = 1; i < plan.phases.size(); ++i) {
            QVERIFY(plan.phases[i].usersTo > plan.phases[i - 1].usersTo);
            QVERIFY(!plan.phases[i].neededBy);
        }
    }
};

QTEST_APPLESS_MAIN(TestTimeline)
#include "tst_timeline.moc"
