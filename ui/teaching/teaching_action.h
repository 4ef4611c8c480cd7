#pragma once
// View -> Teaching Mode in the desktop app: opens the stages walkthrough.

namespace headroom::ui {
class MainWindow;
}

namespace headroom::teaching {

class TeachingWindow;

/// Adds the Teaching Mode action to `window`'s View menu.
void installTeachingAction(ui::MainWindow& window);

/// Opens a teaching window over `window` (deleted when closed).
TeachingWindow* openTeachingWindow(ui::MainWindow& window);

}  // namespace headroom::teaching
