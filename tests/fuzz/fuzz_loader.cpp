// libFuzzer target: YAML text -> io::loadString -> graph::build -> the graph's
// derived views. Bad input must end in spec::InputError with a one-line
// message; anything else (another exception, a crash, a sanitizer report, a
// non-finite number in the stations) is a bug. Not part of CTest: see
// docs/fuzzing.md for how it is built and run.

#include "graph/graph.h"
#include "io/loader.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

namespace {

void check(bool ok) {
    if (!ok) __builtin_trap();  // a broken invariant is a finding, like a crash
}

void exercise(const headroom::graph::Graph& g) {
    const double users = g.workload().users.value_or(1000.0);
    for (double n : {1.0, users, 100000.0}) {
        for (const auto& station : g.stations(n)) {
            for (double d : station.demand) check(std::isfinite(d) && d >= 0);
            for (double d : station.asyncDemand) check(std::isfinite(d) && d >= 0);
        }
    }
    for (const auto& c : g.components()) {
        check(std::isfinite(c.hitRatio) && c.hitRatio >= 0 && c.hitRatio <= 1);
        for (const auto& cls : g.classes()) {
            check(std::isfinite(g.visits(cls.id, c.id)) && std::isfinite(g.asyncVisits(cls.id, c.id)));
            check(std::isfinite(g.demand(c.id, cls.id, 100000.0)));
        }
    }
    check(std::isfinite(g.costMonth()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto architecture = headroom::io::loadString(text, "fuzz.yaml");
        exercise(headroom::graph::build(architecture));
    } catch (const headroom::spec::InputError& e) {
        // The CLI prints what() as exactly one line on stderr.
        const std::string message = e.what();
        check(!message.empty() && message.find('\n') == std::string::npos && message.find('\r') == std::string::npos);
    }
    return 0;
}
