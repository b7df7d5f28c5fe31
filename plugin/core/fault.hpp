// Crash points for the fault tests: a run calls crash_point at the places a
// real crash would hurt most (writes sent but not committed, a message sent
// but not recorded, ...). When the environment variable `variable` (e.g.
// ARX_CASHAPP_CRASH) names the point as `point[:n]`, the process ends at once,
// without cleanup, with `exit_code`, the n-th time (default the 1st) that
// capability passes any of its points. Without the variable nothing happens.
//
// Crash points exist only in a build configured with -DARX_TEST_HOOKS=ON (the
// sanitizer build the test suite runs them in). In any other build, the one
// that is packaged included, crash_point is an empty inline function: the
// library reads no such variable and holds not even its name.
#pragma once

namespace arx::core {

#if defined(ARX_TEST_HOOKS)
void crash_point(const char *variable, const char *point, int exit_code);
inline constexpr bool test_hooks = true;
#else
inline void crash_point(const char *, const char *, int) {}
inline constexpr bool test_hooks = false;
#endif

}  // namespace arx::core
