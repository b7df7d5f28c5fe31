// The ERP port's writes: what arx books in the ERP, named by intent. Each
// operation runs named statements of the profile in a documented order
// (docs/PROFILES.md, "Writes"), set-based, inside the caller's transaction;
// the profile chooses the ids, the document numbers and the shape of the
// booking (the reference ERP: sequences or a counter table from 10^12).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "db/context.hpp"

namespace arx::erp {

// An open item no longer holds the open amount the caller read: someone
// booked on it meanwhile. The caller's transaction must be rolled back.
struct items_changed : std::runtime_error {
  items_changed(std::string message, std::vector<int64_t> items)
      : std::runtime_error(std::move(message)), open_item_ids(std::move(items)) {}
  std::vector<int64_t> open_item_ids;
};

// What the caller read of an item it books on: its open amount then.
struct item_read {
  int64_t open_minor = 0;
  int exponent = 2;
};
using items_read = std::map<int64_t, item_read>;  // by open item id

struct allocation {
  int64_t open_item_id = 0;
  int64_t minor = 0;     // in the payment's currency
  std::string kind;      // payment, discount or deduction
};

struct payment {
  std::optional<int64_t> customer_id;  // none: cash of an unknown payer
  std::string value_date;              // ISO date
  std::string currency;
  int64_t amount_minor = 0;            // what arrived
  std::optional<std::string> payer_name, payer_iban, bank_reference, remittance_text;
  // The ERP's id of the bank line the cash arrived on, when the ERP keeps
  // bank statements (erp/bank.hpp).
  std::optional<int64_t> bank_line_id;
  std::vector<allocation> allocations;  // empty: unapplied cash
  // What is left on the customer's account: the amount less the allocations
  // of kind payment (derived, not set by the caller).
};

struct booked_payment {
  int64_t payment_id = 0;
  std::vector<int64_t> allocation_ids;  // in the order of the allocations
};

// Apply payments to items: books each payment with its allocations and
// settles the items, each of which must still hold the open amount in
// `read` (else items_changed). The rest of a payment stays on account.
std::vector<booked_payment> apply_payments(db::context &ctx, int64_t company_id,
                                           const std::vector<payment> &payments, const items_read &read);

// Record unapplied cash: payments without allocations.
std::vector<int64_t> record_unapplied_cash(db::context &ctx, int64_t company_id,
                                           const std::vector<payment> &payments);

struct fee_line {
  std::string description;
  int64_t minor = 0;
};

struct fee_document {
  int64_t customer_id = 0;
  std::string currency;
  std::string issue_date, due_date;  // ISO dates
  std::vector<fee_line> lines;       // fee, interest: not subject to VAT
};

struct booked_fee {
  int64_t invoice_id = 0;
  std::string number;  // the ERP's document number
  int64_t open_item_id = 0;
};

// Book fee or interest documents (dunning): each an invoice of kind fee with
// its lines and its open item, numbered by the ERP. Same order as `docs`.
std::vector<booked_fee> book_fee_documents(db::context &ctx, int64_t company_id,
                                           const std::vector<fee_document> &docs);

struct write_off_request {
  int64_t open_item_id = 0;
  std::string currency;
  int64_t minor = 0;         // written off
  int64_t open_minor = 0;    // the item's open amount as read
};

// Write off part of an item (collections); items_changed when the item no
// longer holds `open_minor`. Returns the allocation's id.
int64_t write_off(db::context &ctx, int64_t company_id, const write_off_request &request);

struct reversed_allocation {
  int64_t allocation_id = 0;
  int64_t open_item_id = 0;
  std::string amount;  // decimal text, as the ERP holds it
  std::string kind;
};

// Reverse an application: undoes allocations of one payment (all of them when
// `allocation_ids` is empty), giving the items their amounts back; the
// payment's cash becomes unapplied. Returns what was reversed; ARX_E_NOT_FOUND
// when a named allocation is not one of the payment's.
std::vector<reversed_allocation> reverse_application(db::context &ctx, int64_t company_id, int64_t payment_id,
                                                     const std::vector<int64_t> &allocation_ids = {});

// Records the structured payment reference (ISO 11649 RF) arx gave a posted
// invoice (`delivery.set_payment_reference`), so that cash application finds
// it; arx calls it when the ERP holds no valid one.
void record_payment_reference(db::context &ctx, int64_t company_id, int64_t invoice_id, const std::string &reference);

}  // namespace arx::erp
