#include "worker_priority.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace headroom::ui {

void lowerWorkerPriority() {
#ifdef __linux__
    // On Linux nice is per thread (and inherited by threads it creates).
    const auto tid = static_cast<id_t>(syscall(SYS_gettid));
    if (getpriority(PRIO_PROCESS, tid) < 10) (void)setpriority(PRIO_PROCESS, tid, 10);
#endif
}

}  // namespace headroom::ui
