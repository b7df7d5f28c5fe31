#include "erp/booking.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "core/money.hpp"
#include "erp/statement.hpp"

namespace arx::erp {
namespace {

using detail::p;

std::string money_text(int64_t minor, const std::string &currency) {
  const int exponent = core::currency_exponent(currency);
  if (exponent > 2)
    throw error(ARX_E_VALIDATION, "the ERP's amounts have two decimals: a " + currency + " amount cannot be booked");
  return core::format_minor(minor, exponent);
}

// What an operation does to the items it settles.
struct settlement {
  item_read read;
  int64_t taken = 0;  // allocated in this operation
  std::string currency;
};

// Settles the items (`settle.item`) and checks that each now holds what arx
// expects (`settle.check` over the allocation ids this operation created).
void settle(db::context &ctx, int64_t company_id, const std::map<int64_t, settlement> &items,
            const std::vector<int64_t> &allocation_ids) {
  if (items.empty()) return;
  detail::statement_batch up(ctx, "settle.item",
                             {"open_item_id", "company_id", "currency", "expected", "amount", "open_amount"});
  for (const auto &[id, s] : items) {
    up.add_row();
    up.set("open_item_id", id);
    up.set("company_id", company_id);
    up.set("currency", s.currency);
    up.set("expected", core::format_minor(s.read.open_minor, s.read.exponent));
    up.set("amount", core::format_minor(s.taken, s.read.exponent));
    up.set("open_amount", core::format_minor(s.read.open_minor - s.taken, s.read.exponent));
  }
  up.execute();
  const auto [lo, hi] = std::minmax_element(allocation_ids.begin(), allocation_ids.end());
  std::map<int64_t, int64_t> now;
  detail::query(ctx, "settle.check",
                {p("company_id", company_id), p("first_allocation_id", *lo), p("last_allocation_id", *hi)}, 2,
                [&](const db::text_rows &r) {
                  const auto it = items.find(r.integer(0));
                  if (it != items.end())
                    now[it->first] = core::parse_minor(r.text(1), it->second.read.exponent, core::excess_digits::round);
                });
  std::vector<int64_t> changed;
  for (const auto &[id, s] : items) {
    const auto it = now.find(id);
    if (it == now.end() || it->second != s.read.open_minor - s.taken) changed.push_back(id);
  }
  if (!changed.empty()) {
    std::string message = std::to_string(changed.size()) + " open item(s) changed since they were read (first: " +
                          std::to_string(changed.front()) + ")";
    throw items_changed(std::move(message), std::move(changed));
  }
}

void set_text(detail::statement_batch &b, const char *column, const std::optional<std::string> &v) {
  if (!v || v->empty()) b.set_null(column);
  else b.set(column, *v);
}

std::vector<booked_payment> book_payments(db::context &ctx, int64_t company_id,
                                          const std::vector<payment> &payments, const items_read &read) {
  std::vector<booked_payment> out(payments.size());
  if (payments.empty()) return out;
  size_t n_alloc = 0;
  for (const auto &pm : payments) n_alloc += pm.allocations.size();
  const auto payment_ids = detail::allocate_ids(ctx, company_id, "payment", payments.size());
  const auto allocation_ids = detail::allocate_ids(ctx, company_id, "allocation", n_alloc);

  detail::statement_batch pay(ctx, "apply.payment",
                              {"id", "company_id", "customer_id", "value_date", "currency", "amount", "on_account",
                               "payer_name", "payer_iban", "bank_reference", "remittance_text", "bank_line_id"});
  detail::statement_batch alloc(ctx, "apply.allocation",
                                {"id", "payment_id", "company_id", "customer_id", "open_item_id", "value_date",
                                 "currency", "amount", "kind", "bank_line_id"});
  std::map<int64_t, settlement> items;
  size_t next_alloc = 0;
  for (size_t i = 0; i < payments.size(); ++i) {
    const payment &pm = payments[i];
    out[i].payment_id = payment_ids[i];
    int64_t paid = 0;
    for (const auto &a : pm.allocations)
      if (a.kind == "payment") paid += a.minor;
    pay.add_row();
    pay.set("id", payment_ids[i]);
    pay.set("company_id", company_id);
    pay.set("customer_id", pm.customer_id);
    pay.set("value_date", pm.value_date);
    pay.set("currency", pm.currency);
    pay.set("amount", money_text(pm.amount_minor, pm.currency));
    pay.set("on_account", money_text(pm.amount_minor - paid, pm.currency));
    set_text(pay, "payer_name", pm.payer_name);
    set_text(pay, "payer_iban", pm.payer_iban);
    set_text(pay, "bank_reference", pm.bank_reference);
    set_text(pay, "remittance_text", pm.remittance_text);
    pay.set("bank_line_id", pm.bank_line_id);
    for (const auto &a : pm.allocations) {
      if (a.kind != "payment" && a.kind != "discount" && a.kind != "deduction")
        throw error(ARX_E_INTERNAL, "allocation kind '" + a.kind + "' is not payment, discount or deduction");
      const auto r = read.find(a.open_item_id);
      if (r == read.end())
        throw error(ARX_E_INTERNAL, "open item " + std::to_string(a.open_item_id) + ": its open amount was not read");
      const int64_t id = allocation_ids[next_alloc++];
      out[i].allocation_ids.push_back(id);
      alloc.add_row();
      alloc.set("id", id);
      alloc.set("payment_id", payment_ids[i]);
      alloc.set("company_id", company_id);
      alloc.set("customer_id", pm.customer_id);
      alloc.set("open_item_id", a.open_item_id);
      alloc.set("value_date", pm.value_date);
      alloc.set("currency", pm.currency);
      alloc.set("amount", money_text(a.minor, pm.currency));
      alloc.set("kind", a.kind);
      alloc.set("bank_line_id", pm.bank_line_id);
      auto [pos, fresh] = items.try_emplace(a.open_item_id, settlement{r->second, 0, pm.currency});
      (void)fresh;
      pos->second.taken += a.minor;
    }
  }
  pay.execute();
  alloc.execute();
  settle(ctx, company_id, items, allocation_ids);
  return out;
}

}  // namespace

std::vector<booked_payment> apply_payments(db::context &ctx, int64_t company_id,
                                           const std::vector<payment> &payments, const items_read &read) {
  return book_payments(ctx, company_id, payments, read);
}

std::vector<int64_t> record_unapplied_cash(db::context &ctx, int64_t company_id,
                                           const std::vector<payment> &payments) {
  for (const auto &pm : payments)
    if (!pm.allocations.empty())
      throw error(ARX_E_INTERNAL, "unapplied cash has no allocations; apply_payments books those");
  std::vector<int64_t> ids;
  for (const auto &b : book_payments(ctx, company_id, payments, {})) ids.push_back(b.payment_id);
  return ids;
}

std::vector<booked_fee> book_fee_documents(db::context &ctx, int64_t company_id,
                                           const std::vector<fee_document> &docs) {
  std::vector<booked_fee> out(docs.size());
  if (docs.empty()) return out;
  // Ids and numbers of the documents: `ids.fee_invoice` returns both.
  std::vector<std::string> numbers;
  const auto invoice_ids = detail::allocate_ids(ctx, company_id, "fee_invoice", docs.size(), &numbers);
  for (size_t i = 0; i < docs.size(); ++i) out[i].invoice_id = invoice_ids[i], out[i].number = numbers[i];
  size_t n_lines = 0;
  for (const auto &d : docs) n_lines += d.lines.size();
  const auto line_ids = detail::allocate_ids(ctx, company_id, "invoice_line", n_lines);
  const auto item_ids = detail::allocate_ids(ctx, company_id, "open_item", docs.size());

  detail::statement_batch inv(ctx, "fee.invoice",
                              {"id", "company_id", "customer_id", "number", "payment_reference", "issue_date",
                               "due_date", "currency", "net_amount", "tax_amount", "gross_amount"});
  detail::statement_batch lines(ctx, "fee.line",
                                {"id", "invoice_id", "line_no", "description", "currency", "unit_price", "net_amount"});
  detail::statement_batch items(ctx, "fee.open_item",
                                {"id", "company_id", "customer_id", "invoice_id", "due_date", "currency",
                                 "original_amount", "open_amount"});
  size_t next_line = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    const fee_document &d = docs[i];
    int64_t total = 0;
    for (const auto &l : d.lines) total += l.minor;
    const std::string amount = money_text(total, d.currency);
    out[i].open_item_id = item_ids[i];
    inv.add_row();
    inv.set("id", out[i].invoice_id);
    inv.set("company_id", company_id);
    inv.set("customer_id", d.customer_id);
    inv.set("number", out[i].number);
    inv.set("payment_reference", out[i].number);
    inv.set("issue_date", d.issue_date);
    inv.set("due_date", d.due_date);
    inv.set("currency", d.currency);
    inv.set("net_amount", amount);
    inv.set("tax_amount", money_text(0, d.currency));
    inv.set("gross_amount", amount);
    int64_t line_no = 0;
    for (const auto &l : d.lines) {
      lines.add_row();
      lines.set("id", line_ids[next_line++]);
      lines.set("invoice_id", out[i].invoice_id);
      lines.set("line_no", ++line_no);
      lines.set("description", l.description);
      lines.set("currency", d.currency);
      lines.set("unit_price", money_text(l.minor, d.currency));
      lines.set("net_amount", money_text(l.minor, d.currency));
    }
    items.add_row();
    items.set("id", item_ids[i]);
    items.set("company_id", company_id);
    items.set("customer_id", d.customer_id);
    items.set("invoice_id", out[i].invoice_id);
    items.set("due_date", d.due_date);
    items.set("currency", d.currency);
    items.set("original_amount", amount);
    items.set("open_amount", amount);
  }
  inv.execute();
  lines.execute();
  items.execute();
  return out;
}

