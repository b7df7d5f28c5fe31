// The demo data generator (plugin/demo/generator): determinism, the
// consistency rules between the tables, valid identifiers and the variety the
// later features need (every VAT category, partial payments, discounts,
// unapplied cash, overdue items, NULLs). Check digits and roundings are
// recomputed here independently of the generator.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "demo/generator.hpp"

namespace {

using namespace arx::demo;
using std::chrono::sys_days;
using ymd = std::chrono::year_month_day;

constexpr ymd default_as_of = std::chrono::year{2026} / 3 / 31;

options make_options(uint64_t seed, uint32_t customers, uint32_t invoices, ymd as_of = default_as_of) {
  options o;
  o.seed = seed;
  o.customers = customers;
  o.invoices = invoices;
  o.as_of = as_of;
  return o;
}

// The default size, generated once for the tests that only read it.
const dataset &standard() {
  static const dataset d = generate(make_options(42, 300, 3000));
  return d;
}

// ------------------------------------------------------------ independent checks

bool is_digits(const std::string &s, size_t from = 0, size_t n = std::string::npos) {
  if (from > s.size()) return false;
  const std::string part = s.substr(from, n);
  if (part.empty()) return false;
  for (char c : part)
    if (c < '0' || c > '9') return false;
  return true;
}

// ISO 13616: length per country, then the rearranged number mod 97 must be 1.
bool valid_iban(const std::string &iban) {
  static const std::map<std::string, size_t> lengths = {{"DE", 22}, {"AT", 20}, {"CH", 21}, {"NL", 18}, {"BE", 16},
                                                        {"FR", 27}, {"GB", 22}, {"IE", 22}, {"DK", 18}};
  if (iban.size() < 4) return false;
  auto it = lengths.find(iban.substr(0, 2));
  if (it == lengths.end() || it->second != iban.size() || !is_digits(iban, 2, 2)) return false;
  const std::string moved = iban.substr(4) + iban.substr(0, 4);
  int remainder = 0;
  for (char c : moved) {
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'A' && c <= 'Z') v = c - 'A' + 10;
    else return false;
    remainder = v >= 10 ? (remainder * 100 + v) % 97 : (remainder * 10 + v) % 97;
  }
  return remainder == 1;
}

int digit(const std::string &s, size_t i) { return s[i] - '0'; }

// VAT ids of the countries whose check digit rules are public and simple.
bool valid_vat_id(const std::string &v) {
  const std::string cc = v.substr(0, 2);
  if (cc == "DE") {
    if (v.size() != 11 || !is_digits(v, 2)) return false;
    int product = 10;
    for (size_t i = 2; i < 10; ++i) {
      int sum = (digit(v, i) + product) % 10;
      if (sum == 0) sum = 10;
      product = 2 * sum % 11;
    }
    return (11 - product) % 10 == digit(v, 10);
  }
  if (cc == "NL") {
    if (v.size() != 14 || !is_digits(v, 2, 9) || v[11] != 'B' || !is_digits(v, 12)) return false;
    int sum = 0;
    for (size_t i = 0; i < 8; ++i) sum += digit(v, 2 + i) * static_cast<int>(9 - i);
    return (sum - digit(v, 10)) % 11 == 0;
  }
  if (cc == "GB") {
    if (v.size() != 11 || !is_digits(v, 2)) return false;
    int sum = 0;
    for (size_t i = 0; i < 7; ++i) sum += digit(v, 2 + i) * static_cast<int>(8 - i);
    return (sum + std::stoi(v.substr(9, 2))) % 97 == 0;
  }
  if (cc == "BE") {
    if (v.size() != 12 || !is_digits(v, 2)) return false;
    return 97 - std::stoll(v.substr(2, 8)) % 97 == std::stoll(v.substr(10, 2));
  }
  if (cc == "AT") return v.size() == 11 && v[2] == 'U' && is_digits(v, 3);
  if (cc == "FR") return v.size() == 13 && is_digits(v, 2);
  if (cc == "DK") return v.size() == 10 && is_digits(v, 2);
  if (cc == "IE") return v.size() == 10 && is_digits(v, 2, 7) && v[9] >= 'A' && v[9] <= 'W';
  if (cc == "CH") return v.size() == 20 && v.substr(0, 4) == "CHE-" && v.substr(15) == " MWST";
  return false;
}

