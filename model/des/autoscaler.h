#pragma once
// The autoscaler: a component's own host with `autoscale` (a tier) adds and
// removes instances as the load moves. The topology gives such a host a
// server for each instance it may ever hold (`max`); the ones past the
// starting count are not routable. Every `interval` the tier's load over the
// last interval is read:
//   observed = busy core-seconds / (cores x instance-seconds held)   (utilisation)
//           or visit-seconds present / instance-seconds held        (target_in_flight)
//   desired  = ceil(serving x observed / target), clamped to [min, max]
// where `serving` counts the routable instances. Scale-out: when desired
// exceeds serving + ordered, the difference is ordered (a draining instance
// is taken back first, at once); an order serves after `delay` (kScaleReady).
// Scale-in (with `scale_in`, nothing ordered): one instance is drained — the
// router sends it nothing new, it leaves when its last visit does. After an
// action, none in the same direction for `cooldown`. An instance is held
// (counted in the host's mean instances and its cost) from serving until it
// leaves. docs/methods.md, "Autoscaling and admission control".
//
// Events: kScaleEvaluate (target = tier), kScaleReady (target = server, aux = tier).
// A model without `autoscale` posts none: its event sequence is unchanged.

#include "des/sim_types.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace headroom::des::sim {

template <class Sim>
class Autoscaler {
public:
    explicit Autoscaler(Sim& sim) : sim_(sim) {}

    /// Finds the autoscaled hosts and posts their first evaluations.
    void start(const graph::Graph& graph)
    {
        for (const auto& host : graph.hosts()) {
            if (!host.autoscale || host.components.empty())
                continue;
            Tier t;
            t.host = host.id;
            t.component = host.components.front();
            t.rule = *host.autoscale;
            t.rule.interval = std::max(t.rule.interval, 1.0);  // the format's bound: at most one reading a second
            t.servers = sim_.topology.hostServers[static_cast<std::size_t>(host.id)];
            t.state.assign(t.servers.size(), State::Idle);
            for (std::size_t k = 0; k < t.servers.size(); ++k)
                if (sim_.topology.server(t.servers[k]).routable) {
                    t.state[k] = State::Serving;
                    ++t.serving;
                }
            const auto index = static_cast<std::uint32_t>(tiers_.size());
            tiers_.push_back(std::move(t));
            sim_.engine.post(tiers_.back().rule.interval, Event{kScaleEvaluate, index, 0});
        }
    }

    void handle(const Event& e)
    {
        if (e.kind == kScaleEvaluate)
            evaluate(e.target);
        else
            ready(e.aux, static_cast<std::int32_t>(e.target));  // kScaleReady
    }

    /// A visit left instance `inst`, whose server is draining: it leaves when empty.
    void visitLeft(const Instance& inst)
    {
        if (inst.inSystem == 0)
            serverEmptied(inst.server);
    }
    /// A draining server may have emptied (its last visit left, or it failed).
    void serverEmptied(std::int32_t serverId)
    {
        for (auto& t : tiers_)
            if (t.host == sim_.topology.server(serverId).host)
                retireIfEmpty(t, serverId);
    }

private:
    enum class State : std::uint8_t { Idle, Ordered, Serving, Draining };
    struct Tier {
        std::int32_t host = 0;
        std::int32_t component = 0;
        spec::Autoscale rule;
        std::vector<std::int32_t> servers;  // the host's servers, by local index
        std::vector<State> state;
        int serving = 0, ordered = 0, draining = 0;
        double lastOut = -std::numeric_limits<double>::infinity();
        double lastIn = -std::numeric_limits<double>::infinity();
        double busyArea = 0.0, heldArea = 0.0, presentArea = 0.0;  // at the last evaluation
    };

