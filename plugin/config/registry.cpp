#include "config/registry.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "core/text.hpp"
#include "core/money.hpp"

namespace arx::config {
namespace {

using vt = value_type;

// The keys. Each names the capability that reads it; a capability that has not
// landed yet still lets admins prepare its settings.
const std::vector<key_definition> &definitions() {
  static const std::vector<key_definition> defs = {
      {"general.default_language", vt::choice, "en",
       "Language of documents for customers whose language is not set or not supported.", {}, {}, 0,
       {"de", "en", "nl"}},
      {"invoice.delivery_channels", vt::choice_list, "email,print",
       "Default delivery channels of invoices, in order of preference (the fallback chain) for customers without "
       "their own preference.",
       {}, {}, 0, {"peppol", "xrechnung", "email", "print", "portal"}},
      {"invoice.xrechnung_syntax", vt::choice, "ubl", "Syntax of XRechnung documents: UBL 2.1 or UN/CEFACT CII D16B.",
       {}, {}, 0, {"ubl", "cii"}},
      {"invoice.email_attach_xml", vt::boolean, "false",
       "Whether invoices sent by e-mail also carry the e-invoice XML (EN 16931 CII) beside the PDF, for customers "
       "without their own preference."},
      {"delivery.smtp_url", vt::url, "",
       "SMTP server of the delivery run (smtp://host:port or smtps://host:port); the user is delivery.smtp_user, "
       "the password comes from the environment variable ARX_SMTP_PASSWORD, never from the configuration.",
       {}, {}, 0, {"smtp", "smtps"}},
      {"delivery.smtp_user", vt::text, "",
       "User name for SMTP AUTH; empty sends without authentication. A login is sent only over smtps:// or an "
       "smtp:// connection upgraded with STARTTLS."},
      {"delivery.smtp_starttls", vt::boolean, "true",
       "Whether smtp:// connections must be upgraded with STARTTLS (the message is not sent when the server does not "
       "offer it). Set it to false only for a relay without TLS and without a login (delivery.smtp_user empty)."},
      {"delivery.from_address", vt::email, "",
       "Sender of invoice e-mails, e.g. \"Accounts receivable <ar@example.com>\"; empty uses the company's e-mail."},
      {"delivery.outbound_dir", vt::path, "",
       "Outbound folder of the Peppol / XRechnung access point: arx writes each e-invoice there atomically with "
       "a manifest line."},
      {"delivery.print_dir", vt::path, "", "Folder where the delivery run writes print batches (one merged PDF per run)."},
      {"delivery.portal_dir", vt::path, "", "Folder of the customer portal: one subfolder per customer number."},
      {"delivery.max_attempts", vt::integer, "6",
       "Attempts of a delivery job before it fails for good and the next channel of the customer's chain takes over.",
       "1", "50"},
      {"delivery.retry_base_seconds", vt::integer, "60",
       "Wait after the first failed attempt; each further attempt waits four times as long (at most a day).", "1",
       "86400"},
      {"cashapp.mode", vt::choice, "live",
       "live applies confident matches to the ERP ledger; shadow records the decisions without writing to the ERP.",
       {}, {}, 0, {"live", "shadow"}},
      {"cashapp.auto_apply_min_confidence", vt::decimal, "0.95",
       "Lowest model confidence at which a match is applied without a collector's confirmation.", "0.50", "1.00", 2},
      {"cashapp.short_payment_tolerance", vt::amount, "5.00",
       "Largest short payment (in the company currency) still applied in full, the difference booked as a "
       "deduction.",
       "0.00"},
      {"cashapp.short_payment_tolerance_percent", vt::decimal, "0.50",
       "Largest short payment as a percentage of the items paid; the smaller of this and "
       "cashapp.short_payment_tolerance applies.",
       "0.00", "10.00", 2},
      {"cashapp.auto_apply_margin", vt::decimal, "0.20",
       "How far the best match must be ahead of the runner-up (in model confidence) to be applied automatically.",
       "0.00", "1.00", 2},
      {"cashapp.discount_grace_days", vt::integer, "3",
       "Days after an invoice's cash-discount date within which a payment still earns the discount.", "0", "30"},
      {"cashapp.max_bank_file_mib", vt::integer, "64",
       "Largest bank file (camt, MT940, BAI2, CSV) an import accepts, in MiB; a larger file is refused before it is "
       "read or parsed.",
       "1", "4096"},
      {"cashapp.open_dispute_on_short_payment", vt::boolean, "true",
       "Whether a short payment within the tolerance opens a dispute case for the difference."},
      {"dunning.grace_days", vt::integer, "3", "Days after the due date before an item counts as overdue for dunning.",
       "0", "60"},
      {"dunning.min_customer_amount", vt::amount, "10.00",
       "Smallest overdue total (in the company currency) for which a customer receives a reminder.", "0.00"},
      {"dunning.base_rate_percent", vt::decimal, "1.27",
       "The central bank's published base rate used for statutory late-payment interest; update it when it "
       "changes.",
       "-10.00", "30.00", 2},
      {"dunning.interest_points", vt::decimal, "9.00",
       "Percentage points over the base rate charged as late-payment interest to business customers.", "0.00",
       "30.00", 2},
      {"dunning.promise_grace_days", vt::integer, "3",
       "Days after a promised payment date before an unpaid promise counts as broken and dunning resumes.", "0",
       "30"},
  };
  return defs;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

[[noreturn]] void refuse(const key_definition &def, std::string_view value, std::string_view why = {}) {
  // A URL's user information may hold a password: it never reaches a message.
  const std::string shown = def.type == vt::url ? core::url_without_userinfo(value) : std::string(value);
  std::string msg = "invalid value '" + shown + "' for configuration key '" + std::string(def.key) + "'";
  if (!why.empty()) msg += ": " + std::string(why);
  msg += "; allowed: " + allowed_values(def);
  throw error(ARX_E_CONFIG, msg);
}

std::string decimal_value(const key_definition &def, std::string_view value, int scale) {
  // Plain decimal text only: no exponent, no sign other than a leading '-'.
  bool ok = !value.empty();
  size_t digits = 0, dots = 0;
  for (size_t i = 0; i < value.size() && ok; ++i) {
    char c = value[i];
    if (c == '-' && i == 0) continue;
    if (c == '.') ok = ++dots == 1;
    else if (std::isdigit(static_cast<unsigned char>(c))) ++digits;
    else ok = false;
  }
  if (!ok || digits == 0 || value.back() == '.' || value.front() == '.') refuse(def, value, "not a decimal number");
  size_t dot = value.find('.');
  if (dot != std::string_view::npos && value.size() - dot - 1 > static_cast<size_t>(scale) &&
      value.find_first_not_of('0', dot + 1 + static_cast<size_t>(scale)) != std::string_view::npos)
    refuse(def, value, "at most " + std::to_string(scale) + " decimal places");
  int64_t v = 0;
  try {
    v = core::parse_minor(value, scale, core::excess_digits::reject);
  } catch (const error &) {
    refuse(def, value, "out of range");
  }
  if (!def.min.empty() && v < core::parse_minor(def.min, scale)) refuse(def, value, "below the minimum");
  if (!def.max.empty() && v > core::parse_minor(def.max, scale)) refuse(def, value, "above the maximum");
  return core::format_minor(v, scale);
}

}  // namespace

std::string_view type_name(value_type t) noexcept {
  switch (t) {
  case vt::integer: return "integer";
  case vt::decimal: return "decimal";
  case vt::amount: return "amount";
  case vt::boolean: return "boolean";
  case vt::choice: return "choice";
  case vt::choice_list: return "choice_list";
  case vt::url: return "url";
  case vt::path: return "path";
  case vt::email: return "email";
  case vt::text: return "text";
  }
  return "unknown";
}

std::span<const key_definition> keys() { return definitions(); }

const key_definition &find_key(std::string_view key) {
  const key_definition *closest = nullptr;
  size_t best = SIZE_MAX;
  for (const auto &d : definitions()) {
    if (d.key == key) return d;
    size_t dist = edit_distance(d.key, key);
    if (dist < best) best = dist, closest = &d;
  }
  std::string msg = "unknown configuration key '" + std::string(key) + "'";
  if (closest && best <= 4) msg += "; did you mean '" + std::string(closest->key) + "'?";
  msg += " ('arx config list' shows every key)";
  throw error(ARX_E_CONFIG, msg);
}

std::string allowed_values(const key_definition &def) {
  auto join = [&](std::string_view sep) {
    std::string s;
    for (auto c : def.choices) s += (s.empty() ? "" : std::string(sep)) + std::string(c);
    return s;
  };
  switch (def.type) {
  case vt::integer: return "an integer from " + std::string(def.min) + " to " + std::string(def.max);
  case vt::decimal:
    return "a decimal number from " + std::string(def.min) + " to " + std::string(def.max) + " with at most " +
           std::to_string(def.scale) + " decimal places";
  case vt::amount:
    return "an amount of at least " + std::string(def.min) + " in the company's currency, with at most its decimals";
  case vt::boolean: return "true or false";
  case vt::choice: return "one of " + join(", ");
  case vt::choice_list: return "a comma-separated list of " + join(", ") + " without repeats";
  case vt::url: return "a URL starting with " + join("://, ") + "://";
  case vt::path: return "an absolute path (starting with /)";
  case vt::email: return "an e-mail address such as ar@example.com or \"Accounts <ar@example.com>\"";
  case vt::text: return "text of at most 200 bytes without control characters";
  }
  return {};
}

std::string normalize(const key_definition &def, std::string_view raw, int amount_exponent) {
  std::string value = std::string(core::trim(raw));
  switch (def.type) {
  case vt::integer: {
    bool ok = !value.empty() && value.size() <= 18;
    for (size_t i = 0; i < value.size() && ok; ++i)
      ok = std::isdigit(static_cast<unsigned char>(value[i])) || (i == 0 && value[i] == '-' && value.size() > 1);
    if (!ok) refuse(def, value, "not an integer");
    long long v = std::stoll(value), lo = std::stoll(std::string(def.min)), hi = std::stoll(std::string(def.max));
    if (v < lo || v > hi) refuse(def, value, "out of range");
    return std::to_string(v);
  }
  case vt::decimal: return decimal_value(def, value, def.scale);
  case vt::amount: return decimal_value(def, value, amount_exponent);
  case vt::boolean: {
    std::string v = lower(value);
    if (v == "true" || v == "yes" || v == "on" || v == "1") return "true";
    if (v == "false" || v == "no" || v == "off" || v == "0") return "false";
    refuse(def, value);
  }
  case vt::choice: {
    std::string v = lower(value);
    for (auto c : def.choices)
      if (c == v) return v;
    refuse(def, value);
  }
  case vt::choice_list: {
    std::vector<std::string> items;
    size_t pos = 0;
    std::string v = lower(value);
    while (true) {
      size_t comma = v.find(',', pos);
      std::string item = std::string(core::trim(std::string_view(v).substr(pos, comma == std::string::npos ? std::string::npos : comma - pos)));
      if (std::find(def.choices.begin(), def.choices.end(), item) == def.choices.end())
        refuse(def, value, item.empty() ? "empty entry" : "unknown entry '" + item + "'");
      if (std::find(items.begin(), items.end(), item) != items.end()) refuse(def, value, "'" + item + "' repeated");
      items.push_back(item);
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
    std::string out;
    for (const auto &i : items) out += (out.empty() ? "" : ",") + i;
    return out;
  }
  case vt::url: {
    if (value.empty() && def.default_value.empty()) return value;
    for (unsigned char c : value)
      if (c <= ' ' || c == 0x7F) refuse(def, value, "spaces and control characters are not allowed");
    auto sep = value.find("://");
    if (sep == std::string::npos || sep + 3 == value.size()) refuse(def, value, "not a URL with a host");
    std::string scheme = lower(value.substr(0, sep));
    if (std::find(def.choices.begin(), def.choices.end(), scheme) == def.choices.end())
      refuse(def, value, "unsupported scheme '" + scheme + "'");
    if (value.find('@') != std::string::npos)
      refuse(def, value, "credentials do not belong in the configuration (the password comes from ARX_SMTP_PASSWORD)");
    return scheme + value.substr(sep);
  }
  case vt::path: {
    if (value.empty() && def.default_value.empty()) return value;
    if (value.empty() || value[0] != '/') refuse(def, value, "not an absolute path");
    for (unsigned char c : value)
      if (c < ' ') refuse(def, value, "control characters are not allowed");
    while (value.size() > 1 && value.back() == '/') value.pop_back();
    return value;
  }
  case vt::email: {
    if (value.empty() && def.default_value.empty()) return value;
    for (unsigned char c : value)
      if (c < ' ' || c == 0x7F) refuse(def, value, "control characters are not allowed");
    std::string address = value;
    auto lt = value.find('<');
    if (lt != std::string::npos) {
      if (value.back() != '>') refuse(def, value, "'<' without a closing '>'");
      address = value.substr(lt + 1, value.size() - lt - 2);
    }
    auto at = address.find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= address.size() || address.find('@', at + 1) != std::string::npos ||
        address.find(' ') != std::string::npos || address.find('.', at) == std::string::npos)
      refuse(def, value, "not an e-mail address");
    return value;
  }
  case vt::text: {
    if (value.size() > 200) refuse(def, value, "longer than 200 bytes");
    for (unsigned char c : value)
      if (c < ' ' || c == 0x7F) refuse(def, value, "control characters are not allowed");
    return value;
  }
  }
  refuse(def, value);
}

}  // namespace arx::config
