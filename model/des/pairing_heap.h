#pragma once
// A pairing heap (Fredman, Sedgewick, Sleator, Tarjan 1986) over event
// handles: nodes live in arrays indexed by handle (no allocation per event),
// push is O(1), pop uses the two-pass pairing. Structurally unlike the
// implicit heaps, which is the point: the engine tests run on both.
// Costs: event_list.h.

#include "des/event_list.h"

#include <vector>

namespace headroom::des {

class PairingHeap final : public EventList {
public:
    void push(double time, std::uint64_t order, EventHandle handle) override;
    [[nodiscard]] EventHandle top() const override { return root_; }
    [[nodiscard]] double topTime() const override { return nodes_[root_].time; }
    [[nodiscard]] std::uint64_t topOrder() const override { return nodes_[root_].order; }
    EventHandle pop() override;
    void remove(EventHandle handle) override;
    void update(EventHandle handle, double time, std::uint64_t order) override;
    [[nodiscard]] std::size_t size() const override { return size_; }
    void clear() override;

private:
    static constexpr EventHandle kNone = 0xffffffffu;
    struct Node {
        double time = 0.0;
        std::uint64_t order = 0;
        EventHandle child = kNone;
        EventHandle next = kNone;  // right sibling
        EventHandle prev = kNone;  // left sibling, or the parent for a first child
    };
    [[nodiscard]] bool before(EventHandle a, EventHandle b) const
    {
        return keyBefore(nodes_[a], nodes_[b]);
    }
    EventHandle meld(EventHandle a, EventHandle b);
    EventHandle mergePairs(EventHandle first);
    void detach(EventHandle handle);

    std::vector<Node> nodes_;
    std::vector<EventHandle> scratch_;
    EventHandle root_ = kNone;
    std::size_t size_ = 0;
};

}  // namespace headroom::des
