// A customer's collections history: every contact arx made or recorded
// (notices, e-mails, letters, calls, notes, disputes, promises, tasks) in
// arx_contact_event, read together with the customer's delivery jobs from the
// outbox. Also the small helpers the other collections files share.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "core/date.hpp"
#include "db/text_rows.hpp"
#include "db/context.hpp"

namespace arx::collections {

// The kinds of contact event arx records.
const std::vector<std::string> &event_kinds();

// Records one contact event in the caller's transaction (opens none): the
// dunning run, disputes, promises and collectors' notes all write through
// here. `amount` and `currency` may be empty (stored as NULL); `reference` and
// `detail` are cut to their columns. `at` is the instant in seconds since
// 1970 (0: the system clock). ARX_E_INVALID_ARGUMENT for an unknown kind.
void record_event(db::context &ctx, int64_t company_id, const std::string &customer_number,
                  core::date business_date, const std::string &kind, const std::string &reference,
                  const std::string &amount, const std::string &currency, const std::string &detail,
                  int64_t at = 0);

// A collector's call note or note on the business date, in its own
// transaction. kind is "call" or "note"; text must not be empty.
// Returns the event: {"id", "customer_number", "date", "at", "kind", "detail", "by"}.
nlohmann::json add_note(db::context &ctx, const std::string &company, const std::string &customer_number,
                        const std::string &kind, const std::string &text);

// Every contact event of the customer and its delivery jobs, newest first
// (by date, then instant), at most `limit` entries (0: all).
// {"company", "customer_number", "customer_name", "entries": [{"source": "event"|"delivery", "id", "date",
//  "at", "kind", "reference", "amount", "currency", "detail", "by", and for delivery "channel", "state",
//  "recipient", "sent_at"}]}. ARX_E_NOT_FOUND for an unknown company or customer.
nlohmann::json history(db::context &ctx, const std::string &company, const std::string &customer_number,
                       uint32_t limit);

// ---- shared by the collections files ---------------------------------------

struct customer_ref {
  int64_t id = 0;
  std::string number;
  std::string name;
};

// The company's customer by number (erp::find_customer); ARX_E_NOT_FOUND
// naming both.
customer_ref find_customer(db::context &ctx, int64_t company_id, const std::string &company_code,
                           const std::string &customer_number);

namespace detail {

// Query results as text, a chunk of rows per round trip (db/text_rows.hpp).
using text_reader = db::text_rows;

// A nullable text column for JSON.
nlohmann::json text_or_null(const text_reader &r, size_t c);

// Row `id` of company `company_id` in the arx table `table` (disputes,
// promises), its `column_count` columns `columns` turned into JSON by
// `to_json`; null when the company has no such row.
nlohmann::json company_row(db::context &ctx, const std::string &table, const std::string &columns,
                           size_t column_count, int64_t company_id, int64_t id,
                           const std::function<nlohmann::json(const text_reader &)> &to_json);

// "12,400.00": decimal text with thousands separators, for sentences.
std::string grouped(const std::string &decimal);

}  // namespace detail
}  // namespace arx::collections