int64_t round_div(int64_t num, int64_t den) {  // half away from zero, den > 0
  const bool negative = num < 0;
  const uint64_t n = static_cast<uint64_t>(negative ? -num : num), d = static_cast<uint64_t>(den);
  const uint64_t q = (n + d / 2) / d;  // d is even (10^4, 10^6) so d/2 is exact
  return negative ? -static_cast<int64_t>(q) : static_cast<int64_t>(q);
}

sys_days days_of(const ymd &d) { return sys_days{d}; }

bool in_eu(const std::string &c) {
  static const std::set<std::string> eu = {"DE", "AT", "NL", "BE", "FR", "DK", "IE"};
  return eu.count(c) > 0;
}

// Every rule between the tables; failures name the row.
void check_invariants(const dataset &d, const options &opt) {
  const sys_days as_of = days_of(opt.as_of);
  ASSERT_EQ(d.companies.size(), 3u);
  EXPECT_EQ(d.customers.size(), 3u * opt.customers);
  EXPECT_EQ(d.invoices.size(), 3u * opt.invoices);

  std::unordered_map<int64_t, const company *> companies;
  std::unordered_map<int64_t, const customer *> customers;
  std::unordered_map<int64_t, const invoice *> invoices;
  std::unordered_map<int64_t, const open_item *> items;
  std::unordered_map<int64_t, const payment *> payments;
  for (const auto &c : d.companies) ASSERT_TRUE(companies.emplace(c.id, &c).second) << "company id " << c.id;
  for (const auto &c : d.customers) {
    ASSERT_TRUE(customers.emplace(c.id, &c).second) << "customer id " << c.id;
    ASSERT_TRUE(companies.count(c.company_id)) << "customer " << c.id;
  }
  std::set<int64_t> bank_ids;
  for (const auto &b : d.bank_accounts) {
    ASSERT_TRUE(bank_ids.insert(b.id).second) << "bank account id " << b.id;
    ASSERT_TRUE(customers.count(b.customer_id)) << "bank account " << b.id;
    EXPECT_TRUE(valid_iban(b.iban)) << b.iban;
  }
  std::set<std::pair<int64_t, std::string>> numbers;
  for (const auto &i : d.invoices) {
    ASSERT_TRUE(invoices.emplace(i.id, &i).second) << "invoice id " << i.id;
    ASSERT_TRUE(companies.count(i.company_id) && customers.count(i.customer_id)) << i.number;
    EXPECT_EQ(customers[i.customer_id]->company_id, i.company_id) << i.number;
    EXPECT_TRUE(numbers.insert({i.company_id, i.number}).second) << "duplicate number " << i.number;
  }

  // Lines: numbering, rounding, sums and VAT groups per invoice.
  std::map<int64_t, std::vector<const invoice_line *>> lines_of;
  std::set<int64_t> line_ids;
  for (const auto &l : d.lines) {
    ASSERT_TRUE(line_ids.insert(l.id).second) << "line id " << l.id;
    ASSERT_TRUE(invoices.count(l.invoice_id)) << "line " << l.id;
    lines_of[l.invoice_id].push_back(&l);
  }
  for (const auto &i : d.invoices) {
    const auto &lines = lines_of[i.id];
    ASSERT_GE(lines.size(), 1u) << i.number;
    ASSERT_LE(lines.size(), 10u) << i.number;
    const customer &cu = *customers[i.customer_id];
    const company &co = *companies[i.company_id];
    int64_t net = 0;
    std::map<std::pair<std::string, int64_t>, int64_t> by_rate;
    for (size_t k = 0; k < lines.size(); ++k) {
      const invoice_line &l = *lines[k];
      EXPECT_EQ(l.line_no, static_cast<int32_t>(k + 1)) << i.number;
      EXPECT_EQ(l.net_amount, round_div(l.quantity * l.unit_price, 1000000)) << i.number << " line " << l.line_no;
      EXPECT_GE(l.unit_price, 0) << i.number;
      EXPECT_TRUE(l.description && !l.description->empty()) << i.number;
      EXPECT_TRUE(l.unit_code.has_value()) << i.number;
      ASSERT_TRUE(l.tax_category.has_value()) << i.number;
      const std::string &cat = *l.tax_category;
      EXPECT_EQ(cat == "O", !l.tax_percent.has_value()) << i.number << " " << cat;
      if (cat == "S") {
        const std::set<int64_t> rates = co.country == "DE"   ? std::set<int64_t>{1900, 700}
                                        : co.country == "NL" ? std::set<int64_t>{2100, 900}
                                                             : std::set<int64_t>{2000, 500};
        EXPECT_TRUE(rates.count(*l.tax_percent)) << i.number << " S " << *l.tax_percent;
      } else if (cat != "O") {
        EXPECT_EQ(l.tax_percent, 0) << i.number << " " << cat;
      }
      // The category fits where the customer is.
      const bool domestic = cu.country == co.country;
      if (cat == "S" || cat == "Z" || cat == "E") {
        EXPECT_TRUE(domestic) << i.number << " " << cat;
      }
      if (cat == "K" || cat == "AE") {
        EXPECT_TRUE(!domestic && in_eu(*cu.country) && in_eu(co.country)) << i.number << " " << cat;
        EXPECT_TRUE(cu.vat_id.has_value()) << i.number << " " << cat << " needs the buyer's VAT id";
      }
      if (cat == "G") {
        EXPECT_TRUE(!domestic && !(in_eu(*cu.country) && in_eu(co.country))) << i.number;
      }
      if (cat == "O") {
        EXPECT_EQ(i.kind, "fee") << i.number;
      }
      if (i.kind == "credit_note") {
        EXPECT_LT(l.quantity, 0) << i.number;
      }
      else EXPECT_GT(l.quantity, 0) << i.number;
      net += l.net_amount;
      by_rate[{cat, l.tax_percent.value_or(0)}] += l.net_amount;
    }
    int64_t tax = 0;
    for (const auto &[key, group_net] : by_rate) tax += round_div(group_net * key.second, 10000);
    EXPECT_EQ(i.net_amount, net) << i.number;
    EXPECT_EQ(i.tax_amount, tax) << i.number;
    EXPECT_EQ(i.gross_amount, i.net_amount + i.tax_amount) << i.number;
    if (i.kind == "credit_note") {
      EXPECT_LT(i.gross_amount, 0) << i.number;
    }
    else EXPECT_GT(i.gross_amount, 0) << i.number;

    // Dates and terms.
    const sys_days issue = days_of(i.issue_date);
    EXPECT_LE(issue, as_of) << i.number;
    EXPECT_GE(issue, as_of - std::chrono::days{470}) << i.number;
    EXPECT_EQ(i.currency, *cu.country == "US" ? "USD" : co.country == "GB" && *cu.country != "GB" ? "EUR" : co.currency)
        << i.number;
    if (i.state == "draft") {
      EXPECT_EQ(i.kind, "invoice");
      EXPECT_FALSE(i.due_date.has_value()) << i.number;
    } else if (i.kind == "invoice") {
      ASSERT_TRUE(i.due_date.has_value()) << i.number;
      EXPECT_EQ(days_of(*i.due_date) - issue, std::chrono::days{cu.payment_terms_days.value_or(30)}) << i.number;
    } else if (i.kind == "fee") {
      EXPECT_EQ(days_of(*i.due_date) - issue, std::chrono::days{14}) << i.number;
    } else {
      EXPECT_EQ(*i.due_date, i.issue_date) << i.number;
    }
    EXPECT_EQ(i.cash_discount_percent.has_value(), i.cash_discount_date.has_value()) << i.number;
    if (i.cash_discount_date) {
      EXPECT_EQ(i.kind, "invoice");
      EXPECT_GT(days_of(*i.cash_discount_date), issue) << i.number;
      EXPECT_LT(days_of(*i.cash_discount_date), days_of(*i.due_date)) << i.number;
    }
    // Credit notes and fees name the invoice they refer to.
    if (i.kind != "invoice") {
      ASSERT_TRUE(i.order_reference.has_value()) << i.number;
      auto ref = std::find_if(d.invoices.begin(), d.invoices.end(), [&](const invoice &x) {
        return x.company_id == i.company_id && x.number == *i.order_reference;
      });
      ASSERT_NE(ref, d.invoices.end()) << i.number << " refers to " << *i.order_reference;
      EXPECT_EQ(ref->kind, "invoice");
      EXPECT_EQ(ref->state, "posted");
      EXPECT_EQ(ref->customer_id, i.customer_id) << i.number;
      EXPECT_LT(days_of(ref->issue_date), issue) << i.number;
      if (i.kind == "credit_note") {
        EXPECT_LE(-i.gross_amount, ref->gross_amount) << i.number;
      }
    }
  }

  // Open items: one per posted document, none for drafts and cancelled ones.
  std::map<int64_t, int> items_per_invoice;
  for (const auto &o : d.open_items) {
    ASSERT_TRUE(items.emplace(o.id, &o).second) << "open item id " << o.id;
    ASSERT_TRUE(companies.count(o.company_id) && customers.count(o.customer_id)) << "open item " << o.id;
    EXPECT_EQ(customers[o.customer_id]->company_id, o.company_id);
    ASSERT_TRUE(o.due_date.has_value());
    if (!o.invoice_id) {
      EXPECT_GT(o.original_amount, 0) << "opening balance " << o.id;
      continue;
    }
    ASSERT_TRUE(invoices.count(*o.invoice_id)) << "open item " << o.id;
    const invoice &i = *invoices[*o.invoice_id];
    ++items_per_invoice[i.id];
    EXPECT_EQ(i.state, "posted") << i.number;
    EXPECT_EQ(o.original_amount, i.gross_amount) << i.number;
    EXPECT_EQ(o.customer_id, i.customer_id) << i.number;
    EXPECT_EQ(o.currency, i.currency) << i.number;
    EXPECT_EQ(o.due_date, i.due_date) << i.number;
  }
  for (const auto &i : d.invoices)
    EXPECT_EQ(items_per_invoice[i.id], i.state == "posted" ? 1 : 0) << i.number << " " << i.state;

  // Payments and allocations.
  std::set<std::string> bank_references;
  for (const auto &p : d.payments) {
    ASSERT_TRUE(payments.emplace(p.id, &p).second) << "payment id " << p.id;
    ASSERT_TRUE(companies.count(p.company_id));
    if (p.customer_id) {
      ASSERT_TRUE(customers.count(*p.customer_id)) << "payment " << p.id;
      EXPECT_EQ(customers[*p.customer_id]->company_id, p.company_id);
    }
    EXPECT_GT(p.amount, 0) << "payment " << p.id;
    EXPECT_LE(days_of(p.value_date), as_of) << "payment " << p.id;
    ASSERT_TRUE(p.bank_reference.has_value()) << "payment " << p.id;
    EXPECT_TRUE(bank_references.insert(*p.bank_reference).second) << *p.bank_reference;
    if (p.payer_iban) {
      EXPECT_TRUE(valid_iban(*p.payer_iban)) << *p.payer_iban;
    }
    if (p.remittance_text) {
      EXPECT_LE(p.remittance_text->size(), 140u);
    }
  }
  std::map<int64_t, int64_t> allocated, cash_of;
  std::map<int64_t, int> allocations_of;
  std::set<int64_t> allocation_ids;
  for (const auto &a : d.allocations) {
    ASSERT_TRUE(allocation_ids.insert(a.id).second) << "allocation id " << a.id;
    ASSERT_TRUE(items.count(a.open_item_id)) << "allocation " << a.id;
    const open_item &o = *items[a.open_item_id];
    EXPECT_TRUE(a.kind == "payment" || a.kind == "discount" || a.kind == "write_off" || a.kind == "deduction");
    EXPECT_NE(a.amount, 0) << "allocation " << a.id;
    if (a.amount < 0) {
      EXPECT_TRUE(a.kind == "payment" && o.original_amount < 0) << "allocation " << a.id;
    }
    allocated[o.id] += a.amount;
    if (!a.payment_id) {
      EXPECT_EQ(a.kind, "write_off") << "allocation " << a.id << " without payment";
      continue;
    }
    ASSERT_TRUE(payments.count(*a.payment_id)) << "allocation " << a.id;
    const payment &p = *payments[*a.payment_id];
    ++allocations_of[p.id];
    if (a.kind == "payment") cash_of[p.id] += a.amount;
    EXPECT_EQ(p.company_id, o.company_id) << "allocation " << a.id;
    EXPECT_EQ(p.currency, o.currency) << "allocation " << a.id;
    if (p.customer_id) {
      EXPECT_EQ(*p.customer_id, o.customer_id) << "allocation " << a.id;
    }
    if (o.invoice_id) {
      const invoice &i = *invoices[*o.invoice_id];
      EXPECT_GE(days_of(p.value_date), days_of(i.issue_date)) << i.number << " paid by payment " << p.id;
      if (a.kind == "discount") {
        ASSERT_TRUE(i.cash_discount_percent.has_value()) << i.number;
        EXPECT_EQ(a.amount, round_div(i.gross_amount * *i.cash_discount_percent, 10000)) << i.number;
        EXPECT_LE(days_of(p.value_date), days_of(*i.cash_discount_date)) << i.number;
      }
    }
  }
  for (const auto &p : d.payments)
    if (allocations_of[p.id] > 0) {
      EXPECT_NE(p.customer_id, std::nullopt) << "applied payment " << p.id;
      EXPECT_EQ(p.amount, cash_of[p.id]) << "payment " << p.id << ": cash = sum of its payment allocations";
    }
  for (const auto &o : d.open_items) {
    EXPECT_EQ(o.open_amount, o.original_amount - allocated[o.id]) << "open item " << o.id;
    if (o.original_amount > 0) {
      EXPECT_GE(o.open_amount, 0) << "open item " << o.id;
      EXPECT_LE(o.open_amount, o.original_amount) << "open item " << o.id;
    } else {
      EXPECT_LE(o.open_amount, 0) << "open item " << o.id;
      EXPECT_GE(o.open_amount, o.original_amount) << "open item " << o.id;
    }
  }
}

