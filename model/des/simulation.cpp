#include "des/simulation.h"

#include "des/frame_table.h"
#include "des/recorder.h"
#include "des/router.h"
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
    Recorder recorder;
    Router router;

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

    Impl(const graph::Graph& g, const RunConfig& c, int r, Observer* o)
        : graph(g), config(c), replication(r), observer(o), engine(c.eventList),
          topology(g, [this](std::uint64_t id) { return stream(id); }), frames(c.maxFramesInSystem),
          recorder(g, config, engine, topology, frames), router(g, topology)
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

    }

    // --------------------------------------------------------------- frames

    std::int32_t allocateFrame() { return frames.allocate(); }
    void freeFrameAt(std::int32_t id) { frames.release(id); }

    Frame& frame(std::int32_t id) { return frames[id]; }
    ComponentModel& componentOf(const Frame& f) { return components[static_cast<std::size_t>(f.component)]; }
    Instance& instanceOf(const Frame& f) { return instances[static_cast<std::size_t>(f.instance)]; }
    Server& serverOf(const Instance& i) { return servers[static_cast<std::size_t>(i.server)]; }
    ComponentCounters& countersOf(std::int32_t component) { return recorder.component(component); }

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
        recorder.requestIssued(engine.now());
        if (!frames.admit()) {
            recorder.requestFailed(engine.now(), Outcome::Rejected);
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
        const std::int32_t instanceId = router.choose(caller, target);
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
                c.notePeak();
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
        c.notePeak();  // admitted visits only: a rejected one was never really there
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
        c.notePeak();
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
            s.advance(engine.now());
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
        s.advance(engine.now());
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
            recorder.requestFailed(f.arrival, outcome);
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
        recorder.requestCompleted(root.arrival, response);
        notify(RequestEventKind::Completed, root);
        const std::int32_t user = root.user;
        freeFrameAt(id);
        userDone(user);
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
        s.advance(engine.now());
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

    ReplicationResult run(const std::function<bool(double, std::uint64_t)>& poll)
    {
        const double horizon = config.horizon;
        recorder.start();

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
        return recorder.finish(replication, end, cancelled);
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
        case kSnapshot: recorder.handle(e); break;
        case kPopulation: setPopulation(populationSteps[e.aux].level); break;
        case kFailure: onFailure(target); break;
        case kRecovery: servers[static_cast<std::size_t>(target)].up = true; break;
        case kWindowEdge: recorder.handle(e); break;
        default: break;
        }
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
