#pragma once
// The workload source: where user requests come from. Closed users (a
// population thinking between requests, changed by the load profile in
// steps), or open arrivals (a Poisson process whose rate follows the
// profile, piecewise linear). Each request draws its class and starts at its
// class's entry component (the root frame's call program, call_program.h);
// when it ends, its user thinks again, or retires if the profile lowered the
// population.
//
// Events: kThinkEnd (the next thinking user issues), kOpenArrival (the next
// open arrival), kPopulation (aux = index of a population step).
//
// Like every module with events, a class template over the simulation that
// owns it (Simulation::Impl, the only instantiation), so modules call each
// other directly, with no virtual call, from separate headers.

#include "des/sim_types.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace headroom::des::sim {

template <class Sim>
class WorkloadSource {
public:
    WorkloadSource(Sim& sim, const graph::Graph& graph, RandomStream arrivals, RandomStream classes);

    /// Starts the first arrival or the initial population, and posts the profile's steps.
    void start();
    void handle(const Event& e)
    {
        switch (e.kind) {
        case kThinkEnd: onThinkEnd(); break;
        case kOpenArrival:
            issueRequest(kNone);
            scheduleOpenArrival();
            break;
        default: setPopulation(populationSteps_[e.aux].level); break;  // kPopulation
        }
    }

    /// The component a request of class `cls` enters at.
    [[nodiscard]] std::int32_t entry(std::uint16_t cls) const { return classEntry_[cls]; }
    /// A user's request ended (completed or failed); kNone for an open arrival.
    void userDone(std::int32_t user)
    {
        if (user == kNone || retireOne())
            return;
        startThinking(1);
    }

private:
    int pickClass();
    void issueRequest(std::int32_t user);
    /// A user whose request (or thinking) ends leaves when the profile asked
    /// for fewer users: the one place users retire.
    bool retireOne()
    {
        if (retiring_ == 0)
            return false;
        --retiring_;
        --population_;
        return true;
    }
    void startThinking(std::int64_t users);
    void drawThinkEnd();
    void onThinkEnd();
    void setPopulation(double level);
    [[nodiscard]] double rateAt(double t) const;
    double nextArrivalAfter(double t);
    void scheduleOpenArrival();

    Sim& sim_;
    bool open_ = false;
    double thinkTime_ = 0.0;
    std::vector<double> classCumulative_;
    std::vector<std::int32_t> classEntry_;
    RandomStream arrivalRandom_;
    RandomStream classRandom_;
    std::vector<double> rateTimes_, rateValues_;   // open: piecewise-linear arrival rate
    std::vector<PopulationStep> populationSteps_;  // closed: population over time
    std::int64_t population_ = 0;                  // users cycling (thinking or waiting)
    std::int64_t retiring_ = 0;                    // users to remove at their next request end / think end
    // Closed users think exponentially (mean thinkTime). Rather than one
    // pending event per thinking user (10^5 of them at 100,000 users), the
    // thinking users are one source: with n thinking, the next think end is
    // Exp(n / thinkTime) away, drawn again whenever n changes, and it does
    // not matter which user it is (users are interchangeable: a request's
    // class is drawn when it is issued). Memorylessness makes this exact.
    std::int64_t thinking_ = 0;
    EventId thinkEnd_;
    std::uint32_t nextRequest_ = 0;
};

template <class Sim>
WorkloadSource<Sim>::WorkloadSource(Sim& sim, const graph::Graph& graph, RandomStream arrivals, RandomStream classes)
    : sim_(sim), arrivalRandom_(arrivals), classRandom_(classes)
{
    const auto& workload = graph.workload();
    open_ = graph.isOpen();
    thinkTime_ = std::max(0.0, graph.thinkTime());
    double cumulative = 0.0;
    for (const auto& cls : graph.classes()) {
        cumulative += cls.share;
        classCumulative_.push_back(cumulative);
        classEntry_.push_back(cls.entry);
    }
    if (cumulative > 0.0)
        for (double& c : classCumulative_)
            c /= cumulative;

    // Load profile: a level from `at`, reached linearly over `ramp`.
    const double baseLevel = open_ ? workload.arrivalRate.value_or(0.0) : workload.users.value_or(0.0);
    std::vector<PopulationStep> levels{{0.0, baseLevel}};
    for (const auto& step : workload.profile) {
        const std::optional<double> level = open_ ? step.arrivalRate : step.users;
        if (!level)
            continue;
        const double from = levels.back().level;
        const double start = std::max(step.at, levels.back().time);
        if (step.ramp > 0.0) {
            levels.push_back({start, from});
            levels.push_back({start + step.ramp, std::max(0.0, *level)});
        } else {
            levels.push_back({start, from});
            levels.push_back({start, std::max(0.0, *level)});
        }
    }
    if (open_) {
        for (const auto& p : levels) {
            rateTimes_.push_back(p.time);
            rateValues_.push_back(p.level);
        }
        return;
    }
    // Closed ramps move in small steps (at most 200 per ramp).
    populationSteps_.push_back({0.0, baseLevel});
    for (std::size_t i = 1; i < levels.size(); ++i) {
        const auto& a = levels[i - 1];
        const auto& b = levels[i];
        if (b.time > a.time && b.level != a.level) {
            const int steps = static_cast<int>(std::clamp(std::fabs(b.level - a.level), 1.0, 200.0));
            for (int j = 1; j <= steps; ++j)
                populationSteps_.push_back({a.time + (b.time - a.time) * j / steps, a.level + (b.level - a.level) * j / steps});
        } else if (b.level != a.level) {
            populationSteps_.push_back({b.time, b.level});
        }
    }
}

