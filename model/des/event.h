#pragma once
// What a scheduled event does: `kind` selects the model's action,
// `target`/`aux` name the objects it concerns (a frame, a server, a user ...).
// A small value, copied into the event lists (never allocated per event).

#include <cstdint>

namespace headroom::des {

struct Event {
    std::uint32_t kind = 0;
    std::uint32_t target = 0;
    std::uint32_t aux = 0;
};

}  // namespace headroom::des
