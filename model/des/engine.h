#pragma once
// The discrete-event kernel: a clock, a future-event list ordered by
// (time, priority, sequence) and a loop that hands each event to a handler.
// No global state: every model holds an `Engine&`. Events are small values
// (a kind and two integers naming the model object they concern), stored in
// a slot array that is reused, so scheduling allocates nothing once the
// arrays have grown to the model's working size.
//
// An EventId names one scheduled event; it carries a generation so a stale
// id (its event already ran or was cancelled, the slot reused) is harmless:
// cancel/reschedule/pending on it do nothing and return false.

#include "des/event_list.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <vector>

namespace headroom::des {

/// What happens: `kind` selects the model's action, `target`/`aux` name the
/// objects (a frame, a server, a user ...).
struct Event {
    std::uint32_t kind = 0;
    std::uint32_t target = 0;
    std::uint32_t aux = 0;
};

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
    [[nodiscard]] std::size_t pendingCount() const { return list_->size(); }
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
        if (list_->empty())
            return StopReason::Empty;
        if (list_->topTime() > until) {
            now_ = until;
            return StopReason::ReachedTime;
        }
        now_ = list_->topTime();
        const EventHandle handle = list_->pop();
        Slot& slot = slots_[handle];
        const Event event = slot.event;
        slot.scheduled = false;
        ++slot.generation;
        freeSlots_.push_back(handle);
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
