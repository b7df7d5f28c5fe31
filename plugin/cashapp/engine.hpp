// The matching engine (docs/CASHAPP.md §2): in memory, no database. A run
// builds one ledger per company and currency from the open items it read
// set-based, then decides every payment line against it. Applying a decision
// reduces the ledger's open amounts, so two lines never spend the same item.
#pragma once

#include <array>
#include <tuple>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cashapp/model.hpp"
#include "cashapp/names.hpp"
#include "cashapp/references.hpp"
#include "core/date.hpp"

namespace arx::cashapp {

struct open_item {
  int64_t id = 0;            // the ERP's open item id
  int64_t customer_id = 0;
  std::string invoice_number;
  std::string payment_reference;  // RF reference of the invoice, when it has one
  std::string kind;          // invoice, credit_note, fee
  std::optional<core::date> issue_date, due_date, discount_date;
  int64_t discount_basis_points = 0;  // cash discount: 200 = 2.00 %
  int64_t open_minor = 0;    // what is still open (negative for credit notes)
};

struct customer_info {
  int64_t id = 0;
  std::string number;
  std::string name;
  std::vector<std::string> tokens;  // name_tokens(name)
  int64_t payments_seen = 0;        // past payments in the ERP (history feature)
};

// Tolerances and thresholds (config keys cashapp.*, docs/CONFIG.md).
struct engine_settings {
  int64_t short_tolerance_minor = 500;         // cashapp.short_tolerance_amount, minor units
  int64_t short_tolerance_basis_points = 50;   // cashapp.short_tolerance_percent: 0.50 %
  int discount_grace_days = 3;                 // cashapp.discount_grace_days
  double auto_apply_confidence = 0.95;         // cashapp.auto_apply_confidence
  double auto_apply_margin = 0.20;             // cashapp.auto_apply_margin
  size_t subset_max_items = 40;                // open items of one customer searched for a subset
  uint64_t subset_max_steps = 200'000;         // work bound of one subset search
};

struct payment_line {
  int64_t line_id = 0;
  int64_t amount_minor = 0;  // > 0
  std::optional<core::date> value_date;
  std::string payer_name, payer_account, ultimate_payer;
  std::string end_to_end_id, remittance;
  struct reference {
    bool document = true;  // false: a creditor (RF) reference
    std::string text;
    std::optional<int64_t> amount_minor;
  };
  std::vector<reference> references;
};

enum class allocation_kind { payment, discount, deduction };
std::string_view kind_name(allocation_kind k) noexcept;

struct allocation {
  size_t item = 0;          // index into the ledger's items
  int64_t minor = 0;        // > 0 reduces the item (negative for a credit note used up)
  allocation_kind kind = allocation_kind::payment;
};

struct proposal {
  int64_t customer_id = 0;
  std::vector<allocation> allocations;
  int64_t on_account_minor = 0;    // paid beyond the items: left on account
  features f{};
  double probability = 0;
  bool ambiguous = false;          // another, different set of items fits as well
  std::vector<std::string> reasons;
  std::string signature() const;   // the items it touches, for comparing proposals
};

enum class decision_status { applied, suggested, unmatched };
std::string_view status_name(decision_status s) noexcept;

struct decision {
  decision_status status = decision_status::unmatched;
  double confidence = 0;
  std::vector<proposal> ranked;    // best first (at most 3)
  std::vector<std::string> reasons;
};

class ledger {
public:
  ledger(std::string currency, int exponent, engine_settings settings, const model &m);

  void add_customer(customer_info c);
  void add_account(const std::string &iban, int64_t customer_id, bool learned);
  void add_item(open_item item);
  // Builds the indexes; call once after the last add.
  void finalize();

  decision decide(const payment_line &line) const;
  // Applies an applied or confirmed proposal to the in-memory open amounts.
  void apply(const proposal &p);

  const std::vector<open_item> &items() const noexcept { return items_; }
  const customer_info *customer(int64_t id) const;
  const std::vector<customer_info> &customers() const noexcept { return customers_; }
  // The payer accounts known for customers: (account, customer id, learned).
  std::vector<std::tuple<std::string, int64_t, bool>> accounts() const;
  const std::string &currency() const noexcept { return currency_; }
  int exponent() const noexcept { return exponent_; }
  size_t item_count() const noexcept { return items_.size(); }

private:
  struct ref_signal {
    size_t item;
    double quality;   // 1 structured/RF exact .. 0.5 fuzzy distance 2
    std::optional<int64_t> remitted_minor;
    std::string how;
  };
  void collect_references(const payment_line &line, std::vector<ref_signal> &out) const;
  void proposals_for(const payment_line &line, int64_t customer_id, const std::vector<ref_signal> &refs,
                     double name_similarity, int iban_known, bool name_conflict, std::vector<proposal> &out) const;
  bool amount_fit(const payment_line &line, const std::vector<size_t> &items, proposal &p) const;
  void score(const payment_line &line, proposal &p) const;
  int64_t tolerance_for(int64_t amount) const;
  int64_t discount_of(const open_item &it, const std::optional<core::date> &value_date) const;

  std::string currency_;
  int exponent_ = 2;
  engine_settings settings_;
  const model &model_;
  std::vector<open_item> items_;
  std::vector<customer_info> customers_;
  std::unordered_map<int64_t, size_t> customer_index_;
  std::unordered_map<int64_t, std::vector<size_t>> items_of_customer_;
  std::unordered_multimap<std::string, std::pair<int64_t, bool>> accounts_;  // iban -> (customer, learned)
  std::unordered_map<std::string, size_t> rf_;                               // RF reference -> item
  std::unordered_map<std::string, int64_t> customer_numbers_;                // normalised number -> customer
  reference_index numbers_;
  name_index names_;
  bool finalized_ = false;
};

}  // namespace arx::cashapp
