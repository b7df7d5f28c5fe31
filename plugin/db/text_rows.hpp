// Reading a query's result as text columns, `chunk` rows per fetch: one round
// trip per chunk, whatever the number of rows. Every value arrives as text
// (amounts as exact decimals, dates as ISO dates); NULL is reported apart.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/date.hpp"

namespace arx::db {

class text_rows {
public:
  explicit text_rows(size_t columns, size_t chunk = 5000)
      : cols_(columns, std::vector<std::string>(chunk)), inds_(columns, std::vector<soci::indicator>(chunk)) {}
  bool null(size_t c) const { return inds_[c][r_] == soci::i_null; }
  const std::string *get(size_t c) const { return inds_[c][r_] == soci::i_null ? nullptr : &cols_[c][r_]; }
  std::string text(size_t c) const { return inds_[c][r_] == soci::i_null ? std::string{} : cols_[c][r_]; }
  std::optional<std::string> optional(size_t c) const {
    const std::string *v = get(c);
    if (!v || v->empty()) return std::nullopt;
    return *v;
  }
  int64_t integer(size_t c) const {
    const std::string *v = get(c);
    if (!v || v->empty()) return 0;
    return std::strtoll(v->c_str(), nullptr, 10);
  }
  std::optional<core::date> date(size_t c) const {
    const std::string *v = get(c);
    if (!v || v->empty()) return std::nullopt;
    return core::parse_date(*v);
  }

  // `bind(statement&)` adds the statement's use() parameters (may be empty).
  void run(soci::session &sql, const std::string &query, const std::function<void(soci::statement &)> &bind,
           const std::function<void(const text_rows &)> &row) {
    soci::statement st(sql);
    if (bind) bind(st);
    for (size_t c = 0; c < cols_.size(); ++c) st.exchange(soci::into(cols_[c], inds_[c]));
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) {
      for (r_ = 0; r_ < cols_[0].size(); ++r_) row(*this);
    }
    r_ = 0;
  }

private:
  std::vector<std::vector<std::string>> cols_;
  std::vector<std::vector<soci::indicator>> inds_;
  size_t r_ = 0;
};

}  // namespace arx::db
