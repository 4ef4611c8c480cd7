// Issue 13 acceptance: the analytic solver against exact references for the
// layered effects (pools held across calls, connection pools, sequential
// calls with a thread held, finite waiting rooms, timeouts). The reference
// is a continuous-time Markov chain of the SAME semantics as the simulator
// (docs/methods.md, "Discrete-event simulator", "Semantics"), written here
// from scratch and solved with Eigen's sparse LU: exponential demands and
// think times, PS hosts, a token held from arrival to the end of the last
// call, FIFO waiting for tokens, arrivals finding max_queue waiting turned
// away (the user thinks again), callers giving up after `timeout` while the
// callee keeps working.
//
// Each model is solved below, at and past its knee (the knee from the exact
// saturated throughput: N* = X_max (Z + D)). The analytic answer must be
// within 3% of the exact throughput, 5% of the exact mean response time (of
// completed requests) and 1 percentage point of the exact error rate.
#include "analytic/solver.h"
#include "graph/graph.h"
#include "io/loader.h"

#include <Eigen/Sparse>
#include <Eigen/SparseLU>

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using namespace headroom;

namespace {

// A continuous-time Markov chain built by exploring the states reachable
// from an initial one. A state is a vector of small integers; `moves` lists
// the transitions out of a state with their rates and a tag (flows are the
// long-run rates of the transitions carrying a tag).
struct Ctmc {
    using State = std::vector<int>;
    struct Move {
        State to;
        double rate;
        int tag;
    };
    std::vector<State> states;
    std::map<State, int> index;
    std::vector<std::vector<std::pair<int, double>>> out;
    std::vector<std::vector<int>> tags;
    std::vector<double> pi;

    void explore(const State& start, const std::function<void(const State&, std::vector<Move>&)>& moves) {
        index[start] = 0;
        states.push_back(start);
        std::vector<Move> buffer;
        for (size_t i = 0; i < states.size(); ++i) {
            buffer.clear();
            const State s = states[i];
            moves(s, buffer);
            out.emplace_back();
            tags.emplace_back();
            for (const auto& m : buffer) {
                if (!(m.rate > 0)) continue;
                auto it = index.find(m.to);
                int j;
                if (it == index.end()) {
                    j = static_cast<int>(states.size());
                    index.emplace(m.to, j);
                    states.push_back(m.to);
                    if (states.size() > 3'000'000) throw std::runtime_error("ctmc: too many states");
                } else {
                    j = it->second;
                }
                out[i].push_back({j, m.rate});
                tags[i].push_back(m.tag);
            }
        }
    }

    // pi Q = 0 with sum pi = 1: Q^T pi = 0 with the last equation replaced by the normalisation.
    void solve() {
        const int n = static_cast<int>(states.size());
        std::vector<Eigen::Triplet<double>> t;
        for (int i = 0; i < n; ++i) {
            double total = 0;
            for (auto [j, r] : out[static_cast<size_t>(i)]) {
                if (j == i) continue;
                total += r;
                if (j != n - 1) t.emplace_back(j, i, r);
            }
            if (i != n - 1) t.emplace_back(i, i, -total);
        }
        for (int i = 0; i < n; ++i) t.emplace_back(n - 1, i, 1.0);
        Eigen::SparseMatrix<double> a(n, n);
        a.setFromTriplets(t.begin(), t.end());
        a.makeCompressed();
        Eigen::SparseLU<Eigen::SparseMatrix<double>> lu;
        lu.compute(a);
        if (lu.info() != Eigen::Success) throw std::runtime_error("ctmc: factorisation failed");
        Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
        b[n - 1] = 1.0;
        const Eigen::VectorXd x = lu.solve(b);
        pi.assign(x.data(), x.data() + n);
        double sum = 0;
        for (double& p : pi) {
            p = std::max(p, 0.0);  // round-off below zero
            sum += p;
        }
        for (double& p : pi) p /= sum;
    }

