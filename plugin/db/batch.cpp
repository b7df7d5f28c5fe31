#include "db/batch.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace arx::db {

row_batch::row_batch(std::vector<std::string> columns) {
  for (auto &c : columns) columns_.push_back({std::move(c), {}, {}});
}

size_t row_batch::index(std::string_view column) const {
  for (size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].name == column) return i;
  throw error(ARX_E_INTERNAL, "row batch has no column '" + std::string(column) + "'");
}

void row_batch::add_row() {
  for (auto &c : columns_) {
    c.values.emplace_back();
    c.flags.push_back(soci::i_null);
  }
  ++rows_;
}

void row_batch::set(std::string_view column, std::string value) {
  if (rows_ == 0) throw error(ARX_E_INTERNAL, "row batch: set() before add_row()");
  auto &c = columns_[index(column)];
  c.values.back() = std::move(value);
  c.flags.back() = soci::i_ok;
}

void row_batch::set(std::string_view column, int64_t value) { set(column, std::to_string(value)); }

void row_batch::set_null(std::string_view column) {
  if (rows_ == 0) throw error(ARX_E_INTERNAL, "row batch: set_null() before add_row()");
  auto &c = columns_[index(column)];
  c.values.back().clear();
  c.flags.back() = soci::i_null;
}

void row_batch::execute(soci::session &session, const std::string &sql, size_t chunk,
                        const std::function<void(size_t)> &after_chunk) {
  if (chunk == 0) chunk = 1;
  size_t done = 0;
  while (done < rows_) {
    size_t n = std::min(chunk, rows_ - done);
    // Views of this chunk: SOCI binds whole vectors, so copy the slice.
    std::vector<column> slice;
    slice.reserve(columns_.size());
    for (const auto &c : columns_)
      slice.push_back({c.name, {c.values.begin() + static_cast<ptrdiff_t>(done), c.values.begin() + static_cast<ptrdiff_t>(done + n)},
                       {c.flags.begin() + static_cast<ptrdiff_t>(done), c.flags.begin() + static_cast<ptrdiff_t>(done + n)}});
    soci::statement st(session);
    for (auto &c : slice) st.exchange(soci::use(c.values, c.flags, c.name));
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute(true);
    done += n;
    if (after_chunk) after_chunk(done);
  }
  for (auto &c : columns_) {
    c.values.clear();
    c.flags.clear();
  }
  rows_ = 0;
}

}  // namespace arx::db
