// A dunning notice as the run decided it: the customer, its level, channel
// and template, the fee and interest it charges and the items it lists. The
// engine produces it, the run stores it, the renderer turns it into an e-mail
// and a letter (docs/DUNNING.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"

namespace arx::dunning {

// What names an item wherever dunning deals with it: the open item, its
// invoice and its dates (the engine's input and the notice's lines share it).
struct item_ref {
  int64_t open_item_id = 0;
  std::optional<int64_t> invoice_id;
  std::string invoice_number;
  std::string kind = "invoice";      // invoice, credit_note, fee
  std::optional<core::date> issue_date;
  std::optional<core::date> due_date;
};

struct notice_item : item_ref {
  int64_t open_amount = 0;           // minor units; what is dunned (the undisputed part); < 0 for a credit
  int64_t disputed_amount = 0;       // minor units under an open dispute, not dunned
  int days_overdue = 0;              // as_of - due date; <= 0 for an item not yet due
  int level = 0;                     // the item's level after this notice (0: listed, not dunned)
  bool escalated = false;            // this notice raised the item's level
  int64_t interest = 0;              // minor units charged by this notice
  int interest_days = 0;             // days the interest covers
  std::optional<core::date> interest_from; // first day of the interest period
};

struct notice {
  int64_t customer_id = 0;
  std::string customer_number;
  std::string currency;
  int exponent = 2;
  int level = 0;                     // the highest item level
  std::string procedure_code;
  std::string channel;               // email, letter, both, call
  std::string template_name;
  std::string language;              // de, en, nl
  int64_t overdue_total = 0;         // sum of the dunned overdue items (credits net it)
  int64_t fee = 0;
  int64_t interest = 0;
  int64_t total_due = 0;             // overdue_total + fee + interest
  std::string interest_rate;         // percent per year, e.g. "10.27"
  core::date as_of;
  core::date pay_by;
  std::vector<notice_item> items;    // overdue items first (by due date), then items not yet due
};

}  // namespace arx::dunning
