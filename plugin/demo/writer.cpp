#include "demo/writer.hpp"

#include <optional>
#include <unordered_map>
#include <type_traits>

#include "core/date.hpp"
#include "core/error.hpp"
#include "db/text_rows.hpp"
#include "core/money.hpp"
#include "db/batch.hpp"
#include "demo/generator.hpp"

namespace arx::demo {
namespace {

using nlohmann::json;

// Values go to the database as text; these overloads turn the generator's
// fields (plain or optional) into it.
void put(db::row_batch &b, std::string_view col, const std::string &v) { b.set(col, v); }
void put(db::row_batch &b, std::string_view col, core::date v) { b.set(col, core::format_date(v)); }
template <class T>
  requires std::is_integral_v<T>
void put(db::row_batch &b, std::string_view col, T v) {
  b.set(col, static_cast<int64_t>(v));
}
template <class T> void put(db::row_batch &b, std::string_view col, const std::optional<T> &v) {
  if (v) put(b, col, *v);
  else b.set_null(col);
}

// An amount in minor units of `currency`, as exact decimal text.
// The reference ERP's amount columns are DECIMAL(18,2): a currency with more
// decimals would be rounded by the database, so it is refused.
void put_money(db::row_batch &b, std::string_view col, int64_t minor, const std::string &currency) {
  const int exponent = core::currency_exponent(currency);
  if (exponent > 2)
    throw error(ARX_E_INVALID_ARGUMENT, "currency " + currency + " has " + std::to_string(exponent) +
                                            " decimals; the reference ERP stores amounts with 2");
  b.set(col, core::format_minor(minor, exponent));
}
// A DECIMAL(18,4) or DECIMAL(5,2) value held as a scaled integer.
void put_scaled(db::row_batch &b, std::string_view col, int64_t v, int scale) { b.set(col, core::format_scaled(v, scale)); }
void put_scaled(db::row_batch &b, std::string_view col, const std::optional<int64_t> &v, int scale) {
  if (v) put_scaled(b, col, *v, scale);
  else b.set_null(col);
}

struct table_writer {
  db::context &ctx;
  uint64_t rows_total;
  uint64_t rows_done = 0;

