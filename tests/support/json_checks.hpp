// Checks on arx's JSON results shared by the unit and integration suites.
//
//   expect_fields(notice, {{"level", 2}, {"fee", "5.00"}, {"fee_invoice", nullptr}});
//
// compares each named field of an object with its expected value (a missing
// field reads as null), one expectation per field, so a failure names the key
// and shows the whole object.
#pragma once

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace arx::test {

inline const nlohmann::json &field_or_null(const nlohmann::json &object, const std::string &key) {
  static const nlohmann::json null;
  if (!object.is_object()) return null;
  const auto it = object.find(key);
  return it == object.end() ? null : *it;
}

inline void expect_fields(const nlohmann::json &actual, const nlohmann::json &expected) {
  for (const auto &[key, value] : expected.items())
    EXPECT_EQ(field_or_null(actual, key), value) << "field \"" << key << "\" of " << actual.dump();
}

}  // namespace arx::test