    void evaluate(std::uint32_t index)
    {
        Tier& t = tiers_[index];
        const double now = sim_.engine.now();
        sim_.engine.post(now + t.rule.interval, Event{kScaleEvaluate, index, 0});
        // The load over the last interval.
        double busy = 0.0;
        for (std::int32_t id : t.servers) {
            Server& s = sim_.topology.server(id);
            s.busy.flush(now);
            busy += s.busy.area;
        }
        TimeWeighted& held = sim_.topology.hostHeld[static_cast<std::size_t>(t.host)];
        held.flush(now);
        ComponentModel& c = sim_.topology.component(t.component);
        c.inSystem.flush(now);
        const double dBusy = busy - t.busyArea, dHeld = held.area - t.heldArea, dPresent = c.inSystem.area - t.presentArea;
        t.busyArea = busy;
        t.heldArea = held.area;
        t.presentArea = c.inSystem.area;
        if (!(dHeld > 0.0))
            return;
        const double observed = t.rule.targetInFlight ? dPresent / dHeld : dBusy / (c.cores * dHeld);
        const double target = t.rule.targetInFlight ? *t.rule.targetInFlight : t.rule.targetUtilization;
        // ceil with a little slack so an exact ratio (2 x 0.6 / 0.6) does not round up.
        const double want = std::ceil(t.serving * observed / target - 1e-9);
        const int desired = static_cast<int>(std::clamp(want, static_cast<double>(t.rule.min), static_cast<double>(t.rule.max)));
        if (desired > t.serving + t.ordered) {
            if (now < t.lastOut + t.rule.cooldown)
                return;
            scaleOut(t, index, desired - t.serving - t.ordered);
            t.lastOut = now;
        } else if (desired < t.serving && t.rule.scaleIn && t.ordered == 0) {
            if (now < t.lastIn + t.rule.cooldown)
                return;
            drainOne(t);
            t.lastIn = now;
        }
    }

    void scaleOut(Tier& t, std::uint32_t index, int count)
    {
        const double now = sim_.engine.now();
        // A draining instance is still there: it serves again at once.
        for (std::size_t k = 0; k < t.servers.size() && count > 0; ++k) {
            if (t.state[k] != State::Draining)
                continue;
            Server& s = sim_.topology.server(t.servers[k]);
            s.draining = false;
            s.routable = true;
            t.state[k] = State::Serving;
            --t.draining;
            ++t.serving;
            --count;
        }
        for (std::size_t k = 0; k < t.servers.size() && count > 0; ++k) {
            if (t.state[k] != State::Idle)
                continue;
            t.state[k] = State::Ordered;
            ++t.ordered;
            --count;
            sim_.engine.post(now + t.rule.delay, Event{kScaleReady, static_cast<std::uint32_t>(t.servers[k]), index});
        }
    }

    void ready(std::uint32_t index, std::int32_t serverId)
    {
        Tier& t = tiers_[index];
        const std::size_t k = local(t, serverId);
        if (k >= t.state.size() || t.state[k] != State::Ordered)
            return;
        t.state[k] = State::Serving;
        --t.ordered;
        ++t.serving;
        sim_.topology.server(serverId).routable = true;
        sim_.topology.hostHeld[static_cast<std::size_t>(t.host)].add(sim_.engine.now(), 1.0);
    }

    // The last serving instance (highest index) stops taking visits.
    void drainOne(Tier& t)
    {
        for (std::size_t k = t.servers.size(); k-- > 0;) {
            if (t.state[k] != State::Serving)
                continue;
            Server& s = sim_.topology.server(t.servers[k]);
            s.routable = false;
            s.draining = true;
            t.state[k] = State::Draining;
            --t.serving;
            ++t.draining;
            retireIfEmpty(t, t.servers[k]);
            return;
        }
    }

    void retireIfEmpty(Tier& t, std::int32_t serverId)
    {
        const std::size_t k = local(t, serverId);
        if (k >= t.state.size() || t.state[k] != State::Draining)
            return;
        for (const auto& inst : sim_.topology.instances)
            if (inst.server == serverId && inst.inSystem > 0)
                return;
        Server& s = sim_.topology.server(serverId);
        s.draining = false;
        t.state[k] = State::Idle;
        --t.draining;
        sim_.topology.hostHeld[static_cast<std::size_t>(t.host)].add(sim_.engine.now(), -1.0);
    }

    static std::size_t local(const Tier& t, std::int32_t serverId)
    {
        for (std::size_t k = 0; k < t.servers.size(); ++k)
            if (t.servers[k] == serverId)
                return k;
        return t.servers.size();
    }

    Sim& sim_;
    std::vector<Tier> tiers_;
};

}  // namespace headroom::des::sim
