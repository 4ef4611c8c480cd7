#pragma once
// Background work (simulation, sweeps, planning) yields to the UI thread:
// called at the start of each worker task, it lowers the calling thread's
// scheduling priority (Linux: nice +10 for this thread only; the engine's
// own replication threads inherit it). Elsewhere it does nothing.

namespace headroom::ui {

void lowerWorkerPriority();

}  // namespace headroom::ui
