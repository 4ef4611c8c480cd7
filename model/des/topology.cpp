#include "des/topology.h"

#include "des/routing_policy.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace headroom::des::sim {

Topology::Topology(const graph::Graph& graph, const StreamFactory& stream)
{
    const auto& hosts = graph.hosts();
    hostServers.resize(hosts.size());
    hostHeld.resize(hosts.size());
    hostScaled.assign(hosts.size(), 0);
    for (const auto& host : hosts) {
        // An autoscaled host gets a server for each instance it may order;
        // those past the starting count wait unrouted (autoscaler.h).
        const int start = std::max(1, host.instances);
        const int count = host.autoscale ? std::max(start, host.autoscale->max) : start;
        hostScaled[static_cast<std::size_t>(host.id)] = host.autoscale ? 1 : 0;
        for (int i = 0; i < count; ++i) {
            Server server;
            server.host = host.id;
            server.routable = i < start;
            server.cores = std::max(1, host.cores);
            server.ps = host.discipline == graph::Discipline::ProcessorSharing;
            hostServers[static_cast<std::size_t>(host.id)].push_back(static_cast<std::int32_t>(servers.size()));
            servers.push_back(std::move(server));
        }
    }
    const double users = graph.workload().users.value_or(0.0);
    const auto nClasses = graph.classes().size();
    const auto nComponents = graph.components().size();
    components.resize(nComponents);
    for (const auto& source : graph.components()) {
        auto& model = components[static_cast<std::size_t>(source.id)];
        const auto& host = graph.host(source.host);
        model.kind = source.kind;
        model.host = source.host;
        model.cores = std::max(1, host.cores);
        model.demand.resize(nClasses);
        for (std::size_t k = 0; k < nClasses; ++k) {
            const double mean = graph.demand(source.id, static_cast<int>(k), users);
            model.demand[k] = std::isfinite(mean) && mean > 0.0 ? mean : 0.0;
            model.hasDemand = model.hasDemand || model.demand[k] > 0.0;
        }
        model.sampler = Sampler(source.distribution);
        if (source.threads)
            model.pool = std::max(0, *source.threads);
        else if (source.connections)
            model.pool = std::max(0, *source.connections);
        if (source.maxQueue)
            model.maxQueue = std::max(0, *source.maxQueue);
        if (source.maxInFlight)
            model.maxInFlight = std::max(1, *source.maxInFlight);
        model.timeout = source.timeout.value_or(0.0);
        model.retries = std::clamp(source.retries.max, 0, 30);
        model.backoff = std::max(0.0, source.retries.backoff);
        model.latency = std::max(0.0, source.latency);
        model.wakeup = std::max(0.0, source.wakeup);  // issue 19: load-dependent demand
        model.wakeupAfter = std::max(0.0, source.wakeupAfter);
        quietSpells = quietSpells || (model.wakeup > 0.0 && model.wakeupAfter > 0.0);
        model.hasDemand = model.hasDemand || model.wakeup > 0.0;
        model.lookup = source.kind == graph::ComponentKind::Cache || source.kind == graph::ComponentKind::Cdn;
        model.hitRatio = std::clamp(source.hitRatio, 0.0, 1.0);
        model.onMiss = source.onMiss ? *source.onMiss : kNone;
        model.rateLimit = source.rateLimit.value_or(0.0);
        model.bucket = std::max(1.0, model.rateLimit);
        model.policy = source.policy;
        model.shards = std::max(1, source.shards);
        model.replicas = std::max(0, source.replicas);
        if (source.skew.hotFraction > 0.0 && source.skew.hotShare > 0.0 && model.shards > 1) {
            model.hotShards = std::clamp(static_cast<int>(std::lround(source.skew.hotFraction * model.shards)), 1,
                                         model.shards - 1);
            model.hotShare = std::clamp(source.skew.hotShare, 0.0, 1.0);
        }
        for (const auto& call : source.calls) {
            CallModel c;
            c.to = call.to;
            const double visits = std::max(0.0, call.visits);
            c.whole = static_cast<std::int32_t>(std::floor(visits));
            c.fraction = visits - c.whole;
            c.forClass.assign(nClasses, 1);
            for (std::size_t k = 0; k < nClasses && k < call.forClass.size(); ++k)
                c.forClass[k] = call.forClass[k] ? 1 : 0;
            model.calls.push_back(std::move(c));
        }
        model.demandRandom = stream(streams::id(streams::Component::Demand, source.id));
        model.branchRandom = stream(streams::id(streams::Component::Branch, source.id));
        model.routeRandom = stream(streams::id(streams::Component::Route, source.id));
        // Retry protections (retry_guard.h); their stream draws only with jitter.
        model.backoffJitter = source.retries.jitter;
        if (model.backoffJitter)
            model.retryRandom = stream(streams::id(streams::Component::Retry, source.id));
        if (source.retryBudget) {
            model.retryBudget = std::max(0.0, *source.retryBudget);
            model.budgetBalance = 10.0;  // kBudgetCap: the bucket starts full
        }
        if (source.circuitBreaker) {
            model.breakerErrorRate = std::clamp(source.circuitBreaker->errorRate, 1e-9, 1.0);
            model.breakerOpenFor = std::max(0.0, source.circuitBreaker->openFor);
        }

        // Instances: one per host instance, or one per database copy
        // (copies take the host's instances first, then extra servers).
        const auto& ownServers = hostServers[static_cast<std::size_t>(source.host)];
        const bool copies = hasDedicatedCopies(source);
        model.dedicatedCopies = copies;
        const std::size_t count = copies ? static_cast<std::size_t>(model.shards * (1 + model.replicas)) : ownServers.size();
        for (std::size_t k = 0; k < count; ++k) {
            std::int32_t serverId;
            if (k < ownServers.size()) {
                serverId = ownServers[k];
            } else {
                Server extra;
                extra.host = source.host;
                extra.cores = model.cores;
                extra.ps = host.discipline == graph::Discipline::ProcessorSharing;
                serverId = static_cast<std::int32_t>(servers.size());
                servers.push_back(std::move(extra));
                hostServers[static_cast<std::size_t>(source.host)].push_back(serverId);
            }
            Instance instance;
            instance.server = serverId;
            instance.component = source.id;
            instance.local = static_cast<std::int32_t>(k);
            instance.tokensFree = model.pool < 0 ? std::numeric_limits<std::int32_t>::max() : model.pool;
            model.instances.push_back(static_cast<std::int32_t>(instances.size()));
            instances.push_back(instance);
        }
    }
    for (std::size_t h = 0; h < hosts.size(); ++h) {
        double held = 0.0;
        for (std::int32_t id : hostServers[h])
            held += servers[static_cast<std::size_t>(id)].routable ? 1.0 : 0.0;
        hostHeld[h].value = held;
    }
}

}  // namespace headroom::des::sim
