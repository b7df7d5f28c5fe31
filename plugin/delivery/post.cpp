#include "delivery/post.hpp"

#include <algorithm>

#include "config/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "delivery/message.hpp"
#include "einvoice/cii.hpp"
#include "einvoice/compute.hpp"
#include "core/rf_reference.hpp"
#include "einvoice/ubl.hpp"
#include "einvoice/validate.hpp"
#include "erp/booking.hpp"
#include "erp/company.hpp"
#include "pdf/invoice_pdf.hpp"

namespace arx::delivery {

using nlohmann::json;

namespace {

// A document number as a file name: letters, digits, '-', '_' and '.' stay,
// anything else becomes '_'.
std::string file_stem(const std::string &number) {
  std::string s;
  for (unsigned char c : number) s += std::isalnum(c) || c == '-' || c == '_' || c == '.' ? static_cast<char>(c) : '_';
  return s.empty() ? "document" : s;
}

json findings_json(const std::vector<einvoice::finding> &found) {
  json list = json::array();
  for (const auto &f : found)
    list.push_back({{"severity", f.blocking ? "error" : "warning"},
                    {"field", f.field},
                    {"rule", f.rule},
                    {"channel", f.channel.empty() ? json(nullptr) : json(f.channel)},
                    {"message", f.message}});
  return list;
}

// The text of an invoice e-mail in the customer's language.
struct mail_text {
  std::string subject, body;
};

mail_text invoice_mail_text(const einvoice::document &d, const std::string &language) {
  const bool credit = d.type == einvoice::document_type::credit_note;
  const int exponent = core::currency_exponent(d.currency);
  const std::string amount = core::format_minor(d.sums.payable, exponent) + " " + d.currency;
  const std::string due = d.due_date ? core::format_date(*d.due_date) : "";
  const std::string ref = d.payment.remittance ? core::format_rf_reference(*d.payment.remittance) : "";
  mail_text t;
  if (language == "de") {
    t.subject = std::string(credit ? "Gutschrift " : "Rechnung ") + d.number + " von " + d.seller.name;
    t.body = "Guten Tag,\n\nanbei erhalten Sie unsere " + std::string(credit ? "Gutschrift " : "Rechnung ") + d.number +
             " über " + amount + ".\n";
    if (!credit && !due.empty()) t.body += "Bitte zahlen Sie bis " + due + " mit der Referenz " + ref + ".\n";
    t.body += "\nMit freundlichen Grüßen\n" + d.seller.name + "\n";
  } else if (language == "nl") {
    t.subject = std::string(credit ? "Creditnota " : "Factuur ") + d.number + " van " + d.seller.name;
    t.body = "Geachte heer, mevrouw,\n\nHierbij ontvangt u onze " + std::string(credit ? "creditnota " : "factuur ") +
             d.number + " van " + amount + ".\n";
    if (!credit && !due.empty()) t.body += "Gelieve te betalen vóór " + due + " met kenmerk " + ref + ".\n";
    t.body += "\nMet vriendelijke groet,\n" + d.seller.name + "\n";
  } else {
    t.subject = std::string(credit ? "Credit note " : "Invoice ") + d.number + " from " + d.seller.name;
    t.body = "Dear customer,\n\nplease find attached our " + std::string(credit ? "credit note " : "invoice ") +
             d.number + " for " + amount + ".\n";
    if (!credit && !due.empty()) t.body += "Please pay by " + due + " quoting the reference " + ref + ".\n";
    t.body += "\nKind regards\n" + d.seller.name + "\n";
  }
  return t;
}

std::string postal_line(const einvoice::party &p) {
  std::string s = p.name;
  for (const auto &part : {p.street, p.postcode, p.city})
    if (part && !part->empty()) s += ", " + *part;
  if (!p.country.empty()) s += ", " + p.country;
  return s;
}

}  // namespace

std::string document_language(db::context &ctx, const std::string &company_code,
                              const std::optional<std::string> &customer_language) {
  if (customer_language) {
    std::string l = customer_language->substr(0, 2);
    std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (l == "de" || l == "en" || l == "nl") return l;
  }
  return config::get(ctx, company_code, "general.default_language").value;
}

channel_output make_channel_output(db::context &ctx, const std::string &company_code, int64_t company_id,
                                   einvoice::erp_document &e, const std::string &channel, const preference &pref,
                                   const std::string &language) {
  using einvoice::specification;
  auto &d = e.doc;
  channel_output out;
  const std::string stem = file_stem(d.number);
  const owner invoice{company_id, e.invoice_id, e.customer_number, d.number};
  auto add = [&](std::string role, std::string format, std::string filename, std::string type, std::string data) {
    out.documents.push_back(document_for(invoice, std::move(role), std::move(format), std::move(filename),
                                         std::move(type), std::move(data)));
  };
  auto xml = [&](specification spec, bool cii) {
    d.spec = spec;
    return cii ? einvoice::write_cii(d) : einvoice::write_ubl(d);
  };
  if (channel == "peppol") {
    add("invoice", "ubl", stem + ".xml", "application/xml", xml(specification::peppol_bis3, false));
    out.recipient = d.buyer.endpoint ? d.buyer.endpoint->scheme + ":" + d.buyer.endpoint->id : "";
  } else if (channel == "xrechnung") {
    const bool cii = config::get(ctx, company_code, "invoice.xrechnung_syntax").value == "cii";
    add("invoice", cii ? "xrechnung-cii" : "xrechnung-ubl", stem + "-xrechnung.xml", "application/xml",
        xml(specification::xrechnung_3, cii));
    out.recipient = d.buyer.endpoint ? d.buyer.endpoint->scheme + ":" + d.buyer.endpoint->id
                                     : d.buyer_reference.value_or("");
  } else if (channel == "email") {
    auto text = invoice_mail_text(d, language);
    std::string from = config::get(ctx, company_code, "delivery.from_address").value;
    if (from.empty()) from = d.seller.contact_email.value_or("");
    out.documents.push_back(message_document(invoice, {from, text.subject, text.body}));
    add("invoice", "pdf", stem + ".pdf", "application/pdf", pdf::render_invoice_pdf(d, language));
    if (pref.attach_xml) add("invoice", "cii", stem + ".xml", "application/xml", xml(specification::en16931, true));
    out.recipient = pref.email ? *pref.email : d.buyer.contact_email.value_or("");
  } else if (channel == "print") {
    add("invoice", "pdf", stem + ".pdf", "application/pdf", pdf::render_invoice_pdf(d, language));
    out.recipient = postal_line(d.buyer);
  } else if (channel == "portal") {
    add("invoice", "pdf", stem + ".pdf", "application/pdf", pdf::render_invoice_pdf(d, language));
    add("invoice", "cii", stem + ".xml", "application/xml", xml(specification::en16931, true));
    out.recipient = e.customer_number;
  } else {
    throw error(ARX_E_INVALID_ARGUMENT, "unknown delivery channel '" + channel + "'");
  }
  return out;
}

size_t choose_channel(einvoice::erp_document &e, const std::vector<std::string> &chain, size_t from, json &skipped,
                      json &core) {
  core = json::array();
  skipped = json::array();
  std::vector<einvoice::finding> core_findings;
  for (const auto &f : einvoice::check_document(e, {}))
    if (f.blocking) core_findings.push_back(f);
  if (!core_findings.empty()) {
    core = findings_json(core_findings);
    return chain.size();
  }
  for (size_t i = from; i < chain.size(); ++i) {
    std::vector<einvoice::finding> own;
    for (const auto &f : einvoice::check_document(e, {chain[i]}))
      if (f.blocking && f.channel == chain[i]) own.push_back(f);
    if (own.empty()) return i;
    skipped.push_back({{"channel", chain[i]}, {"findings", findings_json(own)}});
  }
  return chain.size();
}

json job_json(const job &j) {
  return {{"id", j.id},
          {"key", j.key},
          {"reference", j.reference},
          {"customer_number", j.customer_number},
          {"purpose", j.purpose},
          {"generation", j.generation},
          {"channel", j.channel},
          {"fallback", j.fallback},
          {"recipient", j.recipient},
          {"state", j.state},
          {"attempts", j.attempts},
          {"next_attempt_at", core::instant_text(j.next_attempt_at)},
          {"last_error", j.last_error.empty() ? json(nullptr) : json(j.last_error)},
          {"proof", j.proof.empty() ? json(nullptr) : json(j.proof)},
          {"sent_at", j.sent_at ? json(core::instant_text(*j.sent_at)) : json(nullptr)}};
}

json post_invoice(db::context &ctx, const std::string &company_code, int64_t invoice_id, const std::string &number,
                  instant now) {
  const auto company = erp::find_company(ctx, company_code);
  std::string n = number;
  if (invoice_id != 0) {
    long long id = invoice_id, cid = company.id;
    soci::indicator ind = soci::i_ok;
    ctx.sql() << ctx.profile().sql("einvoice.number_by_id"), soci::use(cid, "company_id"), soci::use(id, "invoice_id"),
        soci::into(n, ind);
    if (!ctx.sql().got_data() || ind == soci::i_null)
      throw error(ARX_E_NOT_FOUND, "no invoice with id " + std::to_string(invoice_id) + " in company " + company_code);
  }
  auto e = einvoice::read_document(ctx, company_code, n, einvoice::specification::peppol_bis3);
  if (e.state != "posted")
    throw error(ARX_E_INVALID_ARGUMENT, "invoice " + n + " of company " + company_code + " is '" + e.state +
                                            "': arx delivers an invoice after the ERP has posted it");
  const std::string key = company.code + "/" + std::to_string(e.invoice_id) + "/post";
  json out = {{"invoice", n}, {"company", company_code}};
  auto already = [&](const job &j) {
    out["status"] = "already_posted";
    out["channel"] = j.channel;
    out["job"] = job_json(j);
    json docs = json::array();
    for (const auto &s : job_documents(ctx, j.id, false))
      docs.push_back({{"id", s.id}, {"format", s.format}, {"filename", s.filename}, {"size", s.size}, {"sha256", s.sha256}});
    out["documents"] = docs;
    return out;
  };
  if (auto j = find_job(ctx, key)) return already(*j);

  const auto pref = preference_for(ctx, company.id, company_code, e.customer_number);
  // Every invoice arx posts carries an ISO 11649 RF creditor reference (cash
  // application matches it); another reference the ERP holds is replaced.
  const bool store_reference = !e.doc.payment.remittance || !core::is_valid_rf_reference(*e.doc.payment.remittance);
  if (store_reference)
    e.doc.payment.remittance = core::make_rf_reference(core::rf_payload_from_number(e.doc.number));
  json skipped, core;
  const size_t chosen = choose_channel(e, pref.chain, 0, skipped, core);
  out["channels"] = pref.chain;
  out["skipped"] = skipped;
  if (chosen == pref.chain.size()) {
    out["status"] = "blocked";
    json all = core;
    for (const auto &s : skipped)
      for (const auto &f : s.at("findings")) all.push_back(f);
    out["findings"] = all;
    return out;
  }
  const std::string &channel = pref.chain[chosen];
  const std::string language = document_language(ctx, company_code, e.language);
  auto output = make_channel_output(ctx, company_code, company.id, e, channel, pref, language);

  job j = job_for({company.id, e.invoice_id, e.customer_number, n}, "invoice", key, 1, channel,
                  join_chain(pref.chain, chosen + 1), output.recipient, now);
  json docs = json::array();
  try {
    soci::transaction tx(ctx.sql());
    if (store_reference) {
      erp::record_payment_reference(ctx, company.id, e.invoice_id, *e.doc.payment.remittance);
    }
    std::vector<int64_t> ids;
    for (const auto &d : output.documents) {
      auto s = put_document(ctx, d);
      ids.push_back(s.id);
      docs.push_back({{"id", s.id}, {"format", s.format}, {"filename", s.filename}, {"size", s.size}, {"sha256", s.sha256}});
    }
    std::string detail = "posted; channel " + channel + " (" + pref.source + " preference " + join_chain(pref.chain) + ")";
    for (const auto &s : skipped) detail += "; skipped " + s.at("channel").get<std::string>();
    j.id = enqueue(ctx, j, ids, now, detail);
    tx.commit();
  } catch (const soci::soci_error &) {
    // Another host posted the same invoice at the same moment: its job won
    // the unique key; report that one.
    if (auto other = find_job(ctx, key)) return already(*other);
    throw;
  }
  j.state = "queued";
  out["status"] = "queued";
  out["channel"] = channel;
  out["payment_reference"] = *e.doc.payment.remittance;
  out["job"] = job_json(j);
  out["documents"] = docs;
  ctx.log(ARX_LOG_INFO, "posted " + n + " of " + company_code + ": " + channel + " job " + std::to_string(j.id));
  return out;
}

json validate_invoice(db::context &ctx, const std::string &company_code, const std::string &number) {
  const auto company = erp::find_company(ctx, company_code);
  json out = {{"invoice", number}, {"company", company_code}};
  json findings = json::array();
  size_t blocking = 0, warnings = 0;
  auto add = [&](json f, bool block) {
    f["severity"] = block ? "error" : "warning";
    (block ? blocking : warnings) += 1;
    findings.push_back(std::move(f));
  };
  try {
    auto e = einvoice::read_document(ctx, company_code, number, einvoice::specification::peppol_bis3);
    const auto pref = preference_for(ctx, company.id, company_code, e.customer_number);
    out["customer_number"] = e.customer_number;
    out["channels"] = pref.chain;
    if (!e.doc.payment.remittance)
      e.doc.payment.remittance = core::make_rf_reference(core::rf_payload_from_number(e.doc.number));
    json skipped, core;
    const size_t chosen = choose_channel(e, pref.chain, 0, skipped, core);
    for (const auto &f : core) add(f, true);
    if (!core.empty())
      // The document cannot go out at all; the clerk sees every channel's
      // problems at once rather than one round of corrections per channel.
      for (const auto &ch : pref.chain)
        for (const auto &f : einvoice::check_document(e, {ch}))
          if (f.blocking && f.channel == ch) add(findings_json({f}).at(0), true);
    const bool usable = chosen < pref.chain.size();
    out["channel"] = usable ? json(pref.chain[chosen]) : json(nullptr);
    for (const auto &s : skipped)
      for (auto f : s.at("findings")) {
        if (usable)
          f["message"] = f.at("message").get<std::string>() + " (the invoice goes out by " + pref.chain[chosen] +
                         " instead)";
        add(f, !usable);
      }
    if (core.empty() && usable)
      for (const auto &f : einvoice::check_document(e, {pref.chain[chosen]}))
        if (!f.blocking) add(findings_json({f}).at(0), false);
  } catch (const arx::error &err) {
    // Data the document cannot be read without (no lines, no customer name,
    // ...): one blocking finding with the reader's message.
    if (err.status() != ARX_E_VALIDATION) throw;
    add({{"field", "invoice data"}, {"rule", "arx"}, {"channel", nullptr}, {"message", err.what()}}, true);
    if (!out.contains("channels")) out["channels"] = json::array();
    out["channel"] = nullptr;
  }
  out["blocking"] = blocking;
  out["warnings"] = warnings;
  out["findings"] = findings;
  return out;
}

}  // namespace arx::delivery
