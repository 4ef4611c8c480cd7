#pragma once
// The simulator's shared data (simulation.cpp's modules all read it): the
// frames (a visit of a request to a component instance), the stations
// (servers), the component instances with their pools, the components'
// parameters and live time-weighted figures, the cumulative counters the
// recorder snapshots, and the table of event kinds with the module that
// handles each. Plain structs: the behaviour lives in the modules
// (docs/methods.md, "The simulator's modules").

#include "des/distribution.h"
#include "des/engine.h"
#include "des/ps_job_set.h"
#include "des/random_stream.h"
#include "graph/graph.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace headroom::des::sim {

constexpr std::int32_t kNone = -1;
constexpr int kSnapshotsInFirstHalf = 50;  // warm-up resolution: horizon / 100

// The modules that own events; Simulation dispatches an event to its
// module (one switch over modules), the module to its handler.
enum class Module : std::uint8_t {
    Workload,  // workload_source.h
    Station,   // station.h
    Visit,     // visit.h
    Calls,     // call_program.h
    Pool,      // pool.h
    Recorder,  // recorder.h
    Failure,   // failure.h
    Autoscaler,  // autoscaler.h
    Cache,       // cache_keys.h
};

// Every kind of event, with the module that handles it. The numbers are
// part of the fingerprint (tst_des_fingerprint): a new kind takes the next
// number and one row of kModuleOf.
enum EventKind : std::uint32_t {
    kThinkEnd,        // Workload: the next closed user ends thinking
    kOpenArrival,     // Workload: next open arrival
    kPsCompletion,    // Station: target = server
    kFcfsCompletion,  // Station: target = frame
    kDelayEnd,        // Visit: target = frame
    kTimeout,         // Calls: target = caller frame
    kBackoffEnd,      // Calls: target = caller frame
    kResume,          // Visit: target = frame: zero-work visit continues
    kGrant,           // Pool: target = frame: a pool token was handed over
    kSnapshot,        // Recorder: aux = snapshot index
    kPopulation,      // Workload: aux = index into the population steps
    kFailure,         // Failure: target = server
    kRecovery,        // Failure: target = server
    kWindowEdge,      // Recorder: aux = index into the window edges
    kScaleEvaluate,   // Autoscaler: target = tier: read the load, decide the count
    kScaleReady,      // Autoscaler: target = server, aux = tier: an ordered instance starts serving
    kCacheFlush,      // Cache: every keyed cache emptied (RunConfig::cacheFlushes)
    kCacheExpiry,     // Cache: every keyed cache's entries expire together (RunConfig::cacheExpiries)
    kEventKinds
};

inline constexpr Module kModuleOf[kEventKinds] = {
    Module::Workload,  // kThinkEnd
    Module::Workload,  // kOpenArrival
    Module::Station,   // kPsCompletion
    Module::Station,   // kFcfsCompletion
    Module::Visit,     // kDelayEnd
    Module::Calls,     // kTimeout
    Module::Calls,     // kBackoffEnd
    Module::Visit,     // kResume
    Module::Pool,      // kGrant
    Module::Recorder,  // kSnapshot
    Module::Workload,  // kPopulation
    Module::Failure,   // kFailure
    Module::Failure,   // kRecovery
    Module::Recorder,  // kWindowEdge
    Module::Autoscaler,  // kScaleEvaluate
    Module::Autoscaler,  // kScaleReady
    Module::Cache,       // kCacheFlush
    Module::Cache,       // kCacheExpiry
};

enum class FrameState : std::uint8_t { Free, WaitingToken, InCpu, InDelay, InCalls, Backoff, Resume, Granted, Coalesced };
enum class Outcome : std::uint8_t { Ok, Rejected, TimedOut };

enum FrameFlag : std::uint8_t {
    kHoldsToken = 1,
    kMissed = 2,
    kMessage = 4,  // a queued message being (or waiting to be) consumed
    kRoot = 8,     // the user's side of a request
    kCoalesced = 16,  // a keyed cache's miss whose key is already being fetched: wait for it (cache_keys.h)
};

// A visit of a request to a component instance (or the user's root).
struct Frame {
    double arrival = 0.0;  // visit start (root: issue time)
    double work = 0.0;     // sampled CPU demand, kept while queued FCFS
    EventId event;         // own pending event: FCFS completion, delay, backoff, resume, grant
    EventId childTimeout;
    std::int32_t component = kNone;
    std::int32_t instance = kNone;
    std::int32_t parent = kNone;
    std::int32_t child = kNone;
    std::int32_t next = kNone;  // intrusive FIFO link (pool wait, FCFS queue, free list)
    std::int32_t callIndex = -1;
    std::int32_t visitsLeft = 0;
    std::int32_t target = kNone;  // component being called now
    std::int32_t pendingMiss = kNone;
    std::int32_t user = kNone;
    // Keyed caches (cache_keys.h): the key looked up (a cache visit) or being
    // fetched after a miss (its caller), and that cache's component.
    std::int32_t key = kNone;
    std::int32_t keyCache = kNone;
    std::uint32_t request = 0;
    std::uint16_t cls = 0;
    std::uint8_t attempt = 0;
    FrameState state = FrameState::Free;
    std::uint8_t flags = 0;
};

struct TimeWeighted {
    double value = 0.0;
    double last = 0.0;
    double area = 0.0;
    void set(double now, double newValue)
    {
        area += value * (now - last);
        last = now;
        value = newValue;
    }
    void add(double now, double delta) { set(now, value + delta); }
    void flush(double now) { set(now, value); }
};

