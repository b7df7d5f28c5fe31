#include <gtest/gtest.h>

#include <set>

#include "config/registry.hpp"
#include "core/error.hpp"

namespace arx::config {

TEST(config_registry, every_default_is_valid_for_its_own_key) {
  std::set<std::string_view> seen;
  for (const auto &k : keys()) {
    EXPECT_TRUE(seen.insert(k.key).second) << "duplicate key " << k.key;
    EXPECT_EQ(normalize(k, k.default_value), std::string(k.default_value)) << k.key;
    EXPECT_FALSE(k.description.empty()) << k.key;
    EXPECT_NE(k.key.find('.'), std::string_view::npos) << "keys are capability.name: " << k.key;
  }
}

TEST(config_registry, normalisation_rules) {
  EXPECT_EQ(normalize(find_key("dunning.grace_days"), "007"), "7");
  EXPECT_EQ(normalize(find_key("dunning.base_rate_percent"), "-0.5"), "-0.50");
  EXPECT_EQ(normalize(find_key("cashapp.open_dispute_on_short_payment"), "ON"), "true");
  EXPECT_EQ(normalize(find_key("invoice.xrechnung_syntax"), " CII "), "cii");
  EXPECT_EQ(normalize(find_key("cashapp.short_payment_tolerance"), "0"), "0.00");
}

TEST(config_registry, refusals_name_the_key_and_what_is_allowed) {
  try {
    normalize(find_key("dunning.grace_days"), "99999999999999999999");
    FAIL();
  } catch (const error &e) {
    EXPECT_EQ(e.status(), ARX_E_CONFIG);
    EXPECT_NE(std::string(e.what()).find("'dunning.grace_days'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("allowed: an integer from 0 to 60"), std::string::npos) << e.what();
  }
  EXPECT_THROW(normalize(find_key("cashapp.auto_apply_min_confidence"), "."), error);
  EXPECT_THROW(normalize(find_key("cashapp.auto_apply_min_confidence"), "1."), error);
  EXPECT_THROW(normalize(find_key("cashapp.auto_apply_min_confidence"), "0.4"), error);
  EXPECT_THROW(normalize(find_key("invoice.delivery_channels"), "email,"), error);
  EXPECT_THROW(find_key(""), error);
}

}  // namespace arx::config
