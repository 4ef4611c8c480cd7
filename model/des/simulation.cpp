#include "des/simulation.h"

#include "des/frame_table.h"
#include "des/sim_types.h"
#include "des/topology.h"
#include "stats/warmup.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace headroom::des {

using namespace sim;

struct Simulation::Impl {
    const graph::Graph& graph;
    RunConfig config;
    int replication;
    Observer* observer;
    Engine engine;
    Simulation::EventTrace trace;

    Topology topology;
    std::vector<ComponentModel>& components = topology.components;
    std::vector<Instance>& instances = topology.instances;
    std::vector<Server>& servers = topology.servers;
    std::vector<std::vector<std::int32_t>>& hostServers = topology.hostServers;
    FrameTable frames;
    std::vector<std::uint32_t> roundRobin;  // [(caller + 1) * n + callee]

    // Workload.
    bool open = false;
    double thinkTime = 0.0;
    std::vector<double> classCumulative;
    std::vector<std::int32_t> classEntry;
    RandomStream arrivalRandom;
    RandomStream classRandom;
    std::vector<double> rateTimes, rateValues;  // open: piecewise-linear arrival rate
    std::vector<PopulationStep> populationSteps;  // closed: population over time
    std::int64_t population = 0;   // users cycling (thinking or waiting)
    std::int64_t retiring = 0;     // users to remove at their next request end / think end
    // Closed users think exponentially (mean thinkTime). Rather than one
    // pending event per thinking user (10^5 of them at 100,000 users), the
    // thinking users are one source: with n thinking, the next think end is
    // Exp(n / thinkTime) away, drawn again whenever n changes, and it does
    // not matter which user it is (users are interchangeable: a request's
    // class is drawn when it is issued). Memorylessness makes this exact.
    std::int64_t thinking = 0;
    EventId thinkEnd;
    std::uint32_t nextRequest = 0;

    // Statistics.
    Counters counters;
    std::vector<Counters> snapshots;
    std::vector<stats::QuantileSketch> sketchSnapshots;
    stats::QuantileSketch sketch;
    std::vector<double> batchMeans, batchEnds;
    std::size_t batchSize = 5;
    double batchSum = 0.0;
    std::size_t batchFill = 0;

    // Per-window figures (RunConfig::windows); nothing is kept without windows.
    bool windowed = false;
    std::vector<double> windowTimes;                // distinct window edges, sorted
    std::vector<char> windowEdgeTaken;
    std::vector<Counters> windowSnapshots;          // counters at each edge
    std::vector<std::vector<double>> segmentPeaks;  // [edge k][component]: peak over [t_k, t_k+1]
    std::vector<WindowTally> windowCounts;          // user requests by the window they were issued in

    Impl(const graph::Graph& g, const RunConfig& c, int r, Observer* o)
        : graph(g), config(c), replication(r), observer(o), engine(c.eventList),
          topology(g, [this](std::uint64_t id) { return stream(id); }), frames(c.maxFramesInSystem)
    {
        build();
    }

    RandomStream stream(std::uint64_t id) const
    {
        return RandomStream(config.seed, id, static_cast<std::uint64_t>(replication));
    }

    // ---------------------------------------------------------------- setup

    void build()
    {
        const auto nComponents = graph.components().size();
        roundRobin.assign((nComponents + 1) * nComponents, 0);

        // Workload.
        const auto& workload = graph.workload();
        open = graph.isOpen();
        thinkTime = std::max(0.0, graph.thinkTime());
        double cumulative = 0.0;
        for (const auto& cls : graph.classes()) {
            cumulative += cls.share;
            classCumulative.push_back(cumulative);
            classEntry.push_back(cls.entry);
        }
        if (cumulative > 0.0)
            for (double& c : classCumulative)
                c /= cumulative;
        arrivalRandom = stream(streams::id(streams::Model::Arrivals));
        classRandom = stream(streams::id(streams::Model::Classes));

        // Load profile: a level from `at`, reached linearly over `ramp`.
        const double baseLevel = open ? workload.arrivalRate.value_or(0.0) : workload.users.value_or(0.0);
        std::vector<PopulationStep> levels{{0.0, baseLevel}};
        for (const auto& step : workload.profile) {
            const std::optional<double> level = open ? step.arrivalRate : step.users;
            if (!level)
                continue;
            const double from = levels.back().level;
            const double start = std::max(step.at, levels.back().time);
            if (step.ramp > 0.0) {
                levels.push_back({start, from});
                levels.push_back({start + step.ramp, std::max(0.0, *level)});
            } else {
                levels.push_back({start, from});
                levels.push_back({start, std::max(0.0, *level)});
            }
        }
        if (open) {
            for (const auto& p : levels) {
                rateTimes.push_back(p.time);
                rateValues.push_back(p.level);
            }
        } else {
            // Closed ramps move in small steps (at most 200 per ramp).
            populationSteps.push_back({0.0, baseLevel});
            for (std::size_t i = 1; i < levels.size(); ++i) {
                const auto& a = levels[i - 1];
                const auto& b = levels[i];
                if (b.time > a.time && b.level != a.level) {
                    const int steps = static_cast<int>(std::clamp(std::fabs(b.level - a.level), 1.0, 200.0));
                    for (int j = 1; j <= steps; ++j)
                        populationSteps.push_back(
                            {a.time + (b.time - a.time) * j / steps, a.level + (b.level - a.level) * j / steps});
                } else if (b.level != a.level) {
                    populationSteps.push_back({b.time, b.level});
                }
            }
        }

        counters.components.resize(nComponents);
        counters.serverBusyArea.resize(servers.size());
    }

    // --------------------------------------------------------------- frames

    std::int32_t allocateFrame() { return frames.allocate(); }
    void freeFrameAt(std::int32_t id) { frames.release(id); }

    Frame& frame(std::int32_t id) { return frames[id]; }
    ComponentModel& componentOf(const Frame& f) { return components[static_cast<std::size_t>(f.component)]; }
    Instance& instanceOf(const Frame& f) { return instances[static_cast<std::size_t>(f.instance)]; }
    Server& serverOf(const Instance& i) { return servers[static_cast<std::size_t>(i.server)]; }
    ComponentCounters& countersOf(std::int32_t component) { return counters.components[static_cast<std::size_t>(component)]; }

    void notify(RequestEventKind kind, const Frame& f)
    {
        if (!observer)
            return;
        RequestEvent e;
        e.kind = kind;
        e.time = engine.now();
        e.request = f.request;
        e.component = f.component;
        e.instance = f.instance == kNone ? 0 : instances[static_cast<std::size_t>(f.instance)].local;
        e.requestClass = f.cls;
        observer->onRequestEvent(e);
    }

    // ------------------------------------------------------------- workload

