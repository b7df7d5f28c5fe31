// arx::error: the one exception type inside the plugin. It carries the ABI
// status it becomes at the edge (plugin/abi), so every failure reaches the host
// with a stable code and a message that names what and where.
#pragma once

#include <stdexcept>
#include <string>

#include "arx.h"

namespace arx {

class error : public std::runtime_error {
public:
  error(arx_status status, std::string message)
      : std::runtime_error(std::move(message)), status_(status) {}
  arx_status status() const noexcept { return status_; }

private:
  arx_status status_;
};

// Short helpers for the common categories.
[[noreturn]] inline void fail(arx_status status, std::string message) {
  throw error(status, std::move(message));
}
[[noreturn]] inline void invalid_argument(std::string message) {
  throw error(ARX_E_INVALID_ARGUMENT, std::move(message));
}

}  // namespace arx
