#pragma once
// Stations: the CPU of a server (a host instance or a database copy), with
// `cores` servers under processor sharing or FCFS. A visit's sampled demand
// is submitted here; when it has been served the visit goes on
// (Visit::cpuDone). PS runs on virtual time: each job progresses at rate
// min(1, cores/jobs), finishes when the virtual time reaches its tag, and
// the station keeps one pending completion event (for its smallest tag),
// moved whenever the number of jobs changes. FCFS serves `cores` jobs at a
// time, each with its own completion event, the rest in a FIFO line.
// Service given so far is tracked per instance (active jobs, clocks at
// entry) so utilisation counts work in progress (recorder.h).
//
// Events: kPsCompletion (target = server), kFcfsCompletion (target = frame).

#include "des/sim_types.h"

#include <algorithm>

namespace headroom::des::sim {

template <class Sim>
class Stations {
public:
    explicit Stations(Sim& sim) : sim_(sim) {}

    void handle(const Event& e)
    {
        if (e.kind == kPsCompletion)
            onPsCompletion(static_cast<std::int32_t>(e.target));
        else
            onFcfsCompletion(static_cast<std::int32_t>(e.target));
    }

    /// Puts visit `id` on its instance's CPU for `work` seconds of service.
    void submit(std::int32_t id, double work);
    /// The server went down: its jobs are gone (their frames are torn down
    /// by the caller), the service they received counts as work done.
    void reset(std::int32_t serverId);

private:
    void schedulePsCompletion(Server& s, std::int32_t serverId);
    void onPsCompletion(std::int32_t serverId);
    void onFcfsCompletion(std::int32_t id);

    Sim& sim_;
};

template <class Sim>
void Stations<Sim>::schedulePsCompletion(Server& s, std::int32_t serverId)
{
    Engine& engine = sim_.engine;
    if (s.jobs == 0) {
        engine.cancel(s.completion);
        return;
    }
    const double rate = std::min(1.0, static_cast<double>(s.cores) / s.jobs);
    const double when = engine.now() + std::max(0.0, s.heap.top().tag - s.virtualTime) / rate;
    if (!engine.reschedule(s.completion, when))
        s.completion = engine.schedule(when, Event{kPsCompletion, static_cast<std::uint32_t>(serverId), 0});
}

template <class Sim>
void Stations<Sim>::submit(std::int32_t id, double work)
{
    Frame& f = sim_.frames[id];
    f.state = FrameState::InCpu;
    f.work = work;
    Instance& inst = sim_.instanceOf(f);
    const std::int32_t serverId = inst.server;
    Server& s = sim_.topology.server(serverId);
    const double now = sim_.engine.now();
    if (s.ps) {
        s.advance(now);
        ++inst.active;
        inst.sumEntryClock += s.virtualTime;
        if (sim_.componentOf(f).sampler.kind() == spec::DistributionKind::Deterministic)
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
        ++inst.active;
        inst.sumEntryClock += now;
        f.event = sim_.engine.scheduleIn(work, Event{kFcfsCompletion, static_cast<std::uint32_t>(id), 0});
        return;
    }
    f.next = kNone;
    if (s.tail == kNone)
        s.head = id;
    else
        sim_.frames[s.tail].next = id;
    s.tail = id;
}

template <class Sim>
void Stations<Sim>::onPsCompletion(std::int32_t serverId)
{
    Server& s = sim_.topology.server(serverId);
    const double now = sim_.engine.now();
    s.advance(now);
    const PsJob job = s.heap.pop();
    const std::int32_t id = job.frame;
    // The next job to finish here was likely set up long ago: start
    // loading its frame now.
    if (!s.heap.empty())
        __builtin_prefetch(&sim_.frames[s.heap.top().frame]);
    const Frame& f = sim_.frames[id];
    const double entered = job.tag - f.work;
    Instance& done = sim_.instanceOf(f);
    --done.active;
    done.sumEntryClock -= entered;
    --s.jobs;
    s.busy.set(now, std::min(s.jobs, s.cores));
    s.completion = EventId{};
    schedulePsCompletion(s, serverId);
    sim_.visits.cpuDone(id);
}

template <class Sim>
void Stations<Sim>::onFcfsCompletion(std::int32_t id)
{
    Engine& engine = sim_.engine;
    Frame& f = sim_.frames[id];
    f.event = EventId{};
    Instance& done = sim_.instanceOf(f);
    --done.active;
    done.sumEntryClock -= engine.now() - f.work;
    Server& s = sim_.topology.server(done.server);
    if (s.head != kNone) {
        const std::int32_t nextId = s.head;
        Frame& next = sim_.frames[nextId];
        s.head = next.next;
        if (s.head == kNone)
            s.tail = kNone;
        Instance& starting = sim_.instanceOf(next);
        ++starting.active;
        starting.sumEntryClock += engine.now();
        next.event = engine.scheduleIn(next.work, Event{kFcfsCompletion, static_cast<std::uint32_t>(nextId), 0});
    } else {
        --s.jobs;
        s.busy.set(engine.now(), s.jobs);
    }
    sim_.visits.cpuDone(id);
}

template <class Sim>
void Stations<Sim>::reset(std::int32_t serverId)
{
    Server& s = sim_.topology.server(serverId);
    const double now = sim_.engine.now();
    s.advance(now);
    for (auto& inst : sim_.topology.instances) {
        if (inst.server != serverId || inst.active == 0)
            continue;
        const double clock = s.ps ? s.virtualTime : now;
        sim_.recorder.component(inst.component).work += inst.active * clock - inst.sumEntryClock;
        inst.active = 0;
        inst.sumEntryClock = 0.0;
    }
    s.heap.clear();
    sim_.engine.cancel(s.completion);
    s.jobs = 0;
    s.head = s.tail = kNone;
    s.busy.set(now, 0.0);
}

}  // namespace headroom::des::sim
