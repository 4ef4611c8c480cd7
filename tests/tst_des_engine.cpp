// The discrete-event kernel and its statistics pieces, tested directly:
// every event-list implementation against a reference ordering (time, then
// priority, then insertion), cancellation, rescheduling, run-until and stop;
// posted events merged with scheduled ones in that same order; the PS job
// set (FIFO lanes + heap) against a reference ordering by (tag, frame);
// the random streams (reproducible, independent) and each distribution's
// mean and coefficient of variation; MSER-5 on series with a known
// transient; the quantile sketch's relative-error guarantee; Student-t.

#include "des/d_ary_heap.h"
#include "des/distribution.h"
#include "des/engine.h"
#include "des/pairing_heap.h"
#include "des/posted_event_heap.h"
#include "des/ps_job_set.h"
#include "des/random_stream.h"
#include "stats/confidence.h"
#include "stats/quantile_sketch.h"
#include "stats/warmup.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <set>
#include <type_traits>
#include <tuple>
#include <vector>

using namespace headroom;

Q_DECLARE_METATYPE(headroom::des::EventListKind)

namespace {

void addEventListRows()
{
    QTest::addColumn<des::EventListKind>("kind");
    QTest::newRow("quaternary_heap") << des::EventListKind::QuaternaryHeap;
    QTest::newRow("binary_heap") << des::EventListKind::BinaryHeap;
    QTest::newRow("pairing_heap") << des::EventListKind::PairingHeap;
}

struct Moments {
    double mean = 0.0;
    double cv = 0.0;
};

Moments sample(const des::Sampler& sampler, double mean, int n, std::uint64_t seed)
{
    des::RandomStream random(seed, 7, 0);
    double sum = 0.0, squares = 0.0;
    for (int i = 0; i < n; ++i) {
        const double x = sampler(random, mean);
        sum += x;
        squares += x * x;
    }
    Moments m;
    m.mean = sum / n;
    const double variance = squares / n - m.mean * m.mean;
    m.cv = std::sqrt(std::max(0.0, variance)) / m.mean;
    return m;
}

}  // namespace

class TestDesEngine : public QObject {
    Q_OBJECT

private slots:
    void listOrdersLikeReference_data() { addEventListRows(); }
    void listOrdersLikeReference()
    {
        // Random pushes, removes and updates, checked against a std::set of
        // (time, order, handle) after every pop.
        QFETCH(des::EventListKind, kind);
        auto list = des::makeEventList(kind);
        std::set<std::tuple<double, std::uint64_t, std::uint32_t>> reference;
        std::vector<std::pair<double, std::uint64_t>> key(5000);
        std::vector<bool> present(5000, false);
        des::RandomStream random(42, 0, 0);
        std::uint64_t order = 0;
        for (int step = 0; step < 200000; ++step) {
            const auto h = random.below(5000);
            const double op = random.uniform();
            if (!present[h]) {
                // Coarse times so equal times (and the order tie-break) are common.
                key[h] = {std::floor(random.uniform() * 100.0), order++};
                list->push(key[h].first, key[h].second, h);
                reference.emplace(key[h].first, key[h].second, h);
                present[h] = true;
            } else if (op < 0.3) {
                list->remove(h);
                reference.erase({key[h].first, key[h].second, h});
                present[h] = false;
            } else if (op < 0.6) {
                reference.erase({key[h].first, key[h].second, h});
                key[h] = {std::floor(random.uniform() * 100.0), order++};
                list->update(h, key[h].first, key[h].second);
                reference.emplace(key[h].first, key[h].second, h);
            } else if (!reference.empty()) {
                const auto expected = *reference.begin();
                QCOMPARE(list->topTime(), std::get<0>(expected));
                QCOMPARE(list->pop(), std::get<2>(expected));
                reference.erase(reference.begin());
                present[std::get<2>(expected)] = false;
            }
            QCOMPARE(list->size(), reference.size());
        }
        while (!reference.empty()) {
            QCOMPARE(list->pop(), std::get<2>(*reference.begin()));
            reference.erase(reference.begin());
        }
        QVERIFY(list->empty());
    }

