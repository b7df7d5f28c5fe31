// Promises to pay: a customer commits to an amount by a date. The dunning run
// holds a customer while its promise is in force (active_promises) and checks
// every open promise against the payments that came in (check_promises):
// kept when the customer paid the amount, broken when the date and the grace
// days passed without it.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "db/context.hpp"

namespace arx::collections {

// A promise made on the business date, in its own transaction, with a
// "promise" contact event. currency empty = the company's. ARX_E_NOT_FOUND
// for an unknown company or customer, ARX_E_VALIDATION for an amount <= 0 or
// a date before the business date, ARX_E_CONFLICT when the customer already
// has an open promise (cancel it first), ARX_E_INVALID_ARGUMENT for malformed
// amounts or currencies. Returns the promise:
// {"id", "company", "customer_number", "amount", "currency", "promised_date", "made_on", "state",
//  "paid_amount", "note", "created_at", "created_by", "settled_on"}.
nlohmann::json add_promise(db::context &ctx, const std::string &company, const std::string &customer_number,
                           const std::string &amount, const std::string &currency, core::date promised_date,
                           const std::string &note);

// Cancels an open promise (state cancelled, settled on the business date).
// ARX_E_NOT_FOUND, ARX_E_CONFLICT when it is not open.
nlohmann::json cancel_promise(db::context &ctx, const std::string &company, int64_t promise_id);

// Checks every open promise of the company made on or before `as_of`
// against the customer's payments in the ERP (in the promise's currency,
// value dates from made_on to as_of): kept when they reach the amount, broken
// when as_of is later than promised_date + grace_days. Runs in the caller's
// transaction (the dunning run's); opens none. Two reads for all promises.
// {"as_of", "checked", "kept", "broken", "open", "changed": [promise...]}.
nlohmann::json check_promises(db::context &ctx, int64_t company_id, core::date as_of, int grace_days);

// customer id -> "500.00 EUR by 2026-12-15" for every open promise still in
// force on `as_of` (as_of <= promised_date + grace_days). One read.
std::map<int64_t, std::string> active_promises(db::context &ctx, int64_t company_id, core::date as_of,
                                               int grace_days);

// {"company", "promises": [...]} oldest first; customer number filters when not empty.
nlohmann::json list_promises(db::context &ctx, const std::string &company, const std::string &customer_number);

}  // namespace arx::collections
