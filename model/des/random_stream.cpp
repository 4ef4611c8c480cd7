#include "des/random_stream.h"

namespace headroom::des {

std::uint64_t splitmix64(std::uint64_t& state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t stream, std::uint64_t replication)
{
    // Chain the three keys through splitmix64 so nearby keys give unrelated
    // states; then fill the xoshiro state from the mixed value.
    std::uint64_t state = seed;
    std::uint64_t mixed = splitmix64(state);
    state = mixed ^ (stream * 0xd1b54a32d192ed03ull);
    mixed = splitmix64(state);
    state = mixed ^ (replication * 0x8cb92ba72f3d8dd7ull);
    mixed = splitmix64(state);
    state = mixed;
    for (auto& word : s_)
        word = splitmix64(state);
    if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0)
        s_[0] = 1;  // the all-zero state is a fixed point
}

}  // namespace headroom::des