    double expect(const std::function<double(const State&)>& f) const {
        double s = 0;
        for (size_t i = 0; i < states.size(); ++i) s += pi[i] * f(states[i]);
        return s;
    }
    double flow(int tag) const {
        double s = 0;
        for (size_t i = 0; i < states.size(); ++i)
            for (size_t k = 0; k < out[i].size(); ++k)
                if (tags[i][k] == tag) s += pi[i] * out[i][k].second;
        return s;
    }
};

enum Tag { kNone = 0, kIssue, kReject, kDone };

struct Exact {
    double throughput = 0;  // completed requests per second
    double response = 0;    // mean over completed requests
    double errorRate = 0;   // turned away or timed out, over issued
};

struct Figures {
    double x, r, e;
};

// The analytic answer for a YAML model at `load` users (closed) or arrivals per second (open).
Figures analyticOf(const std::string& yaml, double load, bool open) {
    spec::Architecture spec = io::loadString(yaml, "test.yaml");
    if (open) spec.workload.arrivalRate = load;
    else spec.workload.users = load;
    const graph::Graph g = graph::build(spec);
    const stats::Results r = open ? analytic::solveOpen(g, load) : analytic::solve(g, load);
    return {r.throughput, r.responseTime.mean, r.errorRate};
}

void compare(const Exact& exact, const Figures& a, const char* what) {
    const double dx = std::fabs(a.x - exact.throughput) / exact.throughput;
    const double dr = std::fabs(a.r - exact.response) / exact.response;
    const double de = std::fabs(a.e - exact.errorRate);
    qInfo("%s: X exact %.5g analytic %.5g (%+.2f%%), R exact %.5g analytic %.5g (%+.2f%%), errors exact %.3f%% analytic %.3f%%",
          what, exact.throughput, a.x, 100 * (a.x / exact.throughput - 1), exact.response, a.r, 100 * (a.r / exact.response - 1),
          100 * exact.errorRate, 100 * a.e);
    QVERIFY2(std::isfinite(a.x) && std::isfinite(a.r) && std::isfinite(a.e), what);
    QVERIFY2(dx <= 0.03, qPrintable(QString("%1: throughput off by %2%").arg(what).arg(100 * dx)));
    QVERIFY2(dr <= 0.05, qPrintable(QString("%1: response time off by %2%").arg(what).arg(100 * dr)));
    QVERIFY2(de <= 0.01, qPrintable(QString("%1: error rate off by %2 points").arg(what).arg(100 * de)));
}

// The saturated throughput of a closed network of `holders` requests cycling
// with no think time through the holder's work: the pool's top rate.
double saturated(int holders, const std::function<void(const Ctmc::State&, std::vector<Ctmc::Move>&)>& inner, const Ctmc::State& start,
                 int doneTag) {
    (void)holders;
    Ctmc c;
    c.explore(start, inner);
    c.solve();
    return c.flow(doneTag);
}

// users (think time z) -> app (P threads, 2 cores, dApp) -> db (1 core,
// dDb), the thread held through the call; with a waiting room of `room`
// (-1: unlimited) a request that finds it full is turned away and its user
// thinks again. State (waiting for a thread, holders at the app's cores,
// holders at the database). Exact figures of its stationary law.
Exact appDbTier(int users, int P, int room, double z, double dApp, double dDb) {
    Ctmc c;
    c.explore({0, 0, 0}, [&](const Ctmc::State& s, std::vector<Ctmc::Move>& mv) {
        const int w = s[0], a = s[1], b = s[2], thinking = users - w - a - b;
        if (thinking > 0) {
            if (a + b < P) mv.push_back({{w, a + 1, b}, thinking / z, kIssue});
            else if (room < 0 || w < room) mv.push_back({{w + 1, a, b}, thinking / z, kIssue});
            else mv.push_back({s, thinking / z, kReject});
        }
        if (a > 0) mv.push_back({{w, a - 1, b + 1}, std::min(a, 2) / dApp, kNone});
        if (b > 0) mv.push_back({w > 0 ? Ctmc::State{w - 1, a + 1, b - 1} : Ctmc::State{w, a, b - 1}, 1.0 / dDb, kDone});
    });
    c.solve();
    Exact e;
    e.throughput = c.flow(kDone);
    e.response = c.expect([](const Ctmc::State& s) { return double(s[0] + s[1] + s[2]); }) / e.throughput;
    const double rejected = c.flow(kReject), admitted = c.flow(kIssue);
    e.errorRate = rejected / (rejected + admitted);
    return e;
}

// The same tier's top rate: P holders cycling through the app and the database with no think time.
double appDbTopRate(int P, double dApp, double dDb) {
    return saturated(P, [&](const Ctmc::State& s, std::vector<Ctmc::Move>& mv) {
        const int a = s[0], b = s[1];
        if (a > 0) mv.push_back({{a - 1, b + 1}, std::min(a, 2) / dApp, kNone});
        if (b > 0) mv.push_back({{a + 1, b - 1}, 1.0 / dDb, kDone});
    }, {P, 0}, kDone);
}

}  // namespace

