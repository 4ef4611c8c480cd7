// The metric descriptors (io/metrics.h) and the JSON numbers (io/json.h):
// every metric the threshold catalogue emits has a descriptor, and each
// formats its value in its own unit — a count of copies as copies, a queue's
// load as a load, durations in ms or s, ratios as percentages — compared to
// its limit in its own direction. The expected texts are written out here
// from the units' definitions.
#include "io/json.h"
#include "io/metrics.h"
#include "roadmap/thresholds.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <set>
#include <string>

using namespace headroom;

namespace {

stats::ThresholdCheck check(const char* metric, const char* where, double value, double limit, bool ok) {
    return stats::ThresholdCheck{metric, where, value, limit, ok, ""};
}

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

class TestMetrics : public QObject {
    Q_OBJECT

private slots:
    void everyCatalogueMetricHasADescriptor() {
        std::set<std::string> names;
        for (const auto& d : io::metrics()) {
            QVERIFY2(!d.label.empty(), std::string(d.name).c_str());
            QVERIFY2(d.sentence.find("{value}") != std::string_view::npos, std::string(d.name).c_str());
            QVERIFY2(names.insert(std::string(d.name)).second, "a metric is described twice");
        }
        // The metrics roadmap/thresholds.h documents, and the availability rule.
        for (const char* m : {"utilization", "pool", "p95", "p99", "error_rate", "cache_hit_ratio", "query_time",
                              "consumer_lag", "cost_month", "availability"}) {
            QVERIFY2(names.count(m), m);
        }
        // An unknown metric (a newer file) still prints, as a ratio.
        QCOMPARE(q(io::formatMetric("something_new", 0.5)), QStringLiteral("50.0%"));
    }

    void availabilityPrintsCopies() {
        QCOMPARE(q(io::formatMetric("availability", 1)), QStringLiteral("1 copy"));
        QCOMPARE(q(io::formatMetric("availability", 3)), QStringLiteral("3 copies"));
        // At least 2 copies: one copy fails, and reads as copies (it read "100.0% > 200.0%").
        QCOMPARE(q(io::formatComparison(check("availability", "vm1", 1, 2, false))), QStringLiteral("1 copy < 2 copies"));
        QCOMPARE(q(io::formatComparison(check("availability", "vm1", 2, 2, true))), QStringLiteral("2 copies >= 2 copies"));
        QCOMPARE(io::metric("availability").nature, io::Nature::Rule);
        // Severity of an "at least" limit: limit / value.
        QCOMPARE(io::severity(check("availability", "vm1", 1, 2, false)), 2.0);
    }

    void consumerLagPrintsALoad() {
        // Offered load of the workers: a dimensionless load, broken at 1 itself.
        QCOMPARE(q(io::formatMetric("consumer_lag", 1.02)), QStringLiteral("load 1.02"));
        QCOMPARE(q(io::formatMetric("consumer_lag", 0.5)), QStringLiteral("load 0.5"));
        QCOMPARE(q(io::formatComparison(check("consumer_lag", "worker", 1.0, 1.0, false))), QStringLiteral("load 1 >= load 1"));
        QCOMPARE(q(io::formatComparison(check("consumer_lag", "worker", 0.75, 1.0, true))), QStringLiteral("load 0.75 < load 1"));
        QCOMPARE(io::metric("consumer_lag").nature, io::Nature::Margin);
    }

    void durations() {
        // p95, p99, query_time: seconds shown in ms below 1 s, in s above.
        QCOMPARE(q(io::formatMetric("p95", 0.3123)), QStringLiteral("312 ms"));
        QCOMPARE(q(io::formatMetric("p99", 1.25)), QStringLiteral("1.25 s"));
        QCOMPARE(q(io::formatMetric("p99", 8.0)), QStringLiteral("8 s"));
        QCOMPARE(q(io::formatMetric("query_time", 0.0045)), QStringLiteral("4.5 ms"));
        QCOMPARE(q(io::formatMetric("query_time", 0.00025)), QStringLiteral("0.25 ms"));
        QCOMPARE(q(io::formatDurationText(150)), QStringLiteral("2.5 min"));
        QCOMPARE(q(io::formatComparison(check("p95", "system", 0.3123, 0.3, false))), QStringLiteral("312 ms > 300 ms"));
        QCOMPARE(io::metric("p95").nature, io::Nature::UserFelt);
        QCOMPARE(io::metric("p99").nature, io::Nature::UserFelt);
        QCOMPARE(io::metric("query_time").nature, io::Nature::Margin);
    }