    int pickClass()
    {
        if (classCumulative.size() <= 1)
            return 0;
        const double u = classRandom.uniform();
        for (std::size_t k = 0; k < classCumulative.size(); ++k)
            if (u < classCumulative[k])
                return static_cast<int>(k);
        return static_cast<int>(classCumulative.size() - 1);
    }

    void issueRequest(std::int32_t user)
    {
        ++counters.issued;
        if (windowed)
            forWindowsOf(engine.now(), [](WindowTally& w) { ++w.issued; });
        if (!frames.admit()) {
            ++counters.rejected;
            if (windowed)
                forWindowsOf(engine.now(), [](WindowTally& w) { ++w.rejected; });
            userDone(user);
            return;
        }
        const std::int32_t id = allocateFrame();
        Frame& root = frame(id);
        root.flags = kRoot;
        root.user = user;
        root.cls = static_cast<std::uint16_t>(pickClass());
        root.arrival = engine.now();
        root.request = nextRequest++;
        notify(RequestEventKind::Issued, root);
        advanceCalls(id);
    }

    void userDone(std::int32_t user)
    {
        if (user == kNone)
            return;
        if (retiring > 0) {
            --retiring;
            --population;
            return;
        }
        scheduleThink(user);
    }

    void scheduleThink(std::int32_t /*user*/) { startThinking(1); }

    void startThinking(std::int64_t users)
    {
        if (thinkTime <= 0.0) {
            // No think time: each user issues again right after this event.
            for (std::int64_t k = 0; k < users; ++k)
                engine.post(engine.now(), Event{kThinkEnd, 0, 0});
            return;
        }
        thinking += users;
        drawThinkEnd();
    }

    void drawThinkEnd()
    {
        if (thinking == 0) {
            engine.cancel(thinkEnd);
            return;
        }
        const double gap = -(thinkTime / static_cast<double>(thinking)) * std::log(arrivalRandom.uniformPositive());
        if (!engine.reschedule(thinkEnd, engine.now() + gap))
            thinkEnd = engine.scheduleIn(gap, Event{kThinkEnd, 0, 0});
    }

    void onThinkEnd()
    {
        if (thinkTime > 0.0) {
            --thinking;
            thinkEnd = EventId{};  // it has just run
            drawThinkEnd();
        }
        if (retiring > 0) {
            --retiring;
            --population;
            return;
        }
        issueRequest(0);  // closed users carry no identity of their own
    }

    void setPopulation(double level)
    {
        const auto target = static_cast<std::int64_t>(std::llround(std::max(0.0, level)));
        std::int64_t effective = population - retiring;
        while (effective < target && retiring > 0) {
            --retiring;
            ++effective;
        }
        if (effective < target) {
            population += target - effective;
            startThinking(target - effective);
            effective = target;
        }
        if (effective > target)
            retiring += effective - target;
    }

    double rateAt(double t) const
    {
        if (rateTimes.empty())
            return 0.0;
        if (t >= rateTimes.back())
            return rateValues.back();
        const auto it = std::upper_bound(rateTimes.begin(), rateTimes.end(), t);
        const auto i = static_cast<std::size_t>(it - rateTimes.begin());
        if (i == 0)
            return rateValues.front();
        const double t0 = rateTimes[i - 1], t1 = rateTimes[i];
        if (t1 <= t0)
            return rateValues[i];
        return rateValues[i - 1] + (rateValues[i] - rateValues[i - 1]) * (t - t0) / (t1 - t0);
    }

    // Next arrival of a Poisson process with piecewise-linear rate, by
    // thinning within each linear piece (exact: the process is memoryless).
    double nextArrivalAfter(double t)
    {
        for (int guard = 0; guard < 1'000'000; ++guard) {
            const auto it = std::upper_bound(rateTimes.begin(), rateTimes.end(), t);
            const double pieceEnd = it == rateTimes.end() ? std::numeric_limits<double>::infinity() : *it;
            const double atEnd = std::isfinite(pieceEnd) ? rateAt(std::nextafter(pieceEnd, 0.0)) : rateAt(t);
            const double rateMax = std::max(rateAt(t), atEnd);
            if (!(rateMax > 0.0)) {
                if (!std::isfinite(pieceEnd))
                    return std::numeric_limits<double>::infinity();
                t = pieceEnd;
                continue;
            }
            const double candidate = t - std::log(arrivalRandom.uniformPositive()) / rateMax;
            if (candidate > pieceEnd) {
                t = pieceEnd;
                continue;
            }
            const double accept = arrivalRandom.uniform() * rateMax;
            if (accept <= rateAt(candidate))
                return candidate;
            t = candidate;
        }
        return std::numeric_limits<double>::infinity();
    }

    void scheduleOpenArrival()
    {
        // Constant rate (no profile): a plain exponential gap, no thinning.
        const double t = rateTimes.size() == 1
                             ? (rateValues[0] > 0.0 ? engine.now() - std::log(arrivalRandom.uniformPositive()) / rateValues[0]
                                                    : std::numeric_limits<double>::infinity())
                             : nextArrivalAfter(engine.now());
        if (t <= config.horizon)
            engine.post(t, Event{kOpenArrival, 0, 0});
    }

    // -------------------------------------------------------------- routing

    bool instanceUp(std::int32_t instanceId) const
    {
        return servers[static_cast<std::size_t>(instances[static_cast<std::size_t>(instanceId)].server)].up;
    }

