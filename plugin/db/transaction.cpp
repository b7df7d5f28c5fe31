#include "db/transaction.hpp"

namespace arx::db {

write_transaction::write_transaction(db::context &ctx) : tx_(ctx.sql()) {
  // An update of no row still starts SQLite's write transaction.
  if (ctx.db().kind() == dialect::sqlite)
    ctx.sql() << "UPDATE arx_schema_migration SET version = version WHERE 1 = 0";
}

}  // namespace arx::db
