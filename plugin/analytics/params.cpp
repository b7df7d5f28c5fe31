#include "analytics/params.hpp"

#include <algorithm>
#include <cctype>

namespace arx::analytics {

std::vector<std::string> parameter_names(const std::string &sql) {
  std::vector<std::string> names;
  bool quoted = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char ch = sql[i];
    if (ch == '\'') {
      quoted = !quoted;
      continue;
    }
    if (quoted || ch != ':') continue;
    if (i + 1 < sql.size() && sql[i + 1] == ':') {
      ++i;  // a ::cast
      continue;
    }
    size_t j = i + 1;
    if (j >= sql.size() || !(std::isalpha(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) continue;
    while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) ++j;
    std::string name = sql.substr(i + 1, j - i - 1);
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
    i = j - 1;
  }
  return names;
}

param_binder::param_binder(const std::string &sql, std::function<param_value(const std::string &)> resolve)
    : names_(parameter_names(sql)), resolve_(std::move(resolve)) {}

void param_binder::operator()(soci::statement &st) {
  for (const auto &name : names_) {
    param_value v = resolve_(name);
    if (const auto *i = std::get_if<long long>(&v)) {
      ints_.push_back(*i);
      st.exchange(soci::use(ints_.back(), name));
    } else {
      texts_.push_back(std::get<std::string>(v));
      st.exchange(soci::use(texts_.back(), name));
    }
  }
}

}  // namespace arx::analytics
