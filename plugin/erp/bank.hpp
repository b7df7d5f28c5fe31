// The ERP port's bank statements: ERPs that keep imported bank statements of
// their own (Tryton's account_statement with its origins) receive the ones
// arx imports, so that their screens show them and the payments arx applies
// from them. A profile without `statement.record` keeps none (the reference
// ERP); then nothing is written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/context.hpp"

namespace arx::erp {

struct bank_line {
  int64_t line_no = 0;
  std::string amount;  // signed decimal text: credits positive
  std::string date;    // ISO date (value date, else booking date)
  std::optional<std::string> payer_name, payer_account, bank_reference, remittance;
};

struct bank_statement {
  std::string account;        // the company's account (IBAN or bank account number)
  std::string statement_ref;  // the bank's statement id
  std::string currency;
  std::string date;           // ISO date: the statement's last day
  std::vector<bank_line> lines;
};

struct recorded_statement {
  int64_t statement_id = 0;
  std::vector<int64_t> line_ids;  // in the order of the lines
};

// True when the profile keeps bank statements in the ERP.
bool keeps_bank_statements(const db::context &ctx);

// Records statements in the ERP (`ids.statement`, `ids.statement_line`,
// `statement.record`, `statement.line`), inside the caller's transaction.
// Returns the ERP's ids, in the order of `statements`; empty when the profile
// keeps none.
std::vector<recorded_statement> record_bank_statements(db::context &ctx, int64_t company_id,
                                                       const std::vector<bank_statement> &statements);

}  // namespace arx::erp
