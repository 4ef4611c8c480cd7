#pragma once
// A visit's life at a component instance, from arrival to the answer:
//   arrive -> admission (pool.h) -> work: CPU demand on the station
//   (station.h), then the pure delay (`latency`), if any -> cache lookup or
//   enqueue (cache_queue.h) -> the component's calls (call_program.h) ->
//   finish: counted, the token handed on, the caller answered.
// A visit that fails (rejected, its instance died) answers its caller with
// the error; a timed-out visit's caller has already gone (an orphan: it
// finishes its work and its answer is dropped). The user request's root
// frame completes or fails here too (recorder, then its user thinks again).
//
// Events: kDelayEnd and kResume (target = frame; kResume continues a visit
// with no work at all after the current event, never by recursion).

#include "des/sim_types.h"

#include <algorithm>

namespace headroom::des::sim {

template <class Sim>
class Visits {
public:
    explicit Visits(Sim& sim) : sim_(sim) {}

    void handle(const Event& e) { workDone(static_cast<std::int32_t>(e.target)); }  // kDelayEnd, kResume

    void arrive(std::int32_t id)
    {
        Frame& f = sim_.frames[id];
        ComponentModel& c = sim_.componentOf(f);
        Instance& inst = sim_.instanceOf(f);
        ++inst.inSystem;
        c.inSystem.add(sim_.engine.now(), 1.0);
        sim_.notify(RequestEventKind::Arrival, f);
        if (sim_.pools.admit(id, f, c, inst))
            startWork(id);
    }

    void reject(std::int32_t id)
    {
        Frame& f = sim_.frames[id];
        ++sim_.recorder.component(f.component).rejected;
        sim_.notify(RequestEventKind::Rejection, f);
        fail(id, Outcome::Rejected);
    }

    void startWork(std::int32_t id)
    {
        Frame& f = sim_.frames[id];
        if (f.flags & kMessage) {
            sim_.calls.advance(id);  // the enqueue already paid the CPU
            return;
        }
        ComponentModel& c = sim_.componentOf(f);
        double mean = c.hasDemand ? c.demand[f.cls] : 0.0;
        if (sim_.topology.quietSpells || c.wakeup > 0.0) {
            // Load-dependent demand (docs/methods.md, "Load-dependent demand"): the
            // wake-up share of the cost is paid in proportion to the idle cores the
            // visit finds on arrival (a busy host batches what an idle one pays),
            // and only after a quiet spell of wakeup_after on the host instance
            // (every visit that starts on it ends the spell).
            Server& s = sim_.topology.server(sim_.instanceOf(f).server);
            const double quiet = sim_.engine.now() - s.lastVisit;
            s.lastVisit = sim_.engine.now();
            if (c.wakeup > 0.0 && quiet >= c.wakeupAfter) {
                const double busyShare = std::clamp(s.busy.value / std::max(1, s.cores), 0.0, 1.0);
                mean += c.wakeup * (1.0 - busyShare);
            }
        }
        const double work = c.hasDemand ? c.sampler(c.demandRandom, mean) : 0.0;
        if (work > 0.0) {
            sim_.stations.submit(id, work);
            return;
        }
        if (c.latency > 0.0) {
            startDelay(id);
            return;
        }
        // No work at all: continue after the current event, never by
        // recursion (a chain of empty visits would grow the stack).
        f.state = FrameState::Resume;
        f.event = sim_.engine.scheduleIn(0.0, Event{kResume, static_cast<std::uint32_t>(id), 0});
    }

    /// The station served the visit's CPU demand.
    void cpuDone(std::int32_t id)
    {
        const Frame& f = sim_.frames[id];
        sim_.recorder.component(f.component).work += f.work;
        if (sim_.componentOf(f).latency > 0.0) {
            startDelay(id);
            return;
        }
        workDone(id);
    }

