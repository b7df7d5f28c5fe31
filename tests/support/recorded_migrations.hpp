// What databases installed by arx already hold in arx_schema_migration: the
// version, name and CRC-32 of every migration as it was applied per dialect.
// arx refuses a database whose recorded checksum differs from its own, so each
// migration's expanded text must keep these checksums for ever. Versions 1 to 5
// were computed from the per-dialect files they were written as before they had
// one source (sql/migrations/<dialect>/NNNN_name.sql at commit fa515c1), not
// from the current sources. A new migration adds its rows when it is released;
// no row changes after that.
#pragma once

#include <array>

#include "db/database.hpp"

namespace arx::test {

struct recorded_migration {
  db::dialect dialect;
  int version;
  const char *name;
  const char *checksum;
};

inline constexpr std::array<recorded_migration, 14> recorded_migrations{{
    {db::dialect::sqlite, 1, "core", "1cdc415f"},
    {db::dialect::sqlite, 2, "delivery", "2847e992"},
    {db::dialect::sqlite, 3, "cashapp", "aee3e48b"},
    {db::dialect::sqlite, 4, "dunning", "86d04216"},
    {db::dialect::sqlite, 5, "analytics", "3de5ce25"},
    {db::dialect::sqlite, 6, "erp_links", "82826dd4"},
    {db::dialect::sqlite, 7, "collections_locks", "8ddc89c2"},
    {db::dialect::postgresql, 1, "core", "d121c6e1"},
    {db::dialect::postgresql, 2, "delivery", "2c749c1c"},
    {db::dialect::postgresql, 3, "cashapp", "7a83138d"},
    {db::dialect::postgresql, 4, "dunning", "54805da6"},
    {db::dialect::postgresql, 5, "analytics", "3de5ce25"},
    {db::dialect::postgresql, 6, "erp_links", "82826dd4"},
    {db::dialect::postgresql, 7, "collections_locks", "8ddc89c2"},
}};

}  // namespace arx::test
