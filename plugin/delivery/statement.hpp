// Statements of account: a customer's open items on a date, as a PDF in its
// language, on demand or sent by e-mail through the outbox (once per
// customer, date and currency, however often the scheduled job runs).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "delivery/outbox.hpp"
#include "db/context.hpp"

namespace arx::delivery {

// currency empty: the customer's only currency with open items (refused with
// ARX_E_INVALID_ARGUMENT naming them when there are several).
std::string statement_pdf(db::context &ctx, const std::string &company_code, const std::string &customer_number,
                          core::date as_of, const std::string &currency);

nlohmann::json send_statement(db::context &ctx, const std::string &company_code,
                              const std::string &customer_number, core::date as_of, const std::string &currency,
                              instant now);

}  // namespace arx::delivery
