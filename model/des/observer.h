#pragma once
// Request-level events for whoever watches a run (the teaching-mode
// animation, traces in tests), after OMNeT++'s cEnvir: the engine calls a
// narrow interface and the NullObserver does nothing. With no observer set
// the engine pays one predictable branch per request-level event.
// Calls arrive on the thread that runs the replication; a run with several
// replications reports replication 0 only.

#include <cstdint>

namespace headroom::des {

enum class RequestEventKind {
    Issued,     ///< a user request starts (component = -1)
    Arrival,    ///< a visit arrives at a component instance
    Departure,  ///< a visit completes there
    Rejection,  ///< refused (max_queue full, rate limit, instance down)
    Timeout,    ///< the caller gave up on this visit
    Completed,  ///< the user request finished successfully (component = -1)
    Failed,     ///< the user request ended in an error (component = -1)
};

struct RequestEvent {
    RequestEventKind kind = RequestEventKind::Arrival;
    double time = 0.0;
    std::uint32_t request = 0;  ///< user request number (wraps)
    int component = -1;
    int instance = 0;           ///< index among the component's instances
    int requestClass = 0;
};

class Observer {
public:
    virtual ~Observer() = default;
    virtual void onRequestEvent(const RequestEvent& event) = 0;
};

class NullObserver final : public Observer {
public:
    void onRequestEvent(const RequestEvent&) override {}
};

}  // namespace headroom::des
