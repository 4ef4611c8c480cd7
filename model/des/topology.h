#pragma once
// What the simulator is made of, built once from the graph: the servers
// (a host instance or a database copy: `cores` servers under PS or FCFS),
// the component instances placed on them (one per host instance, or one per
// database copy), and each component's parameters (demand per class, pool,
// timeout, retries, calls ...) with its random streams (random_stream.h).

#include "des/sim_types.h"

#include <functional>
#include <vector>

namespace headroom::des::sim {

struct Topology {
    using StreamFactory = std::function<RandomStream(std::uint64_t id)>;
    Topology(const graph::Graph& graph, const StreamFactory& stream);

    std::vector<ComponentModel> components;
    std::vector<Instance> instances;
    std::vector<Server> servers;
    std::vector<std::vector<std::int32_t>> hostServers;  // by host
    // By host: instances held (serving or draining), time-weighted; constant
    // unless the host autoscales (then hostServers holds `max` servers, the
    // ones not held not routable).
    std::vector<TimeWeighted> hostHeld;
    std::vector<char> hostScaled;
    // issue 19: some component pays its wake-up only after a quiet spell, so
    // every visit's start on a server is recorded (Server::lastVisit).
    bool quietSpells = false;

    [[nodiscard]] ComponentModel& component(std::int32_t id) { return components[static_cast<std::size_t>(id)]; }
    [[nodiscard]] Instance& instance(std::int32_t id) { return instances[static_cast<std::size_t>(id)]; }
    [[nodiscard]] Server& server(std::int32_t id) { return servers[static_cast<std::size_t>(id)]; }
    [[nodiscard]] const Server& server(std::int32_t id) const { return servers[static_cast<std::size_t>(id)]; }
    [[nodiscard]] bool instanceUp(std::int32_t instanceId) const
    {
        const Server& s = servers[static_cast<std::size_t>(instances[static_cast<std::size_t>(instanceId)].server)];
        return s.up && s.routable;
    }
};

}  // namespace headroom::des::sim
