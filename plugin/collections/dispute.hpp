// Disputes: a customer contests an invoice or part of it. While a dispute is
// open its amount is not dunned (the dunning run reads arx_dispute); it ends
// with a credit note the ERP posts, a write-off arx books, or a rejection that
// makes the amount dunnable again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "db/context.hpp"

namespace arx::collections {

// pricing, quantity, quality, delivery, not_ordered, duplicate, short_payment, other
const std::vector<std::string> &dispute_reasons();

struct dispute_request {
  std::string company;                 // code; required
  std::string invoice_number;          // required
  std::string amount;                  // decimal text; empty = all of the item still undisputed
  std::string reason_code;             // one of dispute_reasons()
  std::string owner;                   // who works the case; empty = nobody yet
  std::optional<core::date> due_date;  // when it should be settled
  std::string notes;
  std::string source = "manual";       // manual or cashapp
  std::optional<int64_t> bank_line_id; // the bank line of a short payment
};

// Opens a dispute on the invoice's open item (the oldest due with an amount
// open), in its own transaction, with a dispute_opened contact event.
// ARX_E_NOT_FOUND for an unknown company or invoice; ARX_E_VALIDATION when
// nothing is open or the amount is not within (0, open - open disputes];
// ARX_E_INVALID_ARGUMENT for an unknown reason or source or malformed amount.
// Returns the dispute (see dispute_json in dispute.cpp):
// {"id", "company", "customer_number", "invoice_number", "open_item_id", "amount", "currency", "reason_code",
//  "owner", "due_date", "notes", "source", "bank_line_id", "state", "resolution", "resolution_note",
//  "opened_on", "opened_by", "resolved_at", "resolved_by"}.
nlohmann::json open_dispute(db::context &ctx, const dispute_request &request);

// Ends an open dispute. resolution: "credit_note" (the ERP posts one; `note`
// names its number; the ledger is not touched), "write_off" (arx books the
// disputed amount, at most what the item still has open, as an allocation of
// kind write_off and lowers the open item), "rejected" (the amount is dunned
// again). ARX_E_NOT_FOUND, ARX_E_CONFLICT for a dispute already resolved or an
// item that changed under the write-off. Returns the dispute, with
// "written_off" for a write-off.
nlohmann::json resolve_dispute(db::context &ctx, const std::string &company, int64_t dispute_id,
                               const std::string &resolution, const std::string &note);

// {"company", "disputes": [...]} oldest first; customer number and state
// ("open", "resolved") filter when not empty.
nlohmann::json list_disputes(db::context &ctx, const std::string &company, const std::string &customer_number,
                             const std::string &state);

// For cash application: opens a dispute on an open item inside the caller's
// transaction, without checking the open amount (the deduction that causes it
// has just closed the item). Returns the dispute id, or 0 when the item has no
// invoice to dispute (nothing is written then).
int64_t open_dispute_in_transaction(db::context &ctx, int64_t company_id, int64_t open_item_id,
                                    int64_t amount_minor, const std::string &reason_code, const std::string &source,
                                    std::optional<int64_t> bank_line_id, const std::string &notes);

}  // namespace arx::collections