    std::int32_t chooseInstance(const Frame& caller, std::int32_t callee)
    {
        ComponentModel& c = components[static_cast<std::size_t>(callee)];
        const auto m = static_cast<std::uint32_t>(c.instances.size());
        if (c.dedicatedCopies) {
            // Shard by skew, then primary for writes or any copy for reads.
            std::uint32_t shard = 0;
            if (c.shards > 1) {
                if (c.hotShards > 0) {
                    const bool hot = c.routeRandom.uniform() < c.hotShare;
                    shard = hot ? c.routeRandom.below(static_cast<std::uint32_t>(c.hotShards))
                                : static_cast<std::uint32_t>(c.hotShards) +
                                      c.routeRandom.below(static_cast<std::uint32_t>(c.shards - c.hotShards));
                } else {
                    shard = c.routeRandom.below(static_cast<std::uint32_t>(c.shards));
                }
            }
            const auto copiesPerShard = static_cast<std::uint32_t>(1 + c.replicas);
            const bool write = graph.isWrite(caller.cls);
            std::uint32_t role = write || c.replicas == 0 ? 0 : c.routeRandom.below(copiesPerShard);
            std::int32_t id = c.instances[shard * copiesPerShard + role];
            if (!instanceUp(id) && !write) {
                // A read whose copy is down goes to another live copy of the shard.
                for (std::uint32_t r = 0; r < copiesPerShard && !instanceUp(id); ++r)
                    id = c.instances[shard * copiesPerShard + r];
            }
            return instanceUp(id) ? id : kNone;
        }
        if (m == 1)
            return instanceUp(c.instances[0]) ? c.instances[0] : kNone;
        // Co-located caller (same host): stay on the caller's instance.
        if (caller.component != kNone) {
            const auto& callerModel = components[static_cast<std::size_t>(caller.component)];
            if (callerModel.host == c.host && !callerModel.dedicatedCopies) {
                const auto local = static_cast<std::uint32_t>(instances[static_cast<std::size_t>(caller.instance)].local);
                if (local < m) {
                    const std::int32_t id = c.instances[local];
                    return instanceUp(id) ? id : kNone;
                }
            }
        }
        const auto policy = caller.component == kNone ? graph::BalancingPolicy::Random
                                                      : components[static_cast<std::size_t>(caller.component)].policy;
        RandomStream& random = caller.component == kNone ? c.routeRandom
                                                         : components[static_cast<std::size_t>(caller.component)].routeRandom;
        auto& counter = roundRobin[static_cast<std::size_t>(caller.component + 1) * components.size() + static_cast<std::size_t>(callee)];
        auto load = [&](std::uint32_t k) { return instances[static_cast<std::size_t>(c.instances[k])].inSystem; };
        auto up = [&](std::uint32_t k) { return instanceUp(c.instances[k]); };
        switch (policy) {
        case graph::BalancingPolicy::RoundRobin:
            for (std::uint32_t tries = 0; tries < m; ++tries) {
                const std::uint32_t k = counter++ % m;
                if (up(k))
                    return c.instances[k];
            }
            return kNone;
        case graph::BalancingPolicy::LeastConnections: {
            // Ties go round robin so equal instances share evenly.
            std::uint32_t k = counter++ % m;
            std::int32_t best = kNone;
            std::int32_t bestLoad = std::numeric_limits<std::int32_t>::max();
            for (std::uint32_t j = 0; j < m; ++j, k = k + 1 == m ? 0 : k + 1) {
                const std::int32_t id = c.instances[k];
                const Instance& candidate = instances[static_cast<std::size_t>(id)];
                if (candidate.inSystem < bestLoad && servers[static_cast<std::size_t>(candidate.server)].up) {
                    bestLoad = candidate.inSystem;
                    best = id;
                }
            }
            return best;
        }
        case graph::BalancingPolicy::PowerOfTwoChoices: {
            const std::uint32_t a = random.below(m);
            std::uint32_t b = random.below(m - 1);
            if (b >= a)
                ++b;
            if (up(a) && up(b))
                return load(b) < load(a) ? c.instances[b] : c.instances[a];
            if (up(a))
                return c.instances[a];
            if (up(b))
                return c.instances[b];
            break;  // both down: fall back to any live one
        }
        case graph::BalancingPolicy::Random: {
            const std::uint32_t k = random.below(m);
            if (up(k))
                return c.instances[k];
            break;
        }
        }
        // Some instances are down: a uniform choice among the live ones.
        std::uint32_t live = 0;
        for (std::uint32_t k = 0; k < m; ++k)
            live += up(k) ? 1 : 0;
        if (live == 0)
            return kNone;
        std::uint32_t pick = random.below(live);
        for (std::uint32_t k = 0; k < m; ++k)
            if (up(k) && pick-- == 0)
                return c.instances[k];
        return kNone;
    }

    // ---------------------------------------------------------------- calls

    // Moves a frame through its call program: a pending cache-miss call
    // first, then each call of the component (visits = floor + Bernoulli),
    // then completion. The root's program is one call to the entry.
    void advanceCalls(std::int32_t id)
    {
        Frame& f = frame(id);
        f.state = FrameState::InCalls;
        if (f.pendingMiss != kNone) {
            const std::int32_t target = f.pendingMiss;
            f.pendingMiss = kNone;
            startCall(id, target);
            return;
        }
        if (f.flags & kRoot) {
            if (f.callIndex < 0) {
                f.callIndex = 0;
                startCall(id, classEntry[f.cls]);
            } else {
                completeRequest(id);
            }
            return;
        }
        ComponentModel& c = componentOf(f);
        for (;;) {
            if (f.visitsLeft > 0) {
                --f.visitsLeft;
                startCall(id, c.calls[static_cast<std::size_t>(f.callIndex)].to);
                return;
            }
            ++f.callIndex;
            if (f.callIndex >= static_cast<std::int32_t>(c.calls.size())) {
                finishVisit(id);
                return;
            }
            const CallModel& call = c.calls[static_cast<std::size_t>(f.callIndex)];
            if (!call.forClass[f.cls])
                continue;
            f.visitsLeft = call.whole + (call.fraction > 0.0 && c.branchRandom.uniform() < call.fraction ? 1 : 0);
        }
    }

    void startCall(std::int32_t callerId, std::int32_t target)
    {
        Frame& caller = frame(callerId);
        caller.target = target;
        caller.attempt = 0;
        issueAttempt(callerId);
    }

    void issueAttempt(std::int32_t callerId)
    {
        Frame& caller = frame(callerId);
        const std::int32_t target = caller.target;
        ComponentModel& t = components[static_cast<std::size_t>(target)];
        caller.state = FrameState::InCalls;
        const std::int32_t instanceId = chooseInstance(caller, target);
        if (instanceId == kNone || !frames.admit()) {
            ++countersOf(target).rejected;
            childResult(callerId, Outcome::Rejected, false, target);
            return;
        }
        const std::int32_t childId = allocateFrame();
        Frame& caller2 = frame(callerId);  // frames may have moved
        Frame& child = frame(childId);
        child.component = target;
        child.instance = instanceId;
        child.parent = callerId;
        child.cls = caller2.cls;
        child.request = caller2.request;
        child.arrival = engine.now();
        caller2.child = childId;
        // The timeout takes its place in the event order now but is only
        // scheduled if the callee did not answer at once (a rejection, the
        // usual case in overload): no schedule-and-cancel per rejected call.
        // Nothing in arrive() allocates a frame, so a caller still waiting
        // on this child is the same caller.
        const bool timed = t.timeout > 0.0;
        const std::uint64_t timeoutOrder = timed ? engine.reserve() : 0;
        arrive(childId);
        if (timed) {
            Frame& waiting = frame(callerId);
            if (waiting.state != FrameState::Free && waiting.child == childId)
                waiting.childTimeout = engine.scheduleReserved(engine.now() + t.timeout,
                                                               Event{kTimeout, static_cast<std::uint32_t>(callerId), 0}, timeoutOrder);
        }
    }