    /// A component visit finished well: count it, let go, answer the caller.
    void finishVisit(std::int32_t id)
    {
        Frame& f = sim_.frames[id];
        if (f.flags & kMessage) {
            dropMessage(id);
            return;
        }
        ComponentCounters& counts = sim_.recorder.component(f.component);
        ++counts.visits;
        counts.responseSum += sim_.engine.now() - f.arrival;
        sim_.notify(RequestEventKind::Departure, f);
        leave(f);
        reply(id, Outcome::Ok);
    }

    /// A visit (or a root) ends in an error.
    void fail(std::int32_t id, Outcome outcome)
    {
        Frame& f = sim_.frames[id];
        if (f.flags & kRoot) {
            sim_.recorder.requestFailed(f.arrival, outcome);
            sim_.notify(RequestEventKind::Failed, f);
            endRequest(id, true);
            return;
        }
        if (f.flags & kMessage) {
            dropMessage(id);
            return;
        }
        leave(f);
        reply(id, outcome);
    }

    /// The root's calls are done: the user request completed.
    void completeRequest(std::int32_t id)
    {
        const Frame& root = sim_.frames[id];
        sim_.recorder.requestCompleted(root.arrival, sim_.engine.now() - root.arrival);
        sim_.notify(RequestEventKind::Completed, root);
        endRequest(id, false);
    }

private:
    void startDelay(std::int32_t id)
    {
        Frame& f = sim_.frames[id];
        ComponentModel& c = sim_.componentOf(f);
        f.state = FrameState::InDelay;
        const double delay = c.sampler(c.demandRandom, c.latency);
        f.event = sim_.engine.scheduleIn(delay, Event{kDelayEnd, static_cast<std::uint32_t>(id), 0});
    }

    // CPU and delay are over: cache decision, enqueue, then the calls.
    void workDone(std::int32_t id)
    {
        Frame& f = sim_.frames[id];
        f.event = EventId{};
        ComponentModel& c = sim_.componentOf(f);
        if (c.lookup)
            sim_.cacheQueue.lookup(f, c);
        if (c.kind == graph::ComponentKind::Queue && !(f.flags & kMessage)) {
            sim_.cacheQueue.enqueue(id, c);
            return;
        }
        sim_.calls.advance(id);
    }

    // Releases what a visit holds (its place, its token).
    void leave(Frame& f)
    {
        ComponentModel& c = sim_.componentOf(f);
        Instance& inst = sim_.instanceOf(f);
        if (!(f.flags & kMessage)) {
            --inst.inSystem;
            c.inSystem.add(sim_.engine.now(), -1.0);
        }
        if (f.flags & kHoldsToken)
            sim_.pools.release(f, c, inst);
        if (sim_.topology.server(inst.server).draining)
            sim_.autoscaler.visitLeft(inst);  // a draining instance leaves when empty
    }

    // A consumed (or failed) message: nobody waits for it.
    void dropMessage(std::int32_t id)
    {
        leave(sim_.frames[id]);
        sim_.frames.release(id);
    }

    // The frame goes; its caller (if it still waits) gets the outcome.
    void reply(std::int32_t id, Outcome outcome)
    {
        const Frame& f = sim_.frames[id];
        const std::int32_t parentId = f.parent;
        const bool missed = (f.flags & kMissed) != 0;
        if (parentId != kNone && f.key != kNone)
            sim_.cacheKeys.answered(f, sim_.frames[parentId]);  // a keyed cache: the key goes to the caller
        const std::int32_t component = f.component;
        sim_.frames.release(id);
        if (parentId != kNone)  // else an orphan: its caller timed out
            sim_.calls.answer(parentId, outcome, missed, component);
    }

    // The root frame goes; its user thinks again (or retires).
    void endRequest(std::int32_t id, bool failed)
    {
        const std::int32_t user = sim_.frames[id].user;
        sim_.frames.release(id);
        sim_.workload.userDone(user, failed);
    }

    Sim& sim_;
};

}  // namespace headroom::des::sim
