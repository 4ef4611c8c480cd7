#pragma once
// An implicit d-ary min-heap of (time, order, handle) with a position index
// per handle, so remove/update are O(log n). D = 4 is the engine's default
// (QuaternaryHeap), D = 2 the textbook binary heap. Costs: event_list.h.

#include "des/event_list.h"

#include <vector>

namespace headroom::des {

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
    static bool before(const Node& a, const Node& b)
    {
        return a.time < b.time || (a.time == b.time && a.order < b.order);
    }
    void siftUp(std::size_t index, Node node);
    void siftDown(std::size_t index, Node node);
    void place(std::size_t index, const Node& node)
    {
        heap_[index] = node;
        position_[node.handle] = static_cast<std::uint32_t>(index);
    }

    std::vector<Node> heap_;
    std::vector<std::uint32_t> position_;  // by handle
};

using QuaternaryHeap = DAryHeap<4>;
using BinaryHeap = DAryHeap<2>;

extern template class DAryHeap<2>;
extern template class DAryHeap<4>;

}  // namespace headroom::des
