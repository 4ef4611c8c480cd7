#include "des/d_ary_heap.h"

namespace headroom::des {

template <int D>
void DAryHeap<D>::push(double time, std::uint64_t order, EventHandle handle)
{
    if (handle >= position_.size())
        position_.resize(std::max<std::size_t>(handle + 1, position_.size() * 2), 0);
    heap_.push_back(Node{time, order, handle});
    heap::siftUp<D>(heap_.data(), heap_.size() - 1, heap_.back(), Before{}, place());
}

template <int D>
EventHandle DAryHeap<D>::pop()
{
    const EventHandle result = heap_.front().handle;
    const Node last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty())
        heap::siftDown<D>(heap_.data(), heap_.size(), 0, last, Before{}, place());
    return result;
}

template <int D>
void DAryHeap<D>::remove(EventHandle handle)
{
    const std::size_t index = position_[handle];
    const Node last = heap_.back();
    heap_.pop_back();
    if (index == heap_.size())
        return;  // it was the last node
    // The moved node may belong above or below the hole.
    heap::fix<D>(heap_.data(), heap_.size(), index, last, Before{}, place());
}

template <int D>
void DAryHeap<D>::update(EventHandle handle, double time, std::uint64_t order)
{
    heap::fix<D>(heap_.data(), heap_.size(), position_[handle], Node{time, order, handle}, Before{}, place());
}

template <int D>
void DAryHeap<D>::clear()
{
    heap_.clear();
}

template class DAryHeap<2>;
template class DAryHeap<4>;

}  // namespace headroom::des