int64_t write_off(db::context &ctx, int64_t company_id, const write_off_request &request) {
  const std::string amount = money_text(request.minor, request.currency);
  const auto ids = detail::allocate_ids(ctx, company_id, "allocation", 1);
  detail::statement_batch alloc(ctx, "write_off.allocation", {"id", "company_id", "open_item_id", "currency", "amount"});
  alloc.add_row();
  alloc.set("id", ids[0]);
  alloc.set("company_id", company_id);
  alloc.set("open_item_id", request.open_item_id);
  alloc.set("currency", request.currency);
  alloc.set("amount", amount);
  alloc.execute();
  std::map<int64_t, settlement> items;
  items[request.open_item_id] =
      settlement{{request.open_minor, core::currency_exponent(request.currency)}, request.minor, request.currency};
  settle(ctx, company_id, items, ids);
  return ids[0];
}

std::vector<reversed_allocation> reverse_application(db::context &ctx, int64_t company_id, int64_t payment_id,
                                                     const std::vector<int64_t> &allocation_ids) {
  std::vector<reversed_allocation> all;
  std::vector<std::string> currencies;
  detail::query(ctx, "reverse.allocations", {p("company_id", company_id), p("payment_id", payment_id)}, 5,
                [&](const db::text_rows &r) {
                  all.push_back({r.integer(0), r.integer(1), r.text(2), r.text(3)});
                  currencies.push_back(r.text(4));
                });
  std::vector<reversed_allocation> out;
  std::vector<std::string> out_ccy;
  const std::set<int64_t> wanted(allocation_ids.begin(), allocation_ids.end());
  for (size_t i = 0; i < all.size(); ++i)
    if (wanted.empty() || wanted.count(all[i].allocation_id)) {
      out.push_back(all[i]);
      out_ccy.push_back(currencies[i]);
    }
  for (int64_t id : wanted) {
    const bool found = std::any_of(out.begin(), out.end(), [&](const auto &a) { return a.allocation_id == id; });
    if (!found)
      throw error(ARX_E_NOT_FOUND, "allocation " + std::to_string(id) + " is not one of payment " +
                                       std::to_string(payment_id) + " in the ERP");
  }
  if (out.empty()) return out;
  detail::statement_batch back(ctx, "reverse.settle",
                               {"allocation_id", "payment_id", "company_id", "open_item_id", "currency", "amount"});
  detail::statement_batch remove(ctx, "reverse.remove", {"allocation_id", "payment_id", "company_id"});
  for (size_t i = 0; i < out.size(); ++i) {
    back.add_row();
    back.set("allocation_id", out[i].allocation_id);
    back.set("payment_id", payment_id);
    back.set("company_id", company_id);
    back.set("open_item_id", out[i].open_item_id);
    back.set("currency", out_ccy[i]);
    back.set("amount", out[i].amount);
    remove.add_row();
    remove.set("allocation_id", out[i].allocation_id);
    remove.set("payment_id", payment_id);
    remove.set("company_id", company_id);
  }
  back.execute();
  remove.execute();
  return out;
}

void record_payment_reference(db::context &ctx, int64_t company_id, int64_t invoice_id, const std::string &reference) {
  detail::execute(ctx, "delivery.set_payment_reference",
                  {p("company_id", company_id), p("invoice_id", invoice_id), p("reference", reference)});
}

}  // namespace arx::erp
