#include "delivery/message.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace arx::delivery {
namespace {

// CR, LF and tab runs become one space; the ends are trimmed.
std::string one_line(std::string_view s) {
  std::string out;
  bool gap = false;
  for (char c : s) {
    if (c == '\r' || c == '\n' || c == '\t') {
      gap = true;
      continue;
    }
    if (gap && !out.empty() && out.back() != ' ') out += ' ';
    gap = false;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

[[noreturn]] void malformed(const stored_document &d, const std::string &why) {
  throw error(ARX_E_INTERNAL, "stored message " + std::to_string(d.id) + " (" + d.filename + ") is malformed: " + why);
}

// The form of arx before the JSON one: "From: F\nSubject: S\n\nbody".
mail_text read_legacy(const stored_document &d) {
  const std::string &t = d.data;
  const size_t blank = t.find("\n\n");
  const std::string head = t.substr(0, blank);
  mail_text m;
  m.body = blank == std::string::npos ? "" : t.substr(blank + 2);
  size_t eol = head.find('\n');
  const std::string first = head.substr(0, eol);
  if (first.rfind("From: ", 0) != 0) malformed(d, "the first line is not the sender (From: )");
  m.from = first.substr(6);
  if (!m.from.empty() && m.from.back() == '\r') m.from.pop_back();
  if (eol == std::string::npos) return m;
  const std::string rest = head.substr(eol + 1);
  if (rest.rfind("Subject: ", 0) != 0) malformed(d, "the second line is not the subject (Subject: )");
  // A subject that held a line break continues on the next lines: they are
  // part of it, never headers (a "From: " there does not change the sender).
  m.subject = one_line(rest.substr(9));
  return m;
}

}  // namespace

new_document message_document(const owner &o, const mail_text &m) {
  const nlohmann::json j = {{"from", m.from}, {"subject", one_line(m.subject)}, {"body", m.body}};
  return document_for(o, "message", "mail", "message.json", "application/json", j.dump(2) + "\n");
}

mail_text read_message_document(const stored_document &d) {
  if (d.format == "text") return read_legacy(d);
  if (d.format != "mail") malformed(d, "unknown format '" + d.format + "'");
  const nlohmann::json j = nlohmann::json::parse(d.data, nullptr, false);
  if (j.is_discarded() || !j.is_object()) malformed(d, "not a JSON object");
  mail_text m;
  auto field = [&](const char *key, std::string &into) {
    if (!j.contains(key) || !j[key].is_string()) malformed(d, std::string("no text field '") + key + "'");
    into = j[key].get<std::string>();
  };
  field("from", m.from);
  field("subject", m.subject);
  field("body", m.body);
  return m;
}

}  // namespace arx::delivery
