#include "des/ps_job_set.h"

#include "des/d_ary_heap.h"

#include <algorithm>

namespace headroom::des {

void PsJobSet::Lane::grow()
{
    // Unroll the ring into a buffer twice the size.
    std::vector<PsJob> bigger(std::max<std::size_t>(16, ring_.size() * 2));
    for (std::size_t i = 0; i < count_; ++i)
        bigger[i] = ring_[at(i)];
    ring_.swap(bigger);
    head_ = 0;
}

void PsJobSet::Lane::push(PsJob job)
{
    if (count_ == ring_.size())
        grow();
    // Tags arrive sorted; only jobs entering at the same virtual time (same
    // tag) may need ordering by frame id, among the few equal ones at the tail.
    std::size_t i = count_;
    while (i > 0 && before(job, ring_[at(i - 1)])) {
        ring_[at(i)] = ring_[at(i - 1)];
        --i;
    }
    ring_[at(i)] = job;
    ++count_;
}

PsJob PsJobSet::Lane::pop()
{
    const PsJob job = ring_[head_];
    head_ = (head_ + 1) & (ring_.size() - 1);
    --count_;
    return job;
}

void PsJobSet::noteTop(const PsJob& job, int lane)
{
    if (size_ == 1 || before(job, top()))
        topLane_ = lane;
}

void PsJobSet::push(PsJob job)
{
    heapPush(job);
    ++size_;
    noteTop(job, -1);
}

void PsJobSet::pushFixed(PsJob job, double work)
{
    std::size_t k = 0;
    while (k < lanes_.size() && lanes_[k].work() != work)
        ++k;
    if (k == lanes_.size()) {
        if (lanes_.size() == kMaxLanes) {
            push(job);
            return;
        }
        lanes_.emplace_back(work);
    }
    lanes_[k].push(job);
    ++size_;
    noteTop(job, static_cast<int>(k));
}

PsJob PsJobSet::pop()
{
    const PsJob job = topLane_ < 0 ? heapPop() : lanes_[static_cast<std::size_t>(topLane_)].pop();
    --size_;
    findTop();
    return job;
}

void PsJobSet::findTop()
{
    topLane_ = -1;
    const PsJob* best = heap_.empty() ? nullptr : &heap_.front();
    for (std::size_t k = 0; k < lanes_.size(); ++k) {
        const Lane& lane = lanes_[k];
        if (!lane.empty() && (best == nullptr || before(lane.front(), *best))) {
            best = &lane.front();
            topLane_ = static_cast<int>(k);
        }
    }
}

void PsJobSet::clear()
{
    heap_.clear();
    for (Lane& lane : lanes_)
        lane.clear();
    size_ = 0;
    topLane_ = -1;
}

// A 4-ary heap (d_ary_heap.h): half the depth of a binary heap, and the
// four children of a node share a cache line (16-byte jobs).
void PsJobSet::heapPush(PsJob job)
{
    heap_.push_back(job);
    heap::siftUp<4>(heap_.data(), heap_.size() - 1, job, Before{});
}

PsJob PsJobSet::heapPop()
{
    const PsJob result = heap_.front();
    const PsJob last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty())
        heap::siftDown<4>(heap_.data(), heap_.size(), 0, last, Before{});
    return result;
}

}  // namespace headroom::des
