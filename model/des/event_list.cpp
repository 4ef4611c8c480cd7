#include "des/event_list.h"

#include "des/d_ary_heap.h"
#include "des/pairing_heap.h"

namespace headroom::des {

const char* toString(EventListKind kind)
{
    switch (kind) {
    case EventListKind::QuaternaryHeap: return "quaternary_heap";
    case EventListKind::BinaryHeap: return "binary_heap";
    case EventListKind::PairingHeap: return "pairing_heap";
    }
    return "?";
}

std::unique_ptr<EventList> makeEventList(EventListKind kind)
{
    switch (kind) {
    case EventListKind::BinaryHeap: return std::make_unique<BinaryHeap>();
    case EventListKind::PairingHeap: return std::make_unique<PairingHeap>();
    case EventListKind::QuaternaryHeap: break;
    }
    return std::make_unique<QuaternaryHeap>();
}

}  // namespace headroom::des
