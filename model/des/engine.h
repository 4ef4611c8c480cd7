#pragma once
// The discrete-event kernel: a clock, a future-event list ordered by
// (time, priority, sequence) and a loop that hands each event to a handler.
// No global state: every model holds an `Engine&`. Events are small values
// (a kind and two integers naming the model object they concern), stored in
// a slot array that is reused, so scheduling allocates nothing once the
// arrays have grown to the model's working size.
//
// Events that are never cancelled nor moved (think times, arrivals,
// snapshots) can be posted instead of scheduled: they go to a second, lighter
// list that stores the event in place (PostedEventHeap). The two lists share
// one sequence counter and run merged in the same (time, priority, sequence)
// order, so posting instead of scheduling never changes what happens.
//
// An EventId names one scheduled event; it carries a generation so a stale
// id (its event already ran or was cancelled, the slot reused) is harmless:
// cancel/reschedule/pending on it do nothing and return false.

#include "des/event.h"
#include "des/event_list.h"
#include "des/posted_event_heap.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <vector>

namespace headroom::des {

struct EventId {
    std::uint32_t slot = std::numeric_limits<std::uint32_t>::max();
    std::uint32_t generation = 0;
    [[nodiscard]] bool valid() const { return slot != std::numeric_limits<std::uint32_t>::max(); }
};

enum class StopReason { ReachedTime, Empty, Stopped, Cancelled };

class Engine {
public:
    explicit Engine(EventListKind kind = EventListKind::QuaternaryHeap);

    [[nodiscard]] double now() const { return now_; }
    [[nodiscard]] EventListKind eventListKind() const { return kind_; }

    /// Schedules `event` at absolute `time` (>= now). Lower `priority` runs
    /// first among events at the same time; then first scheduled, first run.
    EventId schedule(double time, Event event, int priority = 0);
    EventId scheduleIn(double delay, Event event, int priority = 0) { return schedule(now_ + delay, event, priority); }
    /// Removes a pending event. False if it already ran or was cancelled.
    bool cancel(EventId id);
    /// Moves a pending event to `time` (keeps its priority, takes a new
    /// sequence number). False if it is not pending.
    bool reschedule(EventId id, double time);
    [[nodiscard]] bool pending(EventId id) const;
    /// The place in the order an event scheduled now with `priority` would
    /// take. An event given it later in the same instant (scheduleReserved)
    /// runs exactly as if it had been scheduled at the reservation: a model
    /// can wait to see whether it needs an event (a timeout for a call that
    /// may be rejected at once) without changing the order of events.
    [[nodiscard]] std::uint64_t reserve(int priority = 0) { return order(priority); }
    EventId scheduleReserved(double time, Event event, std::uint64_t reserved);
    /// Like schedule() for an event that will never be cancelled nor
    /// rescheduled: cheaper (no slot, no handle), same ordering.
    void post(double time, Event event, int priority = 0);
    void postIn(double delay, Event event, int priority = 0) { post(now_ + delay, event, priority); }
    [[nodiscard]] std::size_t pendingCount() const { return list_->size() + posted_.size(); }
    [[nodiscard]] double nextTime() const;

    /// Runs events with time <= `until`, calling handler(const Event&) for
    /// each, until the list empties, stop() is called, or the poll hook asks
    /// to stop. The clock ends at `until` when that time was reached.
    template <class Handler>
    StopReason run(double until, Handler&& handler);

    /// Ends run() after the current event.
    void stop() { stopRequested_ = true; }
    [[nodiscard]] std::uint64_t eventsExecuted() const { return executed_; }

    /// Called every `pollInterval` events from run(); returning false stops
    /// the run with StopReason::Cancelled (cancel flags, progress reports).
    void setPoll(std::function<bool()> poll, std::uint32_t pollInterval = 4096);

    /// Drops all pending events and resets the clock to 0.
    void reset();

private:
    struct Slot {
        Event event;
        std::uint32_t generation = 0;
        std::int32_t priority = 0;
        bool scheduled = false;
    };
    [[nodiscard]] std::uint64_t order(std::int32_t priority)
    {
        // Priority in the top 8 bits (biased so negative ones sort first),
        // insertion sequence in the low 56.
        return (static_cast<std::uint64_t>(static_cast<std::uint8_t>(priority + 128)) << 56) | (sequence_++ & kSequenceMask);
    }
    static constexpr std::uint64_t kSequenceMask = (std::uint64_t{1} << 56) - 1;

    EventListKind kind_;
    std::unique_ptr<EventList> list_;
    PostedEventHeap posted_;
    std::vector<Slot> slots_;
    std::vector<EventHandle> freeSlots_;
    double now_ = 0.0;
    std::uint64_t sequence_ = 0;
    std::uint64_t executed_ = 0;
    bool stopRequested_ = false;
    std::function<bool()> poll_;
    std::uint32_t pollInterval_ = 4096;
};

template <class Handler>
StopReason Engine::run(double until, Handler&& handler)
{
    stopRequested_ = false;
    std::uint32_t sincePoll = 0;
    for (;;) {
        const bool haveList = !list_->empty();
        if (!haveList && posted_.empty())
            return StopReason::Empty;
        // The next event is the earlier of the two lists' tops.
        bool takePosted = !haveList;
        double time;
        if (haveList) {
            time = list_->topTime();
            if (!posted_.empty()) {
                const double p = posted_.topTime();
                if (p < time || (p == time && posted_.topOrder() < list_->topOrder())) {  // keyBefore (event_list.h)
                    takePosted = true;
                    time = p;
                }
            }
        } else {
            time = posted_.topTime();
        }
        if (time > until) {
            now_ = until;
            return StopReason::ReachedTime;
        }
        now_ = time;
        Event event;
        if (takePosted) {
            event = posted_.topEvent();
            posted_.pop();
        } else {
            const EventHandle handle = list_->pop();
            Slot& slot = slots_[handle];
            // Slots are reused in no particular order, so with many events
            // pending the next one's slot is often a cache miss: start the
            // load now, while this event's handler runs.
            if (!list_->empty())
                __builtin_prefetch(&slots_[list_->top()]);
            event = slot.event;
            slot.scheduled = false;
            ++slot.generation;
            freeSlots_.push_back(handle);
        }
        ++executed_;
        handler(event);
        if (stopRequested_)
            return StopReason::Stopped;
        if (poll_ && ++sincePoll >= pollInterval_) {
            sincePoll = 0;
            if (!poll_())
                return StopReason::Cancelled;
        }
    }
}

}  // namespace headroom::des
