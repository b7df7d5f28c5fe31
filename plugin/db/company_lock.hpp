// A per-company lock row in one of arx's lock tables (arx_cashapp_lock,
// arx_dunning_lock): every transaction of a capability that must not overlap
// with another host's takes it first. On PostgreSQL the update takes the row
// lock; on SQLite it takes the database's write lock.
#pragma once

#include <cstdint>
#include <string>

#include "db/context.hpp"

namespace arx::db {

// Creates the row outside any transaction the caller holds; two hosts doing
// it at once is harmless (the loser's insert fails, the row is there).
void ensure_lock_row(db::context &ctx, const std::string &table, int64_t company_id, int64_t now);

// Takes the row for the current transaction; ARX_E_INTERNAL when it is missing.
void lock_company(db::context &ctx, const std::string &table, int64_t company_id, int64_t now);

}  // namespace arx::db
