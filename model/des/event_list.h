#pragma once
// The future-event list of the discrete-event engine, as an interface so
// that several priority queues can be tried and the same tests run on each
// (after ns-3's Scheduler). Entries are ordered by (time, order), where
// `order` packs the event priority (high bits) and an insertion sequence
// number (low bits): equal times run by priority, then first-in first-out.
//
// The list stores only keys and handles. A handle is a small dense integer
// owned by the Engine (an index into its event slots), so an event can be
// removed or moved (PS completion rescheduling, cancelled timeouts) in
// O(log n) without searching.
//
// Costs (n = pending events):
//
//   implementation     push       pop        remove     update      memory/entry
//   QuaternaryHeap     O(log4 n)  O(4 log4 n) O(log n)  O(log n)    24 B + 4 B index
//   BinaryHeap         O(log2 n)  O(2 log2 n) O(log n)  O(log n)    24 B + 4 B index
//   PairingHeap        O(1)       O(log n)*  O(log n)*  O(log n)*   32 B (links)
//                                   * amortised
//
// The 4-ary heap is the default: half the depth of a binary heap and four
// children share a cache line pair, so pops touch fewer lines; it measured
// fastest on our event mixes (see bench/README.md).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace headroom::des {

using EventHandle = std::uint32_t;

enum class EventListKind { QuaternaryHeap, BinaryHeap, PairingHeap };

/// The one ordering rule of events: earlier time first, then the smaller
/// order (priority, then sequence), for any two keys with `time` and
/// `order`. The order is read only on a tie of times (reading it eagerly
/// cost the 4-ary heap ~10% more instructions). The event lists compare
/// with this; the posted-event heap and the engine's merge of the two lists
/// apply the same rule to orders they fetch only on a tie.
template <class A, class B>
[[nodiscard]] inline bool keyBefore(const A& a, const B& b)
{
    return a.time < b.time || (a.time == b.time && a.order < b.order);
}

class EventList {
public:
    virtual ~EventList() = default;
    EventList() = default;
    EventList(const EventList&) = delete;
    EventList& operator=(const EventList&) = delete;

    /// Adds `handle` (not already present) with key (time, order).
    virtual void push(double time, std::uint64_t order, EventHandle handle) = 0;
    /// The handle with the smallest key; the list must not be empty.
    [[nodiscard]] virtual EventHandle top() const = 0;
    [[nodiscard]] virtual double topTime() const = 0;
    /// The `order` of the smallest key (the engine merges this list with
    /// its list of posted events by (time, order)).
    [[nodiscard]] virtual std::uint64_t topOrder() const = 0;
    /// Removes and returns the handle with the smallest key.
    virtual EventHandle pop() = 0;
    /// Removes `handle`, which must be present.
    virtual void remove(EventHandle handle) = 0;
    /// Gives the present `handle` a new key.
    virtual void update(EventHandle handle, double time, std::uint64_t order) = 0;
    [[nodiscard]] virtual std::size_t size() const = 0;
    [[nodiscard]] bool empty() const { return size() == 0; }
    virtual void clear() = 0;
};

[[nodiscard]] std::unique_ptr<EventList> makeEventList(EventListKind kind);

}  // namespace headroom::des
