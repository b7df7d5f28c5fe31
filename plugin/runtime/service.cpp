#include "runtime/service.hpp"

#include "config/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/migrations.hpp"
#include "db/sql_script.hpp"
#include "demo/writer.hpp"
#include "einvoice/render.hpp"
#include "delivery/post.hpp"
#include "delivery/preference.hpp"
#include "delivery/resend.hpp"
#include "delivery/run.hpp"
#include "delivery/statement.hpp"
#include "cashapp/import.hpp"
#include "analytics/actions.hpp"
#include "dunning/actions.hpp"
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
int install_erp_schema(db::context &ctx) {
  const auto &profile = ctx.profile();
  if (!profile.has_schema())
    throw error(ARX_E_INVALID_ARGUMENT, "ERP profile '" + profile.name() +
                                            "' ships no schema: the ERP owns its tables, arx only installs its own");
  int count = 0;
  soci::transaction tx(ctx.sql());
  for (const auto &script : profile.schema_scripts()) {
    for (const auto &s : db::split_sql(script.text, script.origin)) {
      try {
        ctx.sql() << s.text;
      } catch (const soci::soci_error &e) {
        throw error(ARX_E_DATABASE, script.origin + ":" + std::to_string(s.line) + ": " + e.get_error_message());
      }
      ++count;
    }
  }
  tx.commit();
  return count;
}

// The views (and their helper functions) of the profile (views.sql): created
// or replaced by every install in one transaction. Returns their names in the
// order created.
std::vector<std::string> install_views(db::context &ctx) {
  std::vector<std::string> names;
  const auto &scripts = ctx.profile().view_scripts();
  if (scripts.empty()) return names;
  soci::transaction tx(ctx.sql());
  for (const auto &script : scripts)
    for (const auto &s : db::split_sql(script.text, script.origin)) {
      try {
        ctx.sql() << s.text;
      } catch (const soci::soci_error &e) {
        throw error(ARX_E_DATABASE, script.origin + ":" + std::to_string(s.line) + ": " + e.get_error_message());
      }
      if (auto made = db::created_by(s.text)) names.push_back(made->name);
    }
  tx.commit();
  return names;
}

// Drops the profile's views and functions, newest first (later ones use
// earlier ones).
std::vector<std::string> drop_views(db::context &ctx) {
  std::vector<db::created_object> made;
  for (const auto &script : ctx.profile().view_scripts())
    for (const auto &s : db::split_sql(script.text, script.origin))
      if (auto m = db::created_by(s.text)) made.push_back(std::move(*m));
  std::vector<std::string> names;
  soci::transaction tx(ctx.sql());
  for (auto it = made.rbegin(); it != made.rend(); ++it) {
    ctx.sql() << "DROP " + it->kind + " IF EXISTS " + it->name;
    names.push_back(it->name);
  }
  tx.commit();
  return names;
}

}  // namespace

