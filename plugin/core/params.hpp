// The JSON parameters of one action of the collections() and analytics()
// functions: typed getters that name the key they refuse, and done(), which
// refuses keys the action does not know.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "core/error.hpp"

namespace arx::core {

using nlohmann::json;

class action_params {
public:
  // `area` names the function in messages ("collections", "analytics").
  action_params(std::string area, std::string action, json j)
      : area_(std::move(area)), action_(std::move(action)), j_(std::move(j)) {}

  std::string text(const char *key, bool required = false) const {
    used_.insert(key);
    if (!j_.contains(key) || j_[key].is_null()) {
      if (required) fail(key, "is required");
      return {};
    }
    if (!j_[key].is_string()) fail(key, "must be text");
    return j_[key].get<std::string>();
  }
  std::optional<std::string> optional_text(const char *key) const {
    if (!j_.contains(key) || j_[key].is_null()) {
      used_.insert(key);
      return std::nullopt;
    }
    return text(key);
  }
  int64_t integer(const char *key, bool required, int64_t fallback = 0) const {
    used_.insert(key);
    if (!j_.contains(key) || j_[key].is_null()) {
      if (required) fail(key, "is required");
      return fallback;
    }
    if (!j_[key].is_number_integer()) fail(key, "must be a whole number");
    return j_[key].get<int64_t>();
  }
  std::optional<bool> boolean(const char *key) const {
    used_.insert(key);
    if (!j_.contains(key) || j_[key].is_null()) return std::nullopt;
    if (!j_[key].is_boolean()) fail(key, "must be true or false");
    return j_[key].get<bool>();
  }
  std::optional<core::date> date(const char *key, bool required = false) const {
    const std::string t = text(key, required);
    if (t.empty()) return std::nullopt;
    try {
      return core::parse_date(t);
    } catch (const error &e) {
      fail(key, std::string("is not a date: ") + e.what());
    }
  }
  const json &object(const char *key) const {
    used_.insert(key);
    if (!j_.contains(key) || !j_[key].is_object()) fail(key, "must be a JSON object");
    return j_[key];
  }
  // Refuses keys the action does not know (a typo must not pass silently).
  void done() const {
    for (auto it = j_.begin(); it != j_.end(); ++it)
      if (!used_.count(it.key())) fail(it.key(), "is not a parameter of this action");
  }

private:
  [[noreturn]] void fail(const std::string &key, const std::string &why) const {
    throw error(ARX_E_INVALID_ARGUMENT, area_ + " action '" + action_ + "': parameter '" + key + "' " + why);
  }
  std::string area_, action_;
  json j_;
  mutable std::set<std::string> used_;
};

}  // namespace arx::core
