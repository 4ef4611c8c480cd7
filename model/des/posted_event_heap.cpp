#include "des/posted_event_heap.h"

#include "des/d_ary_heap.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace headroom::des {

namespace {
constexpr std::align_val_t kAlignment{64};
}

void PostedEventHeap::Free::operator()(Key* p) const
{
    ::operator delete[](static_cast<void*>(p), kAlignment);
}

void PostedEventHeap::grow()
{
    const std::size_t capacity = std::max<std::size_t>(256, capacity_ * 2);
    // Aligned so that each block of four siblings is one cache line.
    auto* raw = static_cast<Key*>(::operator new[]((capacity + kOffset) * sizeof(Key), kAlignment));
    if (size_ > 0)
        std::memcpy(static_cast<void*>(raw + kOffset), keys_.get() + kOffset, size_ * sizeof(Key));
    keys_.reset(raw);
    capacity_ = capacity;
}

void PostedEventHeap::clear()
{
    size_ = 0;
    payloads_.clear();
    freeSlots_.clear();
}

void PostedEventHeap::push(double time, std::uint64_t order, Event event)
{
    if (size_ == capacity_)
        grow();
    std::uint32_t slot;
    if (freeSlots_.empty()) {
        slot = static_cast<std::uint32_t>(payloads_.size());
        payloads_.push_back(Payload{order, event});
    } else {
        slot = freeSlots_.back();  // the last freed: likely still in cache
        freeSlots_.pop_back();
        payloads_[slot] = Payload{order, event};
    }
    const Key key{time, slot, 0};
    heap::siftUp<4>(keys_.get() + kOffset, size_++, key, Before{payloads_.data()});
}

void PostedEventHeap::pop()
{
    Key* const a = keys_.get() + kOffset;
    freeSlots_.push_back(a[0].slot);
    const std::size_t n = --size_;
    if (n == 0)
        return;
    heap::siftDown<4>(a, n, 0, a[n], Before{payloads_.data()});
    // The new top's event is read when it runs: start loading it.
    __builtin_prefetch(&payloads_[a[0].slot]);
}

}  // namespace headroom::des
