#pragma once
// Retry protections of calls to a component (issue 17: retry storms), applied
// by the call program (call_program.h); the state lives on the callee's
// ComponentModel, shared by all its callers (one client library per tier):
//
// - retry budget (`retry_budget: 10%`): a token bucket; each first attempt
//   deposits `budget` tokens, each retry takes one; a retry finding less than
//   one token is not made (the call fails). The bucket holds at most
//   kBudgetCap tokens and starts full, so over any stretch retries are at
//   most budget x first attempts + kBudgetCap (Finagle's RetryBudget, with a
//   fixed reserve instead of its minimum rate).
// - backoff with jitter (`retries: {jitter: true}`): the wait before retry a
//   is uniform in [0, backoff x 2^(a-1)] ("full jitter"), so callers that
//   failed together do not retry together.
// - circuit breaker (`circuit_breaker: {error_rate, open_for}`): the outcomes
//   of the last kBreakerWindow attempts (a ring); once it is full and at
//   least `error_rate` of them failed, the breaker opens: for `open_for`
//   every attempt fails at once, without calling and without retry; then it
//   closes with an empty window (a half-open trial of kBreakerWindow calls).
//
// No events of its own: an open breaker closes by the clock.

#include "des/sim_types.h"

#include <cmath>

namespace headroom::des::sim {

inline constexpr double kBudgetCap = 10.0;
inline constexpr std::int32_t kBreakerWindow = 20;

class RetryGuard {
public:
    /// A first attempt at a call to `t`.
    static void firstAttempt(ComponentModel& t)
    {
        if (t.retryBudget >= 0.0)
            t.budgetBalance = std::min(kBudgetCap, t.budgetBalance + t.retryBudget);
    }

    /// Whether the budget allows a retry of a call to `t` (and takes its token).
    static bool mayRetry(ComponentModel& t)
    {
        if (t.retryBudget < 0.0)
            return true;
        if (t.budgetBalance < 1.0)
            return false;
        t.budgetBalance -= 1.0;
        return true;
    }

    /// Seconds before retry `attempt` (1-based).
    static double backoff(ComponentModel& t, int attempt)
    {
        const double base = t.backoff * std::ldexp(1.0, attempt - 1);
        return t.backoffJitter ? base * t.retryRandom.uniform() : base;
    }

    /// Whether `t`'s breaker is open at `now` (calls fail at once).
    static bool open(const ComponentModel& t, double now) { return t.breakerErrorRate >= 0.0 && now < t.breakerOpenUntil; }

    /// An attempt at `t` ended (`failed`: rejected or timed out).
    static void record(ComponentModel& t, bool failed, double now)
    {
        if (t.breakerErrorRate < 0.0)
            return;
        auto& ring = t.breakerWindow;
        if (ring.empty())
            ring.assign(kBreakerWindow, 0);
        if (t.breakerCount == kBreakerWindow)
            t.breakerFailures -= ring[static_cast<std::size_t>(t.breakerNext)];
        else
            ++t.breakerCount;
        ring[static_cast<std::size_t>(t.breakerNext)] = failed ? 1 : 0;
        t.breakerFailures += failed ? 1 : 0;
        t.breakerNext = (t.breakerNext + 1) % kBreakerWindow;
        if (t.breakerCount == kBreakerWindow && t.breakerFailures >= t.breakerErrorRate * kBreakerWindow) {
            t.breakerOpenUntil = now + t.breakerOpenFor;
            t.breakerCount = t.breakerFailures = t.breakerNext = 0;
        }
    }
};

}  // namespace headroom::des::sim
