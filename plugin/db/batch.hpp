// Set-based writes: rows collected column by column as text and sent to the
// database with SOCI's vector binding (ODBC parameter arrays), one round trip
// per chunk instead of one per row. Values are text because arx hands every
// value to the database as text (amounts as exact decimals, dates as ISO
// dates); NULL is a separate flag, never an empty string.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <soci/soci.h>

namespace arx::db {

class row_batch {
public:
  // `columns` are the statement's parameter names, without the ':'.
  explicit row_batch(std::vector<std::string> columns);

  // Starts a new row; then call set() once per column, in any order.
  void add_row();
  void set(std::string_view column, std::string value);
  void set(std::string_view column, int64_t value);
  void set_null(std::string_view column);
  template <class T> void set(std::string_view column, const std::optional<T> &value) {
    if (value) set(column, *value);
    else set_null(column);
  }

  size_t rows() const noexcept { return rows_; }

  // Executes `sql` for every collected row, `chunk` rows per round trip, and
  // calls `after_chunk(rows_done)` after each. Clears the batch.
  void execute(soci::session &session, const std::string &sql, size_t chunk = 1000,
               const std::function<void(size_t)> &after_chunk = {});

private:
  size_t index(std::string_view column) const;
  struct column {
    std::string name;
    std::vector<std::string> values;
    std::vector<soci::indicator> flags;
  };
  std::vector<column> columns_;
  size_t rows_ = 0;
};

}  // namespace arx::db
