// The invoice-posting hook: after the ERP posted an invoice or credit note,
// choose the customer's channel (the first of its fallback chain whose data is
// complete), generate that channel's documents and queue one delivery job, all
// in one transaction, never waiting on the network. Posting the same invoice
// again finds its job and changes nothing.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "delivery/outbox.hpp"
#include "delivery/preference.hpp"
#include "einvoice/from_erp.hpp"
#include "db/context.hpp"

namespace arx::delivery {

// The documents one channel delivers, generated from a document whose totals
// and payment reference are set, and who receives them.
struct channel_output {
  std::vector<new_document> documents;
  std::string recipient;
};

// Language of a customer's documents: its ERP language when arx writes it
// (de, en, nl), else the company's general.default_language.
std::string document_language(db::context &ctx, const std::string &company_code,
                              const std::optional<std::string> &customer_language);

channel_output make_channel_output(db::context &ctx, const std::string &company_code, int64_t company_id,
                                   einvoice::erp_document &e, const std::string &channel, const preference &pref,
                                   const std::string &language);

// The first channel of `chain` (from index `from`) the document can go out
// through: returns its index, or chain.size() when none; `skipped` receives
// why each earlier channel could not be used. Core EN 16931 findings (of no
// channel) are returned in `core`; when there are any, no channel is usable.
size_t choose_channel(einvoice::erp_document &e, const std::vector<std::string> &chain, size_t from,
                      nlohmann::json &skipped, nlohmann::json &core);

// The hook. Result: {"invoice","company","status":"queued"|"already_posted"|"blocked", "channel",
// "skipped":[...], "payment_reference", "job":{...}, "documents":[...], "findings":[...]}.
// "blocked" means nothing was written; the caller turns it into ARX_E_VALIDATION.
nlohmann::json post_invoice(db::context &ctx, const std::string &company_code, int64_t invoice_id,
                            const std::string &number, instant now);

nlohmann::json job_json(const job &j);

}  // namespace arx::delivery

namespace arx::delivery {

// The validate hook with the customer's fallback chain: core EN 16931
// findings block; a channel whose data is missing is reported as warnings
// when a later channel of the chain can take the invoice, and blocks only
// when no channel can. Result: {"invoice","company","customer_number",
// "channels","channel" (the one posting would use, or null),"blocking",
// "warnings","findings":[...]}.
nlohmann::json validate_invoice(db::context &ctx, const std::string &company_code, const std::string &number);

}  // namespace arx::delivery
