#include "des/posted_event_heap.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace headroom::des {

namespace {
constexpr std::align_val_t kAlignment{128};
}

void PostedEventHeap::Free::operator()(Node* p) const
{
    ::operator delete[](static_cast<void*>(p), kAlignment);
}

void PostedEventHeap::grow()
{
    const std::size_t capacity = std::max<std::size_t>(256, capacity_ * 2);
    // Aligned so that each block of four siblings is one 128-byte block.
    auto* raw = static_cast<Node*>(::operator new[]((capacity + kOffset) * sizeof(Node), kAlignment));
    if (size_ > 0)
        std::memcpy(static_cast<void*>(raw + kOffset), data_.get() + kOffset, size_ * sizeof(Node));
    data_.reset(raw);
    capacity_ = capacity;
}

void PostedEventHeap::push(double time, std::uint64_t order, Event event)
{
    if (size_ == capacity_)
        grow();
    const Node node{time, order, event};
    Node* const a = data_.get() + kOffset;  // a[i]: node i
    std::size_t i = size_++;
    // Move the hole up: one store per level.
    while (i > 0) {
        const std::size_t parent = (i - 1) / 4;
        if (!before(node, a[parent]))
            break;
        a[i] = a[parent];
        i = parent;
    }
    a[i] = node;
}

void PostedEventHeap::pop()
{
    Node* const a = data_.get() + kOffset;
    const std::size_t n = --size_;
    if (n == 0)
        return;
    const Node last = a[n];
    std::size_t i = 0;
    for (;;) {
        const std::size_t first = 4 * i + 1;
        if (first >= n)
            break;
        std::size_t best = first;
        if (first + 4 <= n) {
            // A full block of four: compare in a fixed pattern.
            const std::size_t b01 = before(a[first + 1], a[first]) ? first + 1 : first;
            const std::size_t b23 = before(a[first + 3], a[first + 2]) ? first + 3 : first + 2;
            best = before(a[b23], a[b01]) ? b23 : b01;
        } else {
            for (std::size_t c = first + 1; c < n; ++c)
                if (before(a[c], a[best]))
                    best = c;
        }
        if (!before(a[best], last))
            break;
        a[i] = a[best];
        i = best;
    }
    a[i] = last;
}

}  // namespace headroom::des
