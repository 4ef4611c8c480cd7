#pragma once
// Random number streams: xoshiro256** (Blackman & Vigna 2018) seeded through
// splitmix64 from (seed, stream, replication), so every random element of a
// model has its own stream and the numbers depend only on those three keys,
// never on thread scheduling or the compiler's <random>.

#include <cstdint>

namespace headroom::des {

/// splitmix64 step: advances `state` and returns a well-mixed 64-bit value.
[[nodiscard]] std::uint64_t splitmix64(std::uint64_t& state);

/// The stream table: every random stream a replication draws from, by id.
/// A stream is keyed by (seed, id, replication); the ids below are fixed for
/// good (changing one changes every result), a new random element takes a
/// new id (a free per-model id below kComponentBase, or a free slot of the
/// per-component block).
///
///   id                         stream            draws
///   1                          Model::Arrivals   open inter-arrival gaps (with thinning under a
///                                                profile); closed think-time ends
///   2                          Model::Classes    the class of each user request
///   1000 + 16 c + 0            Component::Demand CPU demand and latency samples of component c
///   1000 + 16 c + 1            Component::Branch fractional visits, cache hit or miss
///   1000 + 16 c + 2            Component::Route  instance choice: shards, replicas, random and
///                                                power-of-two balancing by c (or of c, for users)
///   1000 + 16 c + 3            Component::Retry  jittered backoff of calls to c (retries.jitter)
///   1000 + 16 c + 4            Component::Keys   keyed cache c: its warm state, TTLs, synchronised expiry
///   1000 + 16 c + 5 ... 15     (free)
namespace streams {

enum class Model : std::uint64_t { Arrivals = 1, Classes = 2 };
enum class Component : std::uint64_t { Demand = 0, Branch = 1, Route = 2, Retry = 3, Keys = 4 };

inline constexpr std::uint64_t kComponentBase = 1000;
inline constexpr std::uint64_t kComponentStride = 16;

[[nodiscard]] constexpr std::uint64_t id(Model stream) { return static_cast<std::uint64_t>(stream); }
[[nodiscard]] constexpr std::uint64_t id(Component stream, int component)
{
    return kComponentBase + kComponentStride * static_cast<std::uint64_t>(component) + static_cast<std::uint64_t>(stream);
}

static_assert(id(Component::Route, 0) == 1002 && id(Component::Demand, 3) == 1048, "stream ids are fixed");

}  // namespace streams

class RandomStream {
public:
    RandomStream() : RandomStream(1, 0, 0) {}
    RandomStream(std::uint64_t seed, std::uint64_t stream, std::uint64_t replication);

    /// Next 64 random bits.
    std::uint64_t next()
    {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    /// Uniform in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Uniform in (0, 1]: safe under log().
    double uniformPositive() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
    /// Uniform integer in [0, n) (Lemire's multiply-shift on 32 bits; bias < n / 2^32).
    std::uint32_t below(std::uint32_t n)
    {
        return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32);
    }
    bool bernoulli(double p) { return uniform() < p; }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4];
};

}  // namespace headroom::des
