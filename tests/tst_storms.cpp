// Storm scenarios (issue 17, roadmap/storms.h): a cache flush on preset 04 at
// 10,000 users, the synchronised expiry of its hot set, and a retry storm
// that is metastable without a retry budget and recovers with one.
#include "io/loader.h"
#include "roadmap/planner.h"
#include "roadmap/roadmap_writer.h"
#include "roadmap/solvers.h"
#include "roadmap/storms.h"
#include "roadmap/study.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <vector>

using namespace headroom;

namespace {

spec::Component& component(spec::Architecture& a, const std::string& id)
{
    for (auto& c : a.components)
        if (c.id == id)
            return c;
    throw std::runtime_error("no component " + id);
}

// Preset 04 as it must be to carry 10,000 users: its 3 app servers break at
// ~5,000 (14.9 ms of CPU per request: 1,250/s x 14.9 ms = 18.6 cores), so the
// app tier has 8 (32 cores, 58% busy); the rest is the preset's. (Not the
// roadmap's architecture at 10,000, which also has a read replica from
// 5,000 on: phaseServing10000.)
spec::Architecture preset04()
{
    auto a = io::loadFile((std::filesystem::path(HEADROOM_SOURCE_DIR) / "architectures" / "04-cache.yaml").string());
    component(a, "app").instances = 8;
    return a;
}

// The architecture the roadmap runs at 10,000 users: preset 04 planned to
// 10,000 (the analytic screen, as the planner screens), the last phase's
// build before that load. At 5,000 users the availability rule gives the
// database a read replica and the balancer a managed pair; at 5,183 the app
// tier grows to 6 servers; the next break (10,454: the app tier again) is
// past 10,000.
spec::Architecture phaseServing10000()
{
    const auto a = io::loadFile((std::filesystem::path(HEADROOM_SOURCE_DIR) / "architectures" / "04-cache.yaml").string());
    roadmap::PlannerOptions o;
    o.search.to = 10000;
    o.scenarios = false;
    o.feltLimits = false;
    const auto r = roadmap::plan(a, o, roadmap::Solvers{roadmap::analyticSolver(), {}});
    spec::Architecture in = a;
    for (const auto& p : r.phases)
        if (p.usersTo <= 10000)
            in = p.after;
    return in;
}

// Under the independent reference model (keys drawn independently, Zipf(s)
// over n ranks), the expected number of distinct keys among the lookups of
// T seconds at `rate` lookups per second: sum_i (1 - exp(-rate p_i T)).
// After a flush each distinct key misses at least once; with coalescing (and
// no eviction or expiry meanwhile) exactly once: the fetches the tier behind
// the cache must serve in [0, T) (Fagin 1977; Che, Tung, Wang 2002 use the
// same sum for the characteristic time).
// Zipf(s) probabilities of ranks 1..n.
std::vector<double> zipf(double n, double s)
{
    std::vector<double> p(static_cast<size_t>(n));
    double norm = 0;
    for (size_t i = 0; i < p.size(); ++i)
        norm += p[i] = std::pow(static_cast<double>(i + 1), -s);
    for (double& x : p)
        x /= norm;
    return p;
}

double distinctKeys(double n, double s, double rate, double seconds)
{
    const auto count = static_cast<std::int64_t>(n);
    double norm = 0;
    for (std::int64_t i = 1; i <= count; ++i)
        norm += std::pow(static_cast<double>(i), -s);
    double distinct = 0;
    for (std::int64_t i = 1; i <= count; ++i)
        distinct += -std::expm1(-rate * std::pow(static_cast<double>(i), -s) / norm * seconds);
    return distinct;
}

roadmap::StormSolver solver();

// One flush run read directly: the windows [15, 30) before the flush at
// 30 s, [30, 35) (the first bin after it) and [30, 50) (its first 20 s).
struct FlushFigures {
    stats::WindowResult before, first, twenty;
    graph::Graph graph;
};

FlushFigures flushFigures(const spec::Architecture& architecture, double users)
{
    auto a = architecture;
    a.workload.users = users;
    a.workload.profile.clear();
    FlushFigures f{{}, {}, {}, graph::build(a)};
    roadmap::StormEvents events;
    events.keyedCaches = true;
    events.cacheFlushes = {30.0};
    const auto r = solver()(f.graph, {{15, 30}, {30, 35}, {30, 50}}, 50.0, events);
    f.before = r.windows[0];
    f.first = r.windows[1];
    f.twenty = r.windows[2];
    return f;
}

int idOf(const graph::Graph& g, const char* name) { return *g.componentId(name); }

// Database visits that were not cache fetches (writes), per second, from the
// window before the flush: its completed visits less the cache's misses.
double writeVisits(const FlushFigures& f)
{
    return f.before.components[static_cast<size_t>(idOf(f.graph, "db"))].completions -
           f.before.components[static_cast<size_t>(idOf(f.graph, "cache"))].misses;
}

// The hit ratio of a cache emptied t seconds ago (no eviction or expiry yet)
// under the independent reference model: sum_i p_i (1 - exp(-rate p_i t)).
// `popularity`: the Zipf probabilities by rank (zipf()).
double hitAfter(const std::vector<double>& popularity, double rate, double seconds)
{
    double hit = 0;
    for (double p : popularity)
        hit += -p * std::expm1(-rate * p * seconds);
    return hit;
}

// Cache fetches the database served in a window after the flush.
double fetches(const FlushFigures& f, const stats::WindowResult& w)
{
    const double width = w.window.to - w.window.from;
    return (w.components[static_cast<size_t>(idOf(f.graph, "db"))].completions - writeVisits(f)) * width;
}

void printSeries(const roadmap::SpikeOutcome& o)
{
    for (const auto& p : o.series)
        qInfo("  t %5.0f  hit %.3f  db %.2f  errors %.3f  queue %6.0f  p99 %.3f", p.time, p.hitRatio.value_or(-1),
              p.utilization.value_or(-1), p.errorRate, p.queue, p.p99.value_or(-1));
}

roadmap::StormSolver solver()
{
    roadmap::DesBudget budget;
    budget.seed = 7;
    budget.profileReplications = 2;
    budget.maxWallSeconds = 0.0;
    return roadmap::desStormSolver(budget);
}

// The cold-start plans' architecture: 04 with 8 app servers, no replica,
// resilience from 10,000 users with a x1.1 spike and no retry storm, so
// the flush at 10,000 is the plan's one question.
spec::Architecture coldStartPlan()
{
    auto a = preset04();
    a.slo.resilience.fromUsers = 10000;
    a.slo.resilience.spike.factor = 1.1;
    a.slo.resilience.retryStorm = false;
    return a;
}
// ... planned to 10,000 with resilience, no availability rule, no felt
// limits, no DES confirmation (the storms run through solver()).
roadmap::Roadmap planColdStart(const spec::Architecture& a)
{
    roadmap::StudyOptions o;
    o.planner.search.from = 1000;
    o.planner.search.to = 10000;
    o.planner.feltLimits = false;
    o.planner.resilience = true;
    o.planner.redundancyFrom = 0;
    o.confirm = roadmap::Confirmation::None;
    roadmap::Study study(a, o, roadmap::Solvers{roadmap::analyticSolver(), {}, {}, solver()});
    return study.plan();
}

// The plan's cache-flush scenarios: how many, and the first that does not
// survive protected by `by` (empty when all do).
std::pair<int, std::string> flushesProtectedBy(const roadmap::Roadmap& r, const std::string& by)
{
    int flushes = 0;
    std::string failing;
    for (const auto& s : r.scenarios) {
        if (s.kind != "cache_flush")
            continue;
        ++flushes;
        qInfo("phase %d: %s", s.phase, s.why.c_str());
        if ((!s.survives || s.protectedBy != by) && failing.empty())
            failing = "phase " + std::to_string(s.phase) + ": protected by '" + s.protectedBy + "': " + s.why;
    }
    return {flushes, failing};
}

// 240 s watched after the burst: the budgeted drain below takes up to ~90 s.
roadmap::StormOptions longWatch()
{
    roadmap::StormOptions o;
    o.watch = 240.0;
    return o;
}

double peakUtilization(const roadmap::SpikeOutcome& o)
{
    double most = 0;
    for (const auto& p : o.series)
        if (p.time >= 0 && p.utilization)
            most = std::max(most, *p.utilization);
    return most;
}

// One FCFS core of mu = 100/s behind open Poisson arrivals at 60/s (rho = 0.6);
// the users' requests time out after 1 s and are retried 3 times.
const char* kRetry = R"(
name: retry storm
workload:
  arrival_rate: 60/s
slo: {p95: 1s, p99: 1s, error_rate: 1%}
components:
  - {id: api, kind: service, cores: 1, demand: 10ms, discipline: fcfs, timeout: 1s,
     retries: {max: 3, backoff: 100ms}}
)";


