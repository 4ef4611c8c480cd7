#include "request_flow_feed.h"

#include "des/run.h"
#include "roadmap/sweep.h"
#include "spec/source_location.h"

#include <algorithm>
#include <exception>
#include <limits>

namespace headroom::teaching {

RequestFlowFeed::RequestFlowFeed(const spec::Architecture& architecture, FlowOptions options)
    : graph_(std::make_shared<const graph::Graph>(roadmap::graphAtUsers(architecture, options.users))),
      options_(options),
      sampler_(options.sampleEvery, options.seed),
      wallBase_(Clock::now()),
      speed_(options.speed > 0 ? options.speed : 1.0) {
    batch_.reserve(1024);
    present_ = std::make_unique<std::atomic<int>[]>(graph_->components().size());
    for (std::size_t i = 0; i < graph_->components().size(); ++i) present_[i].store(0);
}

int RequestFlowFeed::presentAt(int component) const {
    if (component < 0 || static_cast<std::size_t>(component) >= graph_->components().size()) return 0;
    return present_[static_cast<std::size_t>(component)].load(std::memory_order_relaxed);
}

RequestFlowFeed::~RequestFlowFeed() { stop(); }

void RequestFlowFeed::start() {
    if (worker_.joinable()) return;
    {
        std::lock_guard lock(clockMutex_);
        clockBase_ = 0.0;
        wallBase_ = Clock::now();
    }
    worker_ = std::thread([this] {
        try {
            des::RunConfig config;
            config.seed = options_.seed;
            config.replications = 1;
            config.threads = 1;
            config.horizon = options_.horizon;
            config.warmup = 0.0;
            des::RunControl control;
            control.cancel = &cancel_;
            control.observer = this;
            (void)des::run(*graph_, config, control);
        } catch (const std::exception& e) {
            error_ = e.what();
        }
        flush(true);
        finished_.store(true);
    });
}

void RequestFlowFeed::stop() {
    cancel_.store(true);
    if (worker_.joinable()) worker_.join();
}

void RequestFlowFeed::setSpeed(double speed) {
    if (!(speed > 0)) return;
    std::lock_guard lock(clockMutex_);
    const auto now = Clock::now();
    if (!paused_) clockBase_ += std::chrono::duration<double>(now - wallBase_).count() * speed_;
    wallBase_ = now;
    speed_ = speed;
}

void RequestFlowFeed::setPaused(bool paused) {
    std::lock_guard lock(clockMutex_);
    if (paused == paused_) return;
    const auto now = Clock::now();
    if (!paused_) clockBase_ += std::chrono::duration<double>(now - wallBase_).count() * speed_;
    wallBase_ = now;
    paused_ = paused;
}

bool RequestFlowFeed::paused() const {
    std::lock_guard lock(clockMutex_);
    return paused_;
}

double RequestFlowFeed::speed() const {
    std::lock_guard lock(clockMutex_);
    return speed_;
}

double RequestFlowFeed::playbackTime() const {
    std::lock_guard lock(clockMutex_);
    if (paused_) return clockBase_;
    return clockBase_ + std::chrono::duration<double>(Clock::now() - wallBase_).count() * speed_;
}

void RequestFlowFeed::onRequestEvent(const des::RequestEvent& event) {
    observed_.fetch_add(1, std::memory_order_relaxed);
    simulated_.store(event.time, std::memory_order_relaxed);
    if (options_.tee) options_.tee->onRequestEvent(event);
    track(event);
    if (options_.paced && event.time > allowedUntil_) pace(event.time);
    if (!sampler_.keeps(event.request)) return;
    sampled_.fetch_add(1, std::memory_order_relaxed);
    batch_.push_back(event);
    // Publish about every 50 ms of wall time (or 512 events) so the UI sees
    // events well before the playback clock reaches them.
    if (batch_.size() >= 512 || event.time - lastFlush_ >= flushEvery_) flush(false);
}

void RequestFlowFeed::track(const des::RequestEvent& e) {
    using K = des::RequestEventKind;
    auto close = [this](std::vector<int>& visits, int component) {
        for (auto it = visits.rbegin(); it != visits.rend(); ++it) {
            if (*it == component) {
                visits.erase(std::next(it).base());
                present_[static_cast<std::size_t>(component)].fetch_sub(1, std::memory_order_relaxed);
                return;
            }
        }
    };
    switch (e.kind) {
        case K::Issued: open_[e.request].clear(); break;
        case K::Arrival:
            // Only visits of a request in flight: a message consumed after its
            // request ended never reports a departure.
            if (auto it = open_.find(e.request); it != open_.end() && e.component >= 0) {
                it->second.push_back(e.component);
                present_[static_cast<std::size_t>(e.component)].fetch_add(1, std::memory_order_relaxed);
            }
            break;
        case K::Departure:
        case K::Rejection:
        case K::Timeout:
            if (auto it = open_.find(e.request); it != open_.end() && e.component >= 0) close(it->second, e.component);
            break;
        case K::Completed:
        case K::Failed:
            if (auto it = open_.find(e.request); it != open_.end()) {
                for (int c : it->second) present_[static_cast<std::size_t>(c)].fetch_sub(1, std::memory_order_relaxed);
                open_.erase(it);
            }
            break;
    }
}

// Waits until the playback clock is within `lead` of `eventTime`. Reads the
// clock only when the cached allowance is exceeded, so the per-event cost
// stays one comparison.
void RequestFlowFeed::pace(double eventTime) {
    for (;;) {
        double speed;
        bool paused;
        double playback;
        {
            std::lock_guard lock(clockMutex_);
            speed = speed_;
            paused = paused_;
            playback = paused_ ? clockBase_ : clockBase_ + std::chrono::duration<double>(Clock::now() - wallBase_).count() * speed_;
        }
        allowedUntil_ = playback + options_.lead * speed;
        flushEvery_ = 0.05 * speed;
        if (eventTime <= allowedUntil_ || cancel_.load(std::memory_order_relaxed)) return;
        flush(true);  // let the UI have everything up to here while we wait
        const double wait = paused ? 0.02 : std::clamp((eventTime - allowedUntil_) / speed, 0.001, 0.02);
        std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    }
}

void RequestFlowFeed::flush(bool force) {
    if (batch_.empty()) return;
    std::unique_lock lock(bufferMutex_, std::defer_lock);
    if (force) lock.lock();
    else if (!lock.try_lock()) return;  // the UI is draining: keep the batch, never wait
    const std::size_t room = options_.capacity > buffer_.size() ? options_.capacity - buffer_.size() : 0;
    const std::size_t take = std::min(room, batch_.size());
    buffer_.insert(buffer_.end(), batch_.begin(), batch_.begin() + static_cast<std::ptrdiff_t>(take));
    dropped_.fetch_add(batch_.size() - take, std::memory_order_relaxed);
    lastFlush_ = batch_.back().time;
    batch_.clear();
}

void RequestFlowFeed::drain(double upTo, std::vector<des::RequestEvent>* out) {
    std::lock_guard lock(bufferMutex_);
    while (!buffer_.empty() && buffer_.front().time <= upTo) {
        out->push_back(buffer_.front());
        buffer_.pop_front();
    }
}

void RequestFlowFeed::drainAll(std::vector<des::RequestEvent>* out) { drain(std::numeric_limits<double>::infinity(), out); }

}  // namespace headroom::teaching
