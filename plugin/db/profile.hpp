// ERP profiles: the named SQL statements through which arx reads and writes one
// ERP's database. A new ERP is a new folder of SQL, not C++:
//
//   sql/profiles/<erp>/statements.sql            portable statements
//   sql/profiles/<erp>/<dialect>/statements.sql  per-dialect overrides (by name)
//   sql/profiles/<erp>/schema.sql                the ERP's tables, where arx ships
//   sql/profiles/<erp>/<dialect>/schema.sql      them (the reference ERP only);
//                                                the dialect's script runs after
//                                                the portable one
//   sql/profiles/<erp>/[<dialect>/]views.sql     arx's views over the ERP's
//                                                tables, made by every install
//
// A profile may build on another's reads: "-- base: <profile>" and
// "-- table: <its table> = <this ERP's table or view>" lines before the first
// statement take every SELECT/WITH statement of the base with its tables
// renamed; the profile's own statements replace them by name (docs/PROFILES.md).
//
// Statements may use the dialect macros of expand_macros (db/sql_script.hpp),
// expanded per dialect when loading, so that amounts travel as exact decimal
// text on every database (@money, @money_sum, @decimal4).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "db/sql_script.hpp"

namespace arx::db {

class profile {
public:
  // Loads profile `name` for dialect `d`: from `dir`/<name>/ when `dir` is not
  // empty, else from the profiles compiled into the plugin. Throws
  // arx::error(ARX_E_CONFIG) when the profile does not exist, ARX_E_PARSE when a
  // file is malformed.
  static profile load(const std::string &name, dialect d, const std::string &dir = {});

  const std::string &name() const noexcept { return name_; }

  // The SQL of a named statement. Throws arx::error(ARX_E_CONFIG) naming the
  // profile and the statement when the profile lacks it.
  const std::string &sql(std::string_view statement) const;
  bool has(std::string_view statement) const;

  // The ERP schema, when the profile ships one: the portable script, then the
  // dialect's additions (sequences and the like), each with its origin.
  struct script {
    std::string origin;
    std::string text;
  };
  const std::vector<script> &schema_scripts() const noexcept { return schema_; }
  bool has_schema() const noexcept { return !schema_.empty(); }

  // arx's views over the ERP's tables (views.sql, portable then the
  // dialect's): every `install` creates or replaces them, `uninstall` drops
  // them. They let a profile read an ERP in the shape of another's tables.
  const std::vector<script> &view_scripts() const noexcept { return views_; }

private:
  static profile load_layer(const std::string &name, dialect d, const std::string &dir, int depth);

  std::string name_;
  std::map<std::string, std::string, std::less<>> statements_;
  std::vector<script> schema_;
  std::vector<script> views_;
};

}  // namespace arx::db
