// Calling one action of a function that takes an action name and JSON
// parameters (collections(), analytics()): the handler of the name is found
// in the area's table and called with its parameters parsed, and an unknown
// name or parameters that are not a JSON object are refused with a message
// naming the area, the action and the known actions.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "core/params.hpp"

namespace arx::core {

// Calls `handlers[action](args..., params)`; empty `text` means no parameters.
template <class Handler, class... Args>
auto call_action(const std::map<std::string, Handler> &handlers, const std::string &area, const std::string &action,
                 const std::string &text, Args &&...args) {
  const auto it = handlers.find(action);
  if (it == handlers.end()) {
    std::string known;
    for (const auto &[name, h] : handlers) known += (known.empty() ? "" : ", ") + name;
    throw error(ARX_E_INVALID_ARGUMENT, "unknown " + area + " action '" + action + "'; known: " + known);
  }
  json j = json::parse(text.empty() ? "{}" : text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw error(ARX_E_INVALID_ARGUMENT, area + " action '" + action + "': the parameters must be a JSON object");
  return it->second(std::forward<Args>(args)..., action_params(area, action, std::move(j)));
}

}  // namespace arx::core
