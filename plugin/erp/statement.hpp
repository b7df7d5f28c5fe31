// How the ERP port runs a profile's named statements. A profile statement may
// use any of the parameters an operation offers, each at most once; arx binds
// only those the statement names, so a profile is free to ignore the rest
// (docs/PROFILES.md). Every statement may also name :user, the login of the
// user arx works for (the host passes it), so that an ERP records who booked.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "db/batch.hpp"
#include "db/text_rows.hpp"
#include "db/context.hpp"
#include "db/uses.hpp"

namespace arx::erp::detail {

// The parameter every statement may name: the calling user's login.
inline constexpr std::string_view user_parameter = "user";

// The parameter names (without ':') of `sql`, outside quotes and comments;
// PostgreSQL's '::' casts are not parameters.
std::set<std::string, std::less<>> parameters_of(std::string_view sql);

// A row batch for one named statement: values of parameters the statement
// does not name are dropped.
class statement_batch {
public:
  statement_batch(db::context &ctx, std::string_view statement, const std::vector<std::string> &offered);
  void add_row();
  void set(std::string_view column, std::string value) {
    if (used_.count(column)) rows_.set(column, std::move(value));
  }
  void set(std::string_view column, int64_t value) {
    if (used_.count(column)) rows_.set(column, value);
  }
  void set_null(std::string_view column) {
    if (used_.count(column)) rows_.set_null(column);
  }
  template <class T> void set(std::string_view column, const std::optional<T> &value) {
    if (value) set(column, *value);
    else set_null(column);
  }
  size_t rows() const noexcept { return rows_.rows(); }
  // Sends the rows, one round trip per chunk; errors name the statement.
  void execute();

private:
  db::context &ctx_;
  std::string name_;
  const std::string &sql_;
  std::set<std::string, std::less<>> used_;
  db::row_batch rows_;
};

// Named single values for a query (db::param); only those the statement names
// are bound.
using param = db::param;
param p(std::string name, int64_t value);
param p(std::string name, std::string value);

// Runs query `statement` with `params` and calls `row` for every row, read as
// text `columns` wide. Errors name the statement.
void query(db::context &ctx, std::string_view statement, const std::vector<param> &params, size_t columns,
           const std::function<void(const db::text_rows &)> &row, size_t chunk = 5000);

// Executes statement `statement` (no result rows) with `params`; returns the
// rows it affected.
long long execute(db::context &ctx, std::string_view statement, const std::vector<param> &params);

// `count` new ids of one kind of ERP record of a company (`ids.<kind>`,
// after `ids.<kind>.reserve` when the profile has it; both may name :count
// and :company_id), inside the caller's transaction. Throws ARX_E_CONFIG when the profile returns a different
// number of ids, or a repeated one. With `numbers`, the statement returns a
// second column, the record's document number, which must not be empty.
std::vector<int64_t> allocate_ids(db::context &ctx, int64_t company_id, std::string_view kind, size_t count,
                                  std::vector<std::string> *numbers = nullptr);

}  // namespace arx::erp::detail
