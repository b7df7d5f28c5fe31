// Dunning procedures: ordered levels with their rules (days overdue, the
// minimum wait since the previous level, minimum amounts, fees, interest,
// channel, template). An admin stores a procedure as JSON; arx checks every
// key before anything is written and names the key it refuses
// (docs/DUNNING.md lists them). Companies without a procedure use the
// built-in "standard" one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/context.hpp"

namespace arx::dunning {

struct level_rule {
  int level = 0;                      // 1, 2, 3, ... in order
  int days_overdue = 0;               // an item reaches the level this many days after its due date
  int min_days_since_previous = 0;    // and this long after the notice that gave it the previous level
  std::string min_item_amount = "0.00"; // items below it do not escalate to this level (decimal text)
  std::string fee_fixed = "0.00";     // per notice at this level (decimal text, company currency)
  std::string fee_percent = "0.00";   // of the notice's overdue total (decimal text, up to 2 places)
  bool interest = false;              // charge late-payment interest with this level
  std::string channel = "email";      // email, letter, both, call
  std::string template_name;          // reminder, second_reminder, final_notice, or an admin's own
  int payment_days = 10;              // the notice asks for payment within this many days
};

struct procedure {
  std::string code;                   // "standard"
  std::string name;
  bool is_default = false;
  std::optional<int> grace_days;              // empty: dunning.grace_days
  std::optional<std::string> min_customer_amount; // empty: dunning.min_customer_amount
  std::optional<std::string> interest_rate_percent; // empty: base rate + points (config)
  bool list_not_due = false;          // list the items not yet due on the notice
  std::vector<std::string> segments;  // customer segments assigned to this procedure
  std::vector<level_rule> levels;
};

// The procedure arx uses when a company has none: reminder (email, after the
// grace days), second reminder (14 days later, 5.00 fee and interest), final
// notice (14 days later, 10.00 fee, interest, e-mail and letter), then a call.
procedure builtin_procedure();

// Checks a definition. Throws arx::error(ARX_E_CONFIG) naming the JSON key
// ("levels[1].fee_percent") and what is allowed.
procedure parse_procedure(const std::string &code, const nlohmann::json &definition);
nlohmann::json procedure_json(const procedure &p);

// The company's procedures (the built-in one when none is stored).
std::vector<procedure> load_procedures(db::context &ctx, int64_t company_id);

// Stores (replaces) a procedure; `is_default` moves the default to it.
void store_procedure(db::context &ctx, int64_t company_id, const procedure &p);

}  // namespace arx::dunning
