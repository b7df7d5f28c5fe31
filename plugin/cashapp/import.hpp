// Importing bank files into arx's statement tables (docs/CASHAPP.md §1): one
// transaction per file, idempotent by file hash and by statement identity and
// content hash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bank/statement.hpp"
#include "db/context.hpp"

namespace arx::cashapp {

struct import_request {
  std::string bytes;        // the file's content
  std::string source_name;  // the file name, for messages and the record
  std::string company;      // company code; empty = found by the statement's account IBAN
  int64_t now_unix = 0;     // 0 = the system clock
};

// {"status": "imported" | "already_imported", "file_id", "format", "company",
//  "statements": [{"statement_ref", "account", "lines", "credits", "status"}],
//  "lines", "credits"}. Throws ARX_E_PARSE for a malformed file and
// ARX_E_VALIDATION for a statement already imported with other content or an
// account that belongs to no company; nothing is written then.
nlohmann::json import_file(db::context &ctx, const import_request &request);

// The size cap of bank files: throws arx::error(ARX_E_VALIDATION) naming
// `origin` and the key cashapp.max_bank_file_mib when `size` bytes are more
// than the key allows for `company` (empty: the level of all companies).
// import_file checks it first; a host path that reads a file from disk checks
// it before reading.
void check_file_size(db::context &ctx, const std::string &company, std::string_view origin, uint64_t size);

// The canonical text a statement's content hash is taken of (its identity and
// every line field in a fixed order), exposed for tests.
std::string canonical_text(const bank::statement &st);

}  // namespace arx::cashapp