    void ratios() {
        // One decimal from 10% (a value beside its limit must not read "80% > 80%"); limits without ".0".
        QCOMPARE(q(io::formatComparison(check("utilization", "vm1", 0.8028, 0.8, false))), QStringLiteral("80.3% > 80%"));
        QCOMPARE(q(io::formatComparison(check("pool", "app", 0.379, 0.05, false))), QStringLiteral("37.9% > 5%"));
        QCOMPARE(q(io::formatComparison(check("error_rate", "system", 0.0004, 0.001, true))), QStringLiteral("0.04% <= 0.10%"));
        // The hit ratio is an "at least" limit.
        QCOMPARE(q(io::formatComparison(check("cache_hit_ratio", "cache", 0.7, 0.85, false))), QStringLiteral("70.0% < 85%"));
        QCOMPARE(io::severity(check("cache_hit_ratio", "cache", 0.425, 0.85, false)), 2.0);
        QCOMPARE(io::metric("error_rate").nature, io::Nature::UserFelt);
        QCOMPARE(io::metric("utilization").nature, io::Nature::Margin);
        QCOMPARE(q(io::formatPercent(0.8)), QStringLiteral("80%"));
        QCOMPARE(q(io::formatPercent(0.035)), QStringLiteral("3.5%"));
        QCOMPARE(q(io::formatPercent(0.0012)), QStringLiteral("0.12%"));
    }

    void money() {
        QCOMPARE(q(io::formatMetric("cost_month", 12560)), QStringLiteral("12,560"));
        QCOMPARE(q(io::formatComparison(check("cost_month", "system", 6000, 5000, false))), QStringLiteral("6,000 > 5,000"));
        QCOMPARE(io::metric("cost_month").nature, io::Nature::Rule);
        QCOMPARE(q(io::formatUsers(1381.6)), QStringLiteral("1,382"));
        QCOMPARE(q(io::formatUsers(-1100)), QStringLiteral("-1,100"));
    }

    void sentences() {
        QCOMPARE(q(io::describe(check("utilization", "vm1", 0.8028, 0.8, false))),
                 QStringLiteral("CPU utilisation at vm1 is 80.3%, over the 80% limit"));
        QCOMPARE(q(io::describe(check("availability", "db", 1, 2, false))),
                 QStringLiteral("db runs as 1 copy, under the 2 copies the availability rule asks for"));
        QCOMPARE(q(io::describe(check("consumer_lag", "worker", 0.6, 1.0, true))),
                 QStringLiteral("the workers at worker run at load 0.6 (offered work over what they can process), within load 1"));
    }

    void theRulesReadTheDescriptors() {
        // Growth cannot break cost (a budget) or the hit ratio (it never falls with users here).
        QVERIFY(roadmap::isLoadIndependent(check("cost_month", "system", 1, 0, false)));
        QVERIFY(roadmap::isLoadIndependent(check("cache_hit_ratio", "c", 0.5, 0.85, false)));
        QVERIFY(!roadmap::isLoadIndependent(check("availability", "vm1", 1, 2, false)));
        QVERIFY(!roadmap::isLoadIndependent(check("p95", "system", 1, 0.3, false)));
        QCOMPARE(roadmap::severity(check("p95", "system", 0.6, 0.3, false)), 2.0);
        QCOMPARE(q(io::toString(io::Nature::UserFelt)), QStringLiteral("user_felt"));
        QCOMPARE(q(io::toString(io::Nature::Margin)), QStringLiteral("margin"));
        QCOMPARE(q(io::toString(io::Nature::Rule)), QStringLiteral("rule"));
    }

    void jsonNumbers() {
        // 9 significant digits by default; whole numbers without a fraction; NaN and infinity are null.
        QCOMPARE(q(io::jsonNumber(0.1234567891234).dump()), QStringLiteral("0.123456789"));
        QCOMPARE(q(io::jsonNumber(0.802776312, 6).dump()), QStringLiteral("0.802776"));
        QCOMPARE(q(io::jsonNumber(1000.0).dump()), QStringLiteral("1000"));
        QCOMPARE(q(io::jsonNumber(-0.0).dump()), QStringLiteral("0"));
        QCOMPARE(q(io::jsonNumber(std::numeric_limits<double>::quiet_NaN()).dump()), QStringLiteral("null"));
        QCOMPARE(q(io::jsonNumber(std::numeric_limits<double>::infinity()).dump()), QStringLiteral("null"));
        QCOMPARE(q(io::jsonNumber(std::optional<double>{}).dump()), QStringLiteral("null"));
        QCOMPARE(q(io::jsonUsers(1381.5).dump()), QStringLiteral("1382"));
        // Strings are escaped by the library (quotes, control characters).
        io::Json j;
        j["why"] = std::string("a \"quoted\"\tword");
        QCOMPARE(q(j.dump()), QStringLiteral("{\"why\":\"a \\\"quoted\\\"\\tword\"}"));
    }
};

QTEST_APPLESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
