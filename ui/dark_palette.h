#pragma once
// The app's dark colour scheme (`headroom --dark`), tuned with the canvas's
// load colours so green, amber and red stay legible on it.

#include <QPalette>

namespace headroom::ui {

[[nodiscard]] QPalette darkPalette();

}  // namespace headroom::ui
