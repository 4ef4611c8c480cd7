#pragma once
// Cache and queue behaviour, decided when a visit's work (CPU, delay) is over.
//
// A cache or CDN visit is a lookup: a hit with probability `hit_ratio`
// (the component's branch stream), otherwise a miss, which the caller then
// sends to `on_miss` before its next call (call_program.h).
//
// A queue visit is an enqueue: the producer pays the enqueue's CPU and goes
// on at once; the message is a frame of its own that takes one of the
// queue's consumer tokens (`threads`), waiting in the queue's waiting room
// when all are busy, and then makes the queue's calls (the consumers' work).
// `max_queue` bounds the messages waiting: a producer finding it full is
// rejected, as is one that would pass the frame cap.
//
// No events of its own.

#include "des/sim_types.h"

namespace headroom::des::sim {

template <class Sim>
class CacheQueue {
public:
    explicit CacheQueue(Sim& sim) : sim_(sim) {}

    /// A cache or CDN visit `f` decides hit or miss.
    void lookup(Frame& f, ComponentModel& c)
    {
        ComponentCounters& counts = sim_.recorder.component(f.component);
        ++counts.lookups;
        if (sim_.cacheKeys.of(f.component)) {  // played key by key (cache_keys.h)
            sim_.cacheKeys.lookup(f, c, counts);
            return;
        }
        if (!(c.branchRandom.uniform() < c.hitRatio)) {
            f.flags |= kMissed;
            ++counts.misses;
        }
    }

    /// Producer visit `id` at a queue enqueues its message, or is rejected.
    void enqueue(std::int32_t id, ComponentModel& c)
    {
        const Instance& inst = sim_.instanceOf(sim_.frames[id]);
        if ((c.maxQueue >= 0 && inst.waiting >= c.maxQueue) || !sim_.frames.admit()) {
            sim_.visits.reject(id);
            return;
        }
        spawnMessage(id);
        sim_.visits.finishVisit(id);  // the producer only pays the enqueue
    }

private:
    void spawnMessage(std::int32_t producerId)
    {
        const std::int32_t id = sim_.frames.allocate();
        const Frame& producer = sim_.frames[producerId];
        Frame& m = sim_.frames[id];
        m.component = producer.component;
        m.instance = producer.instance;
        m.cls = producer.cls;
        m.request = producer.request;
        m.flags = kMessage;
        m.arrival = sim_.engine.now();
        ComponentModel& c = sim_.componentOf(m);
        Instance& inst = sim_.instanceOf(m);
        if (inst.tokensFree > 0) {
            if (c.pool >= 0)
                sim_.pools.take(m, c, inst);
            ++sim_.recorder.component(m.component).messages;
            sim_.calls.advance(id);
        } else {
            sim_.pools.enqueueWaiter(inst, c, id);
        }
    }

    Sim& sim_;
};

}  // namespace headroom::des::sim