// A small hot set read through a cache-aside cache: 50 keys (Zipf 0.8), all
// of them fit, no TTL, so in steady state every lookup hits and the
// database is idle; one app core at 0.5 ms a request (80% busy at 1,600/s:
// ~160 users); the database answers a fetch in 50 ms on 2 cores (40/s).
const char* kHotKeys = R"(
name: hot keys
workload: {users: 120, think_time: 100ms}
slo: {p95: 1s, p99: 1s, error_rate: 1%, resilience: {from_users: 100, instance_loss: false}}
components:
  - {id: app, kind: service, cores: 1, demand: 500us, calls: [{to: cache}]}
  - {id: cache, kind: cache, cores: 1, demand: 100us, hit_ratio: {keys: 50, capacity: 50, zipf: 0.8}, on_miss: db}
  - {id: db, kind: database, cores: 2, demand: 50ms, discipline: fcfs}
)";

}  // namespace

class TestStorms : public QObject {
    Q_OBJECT
private slots:
    // Preset 04 at 10,000 users: the database runs at ~62% with the cache's
    // 90% hit ratio (Che); emptied, the cache sends it every read until the
    // hot keys are back. The reads alone are then 1,250/s x 3.3 ms x 1.08
    // (data growth) = 4.5 cores on a 2-core database, and even the key
    // population's own warm-up (lambda (1 - hit(t)), what coalescing reduces
    // the misses to) keeps it above 2 cores for ~20 s: the flush overloads
    // the database whatever the cache does.
    void flushOverloadsTheDatabase()
    {
        const auto o = roadmap::runCacheFlush(preset04(), 10000, roadmap::StormOptions{}, solver());
        qInfo("%s", o.why.c_str());
        printSeries(o);
        QCOMPARE(o.firstSaturated, std::string("db"));
        QVERIFY2(peakUtilization(o) >= 0.95, QByteArray::number(peakUtilization(o)));
        QVERIFY(o.baselineHolds);
        // The series has the hit ratio over time: ~0.90 before, far lower right after.
        double before = -1, first = -1;
        for (const auto& p : o.series) {
            if (p.time < 0 && p.time >= -10 && p.hitRatio)
                before = *p.hitRatio;
            if (p.time == 0 && p.hitRatio)
                first = *p.hitRatio;
        }
        QVERIFY2(std::abs(before - 0.9025) < 0.02, QByteArray::number(before));  // Che, 2 points: 5 s bins
        QVERIFY2(first < 0.8, QByteArray::number(first));

        // Recovery time: the database is back under 95% once the key
        // population's own warm-up has brought the fetch rate down to what
        // its spare capacity takes: (writes + lambda (1 - h(t)) D_read) / 2
        // <= 0.95, h(t) = sum_i p_i (1 - exp(-lambda p_i t)) (independent
        // reference model), lambda = 2.3 lookups x N / Z = 2,875/s (R ~ 30 ms
        // against Z = 8 s: 0.4% less), writes 0.2 x N / Z visits at 3 ms x
        // growth. About 29 s; measured as the end of the last overloaded 5 s
        // bin, after the backlog of the overload drains: within [t* - 5 s,
        // t* + 20 s] (a bin, and the ~2,500 queued fetches at the 5-10% of
        // spare capacity left then).
        const auto g = graph::build(preset04());
        const int db = *g.componentId("db");
        const auto cls = [&](const char* n) { return *g.classId(n); };
        const double rate = 10000 / 8.0;
        const double lambda = 2.3 * rate;
        const double readDemand =
            (0.45 * 4 * g.demand(db, cls("page"), 10000) + 0.25 * 2 * g.demand(db, cls("api"), 10000)) / 2.3;
        const double writeWork = 0.2 * rate * g.demand(db, cls("write"), 10000);
        double warm = 0;
        const auto popularity = zipf(1e6, 1.05);
        for (double t = 1; t <= 240; t += 1) {
            if ((writeWork + lambda * (1 - hitAfter(popularity, lambda, t)) * readDemand) / 2 <= 0.95) {
                warm = t;
                break;
            }
        }
        qInfo("warm-up: theory %.0f s, measured %.0f s", warm, o.recoveredAfter.value_or(-1));
        QVERIFY(o.recoveredAfter.has_value());
        QVERIFY2(*o.recoveredAfter >= warm - 5 && *o.recoveredAfter <= warm + 20, QByteArray::number(*o.recoveredAfter));
    }

