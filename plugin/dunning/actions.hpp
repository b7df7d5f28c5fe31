// The collections actions of the ABI's collections() entry and the CLI:
// one name per action, its parameters as a JSON object, checked here with
// errors that name the key (docs/DUNNING.md lists them).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "db/context.hpp"

namespace arx::dunning {

nlohmann::json collections_action(db::context &ctx, const std::string &company, const std::string &action,
                                  const std::string &params);

}  // namespace arx::dunning