template <class Sim>
void WorkloadSource<Sim>::start()
{
    if (open_) {
        scheduleOpenArrival();
        return;
    }
    setPopulation(populationSteps_.front().level);
    for (std::size_t i = 1; i < populationSteps_.size(); ++i)
        sim_.engine.post(populationSteps_[i].time, Event{kPopulation, 0, static_cast<std::uint32_t>(i)});
}

template <class Sim>
int WorkloadSource<Sim>::pickClass()
{
    if (classCumulative_.size() <= 1)
        return 0;
    const double u = classRandom_.uniform();
    for (std::size_t k = 0; k < classCumulative_.size(); ++k)
        if (u < classCumulative_[k])
            return static_cast<int>(k);
    return static_cast<int>(classCumulative_.size() - 1);
}

template <class Sim>
void WorkloadSource<Sim>::issueRequest(std::int32_t user)
{
    const double now = sim_.engine.now();
    sim_.recorder.requestIssued(now);
    if (!sim_.frames.admit()) {
        sim_.recorder.requestFailed(now, Outcome::Rejected);
        userDone(user);
        return;
    }
    const std::int32_t id = sim_.frames.allocate();
    Frame& root = sim_.frames[id];
    root.flags = kRoot;
    root.user = user;
    root.cls = static_cast<std::uint16_t>(pickClass());
    root.arrival = now;
    root.request = nextRequest_++;
    sim_.notify(RequestEventKind::Issued, root);
    sim_.calls.advance(id);
}

template <class Sim>
void WorkloadSource<Sim>::startThinking(std::int64_t users)
{
    if (thinkTime_ <= 0.0) {
        // No think time: each user issues again right after this event.
        for (std::int64_t k = 0; k < users; ++k)
            sim_.engine.post(sim_.engine.now(), Event{kThinkEnd, 0, 0});
        return;
    }
    thinking_ += users;
    drawThinkEnd();
}

template <class Sim>
void WorkloadSource<Sim>::drawThinkEnd()
{
    Engine& engine = sim_.engine;
    if (thinking_ == 0) {
        engine.cancel(thinkEnd_);
        return;
    }
    const double gap = -(thinkTime_ / static_cast<double>(thinking_)) * std::log(arrivalRandom_.uniformPositive());
    if (!engine.reschedule(thinkEnd_, engine.now() + gap))
        thinkEnd_ = engine.scheduleIn(gap, Event{kThinkEnd, 0, 0});
}

template <class Sim>
void WorkloadSource<Sim>::onThinkEnd()
{
    if (thinkTime_ > 0.0) {
        --thinking_;
        thinkEnd_ = EventId{};  // it has just run
        drawThinkEnd();
    }
    if (retireOne())
        return;
    issueRequest(0);  // closed users carry no identity of their own
}

template <class Sim>
void WorkloadSource<Sim>::setPopulation(double level)
{
    const auto target = static_cast<std::int64_t>(std::llround(std::max(0.0, level)));
    std::int64_t effective = population_ - retiring_;
    while (effective < target && retiring_ > 0) {
        --retiring_;
        ++effective;
    }
    if (effective < target) {
        population_ += target - effective;
        startThinking(target - effective);
        effective = target;
    }
    if (effective > target)
        retiring_ += effective - target;
}

template <class Sim>
double WorkloadSource<Sim>::rateAt(double t) const
{
    if (rateTimes_.empty())
        return 0.0;
    if (t >= rateTimes_.back())
        return rateValues_.back();
    const auto it = std::upper_bound(rateTimes_.begin(), rateTimes_.end(), t);
    const auto i = static_cast<std::size_t>(it - rateTimes_.begin());
    if (i == 0)
        return rateValues_.front();
    const double t0 = rateTimes_[i - 1], t1 = rateTimes_[i];
    if (t1 <= t0)
        return rateValues_[i];
    return rateValues_[i - 1] + (rateValues_[i] - rateValues_[i - 1]) * (t - t0) / (t1 - t0);
}

// Next arrival of a Poisson process with piecewise-linear rate, by thinning
// within each linear piece (exact: the process is memoryless).
template <class Sim>
double WorkloadSource<Sim>::nextArrivalAfter(double t)
{
    for (int guard = 0; guard < 1'000'000; ++guard) {
        const auto it = std::upper_bound(rateTimes_.begin(), rateTimes_.end(), t);
        const double pieceEnd = it == rateTimes_.end() ? std::numeric_limits<double>::infinity() : *it;
        const double atEnd = std::isfinite(pieceEnd) ? rateAt(std::nextafter(pieceEnd, 0.0)) : rateAt(t);
        const double rateMax = std::max(rateAt(t), atEnd);
        if (!(rateMax > 0.0)) {
            if (!std::isfinite(pieceEnd))
                return std::numeric_limits<double>::infinity();
            t = pieceEnd;
            continue;
        }
        const double candidate = t - std::log(arrivalRandom_.uniformPositive()) / rateMax;
        if (candidate > pieceEnd) {
            t = pieceEnd;
            continue;
        }
        const double accept = arrivalRandom_.uniform() * rateMax;
        if (accept <= rateAt(candidate))
            return candidate;
        t = candidate;
    }
    return std::numeric_limits<double>::infinity();
}

template <class Sim>
void WorkloadSource<Sim>::scheduleOpenArrival()
{
    Engine& engine = sim_.engine;
    // Constant rate (no profile): a plain exponential gap, no thinning.
    const double t = rateTimes_.size() == 1
                         ? (rateValues_[0] > 0.0 ? engine.now() - std::log(arrivalRandom_.uniformPositive()) / rateValues_[0]
                                                 : std::numeric_limits<double>::infinity())
                         : nextArrivalAfter(engine.now());
    if (t <= sim_.config.horizon)
        engine.post(t, Event{kOpenArrival, 0, 0});
}

}  // namespace headroom::des::sim
