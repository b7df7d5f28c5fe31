// Crash points for the fault tests: a run calls crash_point at the places a
// real crash would hurt most (writes sent but not committed, a message sent
// but not recorded, ...). When the environment variable `variable` (e.g.
// ARX_CASHAPP_CRASH) names the point as `point[:n]`, the process ends at once,
// without cleanup, with `exit_code`, the n-th time (default the 1st) that
// capability passes any of its points. Without the variable nothing happens.
#pragma once

namespace arx::core {

void crash_point(const char *variable, const char *point, int exit_code);

}  // namespace arx::core