// ------------------------------------------------------------ tests

TEST(DemoGenerator, SameOptionsGiveIdenticalData) {
  const options o = make_options(7, 60, 500);
  const dataset a = generate(o), b = generate(o);
  EXPECT_TRUE(a == b);
  EXPECT_TRUE(generate(make_options(42, 300, 3000)) == standard());
}

TEST(DemoGenerator, OtherSeedGivesOtherData) {
  const dataset a = generate(make_options(1, 60, 500)), b = generate(make_options(2, 60, 500));
  EXPECT_FALSE(a.customers == b.customers);
  EXPECT_FALSE(a.invoices == b.invoices);
  EXPECT_FALSE(a.payments == b.payments);
  // The three companies are the same for every seed.
  EXPECT_TRUE(a.companies == b.companies);
}

TEST(DemoGenerator, MoreInvoicesKeepTheSameCustomers) {
  const dataset a = generate(make_options(5, 80, 200)), b = generate(make_options(5, 80, 900));
  EXPECT_TRUE(a.customers == b.customers);
  EXPECT_TRUE(a.bank_accounts == b.bank_accounts);
}

TEST(DemoGenerator, StandardSizeKeepsEveryInvariant) {
  check_invariants(standard(), make_options(42, 300, 3000));
}

TEST(DemoGenerator, SmallAndOddSizesKeepEveryInvariant) {
  struct size_case {
    uint64_t seed;
    uint32_t customers, invoices;
    ymd as_of;
  };
  const size_case cases[] = {
      {1, 1, 0, default_as_of},
      {2, 1, 1, default_as_of},
      {3, 1, 40, std::chrono::year{2025} / 6 / 1},  // a Sunday
      {4, 5, 50, std::chrono::year{2024} / 2 / 29},
      {5, 40, 0, std::chrono::year{2025} / 12 / 31},
      {6, 30, 2000, std::chrono::year{2026} / 1 / 3},  // many invoices per customer
      {0, 300, 300, default_as_of},
      {UINT64_MAX, 7, 123, std::chrono::year{2030} / 7 / 15},
  };
  for (const auto &c : cases) {
    SCOPED_TRACE("seed " + std::to_string(c.seed) + ", " + std::to_string(c.customers) + " customers, " +
                 std::to_string(c.invoices) + " invoices");
    const options o = make_options(c.seed, c.customers, c.invoices, c.as_of);
    check_invariants(generate(o), o);
  }
}

