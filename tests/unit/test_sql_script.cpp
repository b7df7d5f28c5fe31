#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "core/error.hpp"
#include "db/profile.hpp"
#include "db/sql_script.hpp"

namespace arx::db {

TEST(split_sql, splits_at_top_level_semicolons_only) {
  auto s = split_sql("CREATE TABLE a (x INT);\n"
                     "-- a comment; with a semicolon\n"
                     "INSERT INTO a VALUES (';'), ('it''s; fine');\n"
                     "/* block; comment */ SELECT \"odd;name\" FROM a;\n"
                     "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n"
                     "  \n-- trailing comment only\n",
                     "t.sql");
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].text, "CREATE TABLE a (x INT)");
  EXPECT_EQ(s[0].line, 1);
  EXPECT_EQ(s[1].line, 3) << "a statement's line is its first SQL line, after comments";
  EXPECT_NE(s[1].text.find("'it''s; fine'"), std::string::npos);
  EXPECT_NE(s[3].text.find("SELECT 1; $body$"), std::string::npos);
  EXPECT_EQ(s[3].line, 5);
}

TEST(split_sql, unterminated_quotes_name_file_and_line) {
  try {
    split_sql("SELECT 1;\nSELECT 'open\n;\n", "bad.sql");
    FAIL() << "no error";
  } catch (const error &e) {
    EXPECT_EQ(e.status(), ARX_E_PARSE);
    EXPECT_EQ(std::string(e.what()), "bad.sql:2: unterminated string literal");
  }
  EXPECT_THROW(split_sql("SELECT 1 /* never closed", "c.sql"), error);
  EXPECT_THROW(split_sql("SELECT $x$ never closed", "d.sql"), error);
  EXPECT_EQ(split_sql("SELECT $1, $2", "p.sql").size(), 1u) << "$1 is a parameter, not a dollar quote";
}

TEST(named_statements, parse_names_bodies_and_errors) {
  auto st = parse_named_statements("-- header comment\n\n"
                                   "-- name: a.one\n-- describes one\nSELECT 1\n  FROM x;\n\n"
                                   "-- name: b_two\nSELECT 2\n",
                                   "s.sql");
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].name, "a.one");
  EXPECT_EQ(st[0].text, "SELECT 1\n  FROM x");
  EXPECT_EQ(st[0].line, 3);
  EXPECT_EQ(st[1].text, "SELECT 2");

  auto status = [](const char *text) {
    try {
      parse_named_statements(text, "s.sql");
    } catch (const error &e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(status("SELECT 1\n-- name: a\nSELECT 2"), "s.sql:1: SQL before the first '-- name:' line");
  EXPECT_EQ(status("-- name: a\nSELECT 1\n-- name: a\nSELECT 2"), "s.sql:3: duplicate statement name 'a'");
  EXPECT_EQ(status("-- name: a\n-- only a comment\n-- name: b\nSELECT 1"), "s.sql:1: statement 'a' has no SQL");
  EXPECT_EQ(status("-- name: bad name\nSELECT 1"),
            "s.sql:1: invalid statement name 'bad name' (letters, digits, '_' and '.')");
}

TEST(profile_macros, money_is_exact_text_per_dialect) {
  EXPECT_EQ(expand_macros("SELECT @money(SUM(a.x)) FROM a", dialect::postgresql, "o"), "SELECT (SUM(a.x)) FROM a");
  EXPECT_EQ(expand_macros("SELECT @money(x), @decimal4(q)", dialect::sqlite, "o"),
            "SELECT (CASE WHEN (x) IS NULL THEN NULL ELSE printf('%.2f', x) END), "
            "(CASE WHEN (q) IS NULL THEN NULL ELSE printf('%.4f', q) END)");
  EXPECT_EQ(expand_macros("SELECT 'a@money(b)' || '@x'", dialect::sqlite, "o"), "SELECT 'a@money(b)' || '@x'")
      << "string literals are left alone";
  EXPECT_THROW(expand_macros("SELECT @cash(x)", dialect::sqlite, "o"), error);
  EXPECT_THROW(expand_macros("SELECT @money(x", dialect::sqlite, "o"), error);
  EXPECT_THROW(expand_macros("SELECT @money x", dialect::sqlite, "o"), error);
}

TEST(profile, reference_profile_loads_for_both_dialects) {
  for (auto d : {dialect::sqlite, dialect::postgresql}) {
    auto p = profile::load("reference", d);
    EXPECT_TRUE(p.has("company.by_code"));
    EXPECT_TRUE(p.has_schema());
    EXPECT_NE(p.sql("open_items.totals").find(d == dialect::sqlite ? "printf" : "SUM(open_amount)"), std::string::npos);
  }
  try {
    profile::load("reference", dialect::sqlite).sql("no.such");
    FAIL();
  } catch (const error &e) {
    EXPECT_EQ(e.status(), ARX_E_CONFIG);
    EXPECT_NE(std::string(e.what()).find("no statement 'no.such'"), std::string::npos);
  }
  EXPECT_THROW(profile::load("nonexistent", dialect::sqlite), error);
  EXPECT_THROW(profile::load("../etc", dialect::sqlite), error);
}

TEST(profile, renaming_tables_leaves_literals_comments_and_parameters) {
  const std::map<std::string, std::string, std::less<>> names{{"erp_item", "tr_item"}, {"erp_inv", "tr_inv"}};
  EXPECT_EQ(rename_identifiers("SELECT i.id FROM erp_item i JOIN erp_inv v ON v.id = i.erp_inv_id -- erp_item\n"
                               "WHERE i.k = 'erp_item' AND i.id = :erp_item",
                               names),
            "SELECT i.id FROM tr_item i JOIN tr_inv v ON v.id = i.erp_inv_id -- erp_item\n"
            "WHERE i.k = 'erp_item' AND i.id = :erp_item");
  EXPECT_TRUE(reads_only("-- c\n  with x AS (SELECT 1) SELECT * FROM x"));
  EXPECT_FALSE(reads_only("UPDATE t SET a = 1"));
  EXPECT_EQ(created_by("CREATE OR REPLACE VIEW arx_v AS SELECT 1").value_or(created_object{}).name, "arx_v");
  EXPECT_EQ(created_by("-- x\ncreate view w AS SELECT 1").value_or(created_object{}).kind, "VIEW");
  const auto f = created_by("CREATE FUNCTION f(a INT) RETURNS INT LANGUAGE SQL AS $$ SELECT a $$");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind + " " + f->name, "FUNCTION f");
  EXPECT_FALSE(created_by("CREATE TABLE t (a INT)").has_value());
  const auto index = created_by("CREATE INDEX IF NOT EXISTS t_a ON t (a)");
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(index->kind + " " + index->name, "INDEX t_a");
}

