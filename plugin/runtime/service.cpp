#include "runtime/service.hpp"

#include "config/store.hpp"
#include "core/error.hpp"
#include "db/migrations.hpp"
#include "db/sql_script.hpp"
#include "demo/writer.hpp"
#include "einvoice/render.hpp"
#include "einvoice/validate.hpp"
#include "erp/company.hpp"

namespace arx::service {

using nlohmann::json;

namespace {

json status_json(const db::schema_status &st, db::dialect d) {
  return {{"state", db::schema_state_name(st.state)},
          {"database_version", st.database_version},
          {"plugin_version", st.plugin_version},
          {"pending", st.pending},
          {"dialect", db::dialect_name(d)},
          {"detail", st.detail}};
}

// Creates the ERP tables of the profile (reference ERP only): one transaction,
// every statement IF NOT EXISTS, so a rerun changes nothing.
int install_erp_schema(runtime::context &ctx) {
  const auto &schema = ctx.profile().schema();
  if (!schema)
    throw error(ARX_E_INVALID_ARGUMENT, "ERP profile '" + ctx.profile().name() +
                                            "' ships no schema: the ERP owns its tables, arx only installs its own");
  auto statements = db::split_sql(*schema, ctx.profile().schema_origin());
  soci::transaction tx(ctx.sql());
  for (const auto &s : statements) {
    try {
      ctx.sql() << s.text;
    } catch (const soci::soci_error &e) {
      throw error(ARX_E_DATABASE, ctx.profile().schema_origin() + ":" + std::to_string(s.line) + ": " +
                                      e.get_error_message());
    }
  }
  tx.commit();
  return static_cast<int>(statements.size());
}

}  // namespace

json schema_install(runtime::context &ctx, uint32_t flags) {
  const uint32_t known = ARX_INSTALL_ERP_SCHEMA | ARX_INSTALL_UNINSTALL;
  if (flags & ~known) throw error(ARX_E_INVALID_ARGUMENT, "unknown arx_install_options.flags bits " + std::to_string(flags & ~known));
  if ((flags & ARX_INSTALL_UNINSTALL) && (flags & ARX_INSTALL_ERP_SCHEMA))
    throw error(ARX_E_INVALID_ARGUMENT, "ARX_INSTALL_UNINSTALL cannot be combined with ARX_INSTALL_ERP_SCHEMA");
  json out;
  if (flags & ARX_INSTALL_UNINSTALL) {
    auto dropped = db::drop_arx_schema(ctx.db());
    ctx.log(ARX_LOG_INFO, "uninstalled arx: dropped " + std::to_string(dropped.size()) + " arx tables");
    out["action"] = "uninstall";
    out["dropped_tables"] = dropped;
    out["schema"] = status_json(db::check_schema(ctx.db()), ctx.db().kind());
    return out;
  }
  out["action"] = "install";
  auto before = db::check_schema(ctx.db());
  if (before.state == db::schema_state::newer || before.state == db::schema_state::modified)
    throw error(ARX_E_SCHEMA, before.detail); // before anything is written
  if (flags & ARX_INSTALL_ERP_SCHEMA) out["erp_schema_statements"] = install_erp_schema(ctx);
  auto applied = db::apply_migrations(ctx.db(), [&](int done, int total) {
    ctx.progress("migrations", static_cast<uint64_t>(done), static_cast<uint64_t>(total));
  });
  json list = json::array();
  for (const auto &m : applied) list.push_back({{"version", m.version}, {"name", m.name}});
  out["applied"] = std::move(list);
  out["schema"] = status_json(db::check_schema(ctx.db()), ctx.db().kind());
  ctx.log(ARX_LOG_INFO, "install: applied " + std::to_string(applied.size()) + " migrations");
  return out;
}

json schema_check(runtime::context &ctx) { return status_json(db::check_schema(ctx.db()), ctx.db().kind()); }

json config_get(runtime::context &ctx, const std::string &company, const std::string &key) {
  db::require_current_schema(ctx.db());
  return config::get_json(ctx, company, key);
}

void config_set(runtime::context &ctx, const std::string &company, const std::string &key,
                const std::optional<std::string> &value, const std::string &reason) {
  db::require_current_schema(ctx.db());
  config::set(ctx, company, key, value, reason);
}

json config_list(runtime::context &ctx, const std::string &company) {
  db::require_current_schema(ctx.db());
  json j;
  j["company"] = company.empty() ? json(nullptr) : json(company);
  j["keys"] = config::list_json(ctx, company);
  return j;
}

json invoice_validate(runtime::context &ctx, const std::string &company, int64_t invoice_id,
                      const std::string &number) {
  std::string n = number;
  if (invoice_id != 0) {
    long long id = invoice_id, company_id = erp::find_company(ctx, company).id;
    soci::indicator ind = soci::i_ok;
    ctx.sql() << ctx.profile().sql("einvoice.number_by_id"), soci::use(company_id, "company_id"),
        soci::use(id, "invoice_id"), soci::into(n, ind);
    if (!ctx.sql().got_data() || ind == soci::i_null)
      throw error(ARX_E_NOT_FOUND, "no invoice with id " + std::to_string(invoice_id) + " in company " + company);
  }
  return einvoice::validate_invoice(ctx, company, n);
}

std::string invoice_render(runtime::context &ctx, const std::string &company, const std::string &number,
                           const std::string &format) {
  return einvoice::render(ctx, company, number, format);
}

json demo_generate(runtime::context &ctx, const demo_request &request) {
  db::require_current_schema(ctx.db());
  return demo::write_demo(ctx, request);
}

}  // namespace arx::service
