// The wall clock, in one place: instants are whole seconds since the Unix
// epoch (UTC), as arx stores them. Business dates come from the host
// (db::context::today), never from here.
#pragma once

#include <cstdint>
#include <string>

namespace arx::core {

// Seconds since the Unix epoch, from the system clock.
int64_t now_unix();

// `at` when it is set (non-zero: an instant the caller or a test fixed),
// else now_unix().
int64_t now_or(int64_t at);

// An instant as ISO 8601 UTC text: "2026-12-01T19:05:00Z".
std::string instant_text(int64_t at);

}  // namespace arx::core