// A profile that builds on the reference profile's reads: they arrive with
// the tables renamed, its own statements replace them, writes stay behind.
TEST(profile, a_profile_builds_on_the_reads_of_another) {
  const auto dir = std::filesystem::temp_directory_path() / ("arx-profile-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "base");
  std::filesystem::create_directories(dir / "erp" / "postgresql");
  const auto write = [](const std::filesystem::path &p, const std::string &text) { std::ofstream(p) << text; };
  write(dir / "base" / "statements.sql",
        "-- name: item.by_id\nSELECT id FROM erp_item WHERE id = :id\n"
        "-- name: item.amount\nSELECT @money(amount) FROM erp_item\n"
        "-- name: item.settle\nUPDATE erp_item SET amount = 0\n");
  write(dir / "erp" / "statements.sql",
        "-- An ERP read through views.\n-- base: base\n-- table: erp_item = erp_view_item\n\n"
        "-- name: item.amount\nSELECT 1\n");
  write(dir / "erp" / "postgresql" / "views.sql", "CREATE OR REPLACE VIEW erp_view_item AS SELECT 1 AS id;\n");
  const auto p = profile::load("erp", dialect::postgresql, dir.string());
  EXPECT_EQ(p.sql("item.by_id"), "SELECT id FROM erp_view_item WHERE id = :id");
  EXPECT_EQ(p.sql("item.amount"), "SELECT 1") << "the profile's own statement wins";
  EXPECT_FALSE(p.has("item.settle")) << "writes are not inherited";
  ASSERT_EQ(p.view_scripts().size(), 1u);
  EXPECT_TRUE(profile::load("erp", dialect::sqlite, dir.string()).view_scripts().empty());

  write(dir / "erp" / "statements.sql", "-- table: erp_item = x\n-- name: a\nSELECT 1\n");
  try {
    profile::load("erp", dialect::postgresql, dir.string());
    FAIL();
  } catch (const error &e) {
    EXPECT_EQ(e.status(), ARX_E_PARSE);
    EXPECT_NE(std::string(e.what()).find("without a '-- base:'"), std::string::npos) << e.what();
  }
  write(dir / "erp" / "statements.sql", "-- base: erp\n-- name: a\nSELECT 1\n");
  EXPECT_THROW(profile::load("erp", dialect::postgresql, dir.string()), error);
  std::filesystem::remove_all(dir);
}

}  // namespace arx::db
