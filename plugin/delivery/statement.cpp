#include "delivery/statement.hpp"

#include <array>
#include <set>

#include "config/store.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "delivery/message.hpp"
#include "delivery/post.hpp"
#include "delivery/preference.hpp"
#include "erp/company.hpp"
#include "erp/reads.hpp"
#include "pdf/statement_pdf.hpp"

namespace arx::delivery {

using nlohmann::json;

namespace {

struct built {
  pdf::statement s;
  std::string language;
  std::string email;
  std::string from;
};

built build(db::context &ctx, const std::string &company_code, const std::string &customer_number,
            core::date as_of, const std::string &currency) {
  const auto company = erp::find_company(ctx, company_code);
  const auto customer = erp::find_customer(ctx, company.id, customer_number);
  if (!customer) throw error(ARX_E_NOT_FOUND, "no customer " + customer_number + " in company " + company_code);
  long long cid = company.id, customer_id = customer->id;
  built b;
  const erp::company_party s = erp::company_party_of(ctx, company.id);
  b.s.seller.name = s.name.value_or("");
  b.s.seller.vat_id = s.vat_id;
  b.s.iban = s.iban;
  b.s.bic = s.bic;
  b.s.seller.street = s.street;
  b.s.seller.city = s.city;
  b.s.seller.postcode = s.postcode;
  b.s.seller.country = s.country.value_or("");
  b.s.seller.contact_email = s.email;
  b.s.seller.contact_phone = s.phone;
  b.s.seller.contact_name = s.contact_name;
  const erp::customer_party c = erp::customer_party_of(ctx, customer_id).value_or(erp::customer_party{});
  b.s.customer_number = customer_number;
  b.s.customer.name = c.name.value_or("");
  b.s.customer.country = c.country.value_or("");
  b.s.customer.vat_id = c.vat_id;
  b.email = c.email.value_or("");
  b.language = document_language(ctx, company_code, c.language);
  b.s.customer.street = c.street;
  b.s.customer.city = c.city;
  b.s.customer.postcode = c.postcode;
  b.s.as_of = as_of;
  b.from = config::get(ctx, company_code, "delivery.from_address").value;
  if (b.from.empty()) b.from = b.s.seller.contact_email.value_or("");

  // Open items, set-based.
  constexpr size_t cap = 100000;
  std::vector<std::string> number(cap), kind(cap), issue(cap), due(cap), original(cap), open(cap), ccy(cap);
  std::vector<soci::indicator> due_ind(cap);
  ctx.sql() << ctx.profile().sql("delivery.statement_items"), soci::use(cid, "company_id"),
      soci::use(customer_id, "customer_id"), soci::into(number), soci::into(kind), soci::into(issue),
      soci::into(due, due_ind), soci::into(original), soci::into(open), soci::into(ccy);
  std::set<std::string> currencies(ccy.begin(), ccy.end());
  std::string cur = currency;
  if (cur.empty()) {
    if (currencies.size() > 1) {
      std::string list;
      for (const auto &x : currencies) list += (list.empty() ? "" : ", ") + x;
      throw error(ARX_E_INVALID_ARGUMENT, "customer " + customer_number + " has open items in " + list +
                                              ": name the currency of the statement");
    }
    cur = currencies.empty() ? company.currency : *currencies.begin();
  }
  b.s.currency = cur;
  const int exponent = core::currency_exponent(cur);
  for (size_t i = 0; i < number.size(); ++i) {
    if (ccy[i] != cur) continue;
    pdf::statement_item it;
    it.number = number[i];
    it.kind = kind[i];
    it.issue_date = core::parse_date(issue[i]);
    if (due_ind[i] != soci::i_null && !due[i].empty()) it.due_date = core::parse_date(due[i]);
    it.original_amount = core::parse_minor(original[i], exponent, core::excess_digits::round);
    it.open_amount = core::parse_minor(open[i], exponent, core::excess_digits::round);
    it.days_overdue = it.due_date ? core::days_between(*it.due_date, as_of) : 0;
    b.s.items.push_back(std::move(it));
  }
  return b;
}

}  // namespace

std::string statement_pdf(db::context &ctx, const std::string &company_code, const std::string &customer_number,
                          core::date as_of, const std::string &currency) {
  auto b = build(ctx, company_code, customer_number, as_of, currency);
  return pdf::render_statement_pdf(b.s, b.language);
}

json send_statement(db::context &ctx, const std::string &company_code, const std::string &customer_number,
                    core::date as_of, const std::string &currency, instant now) {
  const auto company = erp::find_company(ctx, company_code);
  auto b = build(ctx, company_code, customer_number, as_of, currency);
  const std::string date = core::format_date(as_of);
  const std::string key = company.code + "/statement/" + customer_number + "/" + date + "/" + b.s.currency;
  json out = {{"company", company_code}, {"customer_number", customer_number}, {"as_of", date},
              {"currency", b.s.currency}, {"items", b.s.items.size()}};
  if (auto j = find_job(ctx, key)) {
    out["status"] = "already_queued";
    out["job"] = job_json(*j);
    return out;
  }
  auto pref = preference_for(ctx, company.id, company_code, customer_number);
  const std::string to = pref.email ? *pref.email : b.email;
  if (to.empty())
    throw error(ARX_E_VALIDATION, "customer " + customer_number + " has no e-mail address (BT-58 / delivery "
                                                                  "preference): the statement cannot be sent");
  if (b.from.empty())
    throw error(ARX_E_CONFIG, "no sender address: set delivery.from_address or the company's e-mail");
  std::string subject, body;
  if (b.language == "de") {
    subject = "Kontoauszug " + customer_number + " zum " + date + " - " + b.s.seller.name;
    body = "Guten Tag,\n\nanbei erhalten Sie Ihren Kontoauszug mit den offenen Posten zum " + date +
           ".\n\nMit freundlichen Grüßen\n" + b.s.seller.name + "\n";
  } else if (b.language == "nl") {
    subject = "Rekeningoverzicht " + customer_number + " per " + date + " - " + b.s.seller.name;
    body = "Geachte heer, mevrouw,\n\nHierbij ontvangt u uw rekeningoverzicht met de openstaande posten per " + date +
           ".\n\nMet vriendelijke groet,\n" + b.s.seller.name + "\n";
  } else {
    subject = "Statement of account " + customer_number + " as of " + date + " - " + b.s.seller.name;
    body = "Dear customer,\n\nplease find attached your statement of account with the items open on " + date +
           ".\n\nKind regards\n" + b.s.seller.name + "\n";
  }
  const owner statement{company.id, std::nullopt, customer_number, "statement " + date};
  auto doc = [&](std::string role, std::string format, std::string filename, std::string type, std::string data) {
    return document_for(statement, std::move(role), std::move(format), std::move(filename), std::move(type),
                        std::move(data));
  };
  const std::string pdf_bytes = pdf::render_statement_pdf(b.s, b.language);
  job j = job_for(statement, "statement", key, 1, "email", "", to, now);
  soci::transaction tx(ctx.sql());
  std::vector<int64_t> ids;
  ids.push_back(put_document(ctx, message_document(statement, {b.from, subject, body})).id);
  ids.push_back(put_document(ctx, doc("statement", "pdf", "statement-" + customer_number + "-" + date + ".pdf",
                                      "application/pdf", pdf_bytes)).id);
  j.id = enqueue(ctx, j, ids, now, "statement of account as of " + date);
  tx.commit();
  j.state = "queued";
  out["status"] = "queued";
  out["job"] = job_json(j);
  return out;
}

}  // namespace arx::delivery
