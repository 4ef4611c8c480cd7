#pragma once
// The engine's list for events that are never cancelled nor moved (think
// times, arrivals, snapshots: Engine::post). With 100,000 users thinking it
// holds ~10^5 entries, so it is laid out for the cache: the heap itself
// holds 16-byte keys (time, slot), so the four children of a node fill one
// aligned 64-byte line and the whole heap of 10^5 fits in L2; the order
// (priority, sequence) and the event sit in a side array by slot, read only
// to break a tie of times and when the event runs (prefetched as soon as it
// reaches the top). Without cancellation there is no handle and no position
// index. Entries are ordered by (time, order) exactly like the EventList
// entries, so the engine runs the two lists as one.
//
// An implicit 4-ary min-heap (the sift loops of d_ary_heap.h): node i lives
// at storage index i + 3, its children at 4i + 4 ... 4i + 7, one cache line.

#include "des/event.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace headroom::des {

class PostedEventHeap {
public:
    PostedEventHeap() = default;
    PostedEventHeap(const PostedEventHeap&) = delete;
    PostedEventHeap& operator=(const PostedEventHeap&) = delete;

    [[nodiscard]] bool empty() const { return size_ == 0; }
    [[nodiscard]] std::size_t size() const { return size_; }
    /// The smallest entry's time, order and event; the heap must not be empty.
    [[nodiscard]] double topTime() const { return keys_[kOffset].time; }
    [[nodiscard]] std::uint64_t topOrder() const { return payloads_[keys_[kOffset].slot].order; }
    [[nodiscard]] const Event& topEvent() const { return payloads_[keys_[kOffset].slot].event; }
    void push(double time, std::uint64_t order, Event event);
    /// Removes the smallest entry; the heap must not be empty.
    void pop();
    void clear();

private:
    struct Key {
        double time;
        std::uint32_t slot;
        std::uint32_t unused;
    };
    struct Payload {
        std::uint64_t order;
        Event event;
    };
    static constexpr std::size_t kOffset = 3;
    struct Free {
        void operator()(Key* p) const;
    };
    // The comparator of keys: time, then the order kept by slot.
    struct Before {
        const Payload* payloads;
        bool operator()(const Key& a, const Key& b) const
        {
            // The order is read only on a tie of times.
            return a.time < b.time || (a.time == b.time && payloads[a.slot].order < payloads[b.slot].order);
        }
    };
    void grow();

    std::unique_ptr<Key[], Free> keys_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;  // keys, excluding the offset
    std::vector<Payload> payloads_;
    std::vector<std::uint32_t> freeSlots_;
};

}  // namespace headroom::des
