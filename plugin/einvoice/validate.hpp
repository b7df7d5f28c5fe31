// The validate hook: what would stop an invoice from becoming a valid document
// for the channels its customer receives it through, before the ERP posts it.
// Each finding names the field (EN 16931 business term), the rule and, where
// the rule belongs to one channel, that channel; rules of channels the
// customer does not use never block.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "einvoice/from_erp.hpp"

namespace arx::einvoice {

struct finding {
  bool blocking = true;      // error (blocks posting) or warning
  std::string field;         // "BT-49 buyer electronic address"
  std::string rule;          // "PEPPOL-EN16931-R010"
  std::string channel;       // "" for every channel, else peppol, xrechnung, email, print, portal
  std::string message;
};

// Checks a document read from the ERP for `channels`. The document's totals
// are computed here (a difference to the ERP's stored totals is a finding).
std::vector<finding> check_document(erp_document &e, const std::vector<std::string> &channels);

// The hook itself (the customer's fallback chain, the JSON) is
// delivery::validate_invoice.


}  // namespace arx::einvoice