TEST(DemoGenerator, RejectsInvalidOptions) {
  auto status_of = [](const options &o) -> arx_status {
    try {
      generate(o);
    } catch (const arx::error &e) {
      return e.status();
    }
    return ARX_OK;
  };
  options no_date;
  EXPECT_EQ(status_of(no_date), ARX_E_INVALID_ARGUMENT);
  EXPECT_EQ(status_of(make_options(1, 10, 10, std::chrono::year{2025} / 2 / 30)), ARX_E_INVALID_ARGUMENT);
  EXPECT_EQ(status_of(make_options(1, 0, 10)), ARX_E_INVALID_ARGUMENT);
  EXPECT_EQ(status_of(make_options(1, 10, 10000001)), ARX_E_INVALID_ARGUMENT);
  EXPECT_EQ(status_of(make_options(1, 1, 0)), ARX_OK);
}

TEST(DemoGenerator, CompaniesHaveValidIdentifiers) {
  const auto &d = standard();
  std::set<std::string> countries, currencies;
  for (const auto &c : d.companies) {
    countries.insert(c.country);
    currencies.insert(c.currency);
    ASSERT_TRUE(c.vat_id && c.iban && c.bic && c.peppol_id && c.email && c.street && c.city && c.postcode) << c.code;
    EXPECT_TRUE(valid_vat_id(*c.vat_id)) << *c.vat_id;
    EXPECT_TRUE(valid_iban(*c.iban)) << *c.iban;
    EXPECT_EQ(c.iban->substr(0, 2), c.country);
    EXPECT_EQ(c.bic->size(), 11u);
    EXPECT_EQ(c.bic->substr(4, 2), c.country);
    EXPECT_NE(c.peppol_id->find(':'), std::string::npos);
  }
  EXPECT_EQ(countries, (std::set<std::string>{"DE", "NL", "GB"}));
  EXPECT_EQ(currencies, (std::set<std::string>{"EUR", "GBP"}));
}

