// The plan of one demo company and the builder that draws it, the part of
// arx::demo::generate (generator.cpp) that one company goes through. Internal
// to plugin/demo; each step is defined in the file named beside it.
//
// A builder first draws a plan (customers with their payment habits,
// documents, payment groups: the structs below) and then writes it out as
// rows of the dataset. Each step draws from its own stream of the company
// (stream purposes 1..6), so asking for more invoices does not change the
// customers.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "demo/common.hpp"
#include "demo/companies.hpp"
#include "demo/countries.hpp"
#include "demo/generator.hpp"
#include "demo/names.hpp"
#include "demo/random.hpp"

namespace arx::demo::detail {

enum class profile : uint8_t { prompt, late, batch, discount_taker, instalments, erratic, chronic };
enum class treatment : uint8_t { domestic, intra_eu, export_ };
enum class run_kind : uint8_t { none, weekly, biweekly, semi_monthly, random };
enum class doc_kind : uint8_t { invoice, credit_note, fee };
enum class alloc_kind : uint8_t { payment, discount, write_off, deduction };

struct cust {
  customer row;
  const country_spec *cs = nullptr;
  std::string base_name;  // name without legal form
  std::string lang;       // language of texts (the column may be NULL)
  std::string currency;
  treatment tax = treatment::domestic;
  profile prof = profile::prompt;
  int late_mean = 0, late_spread = 0;
  int terms = 30;
  int rebate_per_mille = 0;
  bool discount_terms = false;
  int64_t discount_percent = 200;
  int discount_days = 10;
  uint32_t order_ref_per_mille = 0;
  int order_style = 0;
  std::optional<std::string> buyer_reference;
  std::vector<std::string> ibans;
  run_kind runs = run_kind::none;
  std::chrono::weekday run_day{5};
  sys_days run_anchor{};
  std::vector<sys_days> random_runs;
  bool bank_charges = false;
  // how this customer's payables department writes remittance information
  int rem_keyword = 0, rem_format = 0, rem_separator = 0;
  bool rem_upper = false, rem_customer_number = false, rem_sepa = false, rem_structured = false;
  std::vector<int> posted;  // the customer's posted invoices (doc indices), oldest first
};

struct doc {
  int cust = 0;
  sys_days issue{};
  doc_kind kind = doc_kind::invoice;
  size_t row = 0;  // index in dataset.invoices
  size_t first_line = 0, line_count = 0;
  int ref = -1;  // credit note / fee: the invoice it refers to
  std::optional<sys_days> fee_date;
  int64_t credited = 0;  // sum of credit notes against this invoice (positive)
  int item = -1;
  std::string prefix;
  int year = 0;
  int64_t seq = 0;
  int final_group = -1;  // the payment that completed this invoice
};

struct item {
  int doc = -1;  // -1: opening balance
  int cust = 0;
  sys_days due{};
  int64_t original = 0;
  int64_t allocated = 0;
  std::string legacy;  // opening balances: the former system's document number
  bool never_paid = false;
  int64_t id = 0;
};

struct alloc {
  int item = 0;
  int64_t amount = 0;
  alloc_kind kind = alloc_kind::payment;
  int part = 0, parts = 0;  // instalment i of n
};

struct group {
  int cust = 0;
  sys_days date{};
  int64_t total = 0;  // cash: the sum of the payment allocations
  std::vector<alloc> allocs;
  bool unapplied = false;
  bool unknown_payer = false;
};

struct catalogue_item {
  const words::product_type *type;
  std::string_view spec;
  int64_t price;  // scale 4
};

struct id_counters {
  int64_t customer = 0, bank_account = 0, invoice = 0, line = 0, open_item = 0, payment = 0, allocation = 0;
};

class company_builder {
public:
  company_builder(const options &opt, int index, id_counters &ids, dataset &out);

  // Draws the company's plan and appends its rows to the dataset.
  void run();

private:
  const options &opt_;
  int index_;
  const company_spec &spec_;
  id_counters &ids_;
  dataset &out_;
  sys_days as_of_, start_;
  int64_t company_id_ = 0;

  std::vector<cust> custs_;
  weighted cust_weights_;
  std::vector<catalogue_item> goods_, services_, manuals_, reduced_;
  std::vector<doc> docs_;
  std::vector<item> items_;
  std::vector<group> groups_;
  std::map<std::pair<int, int64_t>, int> shared_groups_;
  std::vector<std::pair<int, int64_t>> write_offs_;  // (item, amount) without a payment

  invoice &row(const doc &d) { return out_.invoices[d.row]; }

  // customers.cpp
  void make_customers();

  // documents.cpp
  struct tax_code {
    std::string_view category;
    std::optional<int64_t> percent;
  };
  void make_catalogue();
  tax_code tax_for(const cust &c, words::item_kind k) const;
  void add_line(std::string description, int64_t quantity, std::string_view unit, int64_t price, tax_code tax);
  void regular_lines(const cust &c, sys_days issue, prng &r);
  void credit_lines(const cust &c, const doc &ref, prng &r);
  void total(invoice &inv, size_t first_line);
  std::string purchase_order(const cust &c, sys_days issue, prng &r) const;
  void make_opening_balances();
  void make_documents();

  // settlement.cpp
  sys_days next_run(const cust &c, sys_days t) const;
  int group_for(int ci, sys_days date, bool shared);
  void allocate(int g, int item_index, int64_t amount, alloc_kind kind, int part = 0, int parts = 0);
  std::optional<sys_days> arrival(const doc &d, const cust &c, sys_days target, prng &r) const;
  void pay_full(int di, sys_days target, prng &r);
  void pay_with_discount(int di, prng &r);
  void pay_in_instalments(int di, prng &r);
  void plan_invoice(int di, prng &r);
  void settle();
  void emit_open_items();

  // payments.cpp
  std::string mention(const doc &d, int format, const cust &c, prng &r) const;
  std::optional<std::string> remittance(const group &g, prng &r) const;
  std::string payer_name(const cust &c, prng &r) const;
  std::optional<std::string> payer_iban(const cust &c, prng &r) const;
  void emit_payments();
};

}  // namespace arx::demo::detail
