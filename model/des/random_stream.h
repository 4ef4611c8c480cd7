#pragma once
// Random number streams: xoshiro256** (Blackman & Vigna 2018) seeded through
// splitmix64 from (seed, stream, replication), so every random element of a
// model has its own stream and the numbers depend only on those three keys,
// never on thread scheduling or the compiler's <random>.

#include <cstdint>

namespace headroom::des {

/// splitmix64 step: advances `state` and returns a well-mixed 64-bit value.
[[nodiscard]] std::uint64_t splitmix64(std::uint64_t& state);

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
