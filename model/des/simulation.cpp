// One replication: the simulator's modules on one Engine, and the dispatch
// of each event to the module that owns its kind (sim_types.h, kModuleOf).
//
//   module            file                 events
//   workload source   workload_source.h    kThinkEnd, kOpenArrival, kPopulation
//   router            router.h             (none: called per attempt)
//   call program      call_program.h       kTimeout, kBackoffEnd
//   visit             visit.h              kDelayEnd, kResume
//   pool, admission   pool.h               kGrant
//   station           station.h            kPsCompletion, kFcfsCompletion
//   cache and queue   cache_queue.h        (none: decided when work is done)
//   failure           failure.h            kFailure, kRecovery
//   autoscaler        autoscaler.h         kScaleEvaluate, kScaleReady
//   keyed caches      cache_keys.h         kCacheFlush, kCacheExpiry
//   retry guard       retry_guard.h        (none: budget, jitter, breaker per call)
//   recorder          recorder.h/.cpp      kSnapshot, kWindowEdge
//   frame table       frame_table.h        (none: the visits in the system)
//   topology          topology.h/.cpp      (none: built once from the graph)
//
// The modules with events are class templates over this Impl (their one
// instantiation) so that they call each other directly from their own
// headers: everything is compiled here, in one translation unit, with no
// virtual call on the hot path. A new behaviour is one new header and one
// registration: a member below, its kinds in sim_types.h, a case in
// dispatch().

#include "des/simulation.h"

#include "des/autoscaler.h"
#include "des/cache_keys.h"
#include "des/cache_queue.h"
#include "des/call_program.h"
#include "des/failure.h"
#include "des/frame_table.h"
#include "des/pool.h"
#include "des/recorder.h"
#include "des/router.h"
#include "des/sim_types.h"
#include "des/station.h"
#include "des/topology.h"
#include "des/visit.h"
#include "des/workload_source.h"

namespace headroom::des {

using namespace sim;

struct Simulation::Impl {
    const graph::Graph& graph;
    RunConfig config;
    int replication;
    Observer* observer;
    Engine engine;
    Simulation::EventTrace trace;

    // Modules (construction order matters: later ones read earlier ones).
    Topology topology;
    FrameTable frames;
    Recorder recorder;
    Router router;
    WorkloadSource<Impl> workload;
    CallProgram<Impl> calls;
    Visits<Impl> visits;
    Pools<Impl> pools;
    Stations<Impl> stations;
    CacheQueue<Impl> cacheQueue;
    Failures<Impl> failures;
    Autoscaler<Impl> autoscaler;
    CacheKeys<Impl> cacheKeys;

    Impl(const graph::Graph& g, const RunConfig& c, int r, Observer* o)
        : graph(g), config(c), replication(r), observer(o), engine(c.eventList),
          topology(g, [this](std::uint64_t id) { return stream(id); }), frames(c.maxFramesInSystem),
          recorder(g, config, engine, topology, frames), router(g, topology),
          workload(*this, g, stream(streams::id(streams::Model::Arrivals)), stream(streams::id(streams::Model::Classes))),
          calls(*this), visits(*this), pools(*this), stations(*this), cacheQueue(*this), failures(*this), autoscaler(*this), cacheKeys(*this)
    {
    }

    [[nodiscard]] RandomStream stream(std::uint64_t id) const
    {
        return RandomStream(config.seed, id, static_cast<std::uint64_t>(replication));
    }

    // What the modules share.
    [[nodiscard]] ComponentModel& componentOf(const Frame& f) { return topology.component(f.component); }
    [[nodiscard]] Instance& instanceOf(const Frame& f) { return topology.instance(f.instance); }

    void notify(RequestEventKind kind, const Frame& f)
    {
        if (!observer)
            return;
        RequestEvent e;
        e.kind = kind;
        e.time = engine.now();
        e.request = f.request;
        e.component = f.component;
        e.instance = f.instance == kNone ? 0 : topology.instance(f.instance).local;
        e.requestClass = f.cls;
        observer->onRequestEvent(e);
    }

    ReplicationResult run(const std::function<bool(double, std::uint64_t)>& poll)
    {
        // The order of these posts is part of the event order.
        recorder.start();
        failures.start(graph);
        workload.start();
        autoscaler.start(graph);  // posts nothing without autoscale
        cacheKeys.start(graph);   // nothing without RunConfig::keyedCaches

        // The overload budget: past the frame cap the run is saturated
        // beyond doubt; it goes on only for config.eventsAfterFrameCap events.
        std::uint64_t capHitAt = 0;
        bool overloaded = false;
        engine.setPoll(
            [&] {
                if (config.eventsAfterFrameCap > 0 && frames.hitCap()) {
                    if (capHitAt == 0)
                        capHitAt = engine.eventsExecuted();
                    else if (engine.eventsExecuted() - capHitAt > config.eventsAfterFrameCap) {
                        overloaded = true;
                        return false;
                    }
                }
                return !poll || poll(engine.now(), engine.eventsExecuted());
            },
            8192);
        engine.setInstantLimit(config.maxEventsAtOneInstant);
        const double horizon = config.horizon;
        const StopReason reason = trace ? engine.run(horizon,
                                                     [this](const Event& e) {
                                                         trace(engine.now(), e.kind, e.target);
                                                         dispatch(e);
                                                     })
                                        : engine.run(horizon, [this](const Event& e) { dispatch(e); });
        const bool early = reason == StopReason::Cancelled || reason == StopReason::FrozenClock;
        ReplicationResult result = recorder.finish(replication, early ? engine.now() : horizon, early);
        result.reached = early ? engine.now() : horizon;
        if (reason == StopReason::FrozenClock)
            result.stop = EarlyStop::FrozenClock;
        else if (overloaded)
            result.stop = EarlyStop::Overload;
        else if (early)
            result.stop = EarlyStop::Cancelled;  // run.cpp names the budget, if one
        if (result.stop == EarlyStop::FrozenClock || result.stop == EarlyStop::Overload)
            result.saturated = true;
        return result;
    }

    void dispatch(const Event& e)
    {
        if (e.kind >= kEventKinds)
            return;
        switch (kModuleOf[e.kind]) {
        case Module::Workload: workload.handle(e); break;
        case Module::Station: stations.handle(e); break;
        case Module::Visit: visits.handle(e); break;
        case Module::Calls: calls.handle(e); break;
        case Module::Pool: pools.handle(e); break;
        case Module::Recorder:
            recorder.handle(e);
            if (e.kind == kSnapshot)
                workload.onSnapshot();
            break;
        case Module::Failure: failures.handle(e); break;
        case Module::Autoscaler: autoscaler.handle(e); break;
        case Module::Cache: cacheKeys.handle(e); break;
        }
    }
};

Simulation::Simulation(const graph::Graph& graph, const RunConfig& config, int replication, Observer* observer)
    : impl_(std::make_unique<Impl>(graph, config, replication, observer))
{
}

Simulation::~Simulation() = default;

void Simulation::setTrace(EventTrace trace)
{
    impl_->trace = std::move(trace);
}

ReplicationResult Simulation::run(const std::function<bool(double, std::uint64_t)>& poll)
{
    return impl_->run(poll);
}

}  // namespace headroom::des
