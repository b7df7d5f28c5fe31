#include "db/company_lock.hpp"

#include "core/error.hpp"

namespace arx::db {

void ensure_lock_row(db::context &ctx, const std::string &table, int64_t company_id, int64_t now) {
  long long cid = company_id, n = 0, t = now;
  const std::string user = ctx.user();
  ctx.sql() << "SELECT COUNT(*) FROM " + table + " WHERE company_id = :c", soci::into(n), soci::use(cid, "c");
  if (n) return;
  try {
    soci::transaction tx(ctx.sql());
    ctx.sql() << "INSERT INTO " + table + " (company_id, locked_at, locked_by) VALUES (:c, :t, :u)",
        soci::use(cid, "c"), soci::use(t, "t"), soci::use(user, "u");
    tx.commit();
  } catch (const soci::soci_error &) {
    ctx.sql() << "SELECT COUNT(*) FROM " + table + " WHERE company_id = :c", soci::into(n), soci::use(cid, "c");
    if (!n) throw;
  }
}

void lock_company(db::context &ctx, const std::string &table, int64_t company_id, int64_t now) {
  long long cid = company_id, t = now;
  const std::string user = ctx.user();
  soci::statement st = (ctx.sql().prepare << "UPDATE " + table + " SET locked_at = :t, locked_by = :u WHERE company_id = :c",
                        soci::use(t, "t"), soci::use(user, "u"), soci::use(cid, "c"));
  st.execute(true);
  if (st.get_affected_rows() != 1)
    throw error(ARX_E_INTERNAL, table + ": the lock row of company " + std::to_string(company_id) + " is missing");
}

}  // namespace arx::db
