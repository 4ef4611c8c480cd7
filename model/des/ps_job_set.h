#pragma once
// The jobs present at a processor-sharing station, keyed by virtual finish
// tag (the station's virtual time at entry plus the job's work; see
// docs/methods.md "Kernel"). The station needs the job with the smallest
// (tag, frame) and to take it out; the frame id breaks ties so the order is
// deterministic.
//
// Jobs whose work is a fixed value (a deterministic demand) go to a FIFO
// lane for that value: virtual time never decreases, so tags in a lane come
// in sorted order and a lane is a ring buffer with O(1) push and pop that
// touches memory sequentially. Everything else goes to a 4-ary min-heap
// (d_ary_heap.h).
// The smallest job is the least of the lane heads and the heap top. An
// overloaded load balancer (deterministic demand, tens of thousands of jobs
// present) thus pops without a cache-missing sift-down; the order of
// completions is the same total order as with one heap.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace headroom::des {

struct PsJob {
    double tag;
    std::int32_t frame;
};

class PsJobSet {
public:
    [[nodiscard]] bool empty() const { return size_ == 0; }
    [[nodiscard]] std::size_t size() const { return size_; }
    /// The job with the smallest (tag, frame); the set must not be empty.
    [[nodiscard]] const PsJob& top() const { return topLane_ < 0 ? heap_.front() : lanes_[static_cast<std::size_t>(topLane_)].front(); }
    /// Adds a job of any work.
    void push(PsJob job);
    /// Adds a job whose work is exactly `work`. The caller promises that the
    /// tags of jobs pushed with the same `work` never decrease (the tag is a
    /// non-decreasing virtual time plus `work`). Falls back to the heap when
    /// there are already kMaxLanes other work values.
    void pushFixed(PsJob job, double work);
    /// Removes and returns the job with the smallest (tag, frame).
    PsJob pop();
    void clear();

    static constexpr std::size_t kMaxLanes = 8;

    /// The comparator of jobs: (tag, frame).
    struct Before {
        bool operator()(const PsJob& a, const PsJob& b) const { return a.tag < b.tag || (a.tag == b.tag && a.frame < b.frame); }
    };
    [[nodiscard]] static bool before(const PsJob& a, const PsJob& b) { return Before{}(a, b); }

private:
    // A FIFO ring buffer (power-of-two capacity) of jobs sorted by (tag, frame).
    class Lane {
    public:
        explicit Lane(double work) : work_(work) {}
        [[nodiscard]] double work() const { return work_; }
        [[nodiscard]] bool empty() const { return count_ == 0; }
        [[nodiscard]] const PsJob& front() const { return ring_[head_]; }
        void push(PsJob job);
        PsJob pop();
        void clear() { head_ = count_ = 0; }

    private:
        [[nodiscard]] std::size_t at(std::size_t i) const { return (head_ + i) & (ring_.size() - 1); }
        void grow();
        double work_;
        std::vector<PsJob> ring_;
        std::size_t head_ = 0;
        std::size_t count_ = 0;
    };

    void heapPush(PsJob job);
    PsJob heapPop();
    void noteTop(const PsJob& job, int lane);
    void findTop();

    std::vector<Lane> lanes_;
    std::vector<PsJob> heap_;
    std::size_t size_ = 0;
    int topLane_ = -1;  // lane holding the smallest job, -1 = the heap
};

}  // namespace headroom::des
