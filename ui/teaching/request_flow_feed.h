#pragma once
// The bridge between the DES and the request-flow animation (after OMNeT++'s
// "animation never slows the run"): des::run on a worker thread with this
// object as its des::Observer. Each request-level event of a sampled request
// (RequestSampler) goes into a bounded buffer; the UI drains, at its frame
// rate, the events up to the playback clock (simulated time = wall time x
// speed). The simulator is never blocked by the UI: it publishes with
// try_lock and, when the buffer is full, drops events and counts them. It is
// only held back by the clock itself (it may run `lead` simulated seconds
// ahead of playback, then waits), so it runs exactly at real time x speed
// whenever it can go faster, and at its own pace when it cannot.

#include "des/observer.h"
#include "graph/graph.h"
#include "request_sampler.h"
#include "spec/architecture.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace headroom::teaching {

struct FlowOptions {
    double users = 1000.0;
    std::uint32_t sampleEvery = 1;  ///< show 1 in this many user requests
    double speed = 1.0;             ///< simulated seconds per wall second
    bool paced = true;              ///< false: run flat out (tests), the clock is ignored
    double lead = 0.25;             ///< wall seconds the simulator may run ahead of playback
    std::size_t capacity = 50000;   ///< buffered events before dropping
    std::uint64_t seed = 1;
    double horizon = 3600.0;        ///< simulated seconds
    des::Observer* tee = nullptr;   ///< also receives every event (tests), on the worker thread
};

class RequestFlowFeed final : public des::Observer {
public:
    /// Builds the graph at `options.users` (throws spec::InputError on a bad spec).
    RequestFlowFeed(const spec::Architecture& architecture, FlowOptions options);
    ~RequestFlowFeed() override;
    RequestFlowFeed(const RequestFlowFeed&) = delete;
    RequestFlowFeed& operator=(const RequestFlowFeed&) = delete;

    [[nodiscard]] const graph::Graph& graph() const { return *graph_; }
    [[nodiscard]] std::shared_ptr<const graph::Graph> sharedGraph() const { return graph_; }
    [[nodiscard]] const FlowOptions& options() const { return options_; }
    [[nodiscard]] std::uint32_t sampleEvery() const { return sampler_.every(); }

    void start();
    /// Cancels the run and joins the worker (returns within a few ms).
    void stop();
    [[nodiscard]] bool finished() const { return finished_.load(); }
    [[nodiscard]] const std::string& error() const { return error_; }

    void setSpeed(double speed);
    void setPaused(bool paused);
    [[nodiscard]] bool paused() const;
    [[nodiscard]] double speed() const;
    /// The simulated time the animation should show now.
    [[nodiscard]] double playbackTime() const;
    /// How far the simulator has got (the last event's time).
    [[nodiscard]] double simulatedTime() const { return simulated_.load(std::memory_order_relaxed); }

    /// Appends to `out` the buffered events with time <= `upTo`, in order.
    void drain(double upTo, std::vector<des::RequestEvent>* out);
    /// Every buffered event, whatever its time (tests, after the run).
    void drainAll(std::vector<des::RequestEvent>* out);

    /// Visits present at `component` now (every request, not only sampled
    /// ones): arrivals minus departures, rejections, timeouts and the visits
    /// of requests that ended. Consumers of a queue (visits of a message after
    /// its request ended) are not counted.
    [[nodiscard]] int presentAt(int component) const;

    [[nodiscard]] std::uint64_t observed() const { return observed_.load(); }  ///< all events
    [[nodiscard]] std::uint64_t sampled() const { return sampled_.load(); }    ///< of sampled requests
    [[nodiscard]] std::uint64_t dropped() const { return dropped_.load(); }    ///< lost to a full buffer

    void onRequestEvent(const des::RequestEvent& event) override;

private:
    void pace(double eventTime);
    void track(const des::RequestEvent& event);
    void flush(bool force);

    using Clock = std::chrono::steady_clock;
    std::shared_ptr<const graph::Graph> graph_;
    FlowOptions options_;
    RequestSampler sampler_;

    mutable std::mutex clockMutex_;
    double clockBase_ = 0.0;
    Clock::time_point wallBase_;
    double speed_ = 1.0;
    bool paused_ = false;

    std::mutex bufferMutex_;
    std::deque<des::RequestEvent> buffer_;
    std::vector<des::RequestEvent> batch_;  // worker-local until published
    double lastFlush_ = 0.0;
    double allowedUntil_ = -1.0;
    double flushEvery_ = 0.05;  // simulated seconds between publications (worker only)

    std::atomic<bool> cancel_{false};
    std::atomic<bool> finished_{false};
    std::atomic<double> simulated_{0.0};
    std::atomic<std::uint64_t> observed_{0};
    std::atomic<std::uint64_t> sampled_{0};
    std::atomic<std::uint64_t> dropped_{0};
    std::string error_;
    // Open visits of every request in flight (worker only) and their totals.
    std::unordered_map<std::uint32_t, std::vector<int>> open_;
    std::unique_ptr<std::atomic<int>[]> present_;
    std::thread worker_;
};

}  // namespace headroom::teaching
