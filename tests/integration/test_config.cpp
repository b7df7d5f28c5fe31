// Admin configuration: typed, validated, per company, audited.
#include "config/store.hpp"
#include "fixture.hpp"
#include "json_checks.hpp"

namespace arx::test {

class config_store : public db_test {
protected:
  void SetUp() override {
    db_test::SetUp();
    install();
    ctx().sql() << "INSERT INTO erp_company (id, code, name, currency, country) VALUES (1, 'DE01', 'Muster GmbH', 'EUR', 'DE')";
    ctx().sql() << "INSERT INTO erp_company (id, code, name, currency, country) VALUES (2, 'NL01', 'Voorbeeld B.V.', 'EUR', 'NL')";
  }
};

TEST_F(config_store, defaults_then_levels) {
  auto v = config::get(ctx(), "DE01", "dunning.grace_days");
  EXPECT_EQ(v.value, "3");
  EXPECT_EQ(v.source, "built-in default");

  config::set(ctx(), "", "dunning.grace_days", std::string("7"), "policy 2026");
  v = config::get(ctx(), "DE01", "dunning.grace_days");
  EXPECT_EQ(v.value, "7");
  EXPECT_EQ(v.source, "all companies");

  config::set(ctx(), "DE01", "dunning.grace_days", std::string(" 10 "), "");
  EXPECT_EQ(config::get(ctx(), "DE01", "dunning.grace_days").value, "10");
  EXPECT_EQ(config::get(ctx(), "DE01", "dunning.grace_days").source, "company");
  EXPECT_EQ(config::get(ctx(), "NL01", "dunning.grace_days").value, "7");

  // Resetting the company value falls back to the default of all companies.
  config::set(ctx(), "DE01", "dunning.grace_days", std::nullopt, "back to policy");
  EXPECT_EQ(config::get(ctx(), "DE01", "dunning.grace_days").value, "7");
}

TEST_F(config_store, values_are_normalised) {
  config::set(ctx(), "DE01", "cashapp.open_dispute_on_short_payment", std::string("No"), "");
  EXPECT_EQ(config::get(ctx(), "DE01", "cashapp.open_dispute_on_short_payment").value, "false");
  config::set(ctx(), "DE01", "invoice.delivery_channels", std::string("Peppol, email ,print"), "");
  EXPECT_EQ(config::get(ctx(), "DE01", "invoice.delivery_channels").value, "peppol,email,print");
  config::set(ctx(), "DE01", "cashapp.short_payment_tolerance", std::string("2.5"), "");
  EXPECT_EQ(config::get(ctx(), "DE01", "cashapp.short_payment_tolerance").value, "2.50");
}

TEST_F(config_store, bad_values_are_refused_and_nothing_changes) {
  config::set(ctx(), "DE01", "dunning.grace_days", std::string("5"), "");
  long long audit_before = count("arx_config_audit");
  struct bad {
    const char *key;
    const char *value;
    const char *says;
  };
  for (auto b : {bad{"dunning.grace_days", "61", "an integer from 0 to 60"},
                 bad{"dunning.grace_days", "-1", "an integer from 0 to 60"},
                 bad{"dunning.grace_days", "ten", "not an integer"},
                 bad{"dunning.grace_days", "", "not an integer"},
                 bad{"cashapp.auto_apply_min_confidence", "1.5", "above the maximum"},
                 bad{"cashapp.auto_apply_min_confidence", "0.955", "at most 2 decimal places"},
                 bad{"cashapp.short_payment_tolerance", "1e3", "not a decimal number"},
                 bad{"cashapp.short_payment_tolerance", "-1.00", "below the minimum"},
                 bad{"cashapp.mode", "sometimes", "one of live, shadow"},
                 bad{"invoice.delivery_channels", "email,fax", "unknown entry 'fax'"},
                 bad{"invoice.delivery_channels", "email,email", "'email' repeated"},
                 bad{"cashapp.open_dispute_on_short_payment", "maybe", "true or false"}}) {
    std::string msg;
    EXPECT_EQ(status_of([&] { config::set(ctx(), "DE01", b.key, std::string(b.value), ""); }, &msg), ARX_E_CONFIG)
        << b.key << "=" << b.value;
    EXPECT_NE(msg.find(b.key), std::string::npos) << msg;
    EXPECT_NE(msg.find(b.says), std::string::npos) << msg;
  }
  EXPECT_EQ(config::get(ctx(), "DE01", "dunning.grace_days").value, "5");
  EXPECT_EQ(count("arx_config_audit"), audit_before);
}

TEST_F(config_store, amounts_follow_the_company_currency) {
  ctx().sql() << "INSERT INTO erp_company (id, code, name, currency, country) VALUES (3, 'JP01', 'Yen KK', 'JPY', 'JP')";
  config::set(ctx(), "JP01", "cashapp.short_payment_tolerance", std::string("500"), "");
  EXPECT_EQ(config::get(ctx(), "JP01", "cashapp.short_payment_tolerance").value, "500");
  std::string msg;
  EXPECT_EQ(status_of([&] { config::set(ctx(), "JP01", "cashapp.short_payment_tolerance", std::string("5.50"), ""); }, &msg),
            ARX_E_CONFIG);
  EXPECT_NE(msg.find("at most 0 decimal places"), std::string::npos) << msg;
  EXPECT_EQ(status_of([&] { config::set(ctx(), "DE01", "cashapp.short_payment_tolerance", std::string("5.505"), ""); }),
            ARX_E_CONFIG);
}

TEST_F(config_store, unknown_key_and_company_are_named) {
  std::string msg;
  EXPECT_EQ(status_of([&] { config::set(ctx(), "DE01", "dunning.grace_dayz", std::string("3"), ""); }, &msg), ARX_E_CONFIG);
  EXPECT_NE(msg.find("unknown configuration key 'dunning.grace_dayz'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("did you mean 'dunning.grace_days'"), std::string::npos) << msg;
  EXPECT_EQ(status_of([&] { config::get(ctx(), "XX99", "dunning.grace_days"); }, &msg), ARX_E_NOT_FOUND);
  EXPECT_NE(msg.find("XX99"), std::string::npos) << msg;
}

TEST_F(config_store, every_change_is_audited) {
  config::set(ctx(), "DE01", "cashapp.mode", std::string("shadow"), "trial month");
  config::set(ctx(), "DE01", "cashapp.mode", std::string("shadow"), "no change, no audit row");
  config::set(ctx(), "DE01", "cashapp.mode", std::string("live"), "trial passed");
  config::set(ctx(), "DE01", "cashapp.mode", std::nullopt, "");
  auto j = config::get_json(ctx(), "DE01", "cashapp.mode");
  const auto &h = j.at("history");
  ASSERT_EQ(h.size(), 3u) << j.dump();
  expect_fields(h[0], {{"new", nullptr}, {"old", "live"}, {"reason", nullptr}});
  expect_fields(h[1], {{"old", "shadow"}, {"new", "live"}, {"reason", "trial passed"}});
  EXPECT_TRUE(h[2].at("old").is_null());
  EXPECT_EQ(h[2].at("by"), "it-tester");
  EXPECT_FALSE(h[2].at("at").get<std::string>().empty());
}

TEST_F(config_store, list_shows_every_key_with_default_and_source) {
  config::set(ctx(), "", "dunning.grace_days", std::string("4"), "");
  config::set(ctx(), "NL01", "general.default_language", std::string("nl"), "");
  auto list = config::list_json(ctx(), "NL01");
  ASSERT_GE(list.size(), 5u);
  bool saw_grace = false, saw_lang = false;
  for (const auto &k : list) {
    // Settings that name a server, a folder or an address have no default:
    // empty means "not set", and what needs them says so.
    const std::string type = k.at("type");
    if (type != "url" && type != "path" && type != "email" && type != "text") {
      EXPECT_FALSE(k.at("default").get<std::string>().empty()) << k.dump();
    }
    EXPECT_FALSE(k.at("description").get<std::string>().empty()) << k.dump();
    if (k.at("key") == "dunning.grace_days") {
      saw_grace = true;
      expect_fields(k, {{"value", "4"}, {"source", "all companies"}, {"default", "3"}});
    }
    if (k.at("key") == "general.default_language") {
      saw_lang = true;
      EXPECT_EQ(k.at("value"), "nl");
      EXPECT_EQ(k.at("source"), "company");
    }
  }
  EXPECT_TRUE(saw_grace && saw_lang);
  // The other company sees only the default level.
  for (const auto &k : config::list_json(ctx(), "DE01")) {
    if (k.at("key") == "general.default_language") {
      EXPECT_EQ(k.at("source"), "built-in default");
    }
  }
}

}  // namespace arx::test
