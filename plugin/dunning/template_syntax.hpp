// The template language of dunning notices, as arx checks it.
//
// Google's ctemplate (Debian's libctemplate) parses and expands the
// templates. arx scans the markers first, so that an admin's mistake is
// refused naming the part, the line and the name: only the names below, in
// the scope they exist in, balanced sections, and none of what a plain-text
// notice has no use for or where ctemplate would change a value (modifiers,
// includes, pragmas such as AUTOESCAPE, delimiter changes). Without an
// AUTOESCAPE pragma ctemplate works in TC_MANUAL mode: {{x}} inserts the value
// as it is. arx also drops the blanks and the line break of a line holding
// only section or comment markers before ctemplate sees the text, which is
// then parsed with DO_NOT_STRIP (STRIP_BLANK_LINES would also drop the blank
// lines between paragraphs).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dunning/render.hpp"

namespace ctemplate {
class TemplateDictionary;
}

namespace arx::dunning {

// A marker or a run of text in a template part.
struct token {
  enum class kind { text, variable, section, close, comment };
  kind k = kind::text;
  std::string name;  // variables, sections, closes
  int line = 1;
  size_t begin = 0, end = 0;  // the range in the source
};

// In the letter the item sections give way to the tables: each
// {{#items}}...{{/items}} becomes this character, which neither a template
// nor a value can contain (both lose their control characters).
constexpr char items_place = '\x01';
constexpr char items_not_due_place = '\x02';

// One part of a template, checked, ready for ctemplate.
struct checked_part {
  std::string_view part;
  std::string src;            // normalised
  std::vector<token> tokens;  // standalone lines stripped

  // What ctemplate parses: the admin's own text less the standalone lines'
  // blanks and breaks; for the letter with the item sections replaced.
  std::string source(bool letter = false) const;
};

// Checks one part ("subject", "body") of a template: markers, names and
// their scope; throws arx::error(ARX_E_CONFIG) naming the part and the line.
checked_part check_part(std::string_view part, std::string_view raw);

// Refuses an empty subject or body (ARX_E_CONFIG).
void check_source(const template_text &t);

// `source` (checked_part::source()) parsed by ctemplate and expanded with
// `data`; throws arx::error(ARX_E_CONFIG) when ctemplate cannot parse it.
std::string expand(const std::string &source, std::string_view part, const ctemplate::TemplateDictionary &data);

}  // namespace arx::dunning
