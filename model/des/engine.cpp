#include "des/engine.h"

#include <algorithm>
#include <stdexcept>

namespace headroom::des {

Engine::Engine(EventListKind kind) : kind_(kind), list_(makeEventList(kind)) {}

EventId Engine::schedule(double time, Event event, int priority)
{
    return scheduleReserved(time, event, order(priority));
}

EventId Engine::scheduleReserved(double time, Event event, std::uint64_t reserved)
{
    if (!(time >= now_))  // also catches NaN
        throw std::logic_error("des::Engine: event scheduled in the past or at NaN");
    EventHandle handle;
    if (freeSlots_.empty()) {
        handle = static_cast<EventHandle>(slots_.size());
        slots_.emplace_back();
    } else {
        handle = freeSlots_.back();
        freeSlots_.pop_back();
    }
    Slot& slot = slots_[handle];
    slot.event = event;
    slot.priority = static_cast<std::int32_t>(reserved >> 56) - 128;
    slot.scheduled = true;
    list_->push(time, reserved, handle);
    return EventId{handle, slot.generation};
}

void Engine::post(double time, Event event, int priority)
{
    if (!(time >= now_))  // also catches NaN
        throw std::logic_error("des::Engine: event posted in the past or at NaN");
    posted_.push(time, order(priority), event);
}

bool Engine::pending(EventId id) const
{
    return id.slot < slots_.size() && slots_[id.slot].scheduled && slots_[id.slot].generation == id.generation;
}

bool Engine::cancel(EventId id)
{
    if (!pending(id))
        return false;
    Slot& slot = slots_[id.slot];
    list_->remove(id.slot);
    slot.scheduled = false;
    ++slot.generation;
    freeSlots_.push_back(id.slot);
    return true;
}

bool Engine::reschedule(EventId id, double time)
{
    if (!pending(id))
        return false;
    if (!(time >= now_))
        throw std::logic_error("des::Engine: event rescheduled into the past or at NaN");
    list_->update(id.slot, time, order(slots_[id.slot].priority));
    return true;
}

double Engine::nextTime() const
{
    const double scheduled = list_->empty() ? std::numeric_limits<double>::infinity() : list_->topTime();
    return posted_.empty() ? scheduled : std::min(scheduled, posted_.topTime());
}

void Engine::setPoll(std::function<bool()> poll, std::uint32_t pollInterval)
{
    poll_ = std::move(poll);
    pollInterval_ = pollInterval == 0 ? 1 : pollInterval;
}

void Engine::reset()
{
    list_->clear();
    posted_.clear();
    slots_.clear();
    freeSlots_.clear();
    now_ = 0.0;
    sequence_ = 0;
    executed_ = 0;
    stopRequested_ = false;
}

}  // namespace headroom::des
