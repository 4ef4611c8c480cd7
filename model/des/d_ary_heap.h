#pragma once
// The one implicit d-ary min-heap of the simulator, used three times: the
// engine's event list (DAryHeap below: (time, order) keys with a position
// index per handle, so remove/update are O(log n)), the posted events
// (posted_event_heap.h: 16-byte keys in cache-line blocks) and the jobs of a
// PS station (ps_job_set.h: (tag, frame)). Each instance brings its node type
// and one comparator for its key; the sift loops are written once, here.
// D = 4 is the engine's default (QuaternaryHeap), D = 2 the textbook binary
// heap. Costs: event_list.h.

#include "des/event_list.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace headroom::des {

namespace heap {

/// Stores a node at an index (a plain store; DAryHeap also records the
/// position of the node's handle).
struct Store {
    template <class Node>
    void operator()(Node* a, std::size_t i, const Node& node) const
    {
        a[i] = node;
    }
};

/// Moves the hole at `i` up until `node` fits, then stores it there: one
/// store per level, no swaps. `before(x, y)`: x has the smaller key.
template <int D, class Node, class Before, class Place = Store>
inline void siftUp(Node* a, std::size_t i, const Node node, const Before& before, const Place& place = {})
{
    static_assert(D >= 2, "a heap needs at least two children per node");
    while (i > 0) {
        const std::size_t parent = (i - 1) / D;
        if (!before(node, a[parent]))
            break;
        place(a, i, a[parent]);
        i = parent;
    }
    place(a, i, node);
}

/// Moves the hole at `i` down (heap of `n` nodes) until `node` fits. With
/// D = 4 a full set of children is a fixed tournament, no loop.
template <int D, class Node, class Before, class Place = Store>
inline void siftDown(Node* a, std::size_t n, std::size_t i, const Node node, const Before& before, const Place& place = {})
{
    static_assert(D >= 2, "a heap needs at least two children per node");
    for (;;) {
        const std::size_t first = i * D + 1;
        if (first >= n)
            break;
        std::size_t best = first;
        if (D == 4 && first + 4 <= n) {
            const std::size_t b01 = before(a[first + 1], a[first]) ? first + 1 : first;
            const std::size_t b23 = before(a[first + 3], a[first + 2]) ? first + 3 : first + 2;
            best = before(a[b23], a[b01]) ? b23 : b01;
        } else {
            const std::size_t last = std::min(first + D, n);
            for (std::size_t child = first + 1; child < last; ++child)
                if (before(a[child], a[best]))
                    best = child;
        }
        if (!before(a[best], node))
            break;
        place(a, i, a[best]);
        i = best;
    }
    place(a, i, node);
}

/// A node at `i` got a new key: moves it up or down to where it belongs.
template <int D, class Node, class Before, class Place = Store>
inline void fix(Node* a, std::size_t n, std::size_t i, const Node node, const Before& before, const Place& place = {})
{
    if (i > 0 && before(node, a[(i - 1) / D]))
        siftUp<D>(a, i, node, before, place);
    else
        siftDown<D>(a, n, i, node, before, place);
}

}  // namespace heap

/// The engine's event list as a d-ary heap of (time, order, handle).
template <int D>
class DAryHeap final : public EventList {
    static_assert(D >= 2, "a heap needs at least two children per node");

public:
    void push(double time, std::uint64_t order, EventHandle handle) override;
    [[nodiscard]] EventHandle top() const override { return heap_.front().handle; }
    [[nodiscard]] double topTime() const override { return heap_.front().time; }
    [[nodiscard]] std::uint64_t topOrder() const override { return heap_.front().order; }
    EventHandle pop() override;
    void remove(EventHandle handle) override;
    void update(EventHandle handle, double time, std::uint64_t order) override;
    [[nodiscard]] std::size_t size() const override { return heap_.size(); }
    void clear() override;

private:
    struct Node {
        double time;
        std::uint64_t order;
        EventHandle handle;
    };
    // The comparator of (time, order) keys.
    struct Before {
        bool operator()(const Node& a, const Node& b) const
        {
            return keyBefore(a, b);
        }
    };
    // Stores a node and records where its handle now is.
    struct Place {
        std::uint32_t* position;
        void operator()(Node* a, std::size_t i, const Node& node) const
        {
            a[i] = node;
            position[node.handle] = static_cast<std::uint32_t>(i);
        }
    };
    [[nodiscard]] Place place() { return Place{position_.data()}; }

    std::vector<Node> heap_;
    std::vector<std::uint32_t> position_;  // by handle
};

using QuaternaryHeap = DAryHeap<4>;
using BinaryHeap = DAryHeap<2>;

extern template class DAryHeap<2>;
extern template class DAryHeap<4>;

}  // namespace headroom::des
