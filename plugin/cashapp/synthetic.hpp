// Seeded payment scenarios for the cash-application benchmark and the demo
// (docs/CASHAPP.md §5): a ledger of customers and open items, and bank lines
// paying them the ways customers really pay — with the truth of each line, so
// straight-through and false-application rates can be counted. Same seed,
// same ledger, same payments.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bank/statement.hpp"
#include "cashapp/engine.hpp"

namespace arx::cashapp::synthetic {

enum class scenario {
  exact_reference,   // the invoice number as issued, the exact amount
  typo_reference,    // the number with a typing or OCR error (or without prefix/zeros)
  name_and_amount,   // no reference: the payer's name (as the bank spells it) and the amount
  other_payer,       // a parent or factoring company pays, naming the invoice
  several_invoices,  // one payment for two to five invoices, each named
  partial,           // part of a named invoice
  discount,          // the amount less the cash discount, within its terms
  short_payment,     // a little less than open, within the tolerance
  over_payment,      // a little more than open
  decoy,             // the same amount is open at other customers; the name decides
  no_match,          // pays nothing of ours
};
constexpr size_t scenario_count = 11;
std::string_view scenario_name(scenario s) noexcept;

struct ledger_customer {
  int64_t id = 0;
  std::string number, name, iban;
};
struct ledger_item {
  int64_t id = 0, customer_id = 0;
  std::string number;
  int64_t open_minor = 0;
  core::date issue_date, due_date;
  int64_t discount_basis_points = 0;
  std::optional<core::date> discount_date;
};
struct ledger_rows {
  std::vector<ledger_customer> customers;
  std::vector<ledger_item> items;
};

// `customers` customers (names in German, Dutch and English styles, most with
// an IBAN) and `items` open invoices over them; amounts cluster on common
// values so that decoys exist.
ledger_rows make_ledger(size_t customers, size_t items, uint64_t seed, core::date as_of);

// What a line should become: the customer and the items with the amounts a
// clerk would allocate. matchable = false for no_match.
struct truth {
  scenario kind = scenario::no_match;
  bool matchable = false;
  int64_t customer_id = 0;
  std::vector<std::pair<int64_t, int64_t>> allocations;  // (open item id, minor units applied incl. discount/deduction)
};
struct payment {
  bank::statement_line line;
  truth expected;
};

// `count` payments against `rows` (each item paid at most once), dated `on`.
std::vector<payment> make_payments(const ledger_rows &rows, size_t count, uint64_t seed, core::date on,
                                   const std::string &currency);

// A camt.053.001.02 statement of `payments` into `account`.
std::string camt053(const std::string &statement_id, const std::string &account, const std::string &currency,
                    const std::vector<payment> &payments, core::date on);

// Loads `rows` into an engine ledger (what read_ledger does from the ERP).
void fill(ledger &l, const ledger_rows &rows);

}  // namespace arx::cashapp::synthetic