    // The callee answered (or failed, or timed out).
    void childResult(std::int32_t callerId, Outcome outcome, bool missed, std::int32_t callee)
    {
        Frame& caller = frame(callerId);
        if (outcome == Outcome::Ok) {
            const std::int32_t onMiss = components[static_cast<std::size_t>(callee)].onMiss;
            if (missed && onMiss != kNone)
                caller.pendingMiss = onMiss;
            advanceCalls(callerId);
            return;
        }
        ComponentModel& t = components[static_cast<std::size_t>(caller.target)];
        if (caller.attempt < t.retries) {
            ++caller.attempt;
            ++countersOf(caller.target).retries;
            caller.state = FrameState::Backoff;
            const double wait = t.backoff * std::ldexp(1.0, caller.attempt - 1);
            caller.event = engine.scheduleIn(wait, Event{kBackoffEnd, static_cast<std::uint32_t>(callerId), 0});
            return;
        }
        failFrame(callerId, outcome);
    }

    void onTimeout(std::int32_t callerId)
    {
        Frame& caller = frame(callerId);
        caller.childTimeout = EventId{};
        const std::int32_t childId = caller.child;
        if (childId != kNone) {
            // The callee keeps working; its answer will find no one waiting.
            frame(childId).parent = kNone;
            notify(RequestEventKind::Timeout, frame(childId));
            caller.child = kNone;
        }
        ++countersOf(caller.target).timeouts;
        childResult(callerId, Outcome::TimedOut, false, caller.target);
    }

    // ---------------------------------------------------------------- visits

    void arrive(std::int32_t id)
    {
        Frame& f = frame(id);
        ComponentModel& c = componentOf(f);
        Instance& inst = instanceOf(f);
        const double now = engine.now();
        ++inst.inSystem;
        c.inSystem.add(now, 1.0);
        notify(RequestEventKind::Arrival, f);
        if (c.rateLimit > 0.0) {
            // Token bucket holding one second of the allowed rate.
            c.bucket = std::min(std::max(1.0, c.rateLimit), c.bucket + (now - c.bucketTime) * c.rateLimit);
            c.bucketTime = now;
            if (c.bucket < 1.0) {
                reject(id);
                return;
            }
            c.bucket -= 1.0;
        }
        if (c.kind == graph::ComponentKind::Queue) {
            startWork(id);  // the enqueue: consumers' tokens are for messages
            return;
        }
        if (c.pool >= 0) {
            ComponentCounters& counts = countersOf(f.component);
            ++counts.poolEntries;
            if (inst.tokensFree > 0) {
                --inst.tokensFree;
                f.flags |= kHoldsToken;
                c.poolBusy.add(now, 1.0);
                notePeak(c);
                startWork(id);
            } else if (c.maxQueue < 0 || inst.waiting < c.maxQueue) {
                ++counts.poolWaited;
                enqueueWaiter(inst, c, id);
            } else {
                reject(id);
            }
            return;
        }
        if (c.maxQueue >= 0 && inst.inSystem > c.cores + c.maxQueue) {
            reject(id);
            return;
        }
        notePeak(c);  // admitted visits only: a rejected one was never really there
        startWork(id);
    }

    void enqueueWaiter(Instance& inst, ComponentModel& c, std::int32_t id)
    {
        Frame& f = frame(id);
        f.state = FrameState::WaitingToken;
        f.next = kNone;
        if (inst.waitTail == kNone)
            inst.waitHead = id;
        else
            frame(inst.waitTail).next = id;
        inst.waitTail = id;
        ++inst.waiting;
        c.waiting.add(engine.now(), 1.0);
        notePeak(c);
    }

    void reject(std::int32_t id)
    {
        Frame& f = frame(id);
        ++countersOf(f.component).rejected;
        notify(RequestEventKind::Rejection, f);
        failFrame(id, Outcome::Rejected);
    }

    void startWork(std::int32_t id)
    {
        Frame& f = frame(id);
        if (f.flags & kMessage) {
            advanceCalls(id);  // the enqueue already paid the CPU
            return;
        }
        ComponentModel& c = componentOf(f);
        const double work = c.hasDemand ? c.sampler(c.demandRandom, c.demand[f.cls]) : 0.0;
        if (work > 0.0) {
            submitCpu(id, work);
            return;
        }
        if (c.latency > 0.0) {
            startDelay(id);
            return;
        }
        // No work at all: continue after the current event, never by
        // recursion (a chain of empty visits would grow the stack).
        f.state = FrameState::Resume;
        f.event = engine.scheduleIn(0.0, Event{kResume, static_cast<std::uint32_t>(id), 0});
    }

    void startDelay(std::int32_t id)
    {
        Frame& f = frame(id);
        ComponentModel& c = componentOf(f);
        f.state = FrameState::InDelay;
        const double delay = c.sampler(c.demandRandom, c.latency);
        f.event = engine.scheduleIn(delay, Event{kDelayEnd, static_cast<std::uint32_t>(id), 0});
    }

    void advanceVirtualTime(Server& s)
    {
        const double now = engine.now();
        if (s.jobs > 0)
            s.virtualTime += (now - s.lastUpdate) * std::min(1.0, static_cast<double>(s.cores) / s.jobs);
        s.lastUpdate = now;
    }

    void schedulePsCompletion(Server& s, std::int32_t serverId)
    {
        if (s.jobs == 0) {
            engine.cancel(s.completion);
            return;
        }
        const double rate = std::min(1.0, static_cast<double>(s.cores) / s.jobs);
        const double when = engine.now() + std::max(0.0, s.heap.top().tag - s.virtualTime) / rate;
        if (!engine.reschedule(s.completion, when))
            s.completion = engine.schedule(when, Event{kPsCompletion, static_cast<std::uint32_t>(serverId), 0});
    }

    void submitCpu(std::int32_t id, double work)
    {
        Frame& f = frame(id);
        f.state = FrameState::InCpu;
        f.work = work;
        const std::int32_t serverId = instanceOf(f).server;
        Server& s = servers[static_cast<std::size_t>(serverId)];
        const double now = engine.now();
        if (s.ps) {
            advanceVirtualTime(s);
            Instance& inst = instanceOf(f);
            ++inst.active;
            inst.sumEntryClock += s.virtualTime;
            if (componentOf(f).sampler.kind() == spec::DistributionKind::Deterministic)
                s.heap.pushFixed(PsJob{s.virtualTime + work, id}, work);
            else
                s.heap.push(PsJob{s.virtualTime + work, id});
            ++s.jobs;
            s.busy.set(now, std::min(s.jobs, s.cores));
            schedulePsCompletion(s, serverId);
            return;
        }
        if (s.jobs < s.cores) {
            ++s.jobs;
            s.busy.set(now, s.jobs);
            Instance& inst = instanceOf(f);
            ++inst.active;
            inst.sumEntryClock += now;
            f.event = engine.scheduleIn(work, Event{kFcfsCompletion, static_cast<std::uint32_t>(id), 0});
            return;
        }
        f.next = kNone;
        if (s.tail == kNone)
            s.head = id;
        else
            frame(s.tail).next = id;
        s.tail = id;
    }