    // The synchronised expiry of a hot set written at once (one TTL, all
    // expiring together) is an overload without jitter and none with it
    // (10% of 12 h spreads the expiries over 2.4 h: 2.8% of them in the
    // 240 s watched). (The flush itself with coalescing and jitter:
    // coalescingFetchesEachKeyOnce.)
    void coalescingAndJitterTameTheStorm()
    {
        auto plain = preset04();
        auto fixed = preset04();
        component(fixed, "cache").cache.coalesce = true;
        component(fixed, "cache").cache.ttlJitter = 0.10;
        roadmap::StormOptions expiry;
        expiry.synchronisedExpiry = true;
        const auto together = roadmap::runCacheFlush(plain, 10000, expiry, solver());
        const auto spread = roadmap::runCacheFlush(fixed, 10000, expiry, solver());
        qInfo("expiry without: %s", together.why.c_str());
        qInfo("expiry with: %s", spread.why.c_str());
        printSeries(together);
        QVERIFY2(peakUtilization(together) >= 0.95, QByteArray::number(peakUtilization(together)));
        QVERIFY2(peakUtilization(spread) < 0.8, QByteArray::number(peakUtilization(spread)));  // slo.utilization
        QVERIFY(spread.firstSaturated.empty());
        QVERIFY(spread.survives);
    }

