// The demo data generator: three companies of a drive-technology distributor,
// their customers, fifteen months of invoices and how each customer paid them.
// Rules and distributions are documented in docs/DEMO_DATA.md; keep the two in
// step.
//
// Determinism: every random choice comes from the xoshiro256** generator of
// random.hpp with integer range helpers of our own (the standard
// distributions differ between standard libraries). Money is integer minor
// units throughout; no floating point is used anywhere. Each company draws
// from its own streams (customers, documents, settlement, payments), so
// asking for more invoices does not change the customers.
//
// Keep it that way when editing: the order in which function arguments and
// the operands of + are evaluated is unspecified, so two draws from one
// generator never share an expression. Each gets its own statement (or sits in
// a braced list, which is evaluated left to right); otherwise compilers
// disagree on the data (checked by comparing GCC and clang builds).
//
// The parts, one file each: random.hpp (the generator and its streams),
// identifiers (IBANs, VAT ids and other numbers with check digits), text
// (dates, amounts, folding), countries and companies (who the parties are),
// builder.hpp (the plan of one company), then the steps of one company in the
// order run() takes them: customers, documents, settlement, payments.
#include "demo/generator.hpp"

#include "demo/builder.hpp"

namespace arx::demo {
namespace detail {

company_builder::company_builder(const options &opt, int index, id_counters &ids, dataset &out)
    : opt_(opt), index_(index), spec_(company_specs()[static_cast<size_t>(index)]), ids_(ids), out_(out),
      as_of_(sys_days{opt.as_of}), start_(as_of_ - days{455}) {}

void company_builder::run() {
  out_.companies.push_back(make_company(spec_, index_ + 1));
  company_id_ = index_ + 1;
  make_customers();
  make_catalogue();
  make_opening_balances();
  make_documents();
  for (auto &it : items_) it.id = ++ids_.open_item;
  settle();
  emit_payments();
  emit_open_items();
}

}  // namespace detail

dataset generate(const options &opt) {
  if (!opt.as_of.ok())
    invalid_argument("demo data: options.as_of is not a valid date (year, month and day must be set)");
  if (opt.as_of.year() < std::chrono::year{1980} || opt.as_of.year() > std::chrono::year{9000})
    invalid_argument("demo data: options.as_of must lie between the years 1980 and 9000, got " +
                     std::to_string(int(opt.as_of.year())));
  if (opt.customers < 1 || opt.customers > 1000000)
    invalid_argument("demo data: customers per company must be between 1 and 1000000, got " +
                     std::to_string(opt.customers));
  if (opt.invoices > 10000000)
    invalid_argument("demo data: invoices per company must be at most 10000000, got " + std::to_string(opt.invoices));

  dataset out;
  // Room for everything up front (about 3.7 lines and 0.85 payments per invoice).
  const size_t companies = detail::company_specs().size();
  const size_t invoices = companies * opt.invoices, customers = companies * opt.customers;
  out.customers.reserve(customers);
  out.bank_accounts.reserve(customers * 6 / 5);
  out.invoices.reserve(invoices);
  out.lines.reserve(invoices * 4);
  out.open_items.reserve(invoices + customers / 50 + 3);
  out.payments.reserve(invoices + customers / 50 + 16);
  out.allocations.reserve(invoices * 6 / 5 + 16);
  detail::id_counters ids;
  for (int i = 0; i < static_cast<int>(companies); ++i) detail::company_builder(opt, i, ids, out).run();
  return out;
}

}  // namespace arx::demo
