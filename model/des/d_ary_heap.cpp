#include "des/d_ary_heap.h"

#include <algorithm>

namespace headroom::des {

template <int D>
void DAryHeap<D>::push(double time, std::uint64_t order, EventHandle handle)
{
    if (handle >= position_.size())
        position_.resize(std::max<std::size_t>(handle + 1, position_.size() * 2), 0);
    heap_.push_back(Node{time, order, handle});
    siftUp(heap_.size() - 1, heap_.back());
}

template <int D>
EventHandle DAryHeap<D>::pop()
{
    const EventHandle result = heap_.front().handle;
    const Node last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty())
        siftDown(0, last);
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
    if (index > 0 && before(last, heap_[(index - 1) / D]))
        siftUp(index, last);
    else
        siftDown(index, last);
}

template <int D>
void DAryHeap<D>::update(EventHandle handle, double time, std::uint64_t order)
{
    const std::size_t index = position_[handle];
    const Node node{time, order, handle};
    if (index > 0 && before(node, heap_[(index - 1) / D]))
        siftUp(index, node);
    else
        siftDown(index, node);
}

template <int D>
void DAryHeap<D>::clear()
{
    heap_.clear();
}

template <int D>
void DAryHeap<D>::siftUp(std::size_t index, Node node)
{
    // Move the hole up instead of swapping: one store per level.
    while (index > 0) {
        const std::size_t parent = (index - 1) / D;
        if (!before(node, heap_[parent]))
            break;
        place(index, heap_[parent]);
        index = parent;
    }
    place(index, node);
}

template <int D>
void DAryHeap<D>::siftDown(std::size_t index, Node node)
{
    const std::size_t n = heap_.size();
    for (;;) {
        const std::size_t first = index * D + 1;
        if (first >= n)
            break;
        std::size_t best = first;
        if (D == 4 && first + 4 <= n) {
            // A full set of four children: a fixed tournament, no loop.
            const std::size_t b01 = before(heap_[first + 1], heap_[first]) ? first + 1 : first;
            const std::size_t b23 = before(heap_[first + 3], heap_[first + 2]) ? first + 3 : first + 2;
            best = before(heap_[b23], heap_[b01]) ? b23 : b01;
        } else {
            const std::size_t last = std::min(first + D, n);
            for (std::size_t child = first + 1; child < last; ++child)
                if (before(heap_[child], heap_[best]))
                    best = child;
        }
        if (!before(heap_[best], node))
            break;
        place(index, heap_[best]);
        index = best;
    }
    place(index, node);
}

template class DAryHeap<2>;
template class DAryHeap<4>;

}  // namespace headroom::des
