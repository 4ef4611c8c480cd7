#pragma once
// The frame table: every visit in the system (and every user request's
// root) is a Frame in one array, reused through a free list, so a visit
// allocates nothing once the array has grown. Frames are named by index;
// a reference into the table is invalidated by allocate() (the array may
// grow). The table also owns the safety cap on visits at once
// (RunConfig::maxFramesInSystem): admit() is the one place new work is
// checked against it.

#include "des/sim_types.h"

#include <vector>

namespace headroom::des::sim {

class FrameTable {
public:
    explicit FrameTable(std::uint32_t cap) : cap_(cap) {}

    [[nodiscard]] Frame& operator[](std::int32_t id) { return frames_[static_cast<std::size_t>(id)]; }
    [[nodiscard]] const Frame& operator[](std::int32_t id) const { return frames_[static_cast<std::size_t>(id)]; }
    [[nodiscard]] std::size_t size() const { return frames_.size(); }
    [[nodiscard]] std::uint32_t inUse() const { return inUse_; }
    /// All frames, free ones included (state Free).
    [[nodiscard]] const std::vector<Frame>& all() const { return frames_; }
    [[nodiscard]] const Frame* data() const { return frames_.data(); }

    /// True when one more frame fits under the cap; false marks the run as
    /// having hit it (the caller rejects the new work).
    [[nodiscard]] bool admit()
    {
        if (inUse_ < cap_)
            return true;
        hitCap_ = true;
        return false;
    }
    [[nodiscard]] bool hitCap() const { return hitCap_; }

    /// A fresh frame (all fields default).
    std::int32_t allocate()
    {
        std::int32_t id;
        if (free_ != kNone) {
            id = free_;
            free_ = frames_[static_cast<std::size_t>(id)].next;
        } else {
            id = static_cast<std::int32_t>(frames_.size());
            frames_.emplace_back();
        }
        frames_[static_cast<std::size_t>(id)] = Frame{};
        ++inUse_;
        return id;
    }

    /// Gives a frame back (its pending events must be gone).
    void release(std::int32_t id)
    {
        Frame& f = frames_[static_cast<std::size_t>(id)];
        f.state = FrameState::Free;
        f.next = free_;
        free_ = id;
        --inUse_;
    }

private:
    std::vector<Frame> frames_;
    std::int32_t free_ = kNone;
    std::uint32_t inUse_ = 0;
    std::uint32_t cap_;
    bool hitCap_ = false;
};

}  // namespace headroom::des::sim