    void engineTimePriorityFifo_data() { addEventListRows(); }
    void engineTimePriorityFifo()
    {
        QFETCH(des::EventListKind, kind);
        des::Engine engine(kind);
        std::vector<std::uint32_t> seen;
        // Same time: priority first (lower runs first), then first scheduled.
        engine.schedule(2.0, des::Event{0, 1, 0});
        engine.schedule(1.0, des::Event{0, 2, 0}, 5);
        engine.schedule(1.0, des::Event{0, 3, 0}, 0);
        engine.schedule(1.0, des::Event{0, 4, 0}, 0);
        engine.schedule(1.0, des::Event{0, 5, 0}, -3);
        const auto reason = engine.run(10.0, [&](const des::Event& e) { seen.push_back(e.target); });
        QCOMPARE(reason, des::StopReason::Empty);
        QCOMPARE(seen, (std::vector<std::uint32_t>{5, 3, 4, 2, 1}));
        QCOMPARE(engine.eventsExecuted(), std::uint64_t{5});
    }

    void engineReservedOrder_data() { addEventListRows(); }
    void engineReservedOrder()
    {
        // An event scheduled with a reserved place runs as if it had been
        // scheduled when the place was reserved: before events scheduled in
        // between at the same time and priority, after earlier ones.
        QFETCH(des::EventListKind, kind);
        des::Engine engine(kind);
        std::vector<std::uint32_t> seen;
        engine.schedule(1.0, des::Event{0, 1, 0});
        const std::uint64_t place = engine.reserve();
        engine.schedule(1.0, des::Event{0, 3, 0});
        engine.post(1.0, des::Event{0, 4, 0});
        const auto id = engine.scheduleReserved(1.0, des::Event{0, 2, 0}, place);
        const std::uint64_t late = engine.reserve(-1);  // priority kept in the reservation
        engine.scheduleReserved(1.0, des::Event{0, 0, 0}, late);
        QVERIFY(engine.pending(id));
        QVERIFY(engine.reschedule(id, 1.0));  // takes a new place (last among priority 0)
        engine.run(10.0, [&](const des::Event& e) { seen.push_back(e.target); });
        QCOMPARE(seen, (std::vector<std::uint32_t>{0, 1, 3, 4, 2}));
    }