TEST(DemoGenerator, CustomersLookReal) {
  const auto &d = standard();
  std::set<std::string> languages, countries;
  std::set<std::pair<int64_t, std::string>> numbers;
  for (const auto &c : d.customers) {
    EXPECT_TRUE(numbers.insert({c.company_id, c.number}).second) << c.number;
    EXPECT_TRUE(c.number.size() >= 6 && c.number[0] == 'C' && is_digits(c.number, 1)) << c.number;
    if (c.language) languages.insert(*c.language);
    ASSERT_TRUE(c.country.has_value());
    countries.insert(*c.country);
    if (c.vat_id) {
      EXPECT_TRUE(valid_vat_id(*c.vat_id)) << c.name << ": " << *c.vat_id;
      EXPECT_EQ(c.vat_id->substr(0, 2), *c.country == "CH" ? "CH" : *c.country) << c.name;
    }
    if (c.payment_terms_days) {
      const int t = *c.payment_terms_days;
      EXPECT_TRUE(t == 14 || t == 30 || t == 45 || t == 60) << c.number << ": " << t;
    }
    if (c.email) {
      EXPECT_TRUE(c.email->find('@') != std::string::npos && c.email->ends_with(".example")) << *c.email;
    }
    if (c.peppol_id) {
      EXPECT_TRUE(c.peppol_id->size() > 5 && is_digits(*c.peppol_id, 0, 4) && (*c.peppol_id)[4] == ':');
    }
    if (c.language == "de") {
      EXPECT_TRUE(c.country == "DE" || c.country == "AT" || c.country == "CH") << c.name;
    }
    if (c.language == "nl") {
      EXPECT_TRUE(c.country == "NL" || c.country == "BE") << c.name;
    }
  }
  EXPECT_EQ(languages, (std::set<std::string>{"de", "en", "nl"}));
  for (const char *c : {"DE", "AT", "NL", "BE", "FR", "GB", "US", "CH", "IE", "DK"}) {
    EXPECT_TRUE(countries.count(c)) << c;
  }
  // Most customers have an account on file, some two.
  std::map<int64_t, int> accounts;
  for (const auto &b : d.bank_accounts) ++accounts[b.customer_id];
  int with_two = 0;
  for (const auto &[id, n] : accounts) with_two += n == 2;
  EXPECT_GT(accounts.size(), d.customers.size() * 3 / 4);
  EXPECT_GT(with_two, 0);
}