    void onPsCompletion(std::int32_t serverId)
    {
        Server& s = servers[static_cast<std::size_t>(serverId)];
        advanceVirtualTime(s);
        const PsJob job = s.heap.pop();
        const std::int32_t id = job.frame;
        // The next job to finish here was likely set up long ago: start
        // loading its frame now.
        if (!s.heap.empty())
            __builtin_prefetch(&frames[s.heap.top().frame]);
        const double entered = job.tag - frame(id).work;
        Instance& done = instanceOf(frame(id));
        --done.active;
        done.sumEntryClock -= entered;
        --s.jobs;
        s.busy.set(engine.now(), std::min(s.jobs, s.cores));
        s.completion = EventId{};
        schedulePsCompletion(s, serverId);
        cpuDone(id);
    }

    void onFcfsCompletion(std::int32_t id)
    {
        Frame& f = frame(id);
        f.event = EventId{};
        Instance& done = instanceOf(f);
        --done.active;
        done.sumEntryClock -= engine.now() - f.work;
        Server& s = serverOf(done);
        if (s.head != kNone) {
            const std::int32_t nextId = s.head;
            Frame& next = frame(nextId);
            s.head = next.next;
            if (s.head == kNone)
                s.tail = kNone;
            Instance& starting = instanceOf(next);
            ++starting.active;
            starting.sumEntryClock += engine.now();
            next.event = engine.scheduleIn(next.work, Event{kFcfsCompletion, static_cast<std::uint32_t>(nextId), 0});
        } else {
            --s.jobs;
            s.busy.set(engine.now(), s.jobs);
        }
        cpuDone(id);
    }

    void cpuDone(std::int32_t id)
    {
        Frame& f = frame(id);
        countersOf(f.component).work += f.work;
        if (componentOf(f).latency > 0.0) {
            startDelay(id);
            return;
        }
        workDone(id);
    }

    // CPU and delay are over: cache decision, enqueue, then the calls.
    void workDone(std::int32_t id)
    {
        Frame& f = frame(id);
        f.event = EventId{};
        ComponentModel& c = componentOf(f);
        if (c.lookup) {
            ComponentCounters& counts = countersOf(f.component);
            ++counts.lookups;
            if (!(c.branchRandom.uniform() < c.hitRatio)) {
                f.flags |= kMissed;
                ++counts.misses;
            }
        }
        if (c.kind == graph::ComponentKind::Queue && !(f.flags & kMessage)) {
            Instance& inst = instanceOf(f);
            if (c.maxQueue >= 0 && inst.waiting >= c.maxQueue) {
                reject(id);
                return;
            }
            if (!frames.admit()) {
                reject(id);
                return;
            }
            spawnMessage(id);
            finishVisit(id);  // the producer only pays the enqueue
            return;
        }
        advanceCalls(id);
    }

    void spawnMessage(std::int32_t producerId)
    {
        const std::int32_t id = allocateFrame();
        const Frame& producer = frame(producerId);
        Frame& m = frame(id);
        m.component = producer.component;
        m.instance = producer.instance;
        m.cls = producer.cls;
        m.request = producer.request;
        m.flags = kMessage;
        m.arrival = engine.now();
        ComponentModel& c = componentOf(m);
        Instance& inst = instanceOf(m);
        if (inst.tokensFree > 0) {
            if (c.pool >= 0) {
                --inst.tokensFree;
                m.flags |= kHoldsToken;
                c.poolBusy.add(engine.now(), 1.0);
            }
            ++countersOf(m.component).messages;
            advanceCalls(id);
        } else {
            enqueueWaiter(inst, c, id);
        }
    }

    // A component visit finished well: count it, let go, answer the caller.
    void finishVisit(std::int32_t id)
    {
        Frame& f = frame(id);
        if (f.flags & kMessage) {
            leave(id);
            freeFrameAt(id);
            return;
        }
        ComponentCounters& counts = countersOf(f.component);
        ++counts.visits;
        counts.responseSum += engine.now() - f.arrival;
        notify(RequestEventKind::Departure, f);
        leave(id);
        reply(id, Outcome::Ok);
    }

    void failFrame(std::int32_t id, Outcome outcome)
    {
        Frame& f = frame(id);
        if (f.flags & kRoot) {
            if (outcome == Outcome::TimedOut)
                ++counters.timedOut;
            else
                ++counters.rejected;
            if (windowed)
                forWindowsOf(f.arrival, [outcome](WindowTally& w) { ++(outcome == Outcome::TimedOut ? w.timedOut : w.rejected); });
            notify(RequestEventKind::Failed, f);
            const std::int32_t user = f.user;
            freeFrameAt(id);
            userDone(user);
            return;
        }
        if (f.flags & kMessage) {
            leave(id);
            freeFrameAt(id);
            return;
        }
        leave(id);
        reply(id, outcome);
    }

    // Releases what a visit holds (its place, its token).
    void leave(std::int32_t id)
    {
        Frame& f = frame(id);
        ComponentModel& c = componentOf(f);
        Instance& inst = instanceOf(f);
        const double now = engine.now();
        if (!(f.flags & kMessage)) {
            --inst.inSystem;
            c.inSystem.add(now, -1.0);
        }
        if (f.flags & kHoldsToken) {
            f.flags = static_cast<std::uint8_t>(f.flags & ~kHoldsToken);
            if (inst.waitHead != kNone) {
                // Hand the token straight to the first waiter; it starts
                // after the current event (no recursion through long lines).
                const std::int32_t nextId = inst.waitHead;
                Frame& next = frame(nextId);
                inst.waitHead = next.next;
                if (inst.waitHead == kNone)
                    inst.waitTail = kNone;
                --inst.waiting;
                c.waiting.add(now, -1.0);
                next.flags |= kHoldsToken;
                next.state = FrameState::Granted;
                if (next.flags & kMessage) {
                    ComponentCounters& counts = countersOf(next.component);
                    ++counts.messages;
                    counts.lagSum += now - next.arrival;
                }
                next.event = engine.scheduleIn(0.0, Event{kGrant, static_cast<std::uint32_t>(nextId), 0});
            } else {
                ++inst.tokensFree;
                c.poolBusy.add(now, -1.0);
            }
        }
    }

    void reply(std::int32_t id, Outcome outcome)
    {
        Frame& f = frame(id);
        const std::int32_t parentId = f.parent;
        const bool missed = (f.flags & kMissed) != 0;
        const std::int32_t component = f.component;
        freeFrameAt(id);
        if (parentId == kNone)
            return;  // orphan: its caller timed out
        Frame& parent = frame(parentId);
        parent.child = kNone;
        engine.cancel(parent.childTimeout);
        parent.childTimeout = EventId{};
        childResult(parentId, outcome, missed, component);
    }

