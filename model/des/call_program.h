#pragma once
// The call program: the caller's side of every call. A frame walks its
// component's calls in order (visits = floor + a Bernoulli draw for the
// fraction, calls limited to some classes skipped), a pending cache-miss
// call first; the root frame's program is one call to its class's entry.
// Each attempt at a call goes to an instance the router picks (router.h),
// as a new child frame, and waits: the callee's `timeout` (if any) runs
// from the attempt. An error (rejected, timed out) is retried up to the
// callee's `retries`, after an exponential backoff (backoff x 2^(attempt-1));
// past them the caller itself fails. A timed-out callee keeps working (its
// answer finds no one waiting): that is what makes retry storms. The
// callee's retry protections (retry budget, jittered backoff, circuit
// breaker: retry_guard.h) apply; a keyed cache's miss is fetched here and
// fills the cache when the fetch succeeds (cache_keys.h).
//
// Events: kTimeout and kBackoffEnd (target = the caller's frame).

#include "des/retry_guard.h"
#include "des/sim_types.h"

#include <cmath>

namespace headroom::des::sim {

template <class Sim>
class CallProgram {
public:
    explicit CallProgram(Sim& sim) : sim_(sim) {}

    void handle(const Event& e)
    {
        const auto id = static_cast<std::int32_t>(e.target);
        if (e.kind == kTimeout) {
            onTimeout(id);
        } else {  // kBackoffEnd
            sim_.frames[id].event = EventId{};
            issueAttempt(id);
        }
    }

    /// Moves frame `id` to its next call, or finishes it when none is left.
    void advance(std::int32_t id);

    /// The callee of `callerId`'s current attempt answered (ok, or an error):
    /// its timeout is cancelled and the call program goes on.
    void answer(std::int32_t callerId, Outcome outcome, bool missed, std::int32_t callee)
    {
        Frame& caller = sim_.frames[callerId];
        caller.child = kNone;
        sim_.engine.cancel(caller.childTimeout);
        caller.childTimeout = EventId{};
        childResult(callerId, outcome, missed, callee);
    }

private:
    void startCall(std::int32_t callerId, std::int32_t target)
    {
        Frame& caller = sim_.frames[callerId];
        caller.target = target;
        caller.attempt = 0;
        issueAttempt(callerId);
    }
    void issueAttempt(std::int32_t callerId);
    void childResult(std::int32_t callerId, Outcome outcome, bool missed, std::int32_t callee);
    void giveUp(std::int32_t callerId, Outcome outcome)
    {
        if (sim_.cacheKeys.isFetch(sim_.frames[callerId], sim_.frames[callerId].target))
            sim_.cacheKeys.fetched(callerId, false);
        sim_.visits.fail(callerId, outcome);
    }
    void onTimeout(std::int32_t callerId);

    Sim& sim_;
};

template <class Sim>
void CallProgram<Sim>::advance(std::int32_t id)
{
    Frame& f = sim_.frames[id];
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
            startCall(id, sim_.workload.entry(f.cls));
        } else {
            sim_.visits.completeRequest(id);
        }
        return;
    }
    ComponentModel& c = sim_.componentOf(f);
    for (;;) {
        if (f.visitsLeft > 0) {
            --f.visitsLeft;
            startCall(id, c.calls[static_cast<std::size_t>(f.callIndex)].to);
            return;
        }
        ++f.callIndex;
        if (f.callIndex >= static_cast<std::int32_t>(c.calls.size())) {
            sim_.visits.finishVisit(id);
            return;
        }
        const CallModel& call = c.calls[static_cast<std::size_t>(f.callIndex)];
        if (!call.forClass[f.cls])
            continue;
        f.visitsLeft = call.whole + (call.fraction > 0.0 && c.branchRandom.uniform() < call.fraction ? 1 : 0);
    }
}

template <class Sim>
void CallProgram<Sim>::issueAttempt(std::int32_t callerId)
{
    Engine& engine = sim_.engine;
    Frame& caller = sim_.frames[callerId];
    const std::int32_t target = caller.target;
    ComponentModel& t = sim_.topology.component(target);
    caller.state = FrameState::InCalls;
    if (RetryGuard::open(t, engine.now())) {  // an open circuit breaker: fail at once, no retry
        ++sim_.recorder.component(target).rejected;
        giveUp(callerId, Outcome::Rejected);
        return;
    }
    if (caller.attempt == 0)
        RetryGuard::firstAttempt(t);
    const std::int32_t instanceId = sim_.router.choose(caller, target);
    if (instanceId == kNone || !sim_.frames.admit()) {
        ++sim_.recorder.component(target).rejected;
        childResult(callerId, Outcome::Rejected, false, target);
        return;
    }
    const std::int32_t childId = sim_.frames.allocate();
    Frame& caller2 = sim_.frames[callerId];  // frames may have moved
    Frame& child = sim_.frames[childId];
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
    sim_.visits.arrive(childId);
    if (timed) {
        Frame& waiting = sim_.frames[callerId];
        if (waiting.state != FrameState::Free && waiting.child == childId)
            waiting.childTimeout = engine.scheduleReserved(engine.now() + t.timeout,
                                                           Event{kTimeout, static_cast<std::uint32_t>(callerId), 0}, timeoutOrder);
    }
}

// The callee answered (or failed, or timed out).
template <class Sim>
void CallProgram<Sim>::childResult(std::int32_t callerId, Outcome outcome, bool missed, std::int32_t callee)
{
    ComponentModel& t = sim_.topology.component(sim_.frames[callerId].target);
    RetryGuard::record(t, outcome != Outcome::Ok, sim_.engine.now());
    if (outcome == Outcome::Ok) {
        if (sim_.cacheKeys.isFetch(sim_.frames[callerId], callee))
            sim_.cacheKeys.fetched(callerId, true);  // may resume waiters: frames may move
        const std::int32_t onMiss = sim_.topology.component(callee).onMiss;
        if (missed && onMiss != kNone) {
            if ((sim_.frames[callerId].flags & kCoalesced) && sim_.cacheKeys.park(callerId))
                return;  // waits for the fetch in flight
            sim_.frames[callerId].pendingMiss = onMiss;
        }
        advance(callerId);
        return;
    }
    Frame& caller = sim_.frames[callerId];
    if (caller.attempt < t.retries && RetryGuard::mayRetry(t)) {
        ++caller.attempt;
        ++sim_.recorder.component(caller.target).retries;
        caller.state = FrameState::Backoff;
        const double wait = RetryGuard::backoff(t, caller.attempt);
        caller.event = sim_.engine.scheduleIn(wait, Event{kBackoffEnd, static_cast<std::uint32_t>(callerId), 0});
        return;
    }
    giveUp(callerId, outcome);
}

template <class Sim>
void CallProgram<Sim>::onTimeout(std::int32_t callerId)
{
    Frame& caller = sim_.frames[callerId];
    caller.childTimeout = EventId{};
    const std::int32_t childId = caller.child;
    if (childId != kNone) {
        // The callee keeps working; its answer will find no one waiting.
        Frame& child = sim_.frames[childId];
        child.parent = kNone;
        sim_.notify(RequestEventKind::Timeout, child);
        caller.child = kNone;
    }
    ++sim_.recorder.component(caller.target).timeouts;
    childResult(callerId, Outcome::TimedOut, false, caller.target);
}

}  // namespace headroom::des::sim