// A host instance or a database copy: `cores` servers, PS or FCFS.
struct Server {
    std::int32_t host = 0;
    std::int32_t cores = 1;
    bool ps = true;
    bool up = true;
    // Autoscaling (autoscaler.h): the router sends new visits only to a
    // routable server; a draining one finishes what it holds, then leaves.
    bool routable = true;
    bool draining = false;
    std::int32_t jobs = 0;  // PS: jobs present; FCFS: jobs in service
    // Processor sharing by virtual time: each job progresses at rate
    // min(1, cores/jobs); a job finishes when V reaches its tag.
    double virtualTime = 0.0;
    double lastUpdate = 0.0;
    PsJobSet heap;
    EventId completion;
    // FCFS waiting line.
    std::int32_t head = kNone;
    std::int32_t tail = kNone;
    TimeWeighted busy;  // busy cores
    // issue 19: when a visit last started work here (wakeup_after's quiet spell)
    double lastVisit = -std::numeric_limits<double>::infinity();

    /// Brings the virtual time up to `now` (PS: at the rate of the jobs present).
    void advance(double now)
    {
        if (jobs > 0)
            virtualTime += (now - lastUpdate) * std::min(1.0, static_cast<double>(cores) / jobs);
        lastUpdate = now;
    }
};

// One component on one server: its pool and its counters for routing.
struct Instance {
    std::int32_t server = 0;
    std::int32_t component = 0;
    std::int32_t local = 0;
    std::int32_t tokensFree = 0;
    std::int32_t waitHead = kNone;
    std::int32_t waitTail = kNone;
    std::int32_t waiting = 0;
    std::int32_t inSystem = 0;
    // Work in progress on the CPU, so utilisation counts service as it is
    // given (not only at completion, which under PS overload may be never):
    // work done so far = active x clock - sum of clocks at entry, where the
    // clock is the server's virtual time (PS) or real time (FCFS service).
    std::int32_t active = 0;
    double sumEntryClock = 0.0;
};

struct CallModel {
    std::int32_t to = 0;
    std::int32_t whole = 1;
    double fraction = 0.0;
    std::vector<char> forClass;
};

struct ComponentModel {
    graph::ComponentKind kind = graph::ComponentKind::Service;
    std::int32_t host = 0;
    std::int32_t cores = 1;
    std::vector<std::int32_t> instances;  // global instance ids, by local index
    bool dedicatedCopies = false;         // database with replicas or shards
    std::vector<double> demand;           // mean per class
    bool hasDemand = false;
    Sampler sampler;
    std::int32_t pool = -1;  // tokens per instance; -1 unlimited
    std::int32_t maxQueue = -1;
    std::int32_t maxInFlight = -1;  // admission control: visits present per instance; -1 none
    double timeout = 0.0;
    int retries = 0;
    double backoff = 0.0;
    double latency = 0.0;
    double wakeup = 0.0;  // issue 19: extra demand at an idle host, times (1 - busy share at arrival)
    double wakeupAfter = 0.0;  // issue 19: paid only after a quiet spell this long on the host instance
    bool lookup = false;  // cache or cdn
    double hitRatio = 0.0;
    std::int32_t onMiss = kNone;
    double rateLimit = 0.0;
    double bucket = 0.0;
    double bucketTime = 0.0;
    std::vector<CallModel> calls;
    graph::BalancingPolicy policy = graph::BalancingPolicy::RoundRobin;
    int shards = 1;
    int replicas = 0;
    int hotShards = 0;
    double hotShare = 0.0;
    RandomStream demandRandom;
    RandomStream branchRandom;
    RandomStream routeRandom;
    // Retry protections of calls to this component (retry_guard.h, issue 17).
    bool backoffJitter = false;
    RandomStream retryRandom;
    double retryBudget = -1.0;  ///< share of first attempts; < 0 = unlimited
    double budgetBalance = 0.0;
    double breakerErrorRate = -1.0;  ///< < 0 = no circuit breaker
    double breakerOpenFor = 0.0;
    double breakerOpenUntil = -1.0;
    std::vector<char> breakerWindow;  ///< the last calls' outcomes (1 = failed), a ring
    std::int32_t breakerNext = 0, breakerCount = 0, breakerFailures = 0;
    // Live time-weighted figures, summed over instances.
    TimeWeighted inSystem;
    TimeWeighted poolBusy;
    TimeWeighted waiting;
    double peak = 0.0;  // most visits present (queue: messages waiting) since the last window edge

    /// Visits present now (a queue: messages waiting), what windows report.
    [[nodiscard]] double present() const { return kind == graph::ComponentKind::Queue ? waiting.value : inSystem.value; }
    void notePeak() { peak = std::max(peak, present()); }
};

// Cumulative counters; a snapshot is a copy of this.
struct ComponentCounters {
    double visits = 0, responseSum = 0, rejected = 0, timeouts = 0, retries = 0, work = 0;
    double lookups = 0, misses = 0, poolEntries = 0, poolWaited = 0, messages = 0, lagSum = 0;
    double inSystemArea = 0, poolBusyArea = 0, waitingArea = 0;
    double workInProgress = 0;  // at the snapshot, not cumulative
};
struct Counters {
    double time = 0;
    double issued = 0, completed = 0, rejected = 0, timedOut = 0, responseSum = 0;
    std::uint64_t events = 0;
    std::vector<ComponentCounters> components;
    std::vector<double> serverBusyArea;
    std::vector<double> hostHeldArea;  // by host: instance-seconds held (serving or draining)
};

struct PopulationStep {
    double time;
    double level;
};


}  // namespace headroom::des::sim
