// A statement's named parameters given as values, ({{"c", company_id},
// {"d", as_of}}), instead of a function that exchanges each one: the result
// is the `bind` that db::text_rows::run and other readers take. The values
// are kept inside the binder, so they live as long as the statement that
// reads them through it.
#pragma once

#include <functional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <soci/soci.h>

#include "core/date.hpp"

namespace arx::db {

class param {
public:
  // Integers keep their width (an int binds as an int, a 64-bit one as long
  // long); a date binds as its ISO text, as arx stores dates.
  template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  param(std::string name, T value) : name_(std::move(name)) {
    if constexpr (sizeof(T) <= sizeof(int)) value_ = static_cast<int>(value);
    else value_ = static_cast<long long>(value);
  }
  param(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
  param(std::string name, const char *value) : name_(std::move(name)), value_(std::string(value)) {}
  param(std::string name, const core::date &value) : name_(std::move(name)), value_(core::format_date(value)) {}

  const std::string &name() const noexcept { return name_; }

  void bind(soci::statement &st) {
    std::visit([&](auto &v) { st.exchange(soci::use(v, name_)); }, value_);
  }

private:
  std::string name_;
  std::variant<int, long long, std::string> value_;
};

using binder = std::function<void(soci::statement &)>;

// Binds every one of `params` by name, each time the binder is called.
inline binder uses(std::vector<param> params) {
  return [ps = std::move(params)](soci::statement &st) mutable {
    for (auto &p : ps) p.bind(st);
  };
}

// A WHERE condition assembled from parts joined by AND, each part with the
// parameters it names, so a filter that only sometimes applies adds its text
// and its value in one place.
class where {
public:
  where &add(std::string condition, std::vector<param> params = {}) {
    text_ += (text_.empty() ? "" : " AND ") + std::move(condition);
    for (auto &p : params) params_.push_back(std::move(p));
    return *this;
  }
  where &add_if(bool applies, std::string condition, std::vector<param> params = {}) {
    return applies ? add(std::move(condition), std::move(params)) : *this;
  }
  const std::string &text() const noexcept { return text_; }
  binder bind() const { return uses(params_); }

private:
  std::string text_;
  std::vector<param> params_;
};

}  // namespace arx::db
