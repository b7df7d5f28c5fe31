// Unit tests for the texts a translator edits (plugin/pdf/texts): every
// language file of the PDF labels and of the built-in dunning templates has
// exactly English's keys with the same placeholders; the file format, its
// errors (file and line), the English fallback and filling placeholders.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "dunning/builtin_templates.hpp"
#include "dunning/render.hpp"
#include "pdf/format.hpp"
#include "pdf/texts.hpp"

namespace {

using namespace arx;
using pdf::language_texts;
using pdf::text_source;

std::string join(const std::set<std::string> &names) {
  std::string out;
  for (const auto &n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The placeholders a key may use in any language, where languages differ
// in which they use: a date format picks its own parts.
const std::set<std::string> *free_placeholders(const std::string &key) {
  static const std::set<std::string> date_parts{"d", "dd", "mm", "month", "yyyy"};
  return key == "format.date" ? &date_parts : nullptr;
}

// Every language has every key of English, no other key, and per key the
// placeholders English has.
void expect_like_english(const language_texts &texts) {
  const pdf::text_map &english = texts.own("en");
  ASSERT_GE(texts.languages().size(), 3u);
  for (const auto &language : texts.languages()) {
    const std::string &file = texts.file_name(language);
    const pdf::text_map &own = texts.own(language);
    for (const auto &[key, text] : english)
      EXPECT_TRUE(own.contains(key)) << file << " lacks the key '" << key << "'";
    for (const auto &[key, text] : own) {
      const auto en = english.find(key);
      if (en == english.end()) {
        ADD_FAILURE() << file << " has the key '" << key << "', which en.txt does not have";
        continue;
      }
      const auto mine = pdf::placeholders(text);
      if (const auto *allowed = free_placeholders(key)) {
        EXPECT_FALSE(mine.empty()) << file << ", " << key;
        for (const auto &p : mine) EXPECT_TRUE(allowed->contains(p)) << file << ", " << key << ": {" << p << "}";
      } else {
        EXPECT_EQ(join(mine), join(pdf::placeholders(en->second))) << file << ", key '" << key << "'";
      }
    }
  }
}

TEST(texts, pdf_label_files_have_englishs_keys_and_placeholders) {
  const language_texts &texts = pdf::label_texts();
  EXPECT_EQ(texts.language_list(), "de, en, nl");
  expect_like_english(texts);
}

TEST(texts, dunning_template_files_have_englishs_keys_and_placeholders) {
  const language_texts &texts = dunning::builtin_template_texts();
  EXPECT_EQ(texts.language_list(), "de, en, nl");
  expect_like_english(texts);
}

TEST(texts, every_languages_builtin_templates_pass_the_template_check) {
  const language_texts &texts = dunning::builtin_template_texts();
  for (const auto &language : texts.languages()) {
    for (const auto &name : dunning::builtin_template_names()) {
      SCOPED_TRACE(texts.file_name(language) + ", " + name);
      const dunning::template_text t = dunning::builtin_template(name, language);
      EXPECT_NO_THROW(dunning::check_template(t));
      EXPECT_EQ(t.body.find("{not_due}"), std::string::npos) << "the pieces are put in";
      EXPECT_EQ(t.body.find("{document}"), std::string::npos) << "the pieces are put in";
    }
  }
  // and a language with labels for its letter
  for (const auto &language : texts.languages()) EXPECT_TRUE(pdf::is_language(language)) << language;
}

TEST(texts, english_labels_have_every_key_the_code_reads) {
  const pdf::text_map &english = pdf::label_texts().own("en");
  for (const auto key : pdf::label_keys) EXPECT_TRUE(english.contains(key)) << key;
  // the families looked up by code: kinds, units, VAT categories
  for (const char *key : {"kind.invoice", "kind.credit_note", "kind.fee", "unit.C62", "vat_category.S", "exemption.E"})
    EXPECT_TRUE(english.contains(key)) << key;
}

TEST(texts, format_keys_and_texts) {
  const auto t = pdf::parse_texts("x/en.txt",
                                  "# a comment\n"
                                  "  # an indented comment\n"
                                  "\n"
                                  "title =   Invoice  \n"
                                  "page_of=Page {page} of {pages}\r\n"
                                  "unit.C62 = pcs\n"
                                  "empty =\n"
                                  "with.equals = a = b # not a comment\n"
                                  "body = \"\"\"\n"
                                  "  Dear {{customer_name}},\n"
                                  "\n"
                                  "# kept: inside a text\n"
                                  "  \"\"\" \n"
                                  "utf8 = Fällig am\n");
  const pdf::text_map expected{{"title", "Invoice"},
                               {"page_of", "Page {page} of {pages}"},
                               {"unit.C62", "pcs"},
                               {"empty", ""},
                               {"with.equals", "a = b # not a comment"},
                               {"body", "  Dear {{customer_name}},\n\n# kept: inside a text\n"},
                               {"utf8", "Fällig am"}};
  EXPECT_EQ(t, expected);
}

// The message of the error parsing `text` as de.txt throws.
std::string parse_error(const std::string &text) {
  try {
    pdf::parse_texts("pdf/labels/de.txt", text);
  } catch (const error &e) {
    EXPECT_EQ(e.status(), ARX_E_INTERNAL);
    return e.what();
  }
  return "(no error)";
}

TEST(texts, malformed_files_are_refused_naming_file_and_line) {
  EXPECT_EQ(parse_error("a = 1\n\nno equals sign\n"),
            "pdf/labels/de.txt, line 3: expected 'key = text', a comment (#) or an empty line");
  EXPECT_EQ(parse_error("a = 1\n = 2\n"), "pdf/labels/de.txt, line 2: no key before '='");
  EXPECT_EQ(parse_error("# c\nin voice = x\n"),
            "pdf/labels/de.txt, line 2: 'in voice' is not a key (letters, digits, '_', '.', '-')");
  EXPECT_EQ(parse_error("a = 1\nb = 2\na = 3\n"), "pdf/labels/de.txt, line 3: the key 'a' is given twice");
  EXPECT_EQ(parse_error("a = 1\nbody = \"\"\"\ntext\n\"\"\"x\n"),
            "pdf/labels/de.txt, line 2: the text started here is not closed by a line holding only \"\"\"");
  EXPECT_EQ(parse_error("body = \"\"\"text\n"),
            "pdf/labels/de.txt, line 1: a text over several lines starts on the line after \"\"\": nothing may "
            "follow it");
  EXPECT_EQ(parse_error("a = 1\nb = \xff\xfe\n"), "pdf/labels/de.txt, line 2: the text is not UTF-8");
  // a block that is closed is followed by more keys
  EXPECT_EQ(parse_error("b = \"\"\"\nx\n\"\"\"\nc = 1\nd\n"),
            "pdf/labels/de.txt, line 5: expected 'key = text', a comment (#) or an empty line");
}

TEST(texts, a_missing_key_falls_back_to_english) {
  const std::vector<text_source> files{{"t/en.txt", "a = A\nb = B\n"}, {"t/xx.txt", "a = Ä\n"}};
  const language_texts texts(files);
  EXPECT_TRUE(texts.has("xx"));
  EXPECT_FALSE(texts.has("fr"));
  EXPECT_EQ(*texts.find("xx", "a"), "Ä");
  EXPECT_EQ(*texts.find("xx", "b"), "B");
  EXPECT_EQ(texts.find("xx", "c"), nullptr);
  EXPECT_EQ(texts.own("xx").size(), 1u);
  EXPECT_EQ(texts.file_name("xx"), "t/xx.txt");
  EXPECT_EQ(texts.language_list(), "en, xx");
}

TEST(texts, a_set_without_english_or_with_a_bad_file_is_refused) {
  const std::vector<text_source> no_english{{"t/de.txt", "a = A\n"}};
  try {
    language_texts{no_english};
    ADD_FAILURE() << "no error";
  } catch (const error &e) {
    EXPECT_STREQ(e.what(), "no English (en.txt) among the text files t/de.txt");
  }
  const std::vector<text_source> bad{{"t/en.txt", "a = A\n"}, {"t/nl.txt", "a = A\nb\n"}};
  try {
    language_texts{bad};
    ADD_FAILURE() << "no error";
  } catch (const error &e) {
    EXPECT_STREQ(e.what(), "t/nl.txt, line 2: expected 'key = text', a comment (#) or an empty line");
  }
}

TEST(texts, fill_replaces_named_placeholders_once) {
  EXPECT_EQ(pdf::fill("Page {page} of {pages}", {{"page", "1"}, {"pages", "3"}}), "Page 1 of 3");
  // values are not scanned again; unknown placeholders and ctemplate markers stay
  EXPECT_EQ(pdf::fill("{a} {b} {{a}} {{#a}}x{{/a}} {c}", {{"a", "{b}"}, {"b", "B"}}),
            "{b} B {{a}} {{#a}}x{{/a}} {c}");
  EXPECT_EQ(pdf::fill("{ a} {} {A} {a-b} {a}", {{"a", "x"}}), "{ a} {} {A} {a-b} x");
  EXPECT_EQ(pdf::fill("{{unclosed {a}", {{"a", "x"}}), "{{unclosed {a}");
  EXPECT_EQ(join(pdf::placeholders("{amount} by {date}, {{customer_name}} {amount}")), "amount, date");
}

TEST(texts, unknown_languages_name_the_ones_there_are) {
  try {
    pdf::labels_for("fr");
    ADD_FAILURE() << "no error";
  } catch (const error &e) {
    EXPECT_EQ(e.status(), ARX_E_INVALID_ARGUMENT);
    EXPECT_STREQ(e.what(), "unsupported document language 'fr' (de, en, nl)");
  }
  EXPECT_TRUE(pdf::is_language("nl"));
  EXPECT_FALSE(pdf::is_language("EN"));
}

}  // namespace
