#pragma once
// The engine's list for events that are never cancelled nor moved (think
// times, arrivals, snapshots: Engine::post). Without cancellation an entry
// needs no handle, no slot and no position index, so the event is stored in
// the heap node itself: popping it reads no other memory, and a sift writes
// nothing but the nodes. Entries are ordered by (time, order) exactly like
// the EventList entries, so the engine runs the two lists as one.
//
// An implicit 4-ary min-heap of 32-byte nodes laid out so that the four
// children of a node fill one 128-byte block (two cache lines, one aligned
// pair): node i lives at storage index i + 3, its children at 4i + 4 ... 4i + 7.

#include "des/event.h"

#include <cstddef>
#include <cstdint>
#include <memory>

namespace headroom::des {

class PostedEventHeap {
public:
    struct Node {
        double time;
        std::uint64_t order;
        Event event;
    };

    PostedEventHeap() = default;
    PostedEventHeap(const PostedEventHeap&) = delete;
    PostedEventHeap& operator=(const PostedEventHeap&) = delete;

    [[nodiscard]] bool empty() const { return size_ == 0; }
    [[nodiscard]] std::size_t size() const { return size_; }
    /// The smallest entry; the heap must not be empty.
    [[nodiscard]] const Node& top() const { return data_[kOffset]; }
    void push(double time, std::uint64_t order, Event event);
    /// Removes the smallest entry; the heap must not be empty.
    void pop();
    void clear() { size_ = 0; }

    [[nodiscard]] static bool before(const Node& a, const Node& b)
    {
        return a.time < b.time || (a.time == b.time && a.order < b.order);
    }

private:
    static constexpr std::size_t kOffset = 3;
    struct Free {
        void operator()(Node* p) const;
    };
    void grow();

    std::unique_ptr<Node[], Free> data_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;  // nodes, excluding the offset
};

}  // namespace headroom::des
