#pragma once
// A cache played key by key (issue 17: cache miss storms): the key
// population of a derived hit ratio (`hit_ratio: {keys, capacity, zipf, ttl,
// ttl_jitter, coalesce, serve_stale}`) with its entries, so that a flush
// empties them, entries expire and refill, and the hit ratio over time
// follows (the steady `hitRatio` of Che's approximation cannot say what a
// restart does).
//
// Method (docs/methods.md, "Cache dynamics"):
// - Keys are drawn independently by popularity (the independent reference
//   model), Zipf(s) over ranks 1..keys, by inverse CDF: a table of the
//   cumulative probabilities and a binary search, exact for every key
//   (keys up to kMaxKeys; a larger population keeps the steady hit ratio).
// - The entries are an LRU of `capacity` items (hash map key -> slot, an
//   intrusive recency list over a slab): a hit moves the entry to the front,
//   a fill past the capacity evicts the least recently used one.
// - TTL from the fill (as Redis SET EX): an entry fetched at t expires at
//   t + ttl x (1 + ttl_jitter x U(-1, 1)); an expired entry is a miss (or,
//   with serve_stale, a hit while one caller refreshes it).
// - A miss fills the entry when the caller's on_miss call succeeds (cache-
//   aside: a caller that gave up fills nothing). With `coalesce` the first
//   miss of a key is the one fetch in flight; later lookups of that key wait
//   for it (Coalesced) and go on as hits when it lands.
// - `warm` starts the cache in its stationary state, not empty: under the
//   independent reference model an LRU holds the `capacity` keys requested
//   most recently, and the time since key i was last requested is
//   exponential with rate proportional to p_i, independently of the others;
//   drawing those ages and keeping the smallest `capacity` is an exact draw
//   of the stationary LRU state (with a TTL, each kept entry gets a
//   remaining life uniform over its TTL: approximate when the TTL binds).
//
// No Qt, no engine: the DES module cache_keys.h drives it.

#include "des/random_stream.h"

#include <cstdint>
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace headroom::des {

struct KeyedCacheParameters {
    double keys = 1.0;
    double capacity = 0.0;
    double zipf = 0.9;
    double ttl = 0.0;        ///< seconds; 0 = none
    double ttlJitter = 0.0;  ///< in [0, 1]
    bool coalesce = false;
    bool serveStale = false;
};

class KeyedCache {
public:
    /// Largest population played key by key (the CDF table is 8 bytes a key).
    static constexpr double kMaxKeys = 4194304.0;  // 2^22

    enum class Lookup : std::uint8_t {
        Hit,        ///< served from the cache (or stale, with serve_stale)
        Miss,       ///< the caller fetches the key (and fills it if that succeeds)
        Coalesced,  ///< a fetch of the key is in flight: wait for it
    };

    explicit KeyedCache(const KeyedCacheParameters& parameters);

    /// The key (0-based rank) of a lookup, from a uniform u in [0, 1).
    [[nodiscard]] std::int64_t sampleKey(double u) const;
    /// Popularity of rank `key` (0-based).
    [[nodiscard]] double probability(std::int64_t key) const;

    /// A lookup of `key` at `now`.
    Lookup lookup(std::int64_t key, double now);
    /// A waiter for the fetch of `key` in flight (after lookup returned Coalesced).
    void wait(std::int64_t key, std::int32_t frame, std::uint32_t request);
    /// The fetch of `key` succeeded at `now`: the entry is filled (its TTL
    /// drawn from `u`); returns the lookups that waited for it.
    std::vector<std::pair<std::int32_t, std::uint32_t>> filled(std::int64_t key, double now, double u);
    /// The fetch of `key` failed: nothing is filled; returns the waiters
    /// (they fetch for themselves).
    std::vector<std::pair<std::int32_t, std::uint32_t>> fetchFailed(std::int64_t key);

    /// Every entry goes (a restart, a deploy, a flush); fetches in flight still land.
    void flush();
    /// Every entry present was written at once with one TTL and now expires
    /// together: each expires within ttl x 2 x ttl_jitter from `now`
    /// (at once without jitter), the synchronised expiry of a hot set.
    void expireTogether(double now, RandomStream& random);
    /// The stationary LRU state (see the header comment).
    void warm(RandomStream& random, double now);

    [[nodiscard]] std::size_t size() const { return slotOf_.size(); }
    [[nodiscard]] std::size_t inFlight() const { return inFlight_.size(); }
    /// Whether a fetch of `key` is in flight (tracked with coalesce or serve_stale).
    [[nodiscard]] bool fetching(std::int64_t key) const { return inFlight_.count(key) > 0; }
    [[nodiscard]] const KeyedCacheParameters& parameters() const { return parameters_; }

private:
    struct Entry {
        std::int64_t key = 0;
        double expiry = std::numeric_limits<double>::infinity();
        std::int32_t previous = -1;
        std::int32_t next = -1;
    };
    void unlink(std::int32_t slot);
    void pushFront(std::int32_t slot);
    void erase(std::int32_t slot);
    std::int32_t insert(std::int64_t key, double expiry);
    [[nodiscard]] double lifetime(double u) const;

    KeyedCacheParameters parameters_;
    std::int64_t keys_ = 1;
    std::size_t capacity_ = 0;
    std::vector<double> cdf_;  // cdf_[i] = P(rank <= i)
    std::vector<Entry> slab_;
    std::vector<std::int32_t> free_;
    std::unordered_map<std::int64_t, std::int32_t> slotOf_;
    std::int32_t head_ = -1;  // most recently used
    std::int32_t tail_ = -1;
    // Fetches in flight (coalesce or serve_stale), with their waiters.
    std::unordered_map<std::int64_t, std::vector<std::pair<std::int32_t, std::uint32_t>>> inFlight_;
};

}  // namespace headroom::des
