#include "spec/architecture.h"

#include <algorithm>
#include <cmath>

namespace headroom::spec {

std::optional<double> PerClassDuration::forClass(const std::string& className) const {
    auto it = byClass.find(className);
    if (it != byClass.end()) return it->second;
    return fallback;
}

const char* toString(ComponentKind kind) {
    switch (kind) {
        case ComponentKind::Service: return "service";
        case ComponentKind::LoadBalancer: return "load_balancer";
        case ComponentKind::Cache: return "cache";
        case ComponentKind::Cdn: return "cdn";
        case ComponentKind::Database: return "database";
        case ComponentKind::Queue: return "queue";
        case ComponentKind::External: return "external";
    }
    return "service";
}

const char* toString(Discipline discipline) {
    return discipline == Discipline::Fcfs ? "fcfs" : "ps";
}

const char* toString(BalancingPolicy policy) {
    switch (policy) {
        case BalancingPolicy::RoundRobin: return "round_robin";
        case BalancingPolicy::Random: return "random";
        case BalancingPolicy::LeastConnections: return "least_connections";
        case BalancingPolicy::PowerOfTwoChoices: return "power_of_two";
    }
    return "round_robin";
}

const char* toString(DistributionKind kind) {
    switch (kind) {
        case DistributionKind::Exponential: return "exponential";
        case DistributionKind::Deterministic: return "deterministic";
        case DistributionKind::Lognormal: return "lognormal";
        case DistributionKind::Erlang: return "erlang";
        case DistributionKind::Hyperexponential: return "hyperexponential";
        case DistributionKind::Uniform: return "uniform";
    }
    return "exponential";
}

// ---- Uncertain inputs (issue 20) ----
double UncertainValue::at(double u) const {
    const double v = low + std::clamp(u, 0.0, 1.0) * (high - low);
    return whole ? std::round(v) : v;
}
// ---- end uncertain inputs ----

}  // namespace headroom::spec
