// Binding the named parameters of the analytics statements. Their SQL uses
// one date in many places, and a SOCI statement may not repeat a name, so
// each place has its own name (:d1, :d2, ...) and a resolver maps every name
// found in the text to its value.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include <soci/soci.h>

namespace arx::analytics {

using param_value = std::variant<long long, std::string>;

// The :names of a statement in order of first appearance (not inside '...'
// literals, not PostgreSQL's ::casts).
std::vector<std::string> parameter_names(const std::string &sql);

// Holds the bound values for as long as the statement runs.
class param_binder {
public:
  param_binder(const std::string &sql, std::function<param_value(const std::string &)> resolve);
  void operator()(soci::statement &st);

private:
  std::vector<std::string> names_;
  std::function<param_value(const std::string &)> resolve_;
  std::deque<long long> ints_;
  std::deque<std::string> texts_;
};

}  // namespace arx::analytics