TEST(DemoGenerator, EveryVatCategoryAndRateIsUsed) {
  const auto &d = standard();
  std::set<std::string> categories;
  std::set<int64_t> standard_rates;
  for (const auto &l : d.lines) {
    categories.insert(*l.tax_category);
    if (*l.tax_category == "S") standard_rates.insert(*l.tax_percent);
  }
  EXPECT_EQ(categories, (std::set<std::string>{"S", "Z", "E", "AE", "K", "G", "O"}));
  EXPECT_EQ(standard_rates, (std::set<int64_t>{1900, 700, 2100, 900, 2000, 500}));
  // Several rates within one invoice.
  std::map<int64_t, std::set<std::pair<std::string, int64_t>>> rates_of;
  for (const auto &l : d.lines) rates_of[l.invoice_id].insert({*l.tax_category, l.tax_percent.value_or(-1)});
  int mixed = 0;
  for (const auto &[id, rates] : rates_of) mixed += rates.size() > 1;
  EXPECT_GT(mixed, 0);
}

TEST(DemoGenerator, DocumentKindsAndStatesAreMixed) {
  const auto &d = standard();
  std::map<std::string, int> kinds, states;
  std::set<std::string> currencies;
  for (const auto &i : d.invoices) {
    ++kinds[i.kind];
    ++states[i.state];
    currencies.insert(i.currency);
  }
  const int total = static_cast<int>(d.invoices.size());
  EXPECT_GT(kinds["credit_note"], total * 2 / 100);
  EXPECT_LT(kinds["credit_note"], total * 8 / 100);
  EXPECT_GT(kinds["fee"], 0);
  EXPECT_GT(states["draft"], 0);
  EXPECT_GT(states["cancelled"], 0);
  EXPECT_EQ(currencies, (std::set<std::string>{"EUR", "GBP", "USD"}));
  for (const auto &i : d.invoices)
    if (i.kind == "credit_note") {
      EXPECT_LT(i.net_amount, 0) << i.number;
      EXPECT_LE(i.tax_amount, 0) << i.number;
    }
  // Negative open items for credit notes.
  int negative = 0;
  for (const auto &o : d.open_items) negative += o.original_amount < 0;
  EXPECT_EQ(negative, kinds["credit_note"]);
}

