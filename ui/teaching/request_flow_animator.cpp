#include "request_flow_animator.h"

#include <algorithm>

namespace headroom::teaching {

namespace {
// A visit that never reports back (a message consumed after its request
// ended, a reply dropped after a timeout) stops counting after this long.
constexpr double kPresenceExpiry = 30.0;
}  // namespace

RequestFlowAnimator::RequestFlowAnimator(std::shared_ptr<const graph::Graph> graph, std::uint32_t sampleEvery)
    : graph_(std::move(graph)), sampleEvery_(std::max<std::uint32_t>(1, sampleEvery)) {
    present_.resize(graph_->components().size());
    perClass_.assign(std::max<std::size_t>(1, graph_->classes().size()), 0);
}

bool RequestFlowAnimator::hasEdge(int from, int to) const {
    const graph::Component& c = graph_->component(from);
    for (const auto& call : c.calls) {
        if (call.to == to) return true;
    }
    return c.onMiss && *c.onMiss == to;
}

// Where the token for a visit to `component` comes from: the component the
// request is at when a call connects them; otherwise the graph's caller (a
// cache miss is drawn along the cache's miss arrow, a queue consumer from
// its queue); the users for an entry.
int RequestFlowAnimator::sourceOf(std::uint32_t request, int component) const {
    if (auto it = stacks_.find(request); it != stacks_.end() && !it->second.empty()) {
        const auto& stack = it->second;
        for (auto s = stack.rbegin(); s != stack.rend(); ++s) {
            if (hasEdge(*s, component)) return *s;
        }
    }
    const auto& callers = graph_->component(component).callers;
    if (auto it = stacks_.find(request); it != stacks_.end()) {
        for (int caller : callers) {
            if (std::find(it->second.begin(), it->second.end(), caller) != it->second.end()) return caller;
        }
    }
    for (const auto& cls : graph_->classes()) {
        if (cls.entry == component) return -1;
    }
    return callers.empty() ? -1 : callers.front();
}

void RequestFlowAnimator::leave(std::uint32_t request, int component) {
    if (auto it = stacks_.find(request); it != stacks_.end()) {
        auto& stack = it->second;
        for (auto s = stack.rbegin(); s != stack.rend(); ++s) {
            if (*s == component) {
                stack.erase(std::next(s).base());
                break;
            }
        }
    }
    if (component >= 0 && static_cast<std::size_t>(component) < present_.size()) present_[static_cast<std::size_t>(component)].erase(request);
}

void RequestFlowAnimator::forget(std::uint32_t request) {
    if (auto it = stacks_.find(request); it != stacks_.end()) {
        for (int c : it->second) {
            const graph::Component& comp = graph_->component(c);
            // Messages in a queue outlive the request that sent them.
            if (comp.kind != graph::ComponentKind::Queue) present_[static_cast<std::size_t>(c)].erase(request);
        }
        stacks_.erase(it);
    }
}

void RequestFlowAnimator::expire(double now) {
    for (auto& p : present_) {
        for (auto it = p.begin(); it != p.end();) {
            if (now - it->second > kPresenceExpiry) it = p.erase(it);
            else ++it;
        }
    }
    // Stacks of requests whose end we never saw (sampled mid-flight at start).
    if (stacks_.size() > 20000) stacks_.clear();
}

void RequestFlowAnimator::consume(const std::vector<des::RequestEvent>& events) {
    using K = des::RequestEventKind;
    const int components = static_cast<int>(graph_->components().size());
    for (const auto& e : events) {
        ++eventsConsumed_;
        lastTime_ = e.time;
        const bool atComponent = e.component >= 0 && e.component < components;
        switch (e.kind) {
            case K::Issued:
                ++issued_;
                stacks_[e.request].clear();
                break;
            case K::Arrival: {
                if (!atComponent) break;
                FlowToken t;
                t.from = sourceOf(e.request, e.component);
                t.to = e.component;
                t.requestClass = e.requestClass;
                t.request = e.request;
                tokens_.push_back(t);
                if (tokens_.size() > kMaxTokens) tokens_.pop_front();
                ++tokensCreated_;
                if (static_cast<std::size_t>(e.requestClass) < perClass_.size()) ++perClass_[static_cast<std::size_t>(e.requestClass)];
                stacks_[e.request].push_back(e.component);
                present_[static_cast<std::size_t>(e.component)][e.request] = e.time;
                break;
            }
            case K::Departure:
                if (atComponent) leave(e.request, e.component);
                break;
            case K::Rejection:
                ++rejections_;
                if (atComponent) {
                    bursts_.push_back({FlowBurst::Kind::Rejected, e.component, 0.0});
                    leave(e.request, e.component);
                }
                break;
            case K::Timeout:
                ++timeouts_;
                if (atComponent) {
                    bursts_.push_back({FlowBurst::Kind::TimedOut, e.component, 0.0});
                    leave(e.request, e.component);
                }
                break;
            case K::Completed:
                ++completed_;
                forget(e.request);
                break;
            case K::Failed:
                ++failed_;
                bursts_.push_back({FlowBurst::Kind::Failed, -1, 0.0});
                forget(e.request);
                break;
        }
    }
    if (lastTime_ - lastExpiry_ > 5.0) {
        expire(lastTime_);
        lastExpiry_ = lastTime_;
    }
}

void RequestFlowAnimator::advance(double wallSeconds) {
    for (auto& t : tokens_) t.age += wallSeconds;
    while (!tokens_.empty() && tokens_.front().age >= kTravelSeconds) tokens_.pop_front();
    // Tokens are not strictly ordered by age after a cap-drop; sweep the rest.
    tokens_.erase(std::remove_if(tokens_.begin(), tokens_.end(), [](const FlowToken& t) { return t.age >= kTravelSeconds; }),
                  tokens_.end());
    for (auto& b : bursts_) b.age += wallSeconds;
    bursts_.erase(std::remove_if(bursts_.begin(), bursts_.end(), [](const FlowBurst& b) { return b.age >= kBurstSeconds; }),
                  bursts_.end());
}

double RequestFlowAnimator::queueEstimate(int component) const {
    if (component < 0 || static_cast<std::size_t>(component) >= present_.size()) return 0.0;
    return static_cast<double>(present_[static_cast<std::size_t>(component)].size()) * sampleEvery_;
}

double RequestFlowAnimator::present(int component) const {
    if (component >= 0 && static_cast<std::size_t>(component) < exact_.size()) return exact_[static_cast<std::size_t>(component)];
    return queueEstimate(component);
}

std::uint64_t RequestFlowAnimator::tokensPerClass(int requestClass) const {
    if (requestClass < 0 || static_cast<std::size_t>(requestClass) >= perClass_.size()) return 0;
    return perClass_[static_cast<std::size_t>(requestClass)];
}

}  // namespace headroom::teaching
