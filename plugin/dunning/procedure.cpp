#include "dunning/procedure.hpp"

#include <set>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "db/transaction.hpp"

namespace arx::dunning {

using nlohmann::json;

procedure builtin_procedure() {
  procedure p;
  p.code = "standard";
  p.name = "Standard (reminder, second reminder, final notice, call)";
  p.is_default = true;
  p.levels = {
      {.level = 1, .days_overdue = 0, .channel = "email", .template_name = "reminder"},
      {.level = 2, .days_overdue = 14, .min_days_since_previous = 14, .fee_fixed = "5.00", .interest = true,
       .template_name = "second_reminder"},
      {.level = 3, .days_overdue = 28, .min_days_since_previous = 14, .fee_fixed = "10.00", .interest = true,
       .channel = "both", .template_name = "final_notice", .payment_days = 7},
      {.level = 4, .days_overdue = 42, .min_days_since_previous = 14, .channel = "call", .template_name = "call"},
  };
  return p;
}

namespace {

[[noreturn]] void refuse(const std::string &code, const std::string &key, const std::string &why) {
  throw error(ARX_E_CONFIG, "dunning procedure '" + code + "': " + key + ": " + why);
}

int integer_of(const std::string &code, const json &j, const std::string &key, int lo, int hi) {
  if (!j.is_number_integer()) refuse(code, key, "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  const auto v = j.get<long long>();
  if (v < lo || v > hi) refuse(code, key, std::to_string(v) + " is out of range " + std::to_string(lo) + " to " + std::to_string(hi));
  return static_cast<int>(v);
}

std::string decimal_of(const std::string &code, const json &j, const std::string &key, int scale, const char *max) {
  if (!j.is_string()) refuse(code, key, "must be decimal text such as \"5.00\" (a string, so no binary number rounds it)");
  const auto text = j.get<std::string>();
  int64_t v = 0;
  try {
    v = core::parse_scaled(text, scale, core::excess_digits::reject);
  } catch (const error &e) {
    refuse(code, key, "'" + text + "' is not a decimal with at most " + std::to_string(scale) + " places");
  }
  if (v < 0) refuse(code, key, "'" + text + "' is negative");
  if (v > core::parse_scaled(max, scale)) refuse(code, key, "'" + text + "' is above " + max);
  return core::format_scaled(v, scale);
}

bool boolean_of(const std::string &code, const json &j, const std::string &key) {
  if (!j.is_boolean()) refuse(code, key, "must be true or false");
  return j.get<bool>();
}

std::string text_of(const std::string &code, const json &j, const std::string &key, size_t max) {
  if (!j.is_string()) refuse(code, key, "must be text");
  auto s = j.get<std::string>();
  if (s.size() > max) refuse(code, key, "is longer than " + std::to_string(max) + " bytes");
  return s;
}

void only_keys(const std::string &code, const json &j, const std::string &where, const std::set<std::string> &known) {
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!known.count(it.key())) {
      std::string list;
      for (const auto &k : known) list += (list.empty() ? "" : ", ") + k;
      refuse(code, where + it.key(), "unknown key; known: " + list);
    }
}

}  // namespace

procedure parse_procedure(const std::string &code, const json &d) {
  if (code.empty() || code.size() > 30 || code.find_first_of(" \t\r\n/") != std::string::npos)
    throw error(ARX_E_CONFIG, "dunning procedure code '" + code + "': 1 to 30 characters without spaces or '/'");
  if (!d.is_object()) refuse(code, "(definition)", "must be a JSON object");
  only_keys(code, d, "",
            {"name", "default", "grace_days", "min_customer_amount", "interest_rate_percent", "list_not_due",
             "segments", "levels"});
  procedure p;
  p.code = code;
  p.name = d.contains("name") ? text_of(code, d["name"], "name", 200) : code;
  if (d.contains("default")) p.is_default = boolean_of(code, d["default"], "default");
  if (d.contains("grace_days")) p.grace_days = integer_of(code, d["grace_days"], "grace_days", 0, 60);
  if (d.contains("min_customer_amount"))
    p.min_customer_amount = decimal_of(code, d["min_customer_amount"], "min_customer_amount", 2, "1000000000.00");
  if (d.contains("interest_rate_percent"))
    p.interest_rate_percent = decimal_of(code, d["interest_rate_percent"], "interest_rate_percent", 2, "50.00");
  if (d.contains("list_not_due")) p.list_not_due = boolean_of(code, d["list_not_due"], "list_not_due");
  if (d.contains("segments")) {
    if (!d["segments"].is_array()) refuse(code, "segments", "must be a list of segment names");
    for (size_t i = 0; i < d["segments"].size(); ++i)
      p.segments.push_back(text_of(code, d["segments"][i], "segments[" + std::to_string(i) + "]", 30));
  }
  if (!d.contains("levels") || !d["levels"].is_array() || d["levels"].empty())
    refuse(code, "levels", "must be a non-empty list of levels");
  if (d["levels"].size() > 9) refuse(code, "levels", "at most 9 levels");
  for (size_t i = 0; i < d["levels"].size(); ++i) {
    const json &l = d["levels"][i];
    const std::string at = "levels[" + std::to_string(i) + "].";
    if (!l.is_object()) refuse(code, "levels[" + std::to_string(i) + "]", "must be an object");
    only_keys(code, l, at,
              {"days_overdue", "min_days_since_previous", "min_item_amount", "fee_fixed", "fee_percent", "interest",
               "channel", "template", "payment_days"});
    level_rule r;
    r.level = static_cast<int>(i) + 1;
    if (!l.contains("days_overdue")) refuse(code, at + "days_overdue", "is required");
    r.days_overdue = integer_of(code, l["days_overdue"], at + "days_overdue", 0, 3650);
    if (l.contains("min_days_since_previous"))
      r.min_days_since_previous = integer_of(code, l["min_days_since_previous"], at + "min_days_since_previous", 0, 365);
    if (l.contains("min_item_amount"))
      r.min_item_amount = decimal_of(code, l["min_item_amount"], at + "min_item_amount", 2, "1000000000.00");
    if (l.contains("fee_fixed")) r.fee_fixed = decimal_of(code, l["fee_fixed"], at + "fee_fixed", 2, "100000.00");
    if (l.contains("fee_percent")) r.fee_percent = decimal_of(code, l["fee_percent"], at + "fee_percent", 2, "25.00");
    if (l.contains("interest")) r.interest = boolean_of(code, l["interest"], at + "interest");
    if (l.contains("channel")) {
      r.channel = text_of(code, l["channel"], at + "channel", 20);
      if (r.channel != "email" && r.channel != "letter" && r.channel != "both" && r.channel != "call")
        refuse(code, at + "channel", "'" + r.channel + "' is not one of email, letter, both, call");
    }
    if (l.contains("template")) r.template_name = text_of(code, l["template"], at + "template", 60);
    else if (r.channel == "call") r.template_name = "call";
    else refuse(code, at + "template", "is required (reminder, second_reminder, final_notice or an own template)");
    if (l.contains("payment_days")) r.payment_days = integer_of(code, l["payment_days"], at + "payment_days", 0, 90);
    if (i > 0) {
      const auto &prev = p.levels.back();
      if (r.days_overdue < prev.days_overdue)
        refuse(code, at + "days_overdue", std::to_string(r.days_overdue) + " is less than the previous level's " +
                                              std::to_string(prev.days_overdue));
    }
    p.levels.push_back(std::move(r));
  }
  return p;
}

json procedure_json(const procedure &p) {
  json d = {{"name", p.name}, {"default", p.is_default}, {"list_not_due", p.list_not_due}};
  if (p.grace_days) d["grace_days"] = *p.grace_days;
  if (p.min_customer_amount) d["min_customer_amount"] = *p.min_customer_amount;
  if (p.interest_rate_percent) d["interest_rate_percent"] = *p.interest_rate_percent;
  d["segments"] = p.segments;
  d["levels"] = json::array();
  for (const auto &l : p.levels)
    d["levels"].push_back({{"days_overdue", l.days_overdue}, {"min_days_since_previous", l.min_days_since_previous},
                           {"min_item_amount", l.min_item_amount}, {"fee_fixed", l.fee_fixed},
                           {"fee_percent", l.fee_percent}, {"interest", l.interest}, {"channel", l.channel},
                           {"template", l.template_name}, {"payment_days", l.payment_days}});
  return d;
}

std::vector<procedure> load_procedures(db::context &ctx, int64_t company_id) {
  long long cid = company_id;
  std::vector<std::string> codes(100), defs(100);
  std::vector<int> defaults(100);
  ctx.sql() << "SELECT code, definition, is_default FROM arx_dunning_procedure WHERE company_id = :c ORDER BY code",
      soci::use(cid, "c"), soci::into(codes), soci::into(defs), soci::into(defaults);
  std::vector<procedure> out;
  for (size_t i = 0; i < codes.size(); ++i) {
    json d;
    try {
      d = json::parse(defs[i]);
    } catch (const json::exception &e) {
      throw error(ARX_E_CONFIG, "dunning procedure '" + codes[i] + "' in arx_dunning_procedure is not valid JSON: " + e.what());
    }
    auto p = parse_procedure(codes[i], d);
    p.is_default = defaults[i] != 0;
    out.push_back(std::move(p));
  }
  if (out.empty()) out.push_back(builtin_procedure());
  return out;
}

void store_procedure(db::context &ctx, int64_t company_id, const procedure &p) {
  long long cid = company_id;
  const long long now = core::now_unix();
  std::string code = p.code, def = procedure_json(p).dump(), user = ctx.user();
  int is_default = p.is_default ? 1 : 0;
  if (def.size() > 8000) throw error(ARX_E_CONFIG, "dunning procedure '" + p.code + "' is longer than 8000 bytes");
  db::write_transaction tx(ctx);
  long long others = 0;
  ctx.sql() << "SELECT COUNT(*) FROM arx_dunning_procedure WHERE company_id = :c AND code <> :code AND is_default = 1",
      soci::use(cid, "c"), soci::use(code, "code"), soci::into(others);
  if (is_default) {
    ctx.sql() << "UPDATE arx_dunning_procedure SET is_default = 0 WHERE company_id = :c", soci::use(cid, "c");
  } else if (others == 0) {
    is_default = 1;  // the first procedure of a company is its default
  }
  ctx.sql() << "DELETE FROM arx_dunning_procedure WHERE company_id = :c AND code = :code", soci::use(cid, "c"),
      soci::use(code, "code");
  ctx.sql() << "INSERT INTO arx_dunning_procedure (company_id, code, is_default, definition, updated_at, updated_by) "
               "VALUES (:c, :code, :d, :def, :t, :u)",
      soci::use(cid, "c"), soci::use(code, "code"), soci::use(is_default, "d"), soci::use(def, "def"),
      soci::use(now, "t"), soci::use(user, "u");
  tx.commit();
}

}  // namespace arx::dunning
