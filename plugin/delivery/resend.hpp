// Re-delivering an invoice a customer says it never received, and the files
// stored with an invoice (a proof of delivery, a signed delivery note) that a
// resend carries along.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "delivery/outbox.hpp"
#include "db/context.hpp"

namespace arx::delivery {

// Queues a new generation of the invoice's delivery: the same documents
// (byte for byte) through the same channel, or freshly generated ones for
// another channel, plus every stored attachment. Refused with ARX_E_CONFLICT
// while an earlier resend of the invoice is still pending (a second click
// never sends twice) and with ARX_E_INVALID_ARGUMENT for an invoice arx has
// not posted.
nlohmann::json resend_invoice(db::context &ctx, const std::string &company_code, const std::string &number,
                              const std::optional<std::string> &channel, const std::optional<std::string> &recipient,
                              instant now);

// Stores a file with an invoice. At most 20 MiB.
nlohmann::json attach_to_invoice(db::context &ctx, const std::string &company_code, const std::string &number,
                                 const std::string &filename, const std::string &content_type, std::string data);

}  // namespace arx::delivery
