// A transaction that will write. On SQLite it takes the database's write lock
// with its first statement: SQLite fails a transaction at once, without
// waiting, when it read before its first write while another connection
// writes ("database is locked"); one that writes first waits for the other
// (the driver's busy timeout) instead. Several contexts of one host on one
// SQLite file, each on its own thread, so take turns. On PostgreSQL it is a
// plain transaction: row locks and the lock rows (db/company_lock.hpp) order
// the writers there.
#pragma once

#include "db/context.hpp"

namespace arx::db {

class write_transaction {
public:
  explicit write_transaction(db::context &ctx);
  void commit() { tx_.commit(); }
  void rollback() { tx_.rollback(); }

private:
  soci::transaction tx_;
};

}  // namespace arx::db