json schema_install(db::context &ctx, uint32_t flags) {
  const uint32_t known = ARX_INSTALL_ERP_SCHEMA | ARX_INSTALL_UNINSTALL;
  if (flags & ~known) throw error(ARX_E_INVALID_ARGUMENT, "unknown arx_install_options.flags bits " + std::to_string(flags & ~known));
  if ((flags & ARX_INSTALL_UNINSTALL) && (flags & ARX_INSTALL_ERP_SCHEMA))
    throw error(ARX_E_INVALID_ARGUMENT, "ARX_INSTALL_UNINSTALL cannot be combined with ARX_INSTALL_ERP_SCHEMA");
  json out;
  if (flags & ARX_INSTALL_UNINSTALL) {
    out["dropped_views"] = drop_views(ctx);
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
  // After arx's tables: a profile's views may read them.
  if (auto views = install_views(ctx); !views.empty()) out["views"] = std::move(views);
  json list = json::array();
  for (const auto &m : applied) list.push_back({{"version", m.version}, {"name", m.name}});
  out["applied"] = std::move(list);
  out["schema"] = status_json(db::check_schema(ctx.db()), ctx.db().kind());
  ctx.log(ARX_LOG_INFO, "install: applied " + std::to_string(applied.size()) + " migrations");
  return out;
}

json schema_check(db::context &ctx) { return status_json(db::check_schema(ctx.db()), ctx.db().kind()); }

json config_get(db::context &ctx, const std::string &company, const std::string &key) {
  db::require_current_schema(ctx.db());
  return config::get_json(ctx, company, key);
}

void config_set(db::context &ctx, const std::string &company, const std::string &key,
                const std::optional<std::string> &value, const std::string &reason) {
  db::require_current_schema(ctx.db());
  config::set(ctx, company, key, value, reason);
}

json config_list(db::context &ctx, const std::string &company) {
  db::require_current_schema(ctx.db());
  json j;
  j["company"] = company.empty() ? json(nullptr) : json(company);
  j["keys"] = config::list_json(ctx, company);
  return j;
}

json invoice_validate(db::context &ctx, const std::string &company, int64_t invoice_id,
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
  return delivery::validate_invoice(ctx, company, n);
}

std::string invoice_render(db::context &ctx, const std::string &company, const std::string &number,
                           const std::string &format) {
  return einvoice::render(ctx, company, number, format);
}

json demo_generate(db::context &ctx, const demo_request &request) {
  db::require_current_schema(ctx.db());
  return demo::write_demo(ctx, request);
}

namespace {
delivery::instant clock_of(int64_t now_unix) { return now_unix ? now_unix : core::now_unix(); }
core::date date_or_today(db::context &ctx, arx_date d) {
  auto as_of = core::from_arx_date(d);
  return as_of ? *as_of : ctx.today();
}
}  // namespace

json invoice_post(db::context &ctx, const std::string &company, int64_t invoice_id, const std::string &number,
                  int64_t now_unix) {
  return delivery::post_invoice(ctx, company, invoice_id, number, clock_of(now_unix));
}

json invoice_resend(db::context &ctx, const std::string &company, const std::string &number,
                    const std::optional<std::string> &channel, const std::optional<std::string> &recipient,
                    int64_t now_unix) {
  return delivery::resend_invoice(ctx, company, number, channel, recipient, clock_of(now_unix));
}

json invoice_attach(db::context &ctx, const std::string &company, const std::string &number,
                    const std::string &filename, const std::string &content_type, std::string data) {
  return delivery::attach_to_invoice(ctx, company, number, filename, content_type, std::move(data));
}

void delivery_preference_set(db::context &ctx, const std::string &company, const std::string &customer,
                             const std::string &channels, const std::optional<std::string> &email, bool attach_xml) {
  delivery::set_preference(ctx, company, customer, channels, email, attach_xml);
}

json delivery_preference_get(db::context &ctx, const std::string &company, const std::string &customer) {
  return delivery::preference_json(ctx, company, customer);
}

json delivery_run(db::context &ctx, const delivery_run_request &request) {
  delivery::run_options o;
  o.company = request.company;
  o.max_jobs = request.max_jobs;
  o.now = clock_of(request.now_unix);
  return delivery::run(ctx, o);
}

json delivery_status(db::context &ctx, const std::string &company, const std::string &state,
                     const std::string &reference, uint32_t limit) {
  return delivery::status(ctx, company, state, reference, limit);
}

std::string statement_render(db::context &ctx, const std::string &company, const std::string &customer,
                             arx_date as_of, const std::string &currency) {
  return delivery::statement_pdf(ctx, company, customer, date_or_today(ctx, as_of), currency);
}

json statement_send(db::context &ctx, const std::string &company, const std::string &customer, arx_date as_of,
                    const std::string &currency, int64_t now_unix) {
  return delivery::send_statement(ctx, company, customer, date_or_today(ctx, as_of), currency, clock_of(now_unix));
}

void statement_import_check_size(db::context &ctx, const std::string &company, const std::string &source_name,
                                 uint64_t size) {
  cashapp::check_file_size(ctx, company, source_name, size);
}

json statement_import(db::context &ctx, const statement_import_request &request) {
  // The size cap comes before anything looks at the bytes (import_file checks
  // it again for its other callers).
  cashapp::check_file_size(ctx, request.company, request.source_name, request.bytes.size());
  if (!request.format.empty()) {
    const bank::file_format detected = bank::detect_format(request.bytes, request.source_name);
    std::string_view name = bank::format_name(detected);
    // "camt" or "mt" alone names the family.
    const bool family = (request.format == "camt" && name.substr(0, 4) == "camt") ||
                        (request.format == "mt94x" && name.substr(0, 3) == "mt9");
    if (!family && request.format != name)
      fail(ARX_E_PARSE, request.source_name + ": the file is " + std::string(name) + ", not " + request.format);
  }
  cashapp::import_request r{request.bytes, request.source_name, request.company, request.now_unix};
  try {
    return cashapp::import_file(ctx, r);
  } catch (const soci::soci_error &) {
    // Two hosts importing the same file at once: the loser's insert meets the
    // winner's unique key. Its transaction rolled back; a second attempt sees
    // the committed import and answers already_imported (or a real error).
    return cashapp::import_file(ctx, r);
  }
}

json cashapp_run(db::context &ctx, const cashapp::run_request &request) { return cashapp::run(ctx, request); }

json cashapp_results(db::context &ctx, const cashapp::results_request &request) {
  return cashapp::results(ctx, request);
}

json cashapp_decide(db::context &ctx, int64_t line_id, bool confirm, const std::string &reason, int64_t now_unix) {
  return cashapp::decide(ctx, line_id, confirm, reason, now_unix);
}

json dunning_run(db::context &ctx, const dunning::run_request &request) { return dunning::run(ctx, request); }

json collections(db::context &ctx, const std::string &company, const std::string &action,
                 const std::string &params) {
  return dunning::collections_action(ctx, company, action, params);
}

std::string analytics(db::context &ctx, const std::string &company, const std::string &action,
                      const std::string &params) {
  return analytics::analytics_action(ctx, company, action, params);
}

}  // namespace arx::service