    void engineCancelRescheduleStale_data() { addEventListRows(); }
    void engineCancelRescheduleStale()
    {
        QFETCH(des::EventListKind, kind);
        des::Engine engine(kind);
        std::vector<std::uint32_t> seen;
        const auto a = engine.schedule(1.0, des::Event{0, 1, 0});
        const auto b = engine.schedule(2.0, des::Event{0, 2, 0});
        const auto c = engine.schedule(3.0, des::Event{0, 3, 0});
        QVERIFY(engine.cancel(b));
        QVERIFY(!engine.cancel(b));  // already cancelled
        QVERIFY(engine.reschedule(c, 0.5));
        QVERIFY(engine.pending(a));
        engine.run(10.0, [&](const des::Event& e) { seen.push_back(e.target); });
        QCOMPARE(seen, (std::vector<std::uint32_t>{3, 1}));
        // a ran: its id is stale even after the slot is reused.
        const auto d = engine.schedule(20.0, des::Event{0, 4, 0});
        QVERIFY(!engine.pending(a));
        QVERIFY(!engine.cancel(a));
        QVERIFY(!engine.reschedule(a, 30.0));
        QVERIFY(engine.pending(d));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, engine.schedule(0.25, des::Event{}));  // the past (now = 1)
    }

    void heapTemplateOrdersLikeReference()
    {
        // The sift loops shared by every heap (d_ary_heap.h), bare, for
        // D = 2, 3, 4: random pushes, pops and key changes (fix) against a
        // std::set of (key, id). Keys are coarse so ties go to the id.
        auto check = [](auto arity) {
            constexpr int D = decltype(arity)::value;
            struct Node {
                int key;
                int id;
            };
            const auto before = [](const Node& a, const Node& b) { return a.key < b.key || (a.key == b.key && a.id < b.id); };
            std::vector<Node> heap;
            std::set<std::pair<int, int>> reference;
            des::RandomStream random(46, D, 0);
            int nextId = 0;
            for (int step = 0; step < 100000; ++step) {
                const double op = random.uniform();
                if (op < 0.5 || heap.empty()) {
                    const Node node{static_cast<int>(random.below(200)), nextId++};
                    heap.push_back(node);
                    des::heap::siftUp<D>(heap.data(), heap.size() - 1, node, before);
                    reference.emplace(node.key, node.id);
                } else if (op < 0.6) {
                    // A new key for a node anywhere in the heap.
                    const std::size_t i = random.below(static_cast<std::uint32_t>(heap.size()));
                    reference.erase({heap[i].key, heap[i].id});
                    const Node node{static_cast<int>(random.below(200)), heap[i].id};
                    des::heap::fix<D>(heap.data(), heap.size(), i, node, before);
                    reference.emplace(node.key, node.id);
                } else {
                    QCOMPARE(heap.front().key, reference.begin()->first);
                    QCOMPARE(heap.front().id, reference.begin()->second);
                    reference.erase(reference.begin());
                    const Node last = heap.back();
                    heap.pop_back();
                    if (!heap.empty())
                        des::heap::siftDown<D>(heap.data(), heap.size(), 0, last, before);
                }
                QCOMPARE(heap.size(), reference.size());
            }
        };
        check(std::integral_constant<int, 2>{});
        check(std::integral_constant<int, 3>{});
        check(std::integral_constant<int, 4>{});
    }

    void postedHeapOrdersLikeReference()
    {
        // Random pushes and pops (more pushes: the heap grows past several
        // reallocations), checked against a std::set of (time, order).
        des::PostedEventHeap heap;
        std::set<std::pair<double, std::uint64_t>> reference;
        des::RandomStream random(43, 0, 0);
        std::uint64_t order = 0;
        for (int step = 0; step < 300000; ++step) {
            if (random.uniform() < 0.55 || reference.empty()) {
                const double time = std::floor(random.uniform() * 1000.0);  // coarse: many ties
                heap.push(time, order, des::Event{1, static_cast<std::uint32_t>(order), 0});
                reference.emplace(time, order);
                ++order;
            } else {
                const auto expected = *reference.begin();
                QCOMPARE(heap.topTime(), expected.first);
                QCOMPARE(heap.topOrder(), expected.second);
                QCOMPARE(heap.topEvent().target, static_cast<std::uint32_t>(expected.second));
                heap.pop();
                reference.erase(reference.begin());
            }
            QCOMPARE(heap.size(), reference.size());
        }
        while (!reference.empty()) {
            QCOMPARE(heap.topOrder(), reference.begin()->second);
            heap.pop();
            reference.erase(reference.begin());
        }
        QVERIFY(heap.empty());
    }

    void enginePostMergesWithSchedule_data() { addEventListRows(); }
    void enginePostMergesWithSchedule()
    {
        // The same random program run twice: once with every event
        // scheduled, once with the never-cancelled ones posted. Events must
        // run in the same order (time, priority, sequence), whichever list
        // holds them; cancellations and reschedules of the others included.
        QFETCH(des::EventListKind, kind);
        auto play = [kind](bool usePost) {
            des::Engine engine(kind);
            des::RandomStream random(44, 0, 0);
            std::vector<des::EventId> cancellable;
            std::vector<std::uint32_t> seen;
            std::uint32_t next = 0;
            auto add = [&] {
                const double delay = std::floor(random.uniform() * 8.0) * 0.5;  // ties at equal times
                const int priority = static_cast<int>(random.below(3)) - 1;
                const bool fixed = random.uniform() < 0.6;
                const des::Event e{fixed ? 1u : 2u, next++, 0};
                if (fixed && usePost)
                    engine.postIn(delay, e, priority);
                else if (fixed)
                    engine.scheduleIn(delay, e, priority);
                else
                    cancellable.push_back(engine.scheduleIn(delay, e, priority));
            };
            for (int i = 0; i < 50; ++i)
                add();
            engine.run(1e9, [&](const des::Event& e) {
                seen.push_back(e.target);
                if (seen.size() < 20000) {
                    add();
                    add();
                }
                if (!cancellable.empty() && random.uniform() < 0.3) {
                    const std::size_t k = random.below(static_cast<std::uint32_t>(cancellable.size()));
                    if (random.uniform() < 0.5)
                        engine.cancel(cancellable[k]);
                    else
                        engine.reschedule(cancellable[k], engine.now() + std::floor(random.uniform() * 4.0) * 0.5);
                }
            });
            return seen;
        };
        const auto scheduled = play(false);
        const auto posted = play(true);
        QVERIFY(scheduled.size() > 20000);
        QCOMPARE(posted, scheduled);
    }

    void psJobSetOrdersLikeReference()
    {
        // Jobs of a PS station: fixed-work ones in lanes (tags = a
        // non-decreasing virtual time + work, with jobs entering at the same
        // virtual time so tags tie), others in the heap; more distinct fixed
        // works than lanes. Pops must follow (tag, frame) exactly.
        des::PsJobSet set;
        std::set<std::pair<double, std::int32_t>> reference;
        std::set<std::int32_t> freeFrames;
        for (std::int32_t f = 0; f < 4000; ++f)
            freeFrames.insert(f);
        des::RandomStream random(45, 0, 0);
        double virtualTime = 0.0;
        const double fixed[] = {0.25, 1.0, 0.5, 2.0, 0.125, 3.0, 0.75, 1.5, 4.0, 0.0625, 6.0};
        for (int step = 0; step < 200000; ++step) {
            if (random.uniform() < 0.3)
                virtualTime += std::floor(random.uniform() * 4.0) * 0.0625;  // often unchanged: ties
            if (step == 100000) {
                set.clear();
                for (const auto& job : reference)
                    freeFrames.insert(job.second);
                reference.clear();
            }
            if ((random.uniform() < 0.52 && !freeFrames.empty()) || reference.empty()) {
                // A random free frame id, so ids are not in arrival order.
                auto it = freeFrames.lower_bound(static_cast<std::int32_t>(random.below(4000)));
                if (it == freeFrames.end())
                    it = freeFrames.begin();
                const std::int32_t frame = *it;
                freeFrames.erase(it);
                if (random.uniform() < 0.7) {
                    const double work = fixed[random.below(11)];
                    set.pushFixed(des::PsJob{virtualTime + work, frame}, work);
                    reference.emplace(virtualTime + work, frame);
                } else {
                    const double work = random.uniform() * 3.0;
                    set.push(des::PsJob{virtualTime + work, frame});
                    reference.emplace(virtualTime + work, frame);
                }
            } else {
                const auto expected = *reference.begin();
                QCOMPARE(set.top().tag, expected.first);
                QCOMPARE(set.top().frame, expected.second);
                const des::PsJob job = set.pop();
                QCOMPARE(job.frame, expected.second);
                reference.erase(reference.begin());
                freeFrames.insert(job.frame);
            }
            QCOMPARE(set.size(), reference.size());
        }
        while (!reference.empty()) {
            QCOMPARE(set.pop().frame, reference.begin()->second);
            reference.erase(reference.begin());
        }
        QVERIFY(set.empty());
    }

    void engineRunUntilAndStop_data() { addEventListRows(); }
    void engineRunUntilAndStop()
    {
        QFETCH(des::EventListKind, kind);
        des::Engine engine(kind);
        int count = 0;
        // A self-rescheduling clock every 1 s.
        auto handler = [&](const des::Event&) {
            ++count;
            engine.scheduleIn(1.0, des::Event{});
            if (count == 25)
                engine.stop();
        };
        engine.schedule(0.0, des::Event{});
        QCOMPARE(engine.run(9.5, handler), des::StopReason::ReachedTime);
        QCOMPARE(count, 10);  // t = 0..9
        QCOMPARE(engine.now(), 9.5);
        QCOMPARE(engine.run(10.0, handler), des::StopReason::ReachedTime);
        QCOMPARE(count, 11);  // t = 10 runs: events at `until` are included
        QCOMPARE(engine.run(100.0, handler), des::StopReason::Stopped);
        QCOMPARE(count, 25);
        QCOMPARE(engine.now(), 24.0);
        // The poll hook cancels.
        int polls = 0;
        engine.setPoll([&] { return ++polls < 3; }, 4);
        QCOMPARE(engine.run(1e9, handler), des::StopReason::Cancelled);
        QCOMPARE(count, 25 + 12);
    }

    void streamsReproducibleAndDistinct()
    {
        des::RandomStream a(1, 2, 3), b(1, 2, 3), c(1, 2, 4), d(1, 3, 3), e(2, 2, 3);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(a.next(), b.next());
        const auto x = a.next();
        QVERIFY(x != c.next());
        QVERIFY(x != d.next());
        QVERIFY(x != e.next());
        // Pin the generator: xoshiro256** output depends only on the keys.
        // (A change here changes every simulation result for a given seed.)
        des::RandomStream pinned(1, 0, 0);
        const std::uint64_t first = pinned.next();
        des::RandomStream again(1, 0, 0);
        QCOMPARE(again.next(), first);
        // Uniform in [0,1): mean 1/2, variance 1/12.
        des::RandomStream u(9, 9, 9);
        double sum = 0, squares = 0;
        const int n = 400000;
        for (int i = 0; i < n; ++i) {
            const double v = u.uniform();
            QVERIFY(v >= 0.0 && v < 1.0);
            sum += v;
            squares += v * v;
        }
        // Standard error of the mean: sqrt(1/12/n) = 4.6e-4; allow 4 of them.
        QVERIFY(std::fabs(sum / n - 0.5) < 2e-3);
        QVERIFY(std::fabs(squares / n - sum / n * sum / n - 1.0 / 12.0) < 2e-3);
        // below(n) covers 0..n-1 evenly.
        std::vector<int> counts(7, 0);
        for (int i = 0; i < 70000; ++i)
            ++counts[u.below(7)];
        for (int k : counts)
            QVERIFY(std::abs(k - 10000) < 500);  // sd = sqrt(10000 * 6/7) = 93
    }

    void distributions_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("cv");
        QTest::addColumn<int>("k");
        QTest::addColumn<double>("expectedCv");
        using K = spec::DistributionKind;
        QTest::newRow("exponential") << int(K::Exponential) << 1.0 << 1 << 1.0;
        QTest::newRow("deterministic") << int(K::Deterministic) << 0.0 << 1 << 0.0;
        QTest::newRow("lognormal cv 1.5") << int(K::Lognormal) << 1.5 << 1 << 1.5;
        QTest::newRow("lognormal cv 0.5") << int(K::Lognormal) << 0.5 << 1 << 0.5;
        QTest::newRow("erlang 4") << int(K::Erlang) << 0.0 << 4 << 0.5;       // 1/sqrt(4)
        QTest::newRow("erlang 40") << int(K::Erlang) << 0.0 << 40 << 1.0 / std::sqrt(40.0);
        QTest::newRow("hyperexponential cv 2") << int(K::Hyperexponential) << 2.0 << 1 << 2.0;
        QTest::newRow("uniform cv 0.3") << int(K::Uniform) << 0.3 << 1 << 0.3;
    }
    void distributions()
    {
        QFETCH(int, kind);
        QFETCH(double, cv);
        QFETCH(int, k);
        QFETCH(double, expectedCv);
        spec::Distribution d;
        d.kind = static_cast<spec::DistributionKind>(kind);
        d.cv = cv;
        d.k = k;
        const des::Sampler sampler(d);
        QCOMPARE(sampler.scv(), expectedCv * expectedCv);
        const Moments m = sample(sampler, 0.02, 1'000'000, 5);
        // Mean: standard error 0.02 * cv / sqrt(1e6) <= 0.02 * 2e-3 -> 1% covers > 4 sigma.
        QVERIFY2(std::fabs(m.mean / 0.02 - 1.0) < 0.01, qPrintable(QString::number(m.mean)));
        // CV: the sample sd of heavy tails (lognormal 1.5) converges slowly; 5%.
        QVERIFY2(std::fabs(m.cv - expectedCv) <= 0.05 * std::max(expectedCv, 0.1),
                 qPrintable(QString("cv %1, expected %2").arg(m.cv).arg(expectedCv)));
    }

    void mserFindsTransient()
    {
        // A decaying transient (mean 10 -> 1 over the first 2000 points)
        // plus noise: MSER-5 must cut near the end of the transient, and
        // nothing from a stationary series.
        des::RandomStream random(3, 0, 0);
        std::vector<double> series;
        for (int i = 0; i < 20000; ++i) {
            const double level = i < 2000 ? 1.0 + 9.0 * (1.0 - i / 2000.0) : 1.0;
            series.push_back(level - std::log(random.uniformPositive()) * 0.5);
        }
        const auto cut = stats::mser(series);
        QVERIFY(cut.reliable);
        QVERIFY2(cut.observations >= 1200 && cut.observations <= 4000, qPrintable(QString::number(cut.observations)));
        std::vector<double> flat(series.begin() + 4000, series.end());
        const auto none = stats::mser(flat);
        QVERIFY(none.reliable);
        QVERIFY2(none.observations < 1600, qPrintable(QString::number(none.observations)));  // < 10%
        // A series still rising at the end: MSER cannot settle.
        std::vector<double> ramp;
        for (int i = 0; i < 5000; ++i)
            ramp.push_back(i * 0.01);
        QVERIFY(!stats::mser(ramp).reliable);
    }

    void sketchRelativeError()
    {
        // Against exact order statistics of a heavy-tailed sample: every
        // quantile within the 0.5% accuracy (the contract is 1%).
        stats::QuantileSketch sketch;
        std::vector<double> values;
        des::RandomStream random(11, 0, 0);
        spec::Distribution d;
        d.kind = spec::DistributionKind::Lognormal;
        d.cv = 3.0;
        const des::Sampler sampler(d);
        for (int i = 0; i < 200000; ++i) {
            const double v = sampler(random, 0.05);
            values.push_back(v);
            sketch.add(v);
        }
        std::sort(values.begin(), values.end());
        for (double q : {0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999}) {
            const double exact = values[static_cast<std::size_t>(q * (values.size() - 1))];
            const double got = sketch.quantile(q);
            QVERIFY2(std::fabs(got / exact - 1.0) <= 0.0051, qPrintable(QString("q %1: %2 vs %3").arg(q).arg(got).arg(exact)));
        }
        // Merging two halves equals one sketch of everything; subtracting an
        // earlier snapshot leaves the later values.
        stats::QuantileSketch a, b, whole;
        for (std::size_t i = 0; i < values.size(); ++i) {
            (i % 2 ? a : b).add(values[i]);
            whole.add(values[i]);
        }
        stats::QuantileSketch merged = a;
        merged.merge(b);
        QCOMPARE(merged.count(), whole.count());
        QCOMPARE(merged.quantile(0.95), whole.quantile(0.95));
        stats::QuantileSketch later = whole;
        later.subtract(a);
        QCOMPARE(later.count(), b.count());
        QCOMPARE(later.quantile(0.5), b.quantile(0.5));
    }

    void studentT()
    {
        // Table values (NIST/SEMATECH): t(0.975; 4) = 2.776, t(0.975; 30) = 2.042, t(0.975; 120) = 1.980.
        QCOMPARE(stats::studentT975(4), 2.776);
        QVERIFY(std::fabs(stats::studentT975(30) - 2.042) < 1e-3);
        QVERIFY(std::fabs(stats::studentT975(120) - 1.980) < 1e-3);
        // Mean 3, sample sd 1.5811 of {1..5}: half width 2.776 * 1.5811 / sqrt(5) = 1.963.
        const auto s = stats::summarize({1, 2, 3, 4, 5});
        QCOMPARE(s.mean, 3.0);
        QVERIFY(s.ci95);
        QVERIFY(std::fabs(s.ci95->high - 3.0 - 1.963) < 1e-3);
        QVERIFY(!stats::summarize({1.0}).ci95);
    }
};

QTEST_GUILESS_MAIN(TestDesEngine)
#include "tst_des_engine.moc"
