// The analytics() function of the ABI: one action by name with its
// parameters as a JSON object (docs/KPIS.md lists every action and key).
#pragma once

#include <string>

#include "db/context.hpp"

namespace arx::analytics {

// The action's result: JSON text, or for "dashboard" the HTML page.
// ARX_E_INVALID_ARGUMENT for an unknown action or a bad parameter (named).
std::string analytics_action(db::context &ctx, const std::string &company, const std::string &action,
                             const std::string &params);

}  // namespace arx::analytics