TEST(DemoGenerator, PaymentsShowEveryBehaviour) {
  const auto &d = standard();
  const sys_days as_of = days_of(default_as_of);
  std::map<int64_t, std::set<int64_t>> payments_of_item, items_of_payment;
  std::map<std::string, int> kinds;
  int write_off_without_payment = 0, credit_used = 0;
  for (const auto &a : d.allocations) {
    ++kinds[a.kind];
    if (!a.payment_id) {
      ++write_off_without_payment;
      continue;
    }
    if (a.kind == "payment") {
      payments_of_item[a.open_item_id].insert(*a.payment_id);
      items_of_payment[*a.payment_id].insert(a.open_item_id);
      credit_used += a.amount < 0;
    }
  }
  EXPECT_GT(kinds["discount"], 0);
  EXPECT_GT(kinds["deduction"], 0);
  EXPECT_GT(kinds["write_off"], 0);
  EXPECT_GT(write_off_without_payment, 0);
  EXPECT_GT(credit_used, 0);

  int instalments = 0, multi = 0;
  for (const auto &[item, pays] : payments_of_item) instalments += pays.size() > 1;
  for (const auto &[pay, its] : items_of_payment) multi += its.size() > 1;
  EXPECT_GT(instalments, 0) << "no invoice paid in instalments";
  EXPECT_GT(multi, 0) << "no payment covering several invoices";

  // Cash received but not applied yet: from known and from unidentified payers,
  // and some of it pays exactly what an open item still asks for (work for cash
  // application).
  std::set<std::tuple<int64_t, std::string, int64_t>> open_amounts;  // company, currency, amount
  for (const auto &o : d.open_items)
    if (o.open_amount > 0) open_amounts.insert({o.company_id, o.currency, o.open_amount});
  int unapplied_known = 0, unapplied_unknown = 0, matching_known = 0, matching_unknown = 0;
  for (const auto &p : d.payments) {
    if (items_of_payment.count(p.id)) continue;
    const bool matches = open_amounts.count({p.company_id, p.currency, p.amount}) > 0;
    if (p.customer_id) {
      ++unapplied_known;
      matching_known += matches;
    } else {
      ++unapplied_unknown;
      matching_unknown += matches;
    }
  }
  EXPECT_GT(unapplied_known, 0);
  EXPECT_GT(unapplied_unknown, 0);
  EXPECT_GT(matching_known, 0);
  EXPECT_GT(matching_unknown, 0);

  int overdue = 0, partly_open = 0, paid = 0, posted_before = 0;
  for (const auto &o : d.open_items) {
    if (o.open_amount != 0 && days_of(*o.due_date) < as_of) ++overdue;
    if (o.open_amount > 0 && o.open_amount < o.original_amount) ++partly_open;
  }
  std::unordered_map<int64_t, int64_t> open_of_invoice;
  for (const auto &o : d.open_items)
    if (o.invoice_id) open_of_invoice[*o.invoice_id] = o.open_amount;
  for (const auto &i : d.invoices) {
    if (i.state != "posted" || i.kind != "invoice" || days_of(*i.due_date) > as_of - std::chrono::days{90}) continue;
    ++posted_before;
    paid += open_of_invoice.at(i.id) == 0;
  }
  EXPECT_GT(overdue, 0);
  EXPECT_GT(partly_open, 0);
  EXPECT_GT(paid, posted_before * 85 / 100) << "most invoices due long ago are paid";
  EXPECT_LT(paid, posted_before) << "some old invoices stay unpaid";
}

