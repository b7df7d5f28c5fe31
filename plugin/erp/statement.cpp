#include "erp/statement.hpp"

#include <cctype>

#include "core/error.hpp"

namespace arx::erp::detail {

std::set<std::string, std::less<>> parameters_of(std::string_view sql) {
  std::set<std::string, std::less<>> out;
  size_t i = 0;
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {  // a quoted literal or name ('' escapes)
      size_t close = sql.find(c, i + 1);
      while (close != std::string_view::npos && close + 1 < sql.size() && sql[close + 1] == c)
        close = sql.find(c, close + 2);
      i = close == std::string_view::npos ? sql.size() : close + 1;
    } else if (sql.substr(i, 2) == "--") {
      const size_t eol = sql.find('\n', i);
      i = eol == std::string_view::npos ? sql.size() : eol;
    } else if (sql.substr(i, 2) == "::") {
      i += 2;
    } else if (c == ':' && i + 1 < sql.size() &&
               (std::isalpha(static_cast<unsigned char>(sql[i + 1])) || sql[i + 1] == '_')) {
      size_t j = i + 1;
      while (j < sql.size() && ident(sql[j])) ++j;
      out.emplace(sql.substr(i + 1, j - i - 1));
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

namespace {

std::vector<std::string> used_columns(const std::set<std::string, std::less<>> &used,
                                      const std::vector<std::string> &offered, std::string_view statement,
                                      const std::string &profile) {
  std::vector<std::string> out;
  for (const auto &name : used) {
    bool known = false;
    for (const auto &o : offered) known = known || o == name;
    if (!known) {
      std::string list;
      for (const auto &o : offered) list += (list.empty() ? ":" : ", :") + o;
      throw error(ARX_E_CONFIG, "ERP profile '" + profile + "', statement '" + std::string(statement) +
                                    "': unknown parameter :" + name + " (it may use " + list + ")");
    }
    out.push_back(name);
  }
  return out;
}

[[noreturn]] void rethrow(const soci::soci_error &e, std::string_view statement, const std::string &profile) {
  throw error(ARX_E_DATABASE, "ERP profile '" + profile + "', statement '" + std::string(statement) +
                                  "': " + e.get_error_message());
}

// A profile statement's SQL with the parameters it is run with: every
// parameter the SQL names must be offered (else ARX_E_CONFIG); those offered
// and not named are not bound.
struct bound_sql {
  bound_sql(db::context &ctx, std::string_view statement, const std::vector<param> &given)
      : sql(ctx.profile().sql(statement)), used(parameters_of(sql)), params(given) {
    params.emplace_back(std::string(user_parameter), ctx.user());
    std::vector<std::string> offered;
    for (const auto &x : params) offered.push_back(x.name());
    used_columns(used, offered, statement, ctx.profile().name());
  }
  void bind(soci::statement &st) {
    for (auto &x : params)
      if (used.count(x.name())) x.bind(st);
  }
  const std::string &sql;
  const std::set<std::string, std::less<>> used;
  std::vector<param> params;
};

std::vector<std::string> with_user(std::vector<std::string> offered) {
  offered.emplace_back(user_parameter);
  return offered;
}

}  // namespace

statement_batch::statement_batch(db::context &ctx, std::string_view statement,
                                 const std::vector<std::string> &offered)
    : ctx_(ctx), name_(statement), sql_(ctx.profile().sql(statement)), used_(parameters_of(sql_)),
      rows_(used_columns(used_, with_user(offered), statement, ctx.profile().name())) {}

void statement_batch::add_row() {
  rows_.add_row();
  if (used_.count(user_parameter)) rows_.set(user_parameter, ctx_.user());
}

void statement_batch::execute() {
  if (!rows_.rows()) return;
  try {
    rows_.execute(ctx_.sql(), sql_);
  } catch (const soci::soci_error &e) {
    rethrow(e, name_, ctx_.profile().name());
  }
}

param p(std::string name, int64_t value) { return {std::move(name), value}; }
param p(std::string name, std::string value) { return {std::move(name), std::move(value)}; }

void query(db::context &ctx, std::string_view statement, const std::vector<param> &params, size_t columns,
           const std::function<void(const db::text_rows &)> &row, size_t chunk) {
  bound_sql b(ctx, statement, params);
  try {
    db::text_rows(columns, chunk).run(ctx.sql(), b.sql, [&](soci::statement &st) { b.bind(st); }, row);
  } catch (const soci::soci_error &e) {
    rethrow(e, statement, ctx.profile().name());
  }
}

long long execute(db::context &ctx, std::string_view statement, const std::vector<param> &params) {
  bound_sql b(ctx, statement, params);
  try {
    soci::statement st(ctx.sql());
    b.bind(st);
    st.alloc();
    st.prepare(b.sql);
    st.define_and_bind();
    st.execute(true);
    return st.get_affected_rows();
  } catch (const soci::soci_error &e) {
    rethrow(e, statement, ctx.profile().name());
  }
}

std::vector<int64_t> allocate_ids(db::context &ctx, int64_t company_id, std::string_view kind, size_t count,
                                  std::vector<std::string> *numbers) {
  std::vector<int64_t> ids;
  if (count == 0) return ids;
  const std::string name = "ids." + std::string(kind);
  const std::vector<param> params{p("count", static_cast<int64_t>(count)), p("company_id", company_id)};
  if (ctx.profile().has(name + ".reserve")) execute(ctx, name + ".reserve", params);
  ids.reserve(count);
  bool unnumbered = false;
  query(ctx, name, params, numbers ? 2 : 1, [&](const db::text_rows &r) {
    ids.push_back(r.integer(0));
    if (!numbers) return;
    numbers->push_back(r.text(1));
    unnumbered = unnumbered || numbers->back().empty();
  }, std::min<size_t>(count, 5000));
  std::set<int64_t> distinct(ids.begin(), ids.end());
  if (ids.size() != count || distinct.size() != count || distinct.count(0))
    throw error(ARX_E_CONFIG, "ERP profile '" + ctx.profile().name() + "', statement '" + name + "' gave " +
                                  std::to_string(distinct.size()) + " distinct ids for " + std::to_string(count) +
                                  " records; it must return :count new ids, one per row");
  if (unnumbered)
    throw error(ARX_E_CONFIG, "ERP profile '" + ctx.profile().name() + "', statement '" + name +
                                  "' gave a record no document number");
  return ids;
}

}  // namespace arx::erp::detail