    void completeRequest(std::int32_t id)
    {
        Frame& root = frame(id);
        const double response = engine.now() - root.arrival;
        ++counters.completed;
        counters.responseSum += response;
        sketch.add(response);
        if (windowed)
            forWindowsOf(root.arrival, [response](WindowTally& w) {
                ++w.completed;
                w.responseSketch.add(response);
            });
        batchSum += response;
        if (++batchFill == batchSize) {
            addBatch(batchSum / static_cast<double>(batchSize), engine.now());
            batchSum = 0.0;
            batchFill = 0;
        }
        notify(RequestEventKind::Completed, root);
        const std::int32_t user = root.user;
        freeFrameAt(id);
        userDone(user);
    }

    void addBatch(double mean, double end)
    {
        batchMeans.push_back(mean);
        batchEnds.push_back(end);
        if (batchMeans.size() >= (1u << 20)) {
            // Bound the memory: merge neighbouring batches (MSER-2m).
            const std::size_t half = batchMeans.size() / 2;
            for (std::size_t i = 0; i < half; ++i) {
                batchMeans[i] = 0.5 * (batchMeans[2 * i] + batchMeans[2 * i + 1]);
                batchEnds[i] = batchEnds[2 * i + 1];
            }
            batchMeans.resize(half);
            batchEnds.resize(half);
            batchSize *= 2;
        }
    }

    // -------------------------------------------------------------- failure

    void onFailure(std::int32_t serverId)
    {
        Server& s = servers[static_cast<std::size_t>(serverId)];
        if (!s.up)
            return;
        const double now = engine.now();
        s.up = false;
        // Everything in flight on the instance dies: collect, detach, then
        // answer callers that live elsewhere with an error.
        std::vector<std::int32_t> dead;
        for (std::size_t i = 0; i < frames.size(); ++i) {
            const Frame& f = frames.all()[i];
            if (f.state == FrameState::Free || (f.flags & kRoot) || f.instance == kNone)
                continue;
            if (instances[static_cast<std::size_t>(f.instance)].server == serverId)
                dead.push_back(static_cast<std::int32_t>(i));
        }
        for (std::int32_t id : dead) {
            Frame& f = frame(id);
            engine.cancel(f.event);
            engine.cancel(f.childTimeout);
            if (f.child != kNone)
                frame(f.child).parent = kNone;
        }
        // Reset the server and the instances on it; the service the dead
        // jobs received still counts as work done.
        advanceVirtualTime(s);
        for (auto& inst : instances) {
            if (inst.server != serverId || inst.active == 0)
                continue;
            const double clock = s.ps ? s.virtualTime : now;
            countersOf(inst.component).work += inst.active * clock - inst.sumEntryClock;
            inst.active = 0;
            inst.sumEntryClock = 0.0;
        }
        s.heap.clear();
        engine.cancel(s.completion);
        s.jobs = 0;
        s.head = s.tail = kNone;
        s.busy.set(now, 0.0);
        for (auto& inst : instances) {
            if (inst.server != serverId)
                continue;
            ComponentModel& c = components[static_cast<std::size_t>(inst.component)];
            c.inSystem.add(now, -inst.inSystem);
            c.waiting.add(now, -inst.waiting);
            if (c.pool >= 0)
                c.poolBusy.add(now, -(c.pool - inst.tokensFree));
            inst.inSystem = 0;
            inst.waiting = 0;
            inst.waitHead = inst.waitTail = kNone;
            inst.tokensFree = c.pool < 0 ? std::numeric_limits<std::int32_t>::max() : c.pool;
        }
        // Mark all dead first so a dead parent is not answered.
        for (std::int32_t id : dead)
            frame(id).state = FrameState::Free;
        for (std::int32_t id : dead) {
            Frame& f = frame(id);
            const std::int32_t parentId = f.parent;
            const std::int32_t component = f.component;
            const bool message = (f.flags & kMessage) != 0;
            if (!message)
                ++countersOf(component).rejected;
            frames.release(id);
            if (parentId != kNone && frame(parentId).state != FrameState::Free) {
                Frame& parent = frame(parentId);
                parent.child = kNone;
                engine.cancel(parent.childTimeout);
                parent.childTimeout = EventId{};
                childResult(parentId, Outcome::Rejected, false, component);
            }
        }
    }

    // ----------------------------------------------------------- statistics

    void recordWorkInProgress(double now)
    {
        for (auto& counts : counters.components)
            counts.workInProgress = 0.0;
        for (auto& s : servers)
            if (s.ps)
                advanceVirtualTime(s);
        for (const auto& inst : instances) {
            if (inst.active == 0)
                continue;
            const Server& s = servers[static_cast<std::size_t>(inst.server)];
            const double clock = s.ps ? s.virtualTime : now;
            countersOf(inst.component).workInProgress += std::max(0.0, inst.active * clock - inst.sumEntryClock);
        }
    }

    void takeSnapshot(std::size_t index)
    {
        syncCounters(engine.now());
        if (index < snapshots.size()) {
            snapshots[index] = counters;
            sketchSnapshots[index] = sketch;
        }
    }

    // Brings the time-weighted areas and work in progress in `counters` up to `now`.
    void syncCounters(double now)
    {
        counters.time = now;
        counters.events = engine.eventsExecuted();
        for (std::size_t c = 0; c < components.size(); ++c) {
            auto& model = components[c];
            model.inSystem.flush(now);
            model.poolBusy.flush(now);
            model.waiting.flush(now);
            auto& counts = counters.components[c];
            counts.inSystemArea = model.inSystem.area;
            counts.poolBusyArea = model.poolBusy.area;
            counts.waitingArea = model.waiting.area;
        }
        for (std::size_t s = 0; s < servers.size(); ++s) {
            servers[s].busy.flush(now);
            counters.serverBusyArea[s] = servers[s].busy.area;
        }
        recordWorkInProgress(now);
    }

    // ------------------------------------------------------------- windows

    template <typename Update>
    void forWindowsOf(double issuedAt, Update&& update)
    {
        const auto& ws = config.windows;
        for (std::size_t k = 0; k < ws.size(); ++k)
            if (issuedAt >= ws[k].from && issuedAt < ws[k].to)
                update(windowCounts[k]);
    }

    void notePeak(ComponentModel& c)
    {
        const double v = c.kind == graph::ComponentKind::Queue ? c.waiting.value : c.inSystem.value;
        if (v > c.peak)
            c.peak = v;
    }

    double presentNow(const ComponentModel& c) const
    {
        return c.kind == graph::ComponentKind::Queue ? c.waiting.value : c.inSystem.value;
    }

    void setUpWindows(double horizon)
    {
        windowed = true;
        for (const auto& w : config.windows) {
            windowTimes.push_back(std::clamp(w.from, 0.0, horizon));
            windowTimes.push_back(std::clamp(w.to, 0.0, horizon));
        }
        std::sort(windowTimes.begin(), windowTimes.end());
        windowTimes.erase(std::unique(windowTimes.begin(), windowTimes.end()), windowTimes.end());
        windowEdgeTaken.assign(windowTimes.size(), 0);
        windowSnapshots.assign(windowTimes.size(), Counters{});
        segmentPeaks.assign(windowTimes.size(), std::vector<double>(components.size(), 0.0));
        windowCounts.assign(config.windows.size(), WindowTally());
        for (std::size_t k = 0; k < windowTimes.size(); ++k)
            engine.post(windowTimes[k], Event{kWindowEdge, 0, static_cast<std::uint32_t>(k)}, -100);
    }