TEST(DemoGenerator, RemittanceTextsNameTheInvoicesMessily) {
  const auto &d = standard();
  std::unordered_map<int64_t, const invoice *> invoices;
  for (const auto &i : d.invoices) invoices[i.id] = &i;
  std::unordered_map<int64_t, const open_item *> items;
  for (const auto &o : d.open_items) items[o.id] = &o;
  std::map<int64_t, std::vector<const invoice *>> paid_by;
  for (const auto &a : d.allocations)
    if (a.payment_id && a.kind == "payment" && a.amount > 0 && items[a.open_item_id]->invoice_id)
      paid_by[*a.payment_id].push_back(invoices[*items[a.open_item_id]->invoice_id]);

  int with_text = 0, exact = 0, sequence_only = 0, neither = 0, no_text = 0, differs = 0;
  for (const auto &p : d.payments) {
    auto it = paid_by.find(p.id);
    if (it == paid_by.end()) continue;
    if (!p.remittance_text) {
      ++no_text;
      continue;
    }
    ++with_text;
    const std::string &text = *p.remittance_text;
    bool full = false, seq = false;
    for (const invoice *i : it->second) {
      full |= text.find(i->number) != std::string::npos;
      const std::string s = std::to_string(std::stoll(i->number.substr(i->number.rfind('-') + 1)));
      seq |= text.find(s) != std::string::npos;
    }
    exact += full;
    sequence_only += !full && seq;
    neither += !full && !seq;
  }
  std::unordered_map<int64_t, std::string> name_of;
  for (const auto &c : d.customers) name_of[c.id] = c.name;
  for (const auto &p : d.payments)
    if (p.customer_id && p.payer_name) differs += *p.payer_name != name_of.at(*p.customer_id);
  EXPECT_GT(exact, with_text / 5) << "full invoice numbers";
  EXPECT_GT(sequence_only, with_text / 5) << "numbers without prefix or leading zeros";
  EXPECT_GT(neither, 0) << "typos, structured references, advice notes";
  EXPECT_LT(neither, with_text / 3);
  EXPECT_GT(no_text, 0);
  EXPECT_GT(differs, 0) << "payer names that differ from the customer name";
}

TEST(DemoGenerator, NullsAppearInOptionalColumns) {
  const auto &d = standard();
  auto some_null = [](const auto &rows, auto field) {
    return std::any_of(rows.begin(), rows.end(), [&](const auto &r) { return !(r.*field).has_value(); });
  };
  auto some_set = [](const auto &rows, auto field) {
    return std::any_of(rows.begin(), rows.end(), [&](const auto &r) { return (r.*field).has_value(); });
  };
  EXPECT_TRUE(some_null(d.customers, &customer::vat_id));
  EXPECT_TRUE(some_null(d.customers, &customer::email));
  EXPECT_TRUE(some_null(d.customers, &customer::language));
  EXPECT_TRUE(some_null(d.customers, &customer::peppol_id));
  EXPECT_TRUE(some_set(d.customers, &customer::peppol_id));
  EXPECT_TRUE(some_null(d.customers, &customer::payment_terms_days));
  EXPECT_TRUE(some_null(d.customers, &customer::street));
  EXPECT_TRUE(some_null(d.invoices, &invoice::buyer_reference));
  EXPECT_TRUE(some_set(d.invoices, &invoice::buyer_reference));
  EXPECT_TRUE(some_null(d.invoices, &invoice::order_reference));
  EXPECT_TRUE(some_null(d.invoices, &invoice::payment_reference));
  EXPECT_TRUE(some_null(d.invoices, &invoice::cash_discount_percent));
  EXPECT_TRUE(some_set(d.invoices, &invoice::cash_discount_percent));
  EXPECT_TRUE(some_null(d.invoices, &invoice::due_date));
  EXPECT_TRUE(some_null(d.lines, &invoice_line::tax_percent));
  EXPECT_TRUE(some_null(d.open_items, &open_item::invoice_id));
  EXPECT_TRUE(some_null(d.payments, &payment::customer_id));
  EXPECT_TRUE(some_null(d.payments, &payment::payer_iban));
  EXPECT_TRUE(some_null(d.payments, &payment::payer_name));
  EXPECT_TRUE(some_null(d.payments, &payment::remittance_text));
  EXPECT_TRUE(some_null(d.allocations, &payment_allocation::payment_id));
}

}  // namespace
