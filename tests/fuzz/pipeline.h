#pragma once
// The whole pipeline on one YAML text, as the fuzzer and its regression test
// run it: load -> build the graph -> the graph's derived views -> analytic
// solve -> a short simulation (bounded events) -> a roadmap study with
// --confirm none and a small budget -> every writer. Bad input may stop any
// stage with spec::InputError (a one-line message); everything else the
// stages return is checked (no NaN, no negative rate or time, utilisation
// and error rate in [0, 1], writers' JSON parses back).
//
// A broken invariant throws PipelineViolation; any other exception escaping
// (std::out_of_range, YAML::Exception, ...) is a finding too. Used by
// fuzz_pipeline.cpp (libFuzzer, clang, ASan+UBSan) and by tst_fuzz_corpus
// (every file of tests/fuzz/corpus/ through the same function, in CTest).

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace headroom::fuzz {

struct PipelineLimits {
    double maxUsers = 100.0;        ///< the simulation's closed population is capped here
    double maxArrivalRate = 200.0;  ///< and an open workload's rate (per second)
    double horizon = 2.0;           ///< simulated seconds, one replication, one thread
    std::uint64_t maxEvents = 200000;  ///< the simulation is cancelled past this many events
    double studyFrom = 100.0;       ///< roadmap range (users) ...
    double studyTarget = 10000.0;   ///< ... to this target
    int maxPhases = 3;
    int chartPoints = 9;
    /// A zero-time loop (the whole event budget spent at simulated time 0) is
    /// a violation; false records it in PipelineOutcome::knownIssues instead,
    /// so a fuzzing run can look past an open finding (docs/fuzzing.md).
    bool zeroTimeLoopIsViolation = true;
};

struct PipelineOutcome {
    bool loaded = false;             ///< the file loaded and built into a graph
    std::vector<std::string> rejected;  ///< one-line InputError messages, by stage ("load: ...")
    std::vector<std::string> stagesRun; ///< stages that completed ("analytic", "simulate", "roadmap")
    std::uint64_t simulatedEvents = 0;
    std::vector<std::string> knownIssues;  ///< tolerated open findings met on this input
};

struct PipelineViolation : std::logic_error {
    using std::logic_error::logic_error;
};

/// Runs `yaml` (named `name` in messages) through every stage. Throws
/// PipelineViolation on a broken invariant; other exceptions propagate.
PipelineOutcome runPipeline(const std::string& yaml, const std::string& name = "fuzz.yaml",
                            const PipelineLimits& limits = {});

}  // namespace headroom::fuzz