    // Retry storm. Before: 60/s at rho 0.6. The burst (x3 = 180/s for 30 s)
    // builds (180 - 100) x 30 = 2,400 requests of backlog, 24 s of work, far
    // past the 1 s timeout: every attempt times out while the abandoned ones
    // are still served (FCFS). After the burst each request is tried 4 times
    // (3 retries), 240 attempts/s offered to a capacity of 100/s: the backlog
    // keeps growing though the trigger is gone, and goodput stays ~0: a
    // metastable failure. With a 10% retry budget the attempts are at most
    // 60 x 1.1 = 66/s < 100/s: the backlog drains at >= 34/s (2,400 + the
    // burst's own retries in well under the 150 s watched) and goodput
    // returns to 60/s.
    void retryStormIsMetastableWithoutABudget()
    {
        const auto a = io::loadString(kRetry, "retry.yaml");
        const auto collapsed = roadmap::runRetryStorm(a, 60, longWatch(), solver());
        qInfo("%s", collapsed.why.c_str());
        QVERIFY(collapsed.baselineHolds);
        QVERIFY(!collapsed.survives);
        double lastGoodput = 0;
        for (const auto& p : collapsed.series)
            if (p.time >= 150)
                lastGoodput = std::max(lastGoodput, p.goodput.value_or(0));
        QVERIFY2(lastGoodput < 10, QByteArray::number(lastGoodput));  // collapsed: < 1/6 of the 60/s before

        auto budgeted = a;
        budgeted.components[0].retryBudget = 0.10;
        budgeted.components[0].retries.jitter = true;
        const auto recovered = roadmap::runRetryStorm(budgeted, 60, longWatch(), solver());
        qInfo("%s", recovered.why.c_str());
        QVERIFY(recovered.survives);
        QVERIFY(recovered.recoveredAfter.has_value());
        // Drain time bound: (180 + 18 retries - 100) x 30 = 2,940 of backlog at >= 34/s
        // is <= 87 s; 150 s leaves room for the random backlog and the 5 s bins.
        QVERIFY2(*recovered.recoveredAfter <= 150, QByteArray::number(*recovered.recoveredAfter));
    }

