#pragma once
// Pools and admission: what lets a visit in, makes it wait, or rejects it.
// A visit arriving at an instance passes, in order:
//   1. the rate limit (a token bucket holding one second of `rate_limit`):
//      empty -> rejected;
//   2. admission control (`admission.max_in_flight`): the instance already
//      holds that many visits (in service and waiting) -> rejected at once;
//   3. (a queue component lets every enqueue through: its consumers' tokens
//      are for messages, cache_queue.h);
//   4. the pool (`threads` or `connections` tokens per instance): a free
//      token -> in; none -> the waiting room, unless `max_queue` visits are
//      already waiting -> rejected;
//   5. without a pool, `max_queue` bounds the visits present beyond `cores`:
//      past it -> rejected.
// A visit holds its token across its CPU, its delay and its calls (layered
// queueing) and gives it back when it leaves: straight to the first waiter,
// which starts after the current event (kGrant). Timeouts are the caller's
// (call_program.h); a waiter whose caller timed out keeps its place.
//
// Events: kGrant (target = frame: a token was handed over).

#include "des/sim_types.h"

#include <algorithm>
#include <limits>

namespace headroom::des::sim {

template <class Sim>
class Pools {
public:
    explicit Pools(Sim& sim) : sim_(sim) {}

    void handle(const Event& e)
    {
        const auto id = static_cast<std::int32_t>(e.target);  // kGrant
        sim_.frames[id].event = EventId{};
        sim_.visits.startWork(id);
    }

    /// Admission of visit `id` (already counted present): true when it may
    /// start work now; false when it waits for a token or was rejected.
    bool admit(std::int32_t id, Frame& f, ComponentModel& c, Instance& inst);
    /// Takes one of the instance's tokens for `f`: the one place a token is acquired.
    void take(Frame& f, ComponentModel& c, Instance& inst)
    {
        --inst.tokensFree;
        f.flags |= kHoldsToken;
        c.poolBusy.add(sim_.engine.now(), 1.0);
    }
    /// Puts `id` at the end of the instance's waiting room.
    void enqueueWaiter(Instance& inst, ComponentModel& c, std::int32_t id);
    /// `f` leaves holding a token: to the first waiter, or back to the pool.
    void release(Frame& f, ComponentModel& c, Instance& inst);
    /// The instance's server went down: no one present, no one waiting, all tokens free.
    void reset(Instance& inst, ComponentModel& c)
    {
        const double now = sim_.engine.now();
        c.inSystem.add(now, -inst.inSystem);
        c.waiting.add(now, -inst.waiting);
        if (c.pool >= 0)
            c.poolBusy.add(now, -(c.pool - inst.tokensFree));
        inst.inSystem = 0;
        inst.waiting = 0;
        inst.waitHead = inst.waitTail = kNone;
        inst.tokensFree = c.pool < 0 ? std::numeric_limits<std::int32_t>::max() : c.pool;
    }

private:
    Sim& sim_;
};

template <class Sim>
bool Pools<Sim>::admit(std::int32_t id, Frame& f, ComponentModel& c, Instance& inst)
{
    const double now = sim_.engine.now();
    if (c.rateLimit > 0.0) {
        // Token bucket holding one second of the allowed rate.
        c.bucket = std::min(std::max(1.0, c.rateLimit), c.bucket + (now - c.bucketTime) * c.rateLimit);
        c.bucketTime = now;
        if (c.bucket < 1.0) {
            sim_.visits.reject(id);
            return false;
        }
        c.bucket -= 1.0;
    }
    if (c.maxInFlight >= 0 && inst.inSystem > c.maxInFlight) {
        // Admission control: the instance already holds max_in_flight visits.
        sim_.visits.reject(id);
        return false;
    }
    if (c.kind == graph::ComponentKind::Queue)
        return true;  // the enqueue: consumers' tokens are for messages
    if (c.pool >= 0) {
        ComponentCounters& counts = sim_.recorder.component(f.component);
        ++counts.poolEntries;
        if (inst.tokensFree > 0) {
            take(f, c, inst);
            c.notePeak();
            return true;
        }
        if (c.maxQueue < 0 || inst.waiting < c.maxQueue) {
            ++counts.poolWaited;
            enqueueWaiter(inst, c, id);
        } else {
            sim_.visits.reject(id);
        }
        return false;
    }
    if (c.maxQueue >= 0 && inst.inSystem > c.cores + c.maxQueue) {
        sim_.visits.reject(id);
        return false;
    }
    c.notePeak();  // admitted visits only: a rejected one was never really there
    return true;
}

template <class Sim>
void Pools<Sim>::enqueueWaiter(Instance& inst, ComponentModel& c, std::int32_t id)
{
    Frame& f = sim_.frames[id];
    f.state = FrameState::WaitingToken;
    f.next = kNone;
    if (inst.waitTail == kNone)
        inst.waitHead = id;
    else
        sim_.frames[inst.waitTail].next = id;
    inst.waitTail = id;
    ++inst.waiting;
    c.waiting.add(sim_.engine.now(), 1.0);
    c.notePeak();
}

template <class Sim>
void Pools<Sim>::release(Frame& f, ComponentModel& c, Instance& inst)
{
    const double now = sim_.engine.now();
    f.flags = static_cast<std::uint8_t>(f.flags & ~kHoldsToken);
    if (inst.waitHead == kNone) {
        ++inst.tokensFree;
        c.poolBusy.add(now, -1.0);
        return;
    }
    // Hand the token straight to the first waiter; it starts after the
    // current event (no recursion through long lines).
    const std::int32_t nextId = inst.waitHead;
    Frame& next = sim_.frames[nextId];
    inst.waitHead = next.next;
    if (inst.waitHead == kNone)
        inst.waitTail = kNone;
    --inst.waiting;
    c.waiting.add(now, -1.0);
    next.flags |= kHoldsToken;
    next.state = FrameState::Granted;
    if (next.flags & kMessage) {
        ComponentCounters& counts = sim_.recorder.component(next.component);
        ++counts.messages;
        counts.lagSum += now - next.arrival;
    }
    next.event = sim_.engine.scheduleIn(0.0, Event{kGrant, static_cast<std::uint32_t>(nextId), 0});
}

}  // namespace headroom::des::sim
