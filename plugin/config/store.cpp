#include "config/store.hpp"

#include "config/registry.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "erp/company.hpp"
#include "db/transaction.hpp"

namespace arx::config {
namespace {

constexpr int64_t all_companies = 0;

int64_t company_id(db::context &ctx, std::string_view company) {
  return company.empty() ? all_companies : erp::find_company(ctx, company).id;
}

// Amount keys hold money in the company's currency, at its decimals; the level
// of all companies uses 2.
int amount_exponent(db::context &ctx, std::string_view company) {
  return company.empty() ? 2 : core::currency_exponent(erp::find_company(ctx, company).currency);
}

std::optional<std::string> stored(db::context &ctx, int64_t company, const std::string &key) {
  std::string value;
  soci::indicator ind = soci::i_ok;
  ctx.sql() << "SELECT value FROM arx_config WHERE company_id = :c AND config_key = :k", soci::use(company),
      soci::use(key), soci::into(value, ind);
  if (!ctx.sql().got_data() || ind == soci::i_null) return std::nullopt;
  return value;
}

effective_value resolve(db::context &ctx, int64_t company, const key_definition &def) {
  std::string key(def.key);
  if (company != all_companies)
    if (auto v = stored(ctx, company, key)) return {key, *v, "company"};
  if (auto v = stored(ctx, all_companies, key)) return {key, *v, "all companies"};
  return {key, std::string(def.default_value), "built-in default"};
}

nlohmann::json describe(const key_definition &def, const effective_value &v) {
  nlohmann::json j = {{"key", def.key},
                      {"value", v.value},
                      {"default", def.default_value},
                      {"source", v.source},
                      {"type", type_name(def.type)},
                      {"allowed", allowed_values(def)},
                      {"description", def.description}};
  return j;
}

}  // namespace

effective_value get(db::context &ctx, std::string_view company, std::string_view key) {
  const auto &def = find_key(key);
  return resolve(ctx, company_id(ctx, company), def);
}

void set(db::context &ctx, std::string_view company, std::string_view key,
         const std::optional<std::string> &value, std::string_view reason) {
  const auto &def = find_key(key);
  std::optional<std::string> normalized;
  if (value) normalized = normalize(def, *value, def.type == value_type::amount ? amount_exponent(ctx, company) : 2);
  const int64_t cid = company_id(ctx, company);
  const std::string k(def.key), user = ctx.user(), why(reason);

  db::write_transaction tx(ctx);
  auto old = stored(ctx, cid, k);
  if (old == normalized) {
    tx.rollback(); // nothing changes, nothing to audit
    return;
  }
  if (normalized) {
    ctx.sql() << "INSERT INTO arx_config (company_id, config_key, value, updated_at, updated_by) "
                 "VALUES (:c, :k, :v, CURRENT_TIMESTAMP, :u) "
                 "ON CONFLICT (company_id, config_key) DO UPDATE SET value = excluded.value, "
                 "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        soci::use(cid), soci::use(k), soci::use(*normalized), soci::use(user);
  } else {
    ctx.sql() << "DELETE FROM arx_config WHERE company_id = :c AND config_key = :k", soci::use(cid), soci::use(k);
  }
  soci::indicator old_ind = old ? soci::i_ok : soci::i_null, new_ind = normalized ? soci::i_ok : soci::i_null,
                  why_ind = why.empty() ? soci::i_null : soci::i_ok;
  std::string old_text = old.value_or(""), new_text = normalized.value_or("");
  ctx.sql() << "INSERT INTO arx_config_audit (company_id, config_key, old_value, new_value, changed_by, reason) "
               "VALUES (:c, :k, :o, :n, :u, :r)",
      soci::use(cid), soci::use(k), soci::use(old_text, old_ind), soci::use(new_text, new_ind), soci::use(user),
      soci::use(why, why_ind);
  tx.commit();
  ctx.log(ARX_LOG_INFO, "configuration " + k + (company.empty() ? "" : " for " + std::string(company)) + " set to " +
                            (normalized ? *normalized : "its default") + " by " + user);
}

nlohmann::json get_json(db::context &ctx, std::string_view company, std::string_view key) {
  const auto &def = find_key(key);
  const int64_t cid = company_id(ctx, company);
  nlohmann::json j = describe(def, resolve(ctx, cid, def));
  j["company"] = company.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(company));

  // The most recent changes of this key at this level, newest first.
  std::vector<std::string> old_v(20), new_v(20), by(20), at(20), why(20);
  std::vector<soci::indicator> old_i(20), new_i(20), why_i(20);
  std::string k(def.key);
  ctx.sql() << "SELECT old_value, new_value, changed_by, changed_at, reason FROM arx_config_audit "
               "WHERE company_id = :c AND config_key = :k ORDER BY id DESC",
      soci::use(cid), soci::use(k), soci::into(old_v, old_i), soci::into(new_v, new_i), soci::into(by), soci::into(at),
      soci::into(why, why_i);
  auto text_or_null = [](const std::string &s, soci::indicator i) {
    return i == soci::i_null ? nlohmann::json(nullptr) : nlohmann::json(s);
  };
  nlohmann::json history = nlohmann::json::array();
  for (size_t i = 0; i < old_v.size(); ++i)
    history.push_back({{"old", text_or_null(old_v[i], old_i[i])},
                       {"new", text_or_null(new_v[i], new_i[i])},
                       {"by", by[i]},
                       {"at", at[i]},
                       {"reason", text_or_null(why[i], why_i[i])}});
  j["history"] = std::move(history);
  return j;
}

nlohmann::json list_json(db::context &ctx, std::string_view company) {
  const int64_t cid = company_id(ctx, company);
  // One read of every stored value of this company and of the default level.
  std::vector<long long> companies(1000);
  std::vector<std::string> keys_v(1000), values(1000);
  ctx.sql() << "SELECT company_id, config_key, value FROM arx_config WHERE company_id = :a OR company_id = :b",
      soci::use(cid), soci::use(all_companies), soci::into(companies), soci::into(keys_v), soci::into(values);
  nlohmann::json out = nlohmann::json::array();
  for (const auto &def : keys()) {
    effective_value v{std::string(def.key), std::string(def.default_value), "built-in default"};
    for (size_t i = 0; i < keys_v.size(); ++i) {
      if (keys_v[i] != def.key) continue;
      if (companies[i] == cid && cid != all_companies) {
        v = {v.key, values[i], "company"};
        break;
      }
      v = {v.key, values[i], "all companies"};
    }
    out.push_back(describe(def, v));
  }
  return out;
}

}  // namespace arx::config
