#include "dunning/compose.hpp"

#include <array>

#include "config/store.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "db/company_lock.hpp"
#include "db/text_rows.hpp"
#include "db/uses.hpp"
#include "delivery/message.hpp"
#include "delivery/outbox.hpp"
#include "delivery/preference.hpp"
#include "dunning/render.hpp"
#include "dunning/stored.hpp"
#include "einvoice/compute.hpp"
#include "einvoice/from_erp.hpp"
#include "erp/reads.hpp"
#include "pdf/invoice_pdf.hpp"
#include "pdf/notice.hpp"

namespace arx::dunning {

using nlohmann::json;
using db::text_rows;

namespace {

constexpr size_t notices_per_transaction = 20;

struct loaded : stored_notice {
  int64_t id = 0;
};

loaded load_notice(db::context &ctx, int64_t id) {
  auto found = read_stored_notices(ctx, db::where().add("n.id = :id", {{"id", id}}), 10);
  if (found.empty()) throw error(ARX_E_NOT_FOUND, "no dunning notice " + std::to_string(id));
  loaded l;
  static_cast<stored_notice &>(l) = std::move(found.begin()->second);
  l.id = id;
  return l;
}

party_text seller_of(db::context &ctx, int64_t company_id) {
  const erp::company_party c = erp::company_party_of(ctx, company_id);
  party_text p;
  p.name = c.name.value_or("");
  p.vat_id = c.vat_id.value_or("");
  p.iban = c.iban.value_or("");
  p.bic = c.bic.value_or("");
  p.street = c.street.value_or("");
  p.city = c.city.value_or("");
  p.postcode = c.postcode.value_or("");
  p.country = c.country.value_or("");
  p.email = c.email.value_or("");
  p.phone = c.phone.value_or("");
  return p;
}

party_text customer_of(db::context &ctx, int64_t customer_id) {
  party_text p;
  const auto c = erp::customer_party_of(ctx, customer_id);
  if (!c) return p;
  p.name = c->name.value_or("");
  p.country = c->country.value_or("");
  p.vat_id = c->vat_id.value_or("");
  p.email = c->email.value_or("");
  p.street = c->street.value_or("");
  p.city = c->city.value_or("");
  p.postcode = c->postcode.value_or("");
  return p;
}

template_text template_for(db::context &ctx, int64_t company_id, const std::string &name,
                           const std::string &language) {
  long long cid = company_id;
  std::string subject, body;
  soci::indicator si = soci::i_null, bi = soci::i_null;
  ctx.sql() << "SELECT subject, body FROM arx_dunning_template WHERE company_id = :c AND name = :n AND language = :l",
      soci::into(subject, si), soci::into(body, bi), soci::use(cid, "c"), soci::use(name, "n"),
      soci::use(language, "l");
  if (ctx.sql().got_data() && si == soci::i_ok) return {subject, bi == soci::i_ok ? body : ""};
  return builtin_template(name, language);
}

// The PDF copy of an invoice: the one posted through arx, or rendered from
// the ERP once and stored with the invoice for the next reminders.
int64_t invoice_copy(db::context &ctx, const erp::company &company, const notice &n, const notice_item &i,
                     int &rendered) {
  long long cid = company.id, iid = *i.invoice_id, id = 0;
  soci::indicator ind = soci::i_null;
  ctx.sql() << "SELECT MAX(id) FROM arx_document WHERE company_id = :c AND invoice_id = :i AND format = 'pdf' "
               "AND role = 'invoice'",
      soci::into(id, ind), soci::use(cid, "c"), soci::use(iid, "i");
  if (ind == soci::i_ok && id) return id;
  auto e = einvoice::read_document(ctx, company.code, i.invoice_number, einvoice::specification::en16931);
  einvoice::compute_totals(e.doc);
  delivery::new_document d;
  d.company_id = company.id;
  d.invoice_id = *i.invoice_id;
  d.customer_number = n.customer_number;
  d.reference = i.invoice_number;
  d.role = "invoice";
  d.format = "pdf";
  d.filename = i.invoice_number + ".pdf";
  d.content_type = "application/pdf";
  d.data = pdf::render_invoice_pdf(e.doc, n.language);
  ++rendered;
  return delivery::put_document(ctx, d).id;
}

std::string postal(const party_text &p) {
  std::string s = p.name;
  for (const auto &part : {p.street, p.postcode + " " + p.city, p.country})
    if (!part.empty() && part != " ") s += ", " + part;
  return s;
}

std::string file_safe(std::string s) {
  for (char &c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) c = '_';
  return s;
}

struct counts {
  int composed = 0, emails = 0, letters = 0, calls = 0, copies = 0, copies_missing = 0;
};

void compose_one(db::context &ctx, const erp::company &company, const party_text &seller, const loaded &l,
                 int64_t now, counts &c) {
  const notice &n = l.n;
  const std::string date = core::format_date(n.as_of);
  auto &sql = ctx.sql();
  long long nid = l.id;
  if (n.channel == "call") {
    ++c.calls;
  } else {
    const party_text customer = customer_of(ctx, n.customer_id);
    const rendered out = render_notice(n, template_for(ctx, company.id, n.template_name, n.language), seller, customer);
    const std::string reference = l.fee_invoice_number.empty() ? "notice " + std::to_string(l.id) : l.fee_invoice_number;
    auto doc = [&](std::string role, std::string format, std::string filename, std::string type, std::string data) {
      delivery::new_document d;
      d.company_id = company.id;
      d.customer_number = n.customer_number;
      d.reference = reference;
      d.role = std::move(role);
      d.format = std::move(format);
      d.filename = std::move(filename);
      d.content_type = std::move(type);
      d.data = std::move(data);
      return delivery::put_document(ctx, d).id;
    };
    const std::string stem = file_safe("reminder-" + n.customer_number + "-" + date);
    const int64_t letter = doc("notice", "pdf", stem + ".pdf", "application/pdf", out.letter_pdf);
    std::vector<int64_t> copies;
    for (const auto &i : n.items)
      if (i.invoice_id && i.kind != "fee" && i.open_amount > 0 && i.days_overdue > 0) {
        try {
          copies.push_back(invoice_copy(ctx, company, n, i, c.copies));
        } catch (const error &e) {
          // The reminder goes out without that copy rather than not at all.
          ctx.log(ARX_LOG_WARN, "dunning: no copy of invoice " + i.invoice_number + " for customer " +
                                    n.customer_number + ": " + e.what());
          ++c.copies_missing;
        }
      }

    const auto pref = delivery::preference_for(ctx, company.id, company.code, n.customer_number);
    const std::string email = pref.email ? *pref.email : customer.email;
    bool by_email = n.channel == "email" || n.channel == "both";
    bool by_letter = n.channel == "letter" || n.channel == "both";
    std::string note;
    if (by_email && email.empty()) {
      by_email = false;
      by_letter = true;
      note = " (no e-mail address: sent as a letter)";
    }
    auto queue = [&](const std::string &channel, const std::string &recipient, std::vector<int64_t> documents) {
      delivery::job j;
      j.company_id = company.id;
      j.customer_number = n.customer_number;
      j.reference = reference;
      j.purpose = "dunning";
      j.key = company.code + "/dunning/" + date + "/" + n.customer_number + "/" + n.currency + "/" + channel;
      j.channel = channel;
      j.recipient = recipient;
      j.next_attempt_at = now;
      if (delivery::find_job(ctx, j.key)) return;  // queued by an earlier attempt that got this far
      delivery::enqueue(ctx, j, documents, now,
                        "dunning notice level " + std::to_string(n.level) + " as of " + date + note);
    };
    if (by_email) {
      std::string from = config::get(ctx, company.code, "delivery.from_address").value;
      if (from.empty()) from = seller.email;
      const delivery::new_document text = delivery::message_document(
          {company.id, std::nullopt, n.customer_number, reference}, {from, out.subject, out.body});
      const int64_t message = doc(text.role, text.format, text.filename, text.content_type, text.data);
      std::vector<int64_t> docs = {message, letter};
      docs.insert(docs.end(), copies.begin(), copies.end());
      queue("email", email, docs);
      ++c.emails;
    }
    if (by_letter) {
      std::vector<int64_t> docs = {letter};
      docs.insert(docs.end(), copies.begin(), copies.end());
      queue("print", postal(customer), docs);
      ++c.letters;
    }
  }
  sql << "UPDATE arx_dunning_notice SET state = 'composed' WHERE id = :id AND state = 'decided'", soci::use(nid, "id");
  ++c.composed;
}

}  // namespace

json compose_notices(db::context &ctx, const erp::company &company, int64_t run_id, int64_t only_customer,
                     int64_t now, const std::function<void()> &before_commit) {
  std::vector<int64_t> ids;
  db::where where;
  where.add("run_id = :r AND state = 'decided'", {{"r", run_id}})
      .add_if(only_customer != 0, "customer_id = :cust", {{"cust", only_customer}});
  text_rows(1, 10000).run(ctx.sql(), "SELECT id FROM arx_dunning_notice WHERE " + where.text() + " ORDER BY id",
                          where.bind(), [&](const text_rows &t) { ids.push_back(t.integer(0)); });
  counts c;
  if (!ids.empty()) {
    const party_text seller = seller_of(ctx, company.id);
    for (size_t at = 0; at < ids.size(); at += notices_per_transaction) {
      ctx.progress("dunning notices", at, ids.size());
      soci::transaction tx(ctx.sql());
      db::lock_company(ctx, "arx_dunning_lock", company.id, now);
      for (size_t k = at; k < std::min(ids.size(), at + notices_per_transaction); ++k) {
        const loaded l = load_notice(ctx, ids[k]);
        if (l.state != "decided") continue;  // another host composed it meanwhile
        compose_one(ctx, company, seller, l, now, c);
      }
      if (before_commit) before_commit();
      tx.commit();
    }
  }
  return {{"composed", c.composed}, {"emails", c.emails}, {"letters", c.letters}, {"calls", c.calls},
          {"invoice_copies_rendered", c.copies}, {"invoice_copies_missing", c.copies_missing}};
}

}  // namespace arx::dunning
