#pragma once
// The analytic second opinion on a DES run: where the model is product-form
// (unlimited threads and pools, no timeouts, exponential service or PS) the
// two solvers must agree, so a difference larger than the DES confidence
// interval plus 5% is a warning naming the component and both figures; where
// it is not, the analytic figure is only an approximation (pools, rooms and
// timeouts: within 10% of the DES on every preset from half to ten times its
// knee, tst_analytic_vs_des) and a difference beyond the CI plus 10% is a
// note instead.

#include "graph/graph.h"
#include "stats/results.h"

#include <string>
#include <vector>

namespace headroom::analytic {

/// Why a component breaks the product form the exact solver assumes.
struct ProductFormIssue {
    std::string component;
    std::string reason;  ///< "holds threads (threads: 32)", "times out (timeout: 2s)", ...
};

/// Components that are not product-form: finite threads, connections or
/// max_queue, timeouts and retries, rate limits, non-exponential FCFS
/// service, FCFS with class-dependent demands, work behind a queue, copies
/// balanced other than at random (least connections, power of two, round robin).
[[nodiscard]] std::vector<ProductFormIssue> productFormIssues(const graph::Graph& graph);

struct CrossCheckFinding {
    bool warning = false;   ///< true: should agree but does not; false: a note
    std::string where;      ///< component, host, or "system"
    std::string metric;     ///< throughput | response_time | utilization
    double des = 0.0;
    double analytic = 0.0;
    double tolerance = 0.0; ///< DES CI half-width + 5% (10% approximated) of the analytic figure
    std::string message;    ///< one line for the user
};

/// Compares the means of a DES result with the analytic result at the same
/// load: system throughput and response time, every host's and component's
/// utilisation. Only differences beyond the tolerance are reported, plus one
/// note listing the product-form issues when there are any. The relative
/// tolerance is 5% on a product-form model, `approximated` otherwise.
[[nodiscard]] std::vector<CrossCheckFinding> crossCheck(const graph::Graph& graph, const stats::Results& des,
                                                        const stats::Results& analytic, double approximated = 0.10);

}  // namespace headroom::analytic