    void takeWindowEdge(std::size_t k)
    {
        if (k >= windowTimes.size() || windowEdgeTaken[k])
            return;
        syncCounters(engine.now());
        windowSnapshots[k] = counters;
        windowEdgeTaken[k] = 1;
        for (std::size_t c = 0; c < components.size(); ++c) {
            if (k > 0)
                segmentPeaks[k - 1][c] = components[c].peak;
            components[c].peak = presentNow(components[c]);
        }
    }

    // Edges the run ended on (the horizon) take the final state; requests still
    // in flight count with their age so far.
    void finishWindows(double end, bool cancelled)
    {
        for (std::size_t k = 0; k < windowTimes.size(); ++k) {
            if (windowEdgeTaken[k] || windowTimes[k] > end || (cancelled && windowTimes[k] < end))
                continue;
            windowSnapshots[k] = counters;
            windowEdgeTaken[k] = 1;
            for (std::size_t c = 0; c < components.size(); ++c)
                if (k > 0)
                    segmentPeaks[k - 1][c] = components[c].peak;
        }
        for (const Frame& f : frames.all()) {
            if (f.state == FrameState::Free || !(f.flags & kRoot))
                continue;
            forWindowsOf(f.arrival, [&](WindowTally& w) {
                ++w.unfinished;
                w.responseSketch.add(std::max(0.0, end - f.arrival));
            });
        }
    }

    std::vector<WindowTally> summarizeWindows()
    {
        std::vector<WindowTally> out = windowCounts;
        auto edge = [&](double t) {
            return static_cast<std::size_t>(std::lower_bound(windowTimes.begin(), windowTimes.end(), t) - windowTimes.begin());
        };
        const double horizon = config.horizon;
        for (std::size_t w = 0; w < out.size(); ++w) {
            WindowTally& t = out[w];
            const std::size_t a = edge(std::clamp(config.windows[w].from, 0.0, horizon));
            const std::size_t b = edge(std::clamp(config.windows[w].to, 0.0, horizon));
            t.hostUtilization.assign(graph.hosts().size(), 0.0);
            t.components.assign(components.size(), stats::WindowComponent{});
            t.reached = a < windowTimes.size() && b < windowTimes.size() && windowEdgeTaken[a] && windowEdgeTaken[b];
            if (!t.reached || b <= a)
                continue;
            const Counters& x = windowSnapshots[a];
            const Counters& y = windowSnapshots[b];
            const double duration = std::max(1e-12, windowTimes[b] - windowTimes[a]);
            for (std::size_t h = 0; h < graph.hosts().size(); ++h) {
                double busy = 0.0, capacity = 0.0;
                for (std::int32_t s : hostServers[h]) {
                    busy += y.serverBusyArea[static_cast<std::size_t>(s)] - x.serverBusyArea[static_cast<std::size_t>(s)];
                    capacity += servers[static_cast<std::size_t>(s)].cores * duration;
                }
                t.hostUtilization[h] = capacity > 0 ? busy / capacity : 0.0;
            }
            for (std::size_t c = 0; c < components.size(); ++c) {
                const auto& cx = x.components[c];
                const auto& cy = y.components[c];
                auto& wc = t.components[c];
                wc.queueLength = components[c].kind == graph::ComponentKind::Queue ? (cy.waitingArea - cx.waitingArea) / duration
                                                                                   : (cy.inSystemArea - cx.inSystemArea) / duration;
                for (std::size_t k = a; k < b; ++k)
                    wc.queuePeak = std::max(wc.queuePeak, segmentPeaks[k][c]);
                wc.rejected = (cy.rejected - cx.rejected) / duration;
                wc.timeouts = (cy.timeouts - cx.timeouts) / duration;
            }
        }
        return out;
    }

    ReplicationResult run(const std::function<bool(double, std::uint64_t)>& poll)
    {
        const double horizon = config.horizon;
        // Snapshot grid: the explicit warm-up, or every horizon/100 over the
        // first half (MSER never deletes more than half).
        std::vector<double> grid;
        if (config.warmup)
            grid.push_back(std::clamp(*config.warmup, 0.0, horizon));
        else
            for (int k = 0; k <= kSnapshotsInFirstHalf; ++k)
                grid.push_back(horizon * k / (2.0 * kSnapshotsInFirstHalf));
        snapshots.assign(grid.size(), Counters{});
        sketchSnapshots.assign(grid.size(), sketch);
        for (std::size_t k = 0; k < grid.size(); ++k)
            engine.post(grid[k], Event{kSnapshot, 0, static_cast<std::uint32_t>(k)}, -100);
        if (!config.windows.empty())
            setUpWindows(horizon);

        for (std::size_t s = 0; s < servers.size(); ++s) {
            const auto& host = graph.host(servers[s].host);
            if (!host.failure)
                continue;
            const auto& hs = hostServers[static_cast<std::size_t>(host.id)];
            if (host.failure->instance < 0 || static_cast<std::size_t>(host.failure->instance) >= hs.size() ||
                hs[static_cast<std::size_t>(host.failure->instance)] != static_cast<std::int32_t>(s))
                continue;
            engine.post(host.failure->at, Event{kFailure, static_cast<std::uint32_t>(s), 0});
            if (host.failure->recoverAfter)
                engine.post(host.failure->at + *host.failure->recoverAfter, Event{kRecovery, static_cast<std::uint32_t>(s), 0});
        }

        if (open) {
            scheduleOpenArrival();
        } else {
            setPopulation(populationSteps.front().level);
            for (std::size_t i = 1; i < populationSteps.size(); ++i)
                engine.post(populationSteps[i].time, Event{kPopulation, 0, static_cast<std::uint32_t>(i)});
        }

        bool cancelled = false;
        if (poll)
            engine.setPoll([&] { return poll(engine.now(), engine.eventsExecuted()); }, 8192);
        const StopReason reason = trace ? engine.run(horizon,
                                                     [this](const Event& e) {
                                                         trace(engine.now(), e.kind, e.target);
                                                         dispatch(e);
                                                     })
                                        : engine.run(horizon, [this](const Event& e) { dispatch(e); });
        cancelled = reason == StopReason::Cancelled;
        const double end = cancelled ? engine.now() : horizon;
        // Flush the final state.
        {
            const double now = end;
            counters.time = now;
            counters.events = engine.eventsExecuted();
            for (std::size_t c = 0; c < components.size(); ++c) {
                auto& model = components[c];
                model.inSystem.flush(now);
                model.poolBusy.flush(now);
                model.waiting.flush(now);
                counters.components[c].inSystemArea = model.inSystem.area;
                counters.components[c].poolBusyArea = model.poolBusy.area;
                counters.components[c].waitingArea = model.waiting.area;
            }
            for (std::size_t s = 0; s < servers.size(); ++s) {
                servers[s].busy.flush(now);
                counters.serverBusyArea[s] = servers[s].busy.area;
            }
            recordWorkInProgress(now);
        }
        if (windowed)
            finishWindows(end, cancelled);
        ReplicationResult result = summarize(grid, end, cancelled);
        if (windowed)
            result.windows = summarizeWindows();
        return result;
    }

