// Connection strings in messages and logs: the password never shows, however
// the ODBC connection string quotes it.
#include <gtest/gtest.h>

#include <string>

#include "db/database.hpp"

namespace {

using arx::db::redact_connection_string;

struct redact_case {
  std::string conn;
  std::string redacted;    // the whole expected text
  std::string password;    // must appear nowhere in it
};

TEST(redact_connection_string, masks_the_password_in_every_form) {
  const redact_case cases[] = {
      {"DRIVER=SQLite3;Database=./arx.db", "DRIVER=SQLite3;Database=./arx.db", ""},
      {"Driver={PostgreSQL Unicode};Server=db;UID=arx;PWD=s3cret;Database=erp",
       "Driver={PostgreSQL Unicode};Server=db;UID=arx;PWD=***;Database=erp", "s3cret"},
      // braces hold ';' and '=' as they are
      {"DRIVER={PostgreSQL Unicode};PWD={a;b};Database=erp", "DRIVER={PostgreSQL Unicode};PWD=***;Database=erp",
       "a;b"},
      {"UID=arx;PWD={x=1;y=2};Port=5432", "UID=arx;PWD=***;Port=5432", "y=2"},
      // "}}" is a '}' inside the braces, not their end
      {"PWD={se}};cr}}et};Database=erp", "PWD=***;Database=erp", "cr}}et"},
      {"PWD={}};DATABASE=hidden}", "PWD=***", "DATABASE=hidden"},
      // Password=, lower case and mixed case keys, blanks around the key and value
      {"Server=db;Password=hunter2;UID=arx", "Server=db;Password=***;UID=arx", "hunter2"},
      {"server=db;password={p;w};uid=arx", "server=db;password=***;uid=arx", "p;w"},
      {"Server=db; pwd = {open;sesame} ;uid=arx", "Server=db; pwd =***;uid=arx", "sesame"},
      {"Server=db;PaSsWoRd=MiXeD", "Server=db;PaSsWoRd=***", "MiXeD"},
      // braces never closed: the rest of the text is the value
      {"UID=arx;PWD={never;closed;Database=erp", "UID=arx;PWD=***", "closed"},
      // braces elsewhere are kept as they are
      {"Driver={SQLite3};Database={/tmp/a;b.db};PWD=x", "Driver={SQLite3};Database={/tmp/a;b.db};PWD=***", ""},
      // parts without a value, empty parts, trailing ';'
      {"DSN=erp;;Trusted;PWD=abc;", "DSN=erp;;Trusted;PWD=***;", "abc"},
      {"PWD=", "PWD=***", ""},
  };
  for (const auto &c : cases) {
    const std::string got = redact_connection_string(c.conn);
    EXPECT_EQ(got, c.redacted) << "for " << c.conn;
    if (!c.password.empty()) {
      EXPECT_EQ(got.find(c.password), std::string::npos) << "for " << c.conn;
    }
  }
}

}  // namespace
