#pragma once
// Turns the sampled request-level events of a run into what the canvas
// draws: a token for every visit arrival, travelling from the caller to the
// callee (coloured by request class), bursts where requests are rejected or
// time out, and per-component queue estimates (sampled requests present
// there x the sampling ratio, an unbiased estimate of the number present).
// Plain logic, no painting: the canvas asks for tokens and bursts by
// component index and draws them; the tests count them.

#include "des/observer.h"
#include "graph/graph.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

namespace headroom::teaching {

struct FlowToken {
    int from = -1;          ///< component index, -1 = the users
    int to = 0;
    int requestClass = 0;
    std::uint32_t request = 0;
    double age = 0.0;       ///< wall seconds since it set off
};

struct FlowBurst {
    enum class Kind { Rejected, TimedOut, Failed };
    Kind kind = Kind::Rejected;
    int component = -1;     ///< -1 = at the users (a failed user request)
    double age = 0.0;
};

class RequestFlowAnimator {
public:
    static constexpr double kTravelSeconds = 0.6;  ///< wall time a token takes along a call
    static constexpr double kBurstSeconds = 1.4;
    static constexpr std::size_t kMaxTokens = 4000;

    RequestFlowAnimator(std::shared_ptr<const graph::Graph> graph, std::uint32_t sampleEvery);

    [[nodiscard]] const graph::Graph& graph() const { return *graph_; }
    [[nodiscard]] std::uint32_t sampleEvery() const { return sampleEvery_; }

    /// Events in time order (a drained slice of the feed).
    void consume(const std::vector<des::RequestEvent>& events);
    /// Moves tokens and bursts on by `wallSeconds`, retiring finished ones.
    void advance(double wallSeconds);

    [[nodiscard]] const std::deque<FlowToken>& tokens() const { return tokens_; }
    [[nodiscard]] const std::deque<FlowBurst>& bursts() const { return bursts_; }
    /// Estimated requests present at `component` (in queue or in service).
    [[nodiscard]] double queueEstimate(int component) const;
    /// Exact counts from the simulator (RequestFlowFeed::presentAt), when known.
    void setPresent(std::vector<double> present) { exact_ = std::move(present); }
    /// What the canvas draws: the exact count if set, else the estimate.
    [[nodiscard]] double present(int component) const;

    // Counts since construction (sampled requests only).
    [[nodiscard]] std::uint64_t eventsConsumed() const { return eventsConsumed_; }
    [[nodiscard]] std::uint64_t tokensCreated() const { return tokensCreated_; }
    [[nodiscard]] std::uint64_t issued() const { return issued_; }
    [[nodiscard]] std::uint64_t completed() const { return completed_; }
    [[nodiscard]] std::uint64_t failed() const { return failed_; }
    [[nodiscard]] std::uint64_t rejections() const { return rejections_; }
    [[nodiscard]] std::uint64_t timeouts() const { return timeouts_; }
    [[nodiscard]] std::uint64_t tokensPerClass(int requestClass) const;
    [[nodiscard]] double lastEventTime() const { return lastTime_; }

private:
    [[nodiscard]] bool hasEdge(int from, int to) const;
    [[nodiscard]] int sourceOf(std::uint32_t request, int component) const;
    void leave(std::uint32_t request, int component);
    void forget(std::uint32_t request);
    void expire(double now);

    std::shared_ptr<const graph::Graph> graph_;
    std::uint32_t sampleEvery_;
    std::deque<FlowToken> tokens_;
    std::deque<FlowBurst> bursts_;
    // Per sampled request: the components it is at, innermost last.
    std::unordered_map<std::uint32_t, std::vector<int>> stacks_;
    // Per component: sampled requests present and since when (simulated s).
    std::vector<std::unordered_map<std::uint32_t, double>> present_;
    std::vector<std::uint64_t> perClass_;
    std::vector<double> exact_;
    double lastTime_ = 0.0;
    double lastExpiry_ = 0.0;
    std::uint64_t eventsConsumed_ = 0;
    std::uint64_t tokensCreated_ = 0;
    std::uint64_t issued_ = 0;
    std::uint64_t completed_ = 0;
    std::uint64_t failed_ = 0;
    std::uint64_t rejections_ = 0;
    std::uint64_t timeouts_ = 0;
};

}  // namespace headroom::teaching