class TestAnalyticLayered : public QObject {
    Q_OBJECT

private:
    // Runs `solve` at 0.5x, 1x, 2x and `far` x the knee.
    void atLoads(double knee, double far, const std::function<void(double, const char*)>& solve) {
        const double multiples[] = {0.5, 1.0, 2.0, far};
        for (double m : multiples) {
            const QString label = QString("%1 x knee (%2)").arg(m).arg(std::max(1.0, std::round(m * knee)));
            solve(std::max(1.0, std::round(m * knee)), qPrintable(label));
            if (QTest::currentTestFailed()) return;
        }
    }

private slots:
    // A slow database exhausts the app's three threads: users -> app (3
    // threads, 2 cores, 5 ms) -> db (1 core, 20 ms). State (waiting for a
    // thread, holders at the app's cores, holders at the database).
    void threadBoundTier() {
        const int P = 3;
        const double dApp = 0.005, dDb = 0.020, z = 1.0;
        const std::string yaml = R"(
name: thread-bound tier
workload: {users: 10, think_time: 1s}
components:
  - {id: app, kind: service, cores: 2, threads: 3, demand: 5ms, calls: [{to: db}]}
  - {id: db, kind: database, cores: 1, demand: 20ms}
)";
        auto solveAt = [&](double users, const char* label) {
            compare(appDbTier(static_cast<int>(users), P, -1, z, dApp, dDb), analyticOf(yaml, users, false), label);
        };
        const double top = appDbTopRate(P, dApp, dDb);
        atLoads(top * (z + dApp + dDb), 4.0, solveAt);
    }

    // A four-connection pool in front of an eight-core database: users -> app
    // (8 threads, 2 cores, 4 ms) -> db (4 connections, 8 cores, 40 ms): the
    // database can never use more than four cores. State (waiting for an app
    // thread, holders at the app's cores, holders waiting for a connection,
    // holders with a connection).
    void connectionPoolBoundDatabase() {
        const int threads = 8, connections = 4;
        const double dApp = 0.004, dDb = 0.040, z = 1.0;
        const std::string yaml = R"(
name: connection-pool-bound database
workload: {users: 10, think_time: 1s}
components:
  - {id: app, kind: service, cores: 2, threads: 8, demand: 4ms, calls: [{to: db}]}
  - {id: db, kind: database, cores: 8, connections: 4, demand: 40ms}
)";
        auto solveAt = [&](double users, const char* label) {
            const int n = static_cast<int>(users);
            Ctmc c;
            c.explore({0, 0, 0, 0}, [&](const Ctmc::State& s, std::vector<Ctmc::Move>& mv) {
                const int w = s[0], a = s[1], q = s[2], b = s[3], thinking = n - w - a - q - b;
                const bool free = a + q + b < threads;
                if (thinking > 0) mv.push_back({free ? Ctmc::State{w, a + 1, q, b} : Ctmc::State{w + 1, a, q, b}, thinking / z, kIssue});
                if (a > 0) mv.push_back({b < connections ? Ctmc::State{w, a - 1, q, b + 1} : Ctmc::State{w, a - 1, q + 1, b}, std::min(a, 2) / dApp, kNone});
                if (b > 0) {
                    // The connection goes to the next waiter; the app thread to the next user.
                    const int nq = q > 0 ? q - 1 : q, nb = q > 0 ? b : b - 1;
                    mv.push_back({w > 0 ? Ctmc::State{w - 1, a + 1, nq, nb} : Ctmc::State{w, a, nq, nb}, b / dDb, kDone});
                }
            });
            c.solve();
            Exact e;
            e.throughput = c.flow(kDone);
            e.response = c.expect([](const Ctmc::State& s) { return double(s[0] + s[1] + s[2] + s[3]); }) / e.throughput;
            compare(e, analyticOf(yaml, users, false), label);
        };
        const double top = saturated(threads, [&](const Ctmc::State& s, std::vector<Ctmc::Move>& mv) {
            const int a = s[0], q = s[1], b = s[2];
            if (a > 0) mv.push_back({b < connections ? Ctmc::State{a - 1, q, b + 1} : Ctmc::State{a - 1, q + 1, b}, std::min(a, 2) / dApp, kNone});
            if (b > 0) mv.push_back({q > 0 ? Ctmc::State{a + 1, q - 1, b} : Ctmc::State{a + 1, q, b - 1}, b / dDb, kDone});
        }, {threads, 0, 0}, kDone);
        atLoads(top * (z + dApp + dDb), 3.0, solveAt);
    }

    // Three database calls per request, the app thread held throughout:
    // users -> app (4 threads, 1 core, 4 ms) -> db x 3 (1 core PS, 6 ms each).
    // State (waiting, at the app's core, at the database for call 1, 2, 3).
    void sequentialCallsWithThreadsHeld() {
        const int P = 4;
        const double dApp = 0.004, dDb = 0.006, z = 0.5;
        const std::string yaml = R"(
name: sequential calls
workload: {users: 10, think_time: 500ms}
components:
  - {id: app, kind: service, cores: 1, threads: 4, demand: 4ms, calls: [{to: db, visits: 3}]}
  - {id: db, kind: database, cores: 1, demand: 6ms}
)";
        auto dbMoves = [&](const Ctmc::State& s, int first, std::vector<Ctmc::Move>& mv, const std::function<Ctmc::State(Ctmc::State)>& finish) {
            const int total = s[first] + s[first + 1] + s[first + 2];
            for (int phase = 0; phase < 3; ++phase) {
                const int k = s[first + phase];
                if (k == 0) continue;
                const double rate = double(k) / total / dDb;  // PS on one core
                Ctmc::State t = s;
                --t[first + phase];
                if (phase < 2) {
                    ++t[first + phase + 1];
                    mv.push_back({t, rate, kNone});
                } else {
                    mv.push_back({finish(t), rate, kDone});
                }
            }
        };
        auto solveAt = [&](double users, const char* label) {
            const int n = static_cast<int>(users);
            Ctmc c;
            c.explore({0, 0, 0, 0, 0}, [&](const Ctmc::State& s, std::vector<Ctmc::Move>& mv) {
                const int w = s[0], a = s[1], held = s[1] + s[2] + s[3] + s[4], thinking = n - w - held;
                if (thinking > 0) {
                    Ctmc::State t = s;
                    ++t[held < P ? 1 : 0];
                    mv.push_back({t, thinking / z, kIssue});
                }
                if (a > 0) mv.push_back({{w, a - 1, s[2] + 1, s[3], s[4]}, 1.0 / dApp, kNone});  // one core, PS: rate 1 in total
                dbMoves(s, 2, mv, [](Ctmc::State t) {
                    if (t[0] > 0) {
                        --t[0];
                        ++t[1];
                    }
                    return t;
                });
            });
            c.solve();
            Exact e;
            e.throughput = c.flow(kDone);
            e.response = c.expect([](const Ctmc::State& s) { return double(s[0] + s[1] + s[2] + s[3] + s[4]); }) / e.throughput;
            compare(e, analyticOf(yaml, users, false), label);
        };
        const double top = saturated(P, [&](const Ctmc::State& s, std::vector<Ctmc::Move>& mv) {
            if (s[0] > 0) mv.push_back({{s[0] - 1, s[1] + 1, s[2], s[3]}, 1.0 / dApp, kNone});
            // reuse the database moves on indices 1..3; a finished holder starts again at the app
            const int total = s[1] + s[2] + s[3];
            for (int phase = 0; phase < 3; ++phase) {
                const int k = s[1 + phase];
                if (k == 0) continue;
                Ctmc::State t = s;
                --t[1 + phase];
                if (phase < 2) ++t[2 + phase];
                else ++t[0];
                mv.push_back({t, double(k) / total / dDb, phase == 2 ? kDone : kNone});
            }
        }, {P, 0, 0, 0}, kDone);
        atLoads(top * (z + dApp + 3 * dDb), 4.0, solveAt);
    }

    // A finite waiting room: users -> app (2 threads, max_queue 3, 2 cores,
    // 10 ms) -> db (1 core, 15 ms); a request that finds three waiting is
    // turned away and its user thinks again. State (waiting, at the app's
    // cores, at the database).
    void finiteWaitingRoom() {
        const int P = 2, Q = 3;
        const double dApp = 0.010, dDb = 0.015, z = 1.0;
        const std::string yaml = R"(
name: finite waiting room
workload: {users: 10, think_time: 1s}
components:
  - {id: app, kind: service, cores: 2, threads: 2, max_queue: 3, demand: 10ms, calls: [{to: db}]}
  - {id: db, kind: database, cores: 1, demand: 15ms}
)";
        auto solveAt = [&](double users, const char* label) {
            compare(appDbTier(static_cast<int>(users), P, Q, z, dApp, dDb), analyticOf(yaml, users, false), label);
        };
        const double top = appDbTopRate(P, dApp, dDb);
        atLoads(top * (z + dApp + dDb), 10.0, solveAt);
    }

    // A timeout: requests arrive (Poisson, open) at app (2 threads, max_queue
    // 4, 2 cores, 8 ms) -> db (1 core PS, 12 ms); the caller gives up after
    // 80 ms while the request keeps its place and its thread (as the
    // simulator does). Without retries the system evolves as if there were
    // no timeout; what a timeout changes is which requests count as done:
    // an accepted request completes if its sojourn S <= 80 ms. The law of S
    // is exact from a tagged request's absorbing chain (started in the
    // state it finds, PASTA), evaluated at 80 ms by uniformisation. State of
    // the system (waiting, holders at the app's cores, holders at the
    // database); of the tagged chain (where the tagged request is: 0..3
    // requests ahead of it in the queue, 4 at the app's cores, 5 at the
    // database; others waiting behind it; other holders at the app and at
    // the database).
    void timeout() {
        const int P = 2, Q = 4;
        const double dApp = 0.008, dDb = 0.012, limit = 0.080;
        const std::string yaml = R"(
name: timeout
workload: {arrival_rate: 10/s}
components:
  - {id: app, kind: service, cores: 2, threads: 2, max_queue: 4, demand: 8ms, timeout: )" + std::to_string(static_cast<int>(std::lround(limit * 1000))) + R"(ms, calls: [{to: db}]}
  - {id: db, kind: database, cores: 1, demand: 12ms}
)";
        auto solveAt = [&](double lambda, const char* label) {
            Ctmc c;
            c.explore({0, 0, 0}, [&](const Ctmc::State& s, std::vector<Ctmc::Move>& mv) {
                const int w = s[0], a = s[1], b = s[2];
                if (a + b < P) mv.push_back({{w, a + 1, b}, lambda, kIssue});
                else if (w < Q) mv.push_back({{w + 1, a, b}, lambda, kIssue});
                else mv.push_back({s, lambda, kReject});
                if (a > 0) mv.push_back({{w, a - 1, b + 1}, a / dApp, kNone});  // two cores, two holders at most
                if (b > 0) mv.push_back({w > 0 ? Ctmc::State{w - 1, a + 1, b - 1} : Ctmc::State{w, a, b - 1}, 1.0 / dDb, kDone});
            });
            c.solve();
            const double blocked = c.flow(kReject) / lambda;
            // The tagged chain: state {where, behind, a, b}; absorbing when the tagged request is done.
            enum { kAtApp = 4, kAtDb = 5 };
            Ctmc t;  // used for its state space only
            std::vector<std::pair<Ctmc::State, double>> start;
            for (size_t i = 0; i < c.states.size(); ++i) {
                const auto& s = c.states[i];
                const int w = s[0], a = s[1], b = s[2];
                if (a + b < P) start.push_back({{kAtApp, 0, a, b}, c.pi[i]});
                else if (w < Q) start.push_back({{w, 0, a, b}, c.pi[i]});
            }
            const int kDoneTag = 99;
            auto moves = [&](const Ctmc::State& s, std::vector<Ctmc::Move>& mv) {
                const int where = s[0], behind = s[1], a = s[2], b = s[3];
                if (where == -1) return;  // absorbed
                const bool holding = where >= kAtApp;
                const int holders = a + b + (holding ? 1 : 0);
                const int ahead = holding ? 0 : where;
                // Arrivals: a free thread, else the queue (behind), else turned away.
                if (holders < P) mv.push_back({{where, behind, a + 1, b}, lambda, kNone});
                else if (ahead + (holding ? 0 : 1) + behind < Q) mv.push_back({{where, behind + 1, a, b}, lambda, kNone});
                // Other holders.
                if (a > 0) mv.push_back({{where, behind, a - 1, b + 1}, a / dApp, kNone});
                const int atDb = b + (where == kAtDb ? 1 : 0);
                if (b > 0) {
                    // Another holder leaves the database (PS): its thread goes to the head of the queue.
                    const double rate = double(b) / atDb / dDb;
                    if (!holding) {
                        if (where > 0) mv.push_back({{where - 1, behind, a + 1, b - 1}, rate, kNone});
                        else mv.push_back({{kAtApp, behind, a, b - 1}, rate, kNone});
                    } else {
                        if (behind > 0) mv.push_back({{where, behind - 1, a + 1, b - 1}, rate, kNone});
                        else mv.push_back({{where, behind, a, b - 1}, rate, kNone});
                    }
                }
                if (where == kAtApp) mv.push_back({{kAtDb, behind, a, b}, 1.0 / dApp, kNone});
                if (where == kAtDb) mv.push_back({{-1, 0, 0, 0}, 1.0 / atDb / dDb, kDoneTag});
            };
            for (const auto& [state, p] : start) {
                (void)p;
                if (!t.index.count(state)) {
                    // Explore from each start (explore() starts a fresh chain: merge by hand).
                    Ctmc part;
                    part.explore(state, moves);
                    for (const auto& st : part.states)
                        if (!t.index.count(st)) {
                            t.index[st] = static_cast<int>(t.states.size());
                            t.states.push_back(st);
                        }
                }
            }
            const int n = static_cast<int>(t.states.size());
            std::vector<std::vector<std::pair<int, double>>> rates(static_cast<size_t>(n));
            std::vector<double> exitRate(static_cast<size_t>(n), 0.0);
            double uniform = 0.0;
            for (int i = 0; i < n; ++i) {
                std::vector<Ctmc::Move> mv;
                moves(t.states[static_cast<size_t>(i)], mv);
                for (const auto& m : mv) {
                    if (m.to == t.states[static_cast<size_t>(i)]) continue;
                    exitRate[static_cast<size_t>(i)] += m.rate;
                    if (m.tag != kDoneTag) rates[static_cast<size_t>(i)].push_back({t.index.at(m.to), m.rate});
                }
                uniform = std::max(uniform, exitRate[static_cast<size_t>(i)]);
            }
            // p_k = p_0 P^k on the transient states (the absorbed state dropped), P = I + Q / uniform.
            std::vector<double> p(static_cast<size_t>(n), 0.0), next(static_cast<size_t>(n));
            const int absorbed = t.index.count({-1, 0, 0, 0}) ? t.index.at({-1, 0, 0, 0}) : -1;
            double accepted = 0.0;
            for (const auto& [state, prob] : start) {
                p[static_cast<size_t>(t.index.at(state))] += prob;
                accepted += prob;
            }
            for (double& x : p) x /= accepted;
            const double mean = uniform * limit;
            // Poisson(mean) weights, and the integral of each over [0, limit] (times uniform): P(N >= k + 1).
            const int steps = static_cast<int>(mean + 12 * std::sqrt(mean) + 40);
            double poisson = std::exp(-mean), cdf = poisson, beyond = 0.0, meanMin = 0.0;
            for (int k = 0; k <= steps; ++k) {
                double survive = 0.0;
                for (int i = 0; i < n; ++i)
                    if (i != absorbed) survive += p[static_cast<size_t>(i)];
                beyond += poisson * survive;                    // P(S > limit)
                meanMin += (1.0 - cdf) / uniform * survive;     // E[min(S, limit)]
                // Next step.
                std::fill(next.begin(), next.end(), 0.0);
                for (int i = 0; i < n; ++i) {
                    const double x = p[static_cast<size_t>(i)];
                    if (x == 0.0 || i == absorbed) continue;
                    next[static_cast<size_t>(i)] += x * (1.0 - exitRate[static_cast<size_t>(i)] / uniform);
                    for (auto [j, r] : rates[static_cast<size_t>(i)]) next[static_cast<size_t>(j)] += x * r / uniform;
                }
                p.swap(next);
                poisson *= mean / (k + 1);
                cdf += poisson;
            }
            const double within = 1.0 - beyond;
            Exact e;
            e.throughput = lambda * (1.0 - blocked) * within;
            e.response = (meanMin - limit * beyond) / within;
            e.errorRate = blocked + (1.0 - blocked) * beyond;
            qInfo("%s: exact turned away %.3f%%, timed out %.3f%% of those accepted", label, 100 * blocked, 100 * beyond);
            compare(e, analyticOf(yaml, lambda, true), label);
        };
        const double top = saturated(P, [&](const Ctmc::State& s, std::vector<Ctmc::Move>& mv) {
            const int a = s[0], b = s[1];
            if (a > 0) mv.push_back({{a - 1, b + 1}, a / dApp, kNone});
            if (b > 0) mv.push_back({{a + 1, b - 1}, 1.0 / dDb, kDone});
        }, {P, 0}, kDone);
        // The knee of an open workload: the arrival rate the pool completes at its top.
        const double multiples[] = {0.5, 1.0, 2.0, 5.0};
        for (double m : multiples) {
            const QString label = QString("%1 x knee (%2/s)").arg(m).arg(m * top, 0, 'f', 1);
            solveAt(m * top, qPrintable(label));
            if (QTest::currentTestFailed()) return;
        }
    }
};

QTEST_GUILESS_MAIN(TestAnalyticLayered)
#include "tst_analytic_layered.moc"
