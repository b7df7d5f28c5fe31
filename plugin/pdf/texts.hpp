// Texts a translator edits: one file per language ("de.txt", "en.txt", ...)
// of keys with texts, compiled into the plugin (plugin/core/embed.cmake)
// and parsed once. The PDF labels (plugin/pdf/labels) and the built-in
// dunning templates (plugin/dunning/templates) are such files.
//
// The format, UTF-8:
//   # a comment (a line whose first non-blank character is #)
//   key = text                 spaces and tabs around the text are dropped
//   key = """                  a text over several lines: the lines up to
//   line one                   the one holding only """ (and blanks) are
//   line two                   kept as they are, each with its line break
//   """
// Keys are letters, digits, '_', '.' and '-'. In a text, {name} is a
// placeholder that arx fills in; ctemplate markers ({{name}}) are not
// placeholders and are kept as they are.
#pragma once

#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arx::pdf {

// A text file as the build embeds it: its path below plugin/ and its bytes.
struct text_source {
  const char *name;  // "pdf/labels/de.txt"
  std::string_view text;
};

using text_map = std::map<std::string, std::string, std::less<>>;

// The keys and texts of one file. Throws arx::error(ARX_E_INTERNAL) naming the
// file and the line for anything that is not the format above: a line
// without '=', a bad or repeated key, a text block that is not closed, text
// that is not UTF-8.
text_map parse_texts(std::string_view name, std::string_view text);

// The placeholder names in `text`: "{amount} by {date}" gives {amount, date}.
std::set<std::string> placeholders(std::string_view text);

// `pattern` with each {name} that `values` names replaced by its value
// (once: values are not scanned again); other placeholders and ctemplate
// markers stay as they are.
std::string fill(std::string_view pattern,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values);

// The texts of one kind in every language: the language is the file's name
// without ".txt". English is the reference: a key a language lacks is taken
// from English.
class language_texts {
 public:
  // Parses every file; throws as parse_texts does, and when there is no
  // en.txt or two files are of the same language.
  explicit language_texts(std::span<const text_source> files);

  bool has(std::string_view language) const noexcept;
  std::vector<std::string> languages() const;  // sorted: "de", "en", "nl"
  std::string language_list() const;           // "de, en, nl"

  // The text of `key` in `language`, or English's when the language has
  // none; nullptr when English has none either (or the language is unknown
  // and English has none).
  const std::string *find(std::string_view language, std::string_view key) const noexcept;

  // One language's own texts, without the English fallback; the file name
  // for messages.
  const text_map &own(std::string_view language) const;
  const std::string &file_name(std::string_view language) const;

 private:
  struct file {
    std::string name;
    text_map texts;
  };
  const file &at(std::string_view language) const;
  std::map<std::string, file, std::less<>> files_;
};

}  // namespace arx::pdf
