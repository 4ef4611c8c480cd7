#pragma once
// Uniform random sampling of user requests for the animation: a request is
// kept with probability 1/every, decided by a hash of (seed, request number)
// so every event of a kept request is kept (its token can travel the whole
// path) and the choice is independent of the request's class, path or
// outcome. The kept requests are therefore a uniform random sample: class
// mix, rejections and timeouts keep their proportions on screen.

#include <cstdint>

namespace headroom::teaching {

class RequestSampler {
public:
    explicit RequestSampler(std::uint32_t every = 1, std::uint64_t seed = 1) : every_(every < 1 ? 1 : every), seed_(seed) {}

    [[nodiscard]] std::uint32_t every() const { return every_; }
    [[nodiscard]] bool keeps(std::uint32_t request) const {
        if (every_ <= 1) return true;
        // SplitMix64's finaliser: consecutive request numbers map to
        // independent-looking 64-bit values; the modulo bias is < 2^-32.
        std::uint64_t z = (seed_ * 0x9e3779b97f4a7c15ULL) ^ (static_cast<std::uint64_t>(request) + 0x632be59bd9b4e019ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        return z % every_ == 0;
    }

private:
    std::uint32_t every_;
    std::uint64_t seed_;
};

/// The smallest of 1, 2, 5, 10, 20, 50, ... that brings `requestsPerSecond`
/// down to at most `shownPerSecond` (a ratio a class can read at a glance).
[[nodiscard]] inline std::uint32_t niceSampleEvery(double requestsPerSecond, double shownPerSecond) {
    if (!(requestsPerSecond > shownPerSecond) || !(shownPerSecond > 0)) return 1;
    static constexpr std::uint32_t steps[] = {1, 2, 5};
    for (std::uint32_t scale = 1; scale < 100000000u; scale *= 10) {
        for (std::uint32_t s : steps) {
            if (requestsPerSecond / (s * scale) <= shownPerSecond) return s * scale;
        }
    }
    return 100000000u;
}

}  // namespace headroom::teaching