    void dispatch(const Event& e)
    {
        const auto target = static_cast<std::int32_t>(e.target);
        switch (e.kind) {
        case kThinkEnd: onThinkEnd(); break;
        case kOpenArrival:
            issueRequest(kNone);
            scheduleOpenArrival();
            break;
        case kPsCompletion: onPsCompletion(target); break;
        case kFcfsCompletion: onFcfsCompletion(target); break;
        case kDelayEnd: workDone(target); break;
        case kTimeout: onTimeout(target); break;
        case kBackoffEnd:
            frame(target).event = EventId{};
            issueAttempt(target);
            break;
        case kResume: workDone(target); break;
        case kGrant:
            frame(target).event = EventId{};
            startWork(target);
            break;
        case kSnapshot: takeSnapshot(e.aux); break;
        case kPopulation: setPopulation(populationSteps[e.aux].level); break;
        case kFailure: onFailure(target); break;
        case kRecovery: servers[static_cast<std::size_t>(target)].up = true; break;
        case kWindowEdge: takeWindowEdge(e.aux); break;
        default: break;
        }
    }

    ReplicationResult summarize(const std::vector<double>& grid, double end, bool cancelled)
    {
        ReplicationResult result;
        result.replication = replication;
        result.cancelled = cancelled;
        result.hitFrameCap = frames.hitCap();
        result.events = engine.eventsExecuted();

        // Choose the warm-up cut on the grid.
        std::size_t cut = 0;
        if (config.warmup) {
            cut = 0;
        } else {
            const stats::TruncationPoint point = stats::mserOnBatchMeans(batchMeans, batchSize);
            result.warmupReliable = point.reliable;
            const std::size_t batches = point.observations / batchSize;
            const double cutTime = batches == 0 ? 0.0 : batchEnds[batches - 1];
            cut = grid.size() - 1;
            for (std::size_t k = 0; k < grid.size(); ++k)
                if (grid[k] >= cutTime) {
                    cut = k;
                    break;
                }
        }
        while (cut > 0 && grid[cut] >= end)
            --cut;  // a cancelled run may not have reached the cut
        const Counters& a = snapshots[cut];
        const Counters& b = counters;
        const double start = grid[cut];
        const double duration = std::max(1e-12, end - start);
        result.warmup = start;
        result.duration = end - start;

        result.issued = b.issued - a.issued;
        result.completed = b.completed - a.completed;
        result.rejected = b.rejected - a.rejected;
        result.timedOut = b.timedOut - a.timedOut;
        result.meanResponse = result.completed > 0 ? (b.responseSum - a.responseSum) / result.completed : 0.0;
        result.throughput = result.completed / duration;
        result.errorRate = result.issued > 0 ? std::min(1.0, (result.rejected + result.timedOut) / result.issued) : 0.0;
        result.responseSketch = sketch;
        result.responseSketch.subtract(sketchSnapshots[cut]);

        bool saturated = frames.hitCap();
        result.components.resize(components.size());
        for (std::size_t c = 0; c < components.size(); ++c) {
            const auto& x = a.components[c];
            const auto& y = b.components[c];
            const auto& model = components[c];
            ComponentTally& t = result.components[c];
            const double visits = y.visits - x.visits;
            t.visits = visits;
            const double work = (y.work + y.workInProgress) - (x.work + x.workInProgress);
            t.utilization = work / (duration * model.cores * static_cast<double>(model.instances.size()));
            t.throughput = visits / duration;
            t.responseTime = visits > 0 ? (y.responseSum - x.responseSum) / visits : 0.0;
            t.queueLength = model.kind == graph::ComponentKind::Queue ? (y.waitingArea - x.waitingArea) / duration
                                                                       : (y.inSystemArea - x.inSystemArea) / duration;
            t.rejected = (y.rejected - x.rejected) / duration;
            t.timeouts = (y.timeouts - x.timeouts) / duration;
            t.retries = (y.retries - x.retries) / duration;
            t.poolBusy = (y.poolBusyArea - x.poolBusyArea) / duration;
            const double entries = y.poolEntries - x.poolEntries;
            t.poolWaitFraction = entries > 0 ? (y.poolWaited - x.poolWaited) / entries : 0.0;
            const double lookups = y.lookups - x.lookups;
            t.hitRatio = lookups > 0 ? 1.0 - (y.misses - x.misses) / lookups : model.hitRatio;
            const double messages = y.messages - x.messages;
            t.consumerLag = messages > 0 ? (y.lagSum - x.lagSum) / messages : 0.0;
            if (model.pool > 0 && model.kind != graph::ComponentKind::Queue &&
                t.poolBusy >= 0.98 * model.pool * static_cast<double>(model.instances.size()))
                saturated = true;
        }
        result.hostUtilization.assign(graph.hosts().size(), 0.0);
        for (std::size_t h = 0; h < graph.hosts().size(); ++h) {
            double busy = 0.0, capacity = 0.0;
            for (std::int32_t s : hostServers[h]) {
                busy += b.serverBusyArea[static_cast<std::size_t>(s)] - a.serverBusyArea[static_cast<std::size_t>(s)];
                capacity += servers[static_cast<std::size_t>(s)].cores * duration;
            }
            result.hostUtilization[h] = capacity > 0 ? busy / capacity : 0.0;
            // Per server too: one saturated database copy saturates the system.
            for (std::int32_t s : hostServers[h]) {
                const double u = (b.serverBusyArea[static_cast<std::size_t>(s)] - a.serverBusyArea[static_cast<std::size_t>(s)]) /
                                 (servers[static_cast<std::size_t>(s)].cores * duration);
                if (u >= 0.98)
                    saturated = true;
            }
        }
        result.saturated = saturated;
        return result;
    }
};

Simulation::Simulation(const graph::Graph& graph, const RunConfig& config, int replication, Observer* observer)
    : impl_(std::make_unique<Impl>(graph, config, replication, observer))
{
}

Simulation::~Simulation() = default;

void Simulation::setTrace(EventTrace trace)
{
    impl_->trace = std::move(trace);
}

ReplicationResult Simulation::run(const std::function<bool(double, std::uint64_t)>& poll)
{
    return impl_->run(poll);
}

}  // namespace headroom::des
