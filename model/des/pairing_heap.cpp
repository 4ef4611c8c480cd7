#include "des/pairing_heap.h"

#include <algorithm>

namespace headroom::des {

void PairingHeap::push(double time, std::uint64_t order, EventHandle handle)
{
    if (handle >= nodes_.size())
        nodes_.resize(std::max<std::size_t>(handle + 1, nodes_.size() * 2));
    nodes_[handle] = Node{time, order, kNone, kNone, kNone};
    root_ = root_ == kNone ? handle : meld(root_, handle);
    ++size_;
}

EventHandle PairingHeap::meld(EventHandle a, EventHandle b)
{
    // Both are roots (no siblings); the loser becomes the winner's first child.
    if (before(b, a))
        std::swap(a, b);
    Node& winner = nodes_[a];
    Node& loser = nodes_[b];
    loser.prev = a;
    loser.next = winner.child;
    if (winner.child != kNone)
        nodes_[winner.child].prev = b;
    winner.child = b;
    winner.next = kNone;
    winner.prev = kNone;
    return a;
}

EventHandle PairingHeap::mergePairs(EventHandle first)
{
    if (first == kNone)
        return kNone;
    // Pass 1, left to right: meld pairs. Pass 2, right to left: meld into one.
    scratch_.clear();
    EventHandle node = first;
    while (node != kNone) {
        const EventHandle a = node;
        const EventHandle b = nodes_[a].next;
        if (b == kNone) {
            nodes_[a].next = nodes_[a].prev = kNone;
            scratch_.push_back(a);
            break;
        }
        node = nodes_[b].next;
        nodes_[a].next = nodes_[a].prev = kNone;
        nodes_[b].next = nodes_[b].prev = kNone;
        scratch_.push_back(meld(a, b));
    }
    EventHandle result = scratch_.back();
    for (std::size_t i = scratch_.size() - 1; i-- > 0;)
        result = meld(scratch_[i], result);
    return result;
}

EventHandle PairingHeap::pop()
{
    const EventHandle result = root_;
    root_ = mergePairs(nodes_[result].child);
    nodes_[result].child = kNone;
    --size_;
    return result;
}

void PairingHeap::detach(EventHandle handle)
{
    // Unlink a non-root node (with its subtree) from its parent's child list.
    Node& node = nodes_[handle];
    if (nodes_[node.prev].child == handle)
        nodes_[node.prev].child = node.next;  // first child: prev is the parent
    else
        nodes_[node.prev].next = node.next;
    if (node.next != kNone)
        nodes_[node.next].prev = node.prev;
    node.next = node.prev = kNone;
}

void PairingHeap::remove(EventHandle handle)
{
    if (handle == root_) {
        pop();
        return;
    }
    detach(handle);
    const EventHandle rest = mergePairs(nodes_[handle].child);
    nodes_[handle].child = kNone;
    if (rest != kNone)
        root_ = meld(root_, rest);
    --size_;
}

void PairingHeap::update(EventHandle handle, double time, std::uint64_t order)
{
    remove(handle);
    push(time, order, handle);
}

void PairingHeap::clear()
{
    root_ = kNone;
    size_ = 0;
}

}  // namespace headroom::des
