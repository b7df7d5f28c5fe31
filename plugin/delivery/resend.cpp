#include "delivery/resend.hpp"

#include "core/error.hpp"
#include "delivery/post.hpp"
#include "delivery/preference.hpp"
#include "einvoice/from_erp.hpp"
#include "core/rf_reference.hpp"
#include "erp/company.hpp"

namespace arx::delivery {

using nlohmann::json;

namespace {

struct invoice_ref {
  int64_t id = 0;
  std::string customer_number;
};

invoice_ref find_invoice(db::context &ctx, const std::string &company_code, const std::string &number) {
  auto e = einvoice::read_document(ctx, company_code, number, einvoice::specification::peppol_bis3);
  return {e.invoice_id, e.customer_number};
}

}  // namespace

json resend_invoice(db::context &ctx, const std::string &company_code, const std::string &number,
                    const std::optional<std::string> &channel, const std::optional<std::string> &recipient,
                    instant now) {
  const auto company = erp::find_company(ctx, company_code);
  auto inv = find_invoice(ctx, company_code, number);
  long long c = company.id, i = inv.id;
  std::vector<job> jobs;
  {
    soci::rowset<long long> rows = (ctx.sql().prepare << "SELECT id FROM arx_delivery_job WHERE company_id = :c AND "
                                                         "invoice_id = :i ORDER BY id",
                                    soci::use(c), soci::use(i));
    std::vector<long long> ids(rows.begin(), rows.end());
    for (long long id : ids) jobs.push_back(*load_job(ctx, id));
  }
  if (jobs.empty())
    throw error(ARX_E_INVALID_ARGUMENT, "invoice " + number + " of company " + company_code +
                                            " has not been posted through arx: post it first ('arx invoice post')");
  int generation = 1;
  const job *base = nullptr;
  for (const auto &j : jobs) {
    generation = std::max(generation, j.generation);
    if (j.purpose == "resend" && (j.state == "queued" || j.state == "claimed" || j.state == "sending"))
      throw error(ARX_E_CONFLICT, "a resend of invoice " + number + " is still pending (job " + std::to_string(j.id) +
                                      ", " + j.state + "): it is not queued twice");
    if (j.state == "sent") base = &j;
  }
  if (!base) base = &jobs.back();
  const std::string ch = channel ? *channel : base->channel;
  parse_chain(ch, "resend channel");
  ++generation;

  std::vector<int64_t> documents;
  std::string to = base->recipient;
  if (ch == base->channel) {
    for (const auto &d : job_documents(ctx, base->id, false))
      if (d.role != "attachment") documents.push_back(d.id);
  } else {
    auto e = einvoice::read_document(ctx, company_code, number, einvoice::specification::peppol_bis3);
    if (!e.doc.payment.remittance)
      e.doc.payment.remittance = core::make_rf_reference(core::rf_payload_from_number(e.doc.number));
    json skipped, core;
    if (choose_channel(e, {ch}, 0, skipped, core) != 0) {
      json f = core.empty() ? skipped.at(0).at("findings") : core;
      throw error(ARX_E_VALIDATION, "invoice " + number + " cannot go out by " + ch + ": " +
                                        f.at(0).at("field").get<std::string>() + " (" +
                                        f.at(0).at("rule").get<std::string>() + "): " +
                                        f.at(0).at("message").get<std::string>());
    }
    auto pref = preference_for(ctx, company.id, company_code, inv.customer_number);
    auto out = make_channel_output(ctx, company_code, company.id, e, ch, pref,
                                   document_language(ctx, company_code, e.language));
    to = out.recipient;
    soci::transaction tx(ctx.sql());
    for (const auto &d : out.documents) documents.push_back(put_document(ctx, d).id);
    tx.commit();
  }
  {
    soci::rowset<long long> rows = (ctx.sql().prepare << "SELECT id FROM arx_document WHERE company_id = :c AND "
                                                         "invoice_id = :i AND role = 'attachment' ORDER BY id",
                                    soci::use(c), soci::use(i));
    for (long long id : rows) documents.push_back(id);
  }
  if (recipient) to = *recipient;
  job j = job_for({company.id, inv.id, inv.customer_number, number}, "resend",
                  company.code + "/" + std::to_string(inv.id) + "/resend/" + std::to_string(generation), generation,
                  ch, "", to, now);
  soci::transaction tx(ctx.sql());
  j.id = enqueue(ctx, j, documents, now, "resend requested by " + ctx.user() + " (generation " +
                                            std::to_string(generation) + ", after job " + std::to_string(base->id) + ")");
  tx.commit();
  j.state = "queued";
  json docs = json::array();
  for (const auto &d : job_documents(ctx, j.id, false))
    docs.push_back({{"id", d.id}, {"role", d.role}, {"filename", d.filename}, {"sha256", d.sha256}});
  return {{"invoice", number}, {"company", company_code}, {"status", "queued"}, {"job", job_json(j)},
          {"documents", docs}};
}

json attach_to_invoice(db::context &ctx, const std::string &company_code, const std::string &number,
                       const std::string &filename, const std::string &content_type, std::string data) {
  constexpr size_t max_size = 20u << 20;
  if (data.size() > max_size)
    throw error(ARX_E_INVALID_ARGUMENT, "attachment '" + filename + "' has " + std::to_string(data.size()) +
                                            " bytes; at most 20 MiB are stored with an invoice");
  if (filename.empty() || filename.size() > 200 || filename.find('/') != std::string::npos ||
      filename.find('\\') != std::string::npos || filename[0] == '.')
    throw error(ARX_E_INVALID_ARGUMENT, "attachment file name '" + filename +
                                            "' must be 1 to 200 bytes without '/', '\\' or a leading '.'");
  const auto company = erp::find_company(ctx, company_code);
  auto inv = find_invoice(ctx, company_code, number);
  const new_document d = document_for({company.id, inv.id, inv.customer_number, number}, "attachment", "file", filename,
                                      content_type.empty() ? "application/octet-stream" : content_type,
                                      std::move(data));
  soci::transaction tx(ctx.sql());
  auto s = put_document(ctx, d);
  tx.commit();
  return {{"invoice", number}, {"company", company_code},
          {"attachment", {{"id", s.id}, {"filename", s.filename}, {"content_type", s.content_type},
                          {"size", s.size}, {"sha256", s.sha256}}}};
}

}  // namespace arx::delivery
