#pragma once
// Failure injection: a host's `failure` takes one of its instances (a
// server) down at `at`, and up again after `recover_after` if given.
// Everything in flight on the server dies at once: the visits' pending
// events and timeouts are cancelled, their children become orphans, the
// station and the pools on it are reset (stations: service already given
// counts as work), every dead visit counts as a rejection and its caller, if
// it lives elsewhere, gets the error (and may retry on a live instance: the
// router skips a down server). While down, calls routed to it are rejected.
//
// Events: kFailure and kRecovery (target = server).

#include "des/sim_types.h"

#include <vector>

namespace headroom::des::sim {

template <class Sim>
class Failures {
public:
    explicit Failures(Sim& sim) : sim_(sim) {}

    /// Posts the failures (and recoveries) the hosts ask for.
    void start(const graph::Graph& graph)
    {
        const auto& servers = sim_.topology.servers;
        for (std::size_t s = 0; s < servers.size(); ++s) {
            const auto& host = graph.host(servers[s].host);
            if (!host.failure)
                continue;
            const auto& hs = sim_.topology.hostServers[static_cast<std::size_t>(host.id)];
            if (host.failure->instance < 0 || static_cast<std::size_t>(host.failure->instance) >= hs.size() ||
                hs[static_cast<std::size_t>(host.failure->instance)] != static_cast<std::int32_t>(s))
                continue;
            sim_.engine.post(host.failure->at, Event{kFailure, static_cast<std::uint32_t>(s), 0});
            if (host.failure->recoverAfter)
                sim_.engine.post(host.failure->at + *host.failure->recoverAfter,
                                 Event{kRecovery, static_cast<std::uint32_t>(s), 0});
        }
    }

    void handle(const Event& e)
    {
        const auto serverId = static_cast<std::int32_t>(e.target);
        if (e.kind == kFailure)
            fail(serverId);
        else
            sim_.topology.server(serverId).up = true;  // kRecovery
    }

private:
    void fail(std::int32_t serverId);

    Sim& sim_;
};

template <class Sim>
void Failures<Sim>::fail(std::int32_t serverId)
{
    Server& s = sim_.topology.server(serverId);
    if (!s.up)
        return;
    s.up = false;
    auto& frames = sim_.frames;
    // Everything in flight on the instance dies: collect, detach, then
    // answer callers that live elsewhere with an error.
    std::vector<std::int32_t> dead;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const Frame& f = frames.all()[i];
        if (f.state == FrameState::Free || (f.flags & kRoot) || f.instance == kNone)
            continue;
        if (sim_.topology.instance(f.instance).server == serverId)
            dead.push_back(static_cast<std::int32_t>(i));
    }
    for (std::int32_t id : dead) {
        Frame& f = frames[id];
        sim_.engine.cancel(f.event);
        sim_.engine.cancel(f.childTimeout);
        if (f.child != kNone)
            frames[f.child].parent = kNone;
    }
    // Reset the server and the instances on it.
    sim_.stations.reset(serverId);
    for (auto& inst : sim_.topology.instances)
        if (inst.server == serverId)
            sim_.pools.reset(inst, sim_.topology.component(inst.component));
    // Mark all dead first so a dead parent is not answered.
    for (std::int32_t id : dead)
        frames[id].state = FrameState::Free;
    if (s.draining)
        sim_.autoscaler.serverEmptied(serverId);  // a draining instance that failed has left
    for (std::int32_t id : dead) {
        const Frame& f = frames[id];
        const std::int32_t parentId = f.parent;
        const std::int32_t component = f.component;
        if (!(f.flags & kMessage))
            ++sim_.recorder.component(component).rejected;
        frames.release(id);
        if (parentId != kNone && frames[parentId].state != FrameState::Free)
            sim_.calls.answer(parentId, Outcome::Rejected, false, component);
    }
}

}  // namespace headroom::des::sim