  void write(db::row_batch &batch, const char *statement, const char *phase) {
    const std::string &sql = ctx.profile().sql(statement);
    uint64_t base = rows_done;
    size_t n = batch.rows();
    batch.execute(ctx.sql(), sql, 1000, [&](size_t done) { ctx.progress(phase, base + done, rows_total); });
    rows_done = base + n;
  }
};

// What the ERP holds, per table the profile names (`erp.row_counts`: name,
// rows), in the profile's order; the first is the companies.
std::vector<std::pair<std::string, long long>> row_counts(db::context &ctx) {
  std::vector<std::pair<std::string, long long>> n;
  db::text_rows(2, 100).run(ctx.sql(), ctx.profile().sql("erp.row_counts"), {},
                            [&](const db::text_rows &r) { n.emplace_back(r.text(0), r.integer(1)); });
  if (n.empty()) throw error(ARX_E_CONFIG, "ERP profile '" + ctx.profile().name() + "': erp.row_counts returned no rows");
  return n;
}

}  // namespace

json write_demo(db::context &ctx, const request &request) {
  if (ctx.profile().name() != "reference")
    throw error(ARX_E_INVALID_ARGUMENT, "arx demo fills the reference ERP only; this context uses the ERP profile '" +
                                            ctx.profile().name() + "'");
  options opt;
  opt.seed = request.seed;
  if (request.customers) opt.customers = request.customers;
  if (request.invoices) opt.invoices = request.invoices;
  if (request.as_of.year != 0) {
    auto d = core::from_arx_date(request.as_of);
    if (!d) throw error(ARX_E_INVALID_ARGUMENT, "arx_demo_options.as_of is not a valid date");
    opt.as_of = *d;
  } else {
    opt.as_of = ctx.today();
  }
  if (opt.customers > 100000 || opt.invoices > 2000000)
    throw error(ARX_E_INVALID_ARGUMENT, "demo size too large: at most 100000 customers and 2000000 invoices per company");

  std::string schema_table;
  ctx.sql() << ctx.profile().sql("erp.schema_table"), soci::into(schema_table);
  if (!ctx.db().table_exists(schema_table))
    throw error(ARX_E_SCHEMA, "the reference ERP tables are missing in this database; create them with "
                              "'arx install --erp-schema' (arx_install_options.flags ARX_INSTALL_ERP_SCHEMA)");
  const auto before = row_counts(ctx);
  if (before[0].second > 0)
    throw error(ARX_E_CONFLICT, "the reference ERP already holds " + std::to_string(before[0].second) +
                                    " companies; arx demo fills an empty database only (use a new database file)");

  ctx.progress("generating demo data", 0, 0);
  dataset data = generate(opt);

  table_writer w{ctx, data.companies.size() + data.customers.size() + data.bank_accounts.size() + data.invoices.size() +
                          data.lines.size() + data.open_items.size() + data.payments.size() + data.allocations.size()};
  soci::transaction tx(ctx.sql());
  {
    db::row_batch b({"id", "code", "name", "currency", "country", "vat_id", "iban", "bic", "street", "city",
                     "postcode", "email", "peppol_id", "phone", "contact_name"});
    for (const auto &c : data.companies) {
      b.add_row();
      put(b, "id", c.id), put(b, "code", c.code), put(b, "name", c.name), put(b, "currency", c.currency);
      put(b, "country", c.country), put(b, "vat_id", c.vat_id), put(b, "iban", c.iban), put(b, "bic", c.bic);
      put(b, "street", c.street), put(b, "city", c.city), put(b, "postcode", c.postcode), put(b, "email", c.email);
      put(b, "peppol_id", c.peppol_id), put(b, "phone", c.phone), put(b, "contact_name", c.contact_name);
    }
    w.write(b, "demo.insert_company", "writing companies");
  }
  {
    db::row_batch b({"id", "company_id", "number", "name", "country", "vat_id", "email", "language", "street", "city",
                     "postcode", "peppol_id", "payment_terms_days"});
    for (const auto &c : data.customers) {
      b.add_row();
      put(b, "id", c.id), put(b, "company_id", c.company_id), put(b, "number", c.number), put(b, "name", c.name);
      put(b, "country", c.country), put(b, "vat_id", c.vat_id), put(b, "email", c.email);
      put(b, "language", c.language), put(b, "street", c.street), put(b, "city", c.city);
      put(b, "postcode", c.postcode), put(b, "peppol_id", c.peppol_id);
      put(b, "payment_terms_days", c.payment_terms_days);
    }
    w.write(b, "demo.insert_customer", "writing customers");
  }
  {
    db::row_batch b({"id", "customer_id", "iban"});
    for (const auto &a : data.bank_accounts) {
      b.add_row();
      put(b, "id", a.id), put(b, "customer_id", a.customer_id), put(b, "iban", a.iban);
    }
    w.write(b, "demo.insert_customer_bank_account", "writing bank accounts");
  }
  {
    db::row_batch b({"id", "company_id", "customer_id", "number", "kind", "issue_date", "due_date", "currency",
                     "net_amount", "tax_amount", "gross_amount", "state", "buyer_reference", "order_reference",
                     "payment_reference", "cash_discount_percent", "cash_discount_date"});
    for (const auto &i : data.invoices) {
      b.add_row();
      put(b, "id", i.id), put(b, "company_id", i.company_id), put(b, "customer_id", i.customer_id);
      put(b, "number", i.number), put(b, "kind", i.kind), put(b, "issue_date", i.issue_date);
      put(b, "due_date", i.due_date), put(b, "currency", i.currency);
      put_money(b, "net_amount", i.net_amount, i.currency);
      put_money(b, "tax_amount", i.tax_amount, i.currency);
      put_money(b, "gross_amount", i.gross_amount, i.currency);
      put(b, "state", i.state), put(b, "buyer_reference", i.buyer_reference);
      put(b, "order_reference", i.order_reference), put(b, "payment_reference", i.payment_reference);
      put_scaled(b, "cash_discount_percent", i.cash_discount_percent, 2);
      put(b, "cash_discount_date", i.cash_discount_date);
    }
    w.write(b, "demo.insert_invoice", "writing invoices");
  }
  {
    // Lines carry no currency; they share their invoice's.
    std::unordered_map<int64_t, const std::string *> currency_of;
    for (const auto &i : data.invoices) currency_of[i.id] = &i.currency;
    db::row_batch b({"id", "invoice_id", "line_no", "description", "quantity", "unit_code", "unit_price", "net_amount",
                     "tax_category", "tax_percent"});
    for (const auto &l : data.lines) {
      b.add_row();
      put(b, "id", l.id), put(b, "invoice_id", l.invoice_id), put(b, "line_no", l.line_no);
      put(b, "description", l.description), put_scaled(b, "quantity", l.quantity, 4);
      put(b, "unit_code", l.unit_code), put_scaled(b, "unit_price", l.unit_price, 4);
      put_money(b, "net_amount", l.net_amount, *currency_of.at(l.invoice_id));
      put(b, "tax_category", l.tax_category), put_scaled(b, "tax_percent", l.tax_percent, 2);
    }
    w.write(b, "demo.insert_invoice_line", "writing invoice lines");
  }
  std::unordered_map<int64_t, const std::string *> item_currency;
  {
    db::row_batch b({"id", "company_id", "customer_id", "invoice_id", "due_date", "currency", "original_amount",
                     "open_amount"});
    for (const auto &o : data.open_items) {
      item_currency[o.id] = &o.currency;
      b.add_row();
      put(b, "id", o.id), put(b, "company_id", o.company_id), put(b, "customer_id", o.customer_id);
      put(b, "invoice_id", o.invoice_id), put(b, "due_date", o.due_date), put(b, "currency", o.currency);
      put_money(b, "original_amount", o.original_amount, o.currency);
      put_money(b, "open_amount", o.open_amount, o.currency);
    }
    w.write(b, "demo.insert_open_item", "writing open items");
  }
  {
    db::row_batch b({"id", "company_id", "customer_id", "value_date", "currency", "amount", "payer_name", "payer_iban",
                     "bank_reference", "remittance_text"});
    for (const auto &p : data.payments) {
      b.add_row();
      put(b, "id", p.id), put(b, "company_id", p.company_id), put(b, "customer_id", p.customer_id);
      put(b, "value_date", p.value_date), put(b, "currency", p.currency);
      put_money(b, "amount", p.amount, p.currency), put(b, "payer_name", p.payer_name);
      put(b, "payer_iban", p.payer_iban), put(b, "bank_reference", p.bank_reference);
      put(b, "remittance_text", p.remittance_text);
    }
    w.write(b, "demo.insert_payment", "writing payments");
  }
  {
    db::row_batch b({"id", "payment_id", "open_item_id", "amount", "kind"});
    for (const auto &a : data.allocations) {
      b.add_row();
      put(b, "id", a.id), put(b, "payment_id", a.payment_id), put(b, "open_item_id", a.open_item_id);
      put_money(b, "amount", a.amount, *item_currency.at(a.open_item_id)), put(b, "kind", a.kind);
    }
    w.write(b, "demo.insert_payment_allocation", "writing payment allocations");
  }
  tx.commit();

  // Report from the database, not from memory: what is there is what we say.
  auto after = row_counts(ctx);
  json rows;
  for (size_t i = 0; i < after.size() && i < before.size(); ++i) rows[after[i].first] = after[i].second - before[i].second;
  json companies = json::array();
  for (const auto &c : data.companies) {
    std::vector<std::string> ccy(20), sum(20);
    std::vector<long long> cnt(20);
    long long cid = c.id, customers = 0;
    ctx.sql() << ctx.profile().sql("open_items.totals"), soci::use(cid, "company_id"), soci::into(ccy), soci::into(cnt),
        soci::into(sum);
    ctx.sql() << ctx.profile().sql("customer.count"), soci::use(cid, "company_id"), soci::into(customers);
    json open = json::array();
    for (size_t i = 0; i < ccy.size(); ++i)
      open.push_back({{"currency", ccy[i]}, {"items", cnt[i]}, {"amount", core::money::from_db(sum[i], ccy[i]).to_string()}});
    companies.push_back({{"code", c.code}, {"name", c.name}, {"currency", c.currency}, {"customers", customers},
                         {"open_receivables", open}});
  }
  ctx.log(ARX_LOG_INFO, "demo: wrote " + std::to_string(w.rows_done) + " rows for " +
                            std::to_string(data.companies.size()) + " companies");
  return {{"seed", opt.seed}, {"as_of", core::format_date(opt.as_of)}, {"customers_per_company", opt.customers},
          {"invoices_per_company", opt.invoices}, {"rows", rows}, {"companies", companies}};
}

}  // namespace arx::demo
