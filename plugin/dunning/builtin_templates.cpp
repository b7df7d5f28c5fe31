#include "dunning/builtin_templates.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "dunning/render.hpp"

namespace arx::dunning {

// The template files as the build embedded them (plugin/core/embed.cmake).
std::span<const pdf::text_source> templates_files();

namespace {

const pdf::language_texts &load() {
  static const pdf::language_texts texts = [] {
    pdf::language_texts t(templates_files());
    // the pieces every level's body shares, where it says {items}, {account}, {not_due}
    std::vector<std::string> keys{"piece.items", "piece.account", "piece.not_due"};
    for (const auto &name : builtin_template_names())
      for (const char *part : {".subject", ".body", ".document"}) keys.push_back(name + part);
    for (const auto &key : keys)
      if (!t.own("en").contains(key)) fail(ARX_E_INTERNAL, t.file_name("en") + " has no text for '" + key + "'");
    return t;
  }();
  return texts;
}

}  // namespace

const pdf::language_texts &builtin_template_texts() { return load(); }

std::vector<std::string> builtin_template_names() { return {"reminder", "second_reminder", "final_notice"}; }

template_text builtin_template(const std::string &name, const std::string &language) {
  const pdf::language_texts &t = load();
  const auto names = builtin_template_names();
  if (t.has(language) && std::find(names.begin(), names.end(), name) != names.end()) {
    auto text = [&](const std::string &key) -> const std::string & { return *t.find(language, key); };
    const std::string not_due = pdf::fill(text("piece.not_due"), {{"document", text(name + ".document")}});
    return {text(name + ".subject"), pdf::fill(text(name + ".body"), {{"items", text("piece.items")},
                                                                      {"account", text("piece.account")},
                                                                      {"not_due", not_due}})};
  }
  std::string list;
  for (const auto &n : names) list += (list.empty() ? "" : ", ") + n;
  throw error(ARX_E_NOT_FOUND, "no built-in dunning template '" + name + "' in language '" + language +
                                   "' (templates: " + list + "; languages: " + t.language_list() + ")");
}

}  // namespace arx::dunning