    // The planner's scenario list: with resilience, from from_users on, both
    // storms are checked (04 has a keyed cache and retries) and reach the
    // roadmap JSON with their kind and series; the flush cannot be protected
    // by a storm build (coalescing bounds the misses to the key population's
    // warm-up, which alone overloads the database; nothing is stale after a
    // restart), so this list (checkScenarios, not a plan) reports it failing,
    // unprotected. (A plan builds capacity for it:
    // plannerBuildsCapacityForAColdStart.)
    void plannerReportsBothStorms()
    {
        const auto a = preset04();
        roadmap::Solvers solvers{roadmap::analyticSolver(), {}, {}, solver()};
        roadmap::Roadmap r;
        r.scenarios = roadmap::checkScenarios(a, 10000, 1, solvers, {}, true);
        const roadmap::Scenario* flush = nullptr;
        const roadmap::Scenario* storm = nullptr;
        for (const auto& s : r.scenarios) {
            if (s.kind == "cache_flush") flush = &s;
            if (s.kind == "retry_storm") storm = &s;
        }
        QVERIFY(flush && storm);
        qInfo("%s", flush->why.c_str());
        qInfo("%s", storm->why.c_str());
        QVERIFY(flush->required && !flush->survives && flush->protectedBy.empty());
        QVERIFY(flush->spike && !flush->spike->series.empty());
        // Without resilience (or below from_users) the storms are not run.
        for (const auto& s : roadmap::checkScenarios(a, 10000, 1, solvers, {}, false))
            QVERIFY(s.kind != "cache_flush" && s.kind != "retry_storm");
        const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(roadmap::toJson(r)));
        bool sawFlush = false, sawStorm = false;
        for (const auto& v : doc.object()["scenarios"].toArray()) {
            const auto o = v.toObject();
            const auto first = o["series"].toArray().first().toObject();
            if (o["kind"].toString() == "cache_flush") {
                sawFlush = true;
                QVERIFY(first.contains("hit_ratio") && first.contains("utilization"));
            }
            if (o["kind"].toString() == "retry_storm") {
                sawStorm = true;
                QVERIFY(first.contains("goodput"));
            }
        }
        QVERIFY(sawFlush && sawStorm);
    }

    // A failing retry storm is protected by the library's retry_budget when
    // planning with resilience.
    void plannerProtectsARetryStorm()
    {
        auto a = io::loadString(kRetry, "retry.yaml");
        a.slo.resilience.fromUsers = 10;
        roadmap::Solvers solvers{roadmap::analyticSolver(), {}, {}, solver()};
        const auto list = roadmap::checkScenarios(a, 60, 1, solvers, {}, true);
        const roadmap::Scenario* storm = nullptr;
        for (const auto& s : list)
            if (s.kind == "retry_storm") storm = &s;
        QVERIFY(storm);
        qInfo("%s", storm->why.c_str());
        QVERIFY(storm->survives);
        QCOMPARE(storm->protectedBy, std::string("retry_budget (api)"));
    }

    void circuitBreakerAlsoEndsTheCollapse()
    {
        // With a breaker (50% of the last 20 failed -> open 5 s) the callers stop
        // sending during the collapse; the backlog drains while it is open.
        auto a = io::loadString(kRetry, "retry.yaml");
        a.components[0].circuitBreaker = spec::CircuitBreaker{0.5, 5.0};
        const auto o = roadmap::runRetryStorm(a, 60, longWatch(), solver());
        qInfo("%s", o.why.c_str());
        QVERIFY(o.survives);
    }

    // Investigation (issue 17): preset 04 as shipped at 10,000 users is
    // overloaded before any flush - its 3 app servers (12 cores) meet
    // 1,250/s x 14.9 ms = 18.6 cores of demand, X <= 12 / 14.9 ms = 805/s,
    // ~29% of the requests rejected or timed out - so the flush is judged on
    // the architecture the roadmap runs at 10,000 users. There the database
    // has a read replica (built at 5,000 for availability), and the flush
    // does not overload it: the primary takes every write and half of the
    // fetches, the replica the other half.
    //   Theory for the first 5 s bin after the flush (utilisation law,
    //   U = lambda D / c per copy): fetches = distinct keys of the lookups
    //   of 5 s (independent reference model, the warm-up of the key
    //   population; lookups/s measured before the flush), D_read = the
    //   lookups' mean read demand (page 4 x 1.5 ms, api 2 x 1.2 ms, x1.05
    //   for 2e6 rows indexed), writes at the rate measured before.
    //   Tolerance 0.05: bin noise of ~6,000 fetches (~1.3%), the binomial
    //   primary/replica split, and duplicate misses while a fetch is in
    //   flight (~2 ms here, < 1% of the fetches).
    void flushOnThePhaseServing10000()
    {
        auto phase = phaseServing10000();
        QCOMPARE(component(phase, "db").replicas, 1);
        const auto f = flushFigures(phase, 10000);
        const graph::Graph& g = f.graph;
        const int db = idOf(g, "db"), cache = idOf(g, "cache");
        const double lookups = f.before.components[static_cast<size_t>(cache)].lookups;
        const auto cls = [&](const char* n) { return *g.classId(n); };
        const double readDemand =
            (0.45 * 4 * g.demand(db, cls("page"), 10000) + 0.25 * 2 * g.demand(db, cls("api"), 10000)) / (0.45 * 4 + 0.25 * 2);
        const double writeWork = writeVisits(f) * g.demand(db, cls("write"), 10000);
        const double firstFetches = distinctKeys(1e6, 1.05, lookups, 5.0);
        const double primary = (writeWork + firstFetches / 5.0 * readDemand / 2.0) / 2.0;
        const auto host = static_cast<size_t>(g.components()[static_cast<size_t>(db)].host);
        qInfo("lookups %.0f/s, fetches in the first 5 s %.0f (theory %.0f), primary %.3f (theory %.3f), mean of the copies %.3f",
              lookups, fetches(f, f.first), firstFetches, f.first.hostBusiestCopy[host], primary, f.first.hostUtilization[host]);
        QVERIFY2(std::abs(f.first.hostBusiestCopy[host] - primary) < 0.05, QByteArray::number(f.first.hostBusiestCopy[host]));
        // The mean over the copies understates the primary (what the storm now watches).
        QVERIFY(f.first.hostBusiestCopy[host] > f.first.hostUtilization[host] + 0.1);

        // A minute watched: the peak is the first bin (the fetch rate only falls after it).
        roadmap::StormOptions minute;
        minute.watch = 60;
        const auto o = roadmap::runCacheFlush(phase, 10000, minute, solver());
        qInfo("%s", o.why.c_str());
        QVERIFY(o.baselineHolds);
        QVERIFY2(peakUtilization(o) < 0.95, QByteArray::number(peakUtilization(o)));  // theory ~0.86 at its peak
        QVERIFY(o.firstSaturated.empty());
        QVERIFY(o.survives);
    }

    // Coalescing fetches each missing key once: after the flush the database
    // serves exactly the distinct keys looked up (no eviction: 19,400 keys
    // in 20 s against 250,000 entries; no expiry: TTL 12 h), the
    // independent-reference-model sum. Tolerance 3%: Poisson noise of ~19,000
    // fetches (0.7%), the write visits subtracted as measured before the
    // flush (~0.5%), the lookup rate measured over 15 s (~0.5%). Without
    // coalescing the database serves at least as many (duplicates while a
    // fetch is in flight).
    //   On the preset with the app capacity for 10,000 users but no replica
    //   (preset04() below: one 2-core database) no cache-side fix can
    //   absorb a cold start: the distinct keys of the first 20 s alone are
    //   D(20) x D_read = ~19,400 x 1.5 ms = ~29 core-seconds, with the
    //   writes' ~16, more than the 40 the 2 cores have: overloaded with
    //   coalescing and jitter too (the read replica, capacity, is the fix).
    void coalescingFetchesEachKeyOnce()
    {
        auto phase = phaseServing10000();
        component(phase, "cache").cache.coalesce = true;
        component(phase, "cache").cache.ttlJitter = 0.10;
        const auto with = flushFigures(phase, 10000);
        const auto without = flushFigures(phaseServing10000(), 10000);
        const double lookups = with.before.components[static_cast<size_t>(idOf(with.graph, "cache"))].lookups;
        const double theory = distinctKeys(1e6, 1.05, lookups, 20.0);
        qInfo("fetches in 20 s: %.0f with coalescing, %.0f without; distinct keys (theory) %.0f", fetches(with, with.twenty),
              fetches(without, without.twenty), theory);
        QVERIFY2(std::abs(fetches(with, with.twenty) / theory - 1.0) < 0.03, QByteArray::number(fetches(with, with.twenty)));
        QVERIFY(fetches(without, without.twenty) >= theory * 0.97);

        auto fixed = preset04();
        component(fixed, "cache").cache.coalesce = true;
        component(fixed, "cache").cache.ttlJitter = 0.10;
        const auto f = flushFigures(fixed, 10000);
        const graph::Graph& g = f.graph;
        const int db = idOf(g, "db");
        const auto cls = [&](const char* n) { return *g.classId(n); };
        const double readDemand =
            (0.45 * 4 * g.demand(db, cls("page"), 10000) + 0.25 * 2 * g.demand(db, cls("api"), 10000)) / (0.45 * 4 + 0.25 * 2);
        const double lookups04 = f.before.components[static_cast<size_t>(idOf(g, "cache"))].lookups;
        const double work = distinctKeys(1e6, 1.05, lookups04, 20.0) * readDemand + 20.0 * writeVisits(f) * g.demand(db, cls("write"), 10000);
        qInfo("no replica, coalesced: %.1f core-seconds of work in the first 20 s on 40; measured %.2f busy", work,
              f.twenty.hostBusiestCopy[static_cast<size_t>(g.components()[static_cast<size_t>(db)].host)]);
        QVERIFY(work > 40.0);
        QVERIFY(f.twenty.hostBusiestCopy[static_cast<size_t>(g.components()[static_cast<size_t>(db)].host)] >= 0.95);
    }

    // A hot set (kHotKeys) flushed at 120 users: ~1,190 lookups/s (120 /
    // 0.1 s), every one a miss until its key's first fetch lands, against 40
    // fetches/s: without coalescing the duplicates queue at the database
    // (FCFS) ahead of the first fetches of later keys, and it is saturated
    // for seconds (p99 past the 1 s SLO). With coalescing the database
    // serves one fetch per key: 50 fetches, exact, since nothing is evicted
    // (capacity = keys), nothing expires (no TTL) and no fetch fails (no
    // timeout); 50 x 50 ms = 2.5 core-seconds in the first 5 s bin on 2
    // cores: 25% busy (tolerance 0.07: the 50 exponential service times,
    // sd 0.35 s of work per replication, ~2.5% of the bin's capacity over 2
    // replications, x3).
    void coalescingRemovesAHotKeyStorm()
    {
        auto a = io::loadString(kHotKeys, "hot.yaml");
        const auto without = flushFigures(a, 120);
        component(a, "cache").cache.coalesce = true;
        component(a, "cache").cache.ttlJitter = 0.10;
        const auto with = flushFigures(a, 120);
        const auto dbHost = [](const FlushFigures& f) {
            return static_cast<size_t>(f.graph.components()[static_cast<size_t>(idOf(f.graph, "db"))].host);
        };
        qInfo("fetches after the flush: %.1f with coalescing, %.1f without; db busy in the first 5 s %.2f / %.2f",
              fetches(with, with.twenty), fetches(without, without.twenty), with.first.hostBusiestCopy[dbHost(with)],
              without.first.hostBusiestCopy[dbHost(without)]);
        QVERIFY2(std::abs(fetches(with, with.twenty) - 50.0) < 0.5, QByteArray::number(fetches(with, with.twenty)));
        QVERIFY(std::abs(with.first.hostBusiestCopy[dbHost(with)] - 0.25) < 0.07);
        QVERIFY(fetches(without, without.twenty) > 4 * 50.0);
        QVERIFY(without.first.hostBusiestCopy[dbHost(without)] >= 0.95);

        const auto plain = roadmap::runCacheFlush(io::loadString(kHotKeys, "hot.yaml"), 120, roadmap::StormOptions{}, solver());
        const auto fixed = roadmap::runCacheFlush(a, 120, roadmap::StormOptions{}, solver());
        qInfo("without: %s", plain.why.c_str());
        qInfo("with: %s", fixed.why.c_str());
        QVERIFY(!plain.survives && !plain.firstSaturated.empty() && plain.recoveredAfter);
        QVERIFY(fixed.survives && fixed.firstSaturated.empty());
    }

    // Fixes as builds: planning with resilience, a phase at or past
    // from_users that does not survive the flush gets the protection that
    // makes it survive as a build of its own (kind cache_flush, its rationale,
    // the catalogue's lead time, no monthly cost: a code change), and every
    // later architecture keeps it. Through the one Study every consumer reads
    // (CLI roadmap and report, desktop): its storm solver reaches the planner
    // (it was dropped, so no plan of a Study checked a storm).
    void plannerBuildsTheStormProtection()
    {
        roadmap::StudyOptions o;
        o.planner.search.to = 300;
        o.planner.feltLimits = false;
        o.planner.resilience = true;
        o.confirm = roadmap::Confirmation::None;
        roadmap::Study study(io::loadString(kHotKeys, "hot.yaml"), o,
                             roadmap::Solvers{roadmap::analyticSolver(), {}, {}, solver()});
        auto r = study.plan();
        QVERIFY(!r.phases.empty());
        // The first phase (at from_users = 100: the x10 spike breaks the one
        // app core there) does not survive the flush: ~1,000 lookups/s all
        // missing against 40 fetches/s. Coalescing makes it survive.
        const roadmap::Build* built = nullptr;
        size_t at = 0;
        for (size_t i = 0; i < r.phases.size(); ++i) {
            for (const auto& b : r.phases[i].builds)
                if (b.protects == "cache_flush" && !built)
                    built = &b, at = i;
        }
        QVERIFY(built);
        QCOMPARE(at, size_t{0});
        QVERIFY(r.phases[at].usersTo >= 100);  // at or past from_users
        QCOMPARE(r.phases[at].builds.front().transformation, r.phases[at].build.transformation);  // the phase's own build first
        qInfo("%s: %s", built->transformation.c_str(), built->rationale.c_str());
        QCOMPARE(built->transformation, std::string("cache_coalescing"));
        QCOMPARE(built->costMonthAfter, built->costMonthBefore);  // a code change: no running cost
        QCOMPARE(built->leadTimeDays, 5.0);                         // resources/catalogue.yaml: cache_coalescing, 5d
        QVERIFY(!built->costNote.empty());
        QVERIFY(r.phases[at].leadTimeDays >= 5.0);  // the phase waits for it
        for (size_t i = at; i < r.phases.size(); ++i)
            QVERIFY(component(r.phases[i].after, "cache").cache.coalesce);  // kept by every later phase
        QVERIFY(component(r.final, "cache").cache.coalesce);
        const auto [flushes, failing] = flushesProtectedBy(r, "cache_coalescing (cache)");
        QVERIFY2(failing.empty(), failing.c_str());
        QVERIFY(flushes >= 2);  // the phases, and the final architecture at the target
        const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(roadmap::toJson(r)));
        const auto builds = doc.object()["phases"].toArray()[static_cast<qsizetype>(at)].toObject()["builds"].toArray();
        QCOMPARE(builds.last().toObject()["transformation"].toString(), QString("cache_coalescing"));
        QCOMPARE(builds.last().toObject()["protects"].toString(), QString("cache_flush"));
    }

    // A storm only capacity fixes (issue 17): 04 with the app servers for
    // 10,000 users and one 2-core database without a replica (preset04(),
    // the case of flushOverloadsTheDatabase), planned with resilience to
    // 10,000. The availability rule is off (it would give the database a
    // replica at 5,000: phaseServing10000) and the other scenarios are made
    // quiet (a x1.1 spike, required from 10,000 on; the retry storm not run),
    // so nothing breaks below the target and the plan's one question is the
    // flush at 10,000. No storm protection absorbs it (coalescing leaves the
    // key population's own cold start, D(20) ~ 19,400 fetches x 1.5 ms = 29
    // core-seconds with the writes' 16 against the 40 of 2 cores; nothing is
    // stale after a flush), so the planner tries the capacity changes it
    // offers a utilisation break of db, cheapest first: a bigger machine
    // (2 -> 4 cores, +180 a month: the price per core), a read replica (+180:
    // at the machine's price) and two shards (+180) cost the same, and the
    // catalogue's lead times order them: scale_up 5 days, add_read_replicas
    // 14, shard_database 90. The bigger machine survives, so it is built
    // (protects cache_flush), in a phase of its own at the target (the plan
    // has no other), and the final architecture survives the flush.
    //   Theory, first 5 s bin after the flush on the final architecture
    //   (utilisation law per copy, as in flushOnThePhaseServing10000): the
    //   busiest copy (the primary) runs (writes + D(5)/5 x D_read / copies)
    //   / cores = (0.80 + 1,220/s x 1.51 ms) / 4 ~ 0.66 with 4 cores and no
    //   replica (0.86 with a replica on 2). Tolerance 0.05: bin noise of
    //   ~6,000 fetches (~1.3%), duplicate misses while a fetch is in flight
    //   (< 1%), and the writes measured over 15 s.
    void plannerBuildsCapacityForAColdStart()
    {
        const roadmap::Roadmap r = planColdStart(coldStartPlan());
        QVERIFY(r.targetMet);
        const roadmap::Build* built = nullptr;
        for (const auto& p : r.phases)
            for (const auto& b : p.builds)
                if (b.protects == "cache_flush")
                    built = &b;
        QVERIFY(built);
        qInfo("%s (%s): %s", built->transformation.c_str(), built->params.target.c_str(), built->rationale.c_str());
        QCOMPARE(built->transformation, std::string("scale_up"));
        QCOMPARE(built->params.target, std::string("db"));
        QCOMPARE(built->costMonthAfter - built->costMonthBefore, 180.0);  // 2 -> 4 cores at the machine's price per core
        QCOMPARE(built->leadTimeDays, 5.0);                              // resources/catalogue.yaml: database scale_up, 5d
        QVERIFY(built->rationale.find("cache_coalescing") != std::string::npos);  // tried first, not enough
        QVERIFY(built->rationale.find("fetches (cache misses) in its first 20 s") != std::string::npos);
        QCOMPARE(r.phases.size(), size_t{1});
        QCOMPARE(r.phases.front().usersTo, 10000.0);
        QCOMPARE(r.phases.front().breaks.scenario, std::string("cache_flush"));
        QCOMPARE(r.phases.front().breaks.check.where, std::string("db"));
        QVERIFY(r.phases.front().breaks.check.value >= 0.95);  // the flush saturated it (its peak bin), without the build
        QCOMPARE(component(const_cast<spec::Architecture&>(r.final), "db").cores, 4);
        QCOMPARE(component(const_cast<spec::Architecture&>(r.final), "db").replicas, 0);
        QCOMPARE(r.costMonthFinal, graph::build(r.final).costMonth());  // the final cost carries it
        QCOMPARE(r.costCurve.back().costMonth, r.costMonthFinal);
        const auto [flushes, failing] = flushesProtectedBy(r, "scale_up (db)");
        QVERIFY2(failing.empty(), failing.c_str());
        QCOMPARE(flushes, 1);  // the final architecture at the target
        const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(roadmap::toJson(r)));
        const auto builds = doc.object()["phases"].toArray().first().toObject()["builds"].toArray();
        QCOMPARE(builds.last().toObject()["protects"].toString(), QString("cache_flush"));

        // The flush on the final architecture, against the utilisation law.
        const auto f = flushFigures(r.final, 10000);
        const graph::Graph& g = f.graph;
        const int db = idOf(g, "db");
        const auto cls = [&](const char* n) { return *g.classId(n); };
        const double readDemand =
            (0.45 * 4 * g.demand(db, cls("page"), 10000) + 0.25 * 2 * g.demand(db, cls("api"), 10000)) / (0.45 * 4 + 0.25 * 2);
        const double writeWork = writeVisits(f) * g.demand(db, cls("write"), 10000);
        const double lookups = f.before.components[static_cast<size_t>(idOf(g, "cache"))].lookups;
        const auto& dbc = g.components()[static_cast<size_t>(db)];
        const double copies = 1 + dbc.replicas;
        const double cores = g.host(dbc.host).cores;
        const double primary = (writeWork + distinctKeys(1e6, 1.05, lookups, 5.0) / 5.0 * readDemand / copies) / cores;
        const double measured = f.first.hostBusiestCopy[static_cast<size_t>(dbc.host)];
        qInfo("first 5 s after the flush: db's busiest copy %.3f (theory %.3f: writes %.2f cores, %.0f lookups/s)", measured,
              primary, writeWork, lookups);
        QVERIFY2(std::abs(measured - primary) < 0.05, QByteArray::number(measured));
        QVERIFY(measured < 0.95);
    }

    // The same plan within a budget no capacity change fits (the database's
    // cheapest, +180, would bring 1,555 to 1,735 a month): nothing makes the
    // flush survive, so it is reported failing as before (no build, no
    // phase), and its why says what was tried and why capacity was not.
    void aStormNothingFixesIsReportedFailing()
    {
        auto a = coldStartPlan();
        a.slo.budgetMonth = 1600;
        const roadmap::Roadmap r = planColdStart(a);
        QVERIFY(r.phases.empty());
        QCOMPARE(component(const_cast<spec::Architecture&>(r.final), "db").cores, 2);
        const roadmap::Scenario* flush = nullptr;
        for (const auto& s : r.scenarios)
            if (s.kind == "cache_flush")
                flush = &s;
        QVERIFY(flush);
        qInfo("%s", flush->why.c_str());
        QVERIFY(!flush->survives && flush->protectedBy.empty());
        QVERIFY(flush->why.find("cache_coalescing") != std::string::npos);
        QVERIFY(flush->why.find("within the budget of") != std::string::npos);
    }

};

QTEST_GUILESS_MAIN(TestStorms)
#include "tst_storms.moc"
