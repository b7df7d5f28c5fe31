// Unit tests for plugin/cashapp/names: payer name folding, tokens, similarity
// and the customer name index.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "cashapp/names.hpp"
#include "demo/names.hpp"
#include "support.hpp"

namespace {

using namespace arx::cashapp;
using arx::test::expect_each;
using tokens = std::vector<std::string>;
using ranked = std::vector<std::pair<int64_t, double>>;

double sim(std::string_view a, std::string_view b) { return name_similarity(name_tokens(a), name_tokens(b)); }

// ----------------------------------------------------------------- fold_name

TEST(CashappNames, fold_umlauts_meet_every_spelling) {
  expect_each(fold_name, {
      {"Müller", "muller"},
      {"Mueller", "muller"},
      {"Muller", "muller"},
      {"MÜLLER", "muller"},
      {"MUELLER", "muller"},
      {"Schröder & Söhne", "schroder and sohne"},
      {"Schroeder und Soehne", "schroder and sohne"},
      {"Schroder and Sohne", "schroder and sohne"},
      {"Bäcker", "backer"},
      {"Baecker", "backer"},
      // "que" keeps its e; other words lose one alike on both sides.
      {"Quelle Queen", "quelle queen"},
      {"Michael", "michal"},
      {"Citroën", "citron"},
  });
}

TEST(CashappNames, fold_accents_and_special_letters) {
  expect_each(fold_name, {
      {"Straße", "strasse"},
      {"GROẞE", "grosse"},
      {"Café Crème", "cafe creme"},
      {"Ørsted A/S", "orsted a s"},
      {"Sørensen", "sorensen"},
      {"Łódź", "lodz"},
      {"Åkesson", "akesson"},
      {"Đoković", "dokovic"},
      {"Þór", "thor"},
      {"Œuvre", "ouvre"},  // œ -> oe -> o
      {"Établissements", "etablissements"},
      {"Dvořák", "dvorak"},
      {"ﬁne", "fine"},  // ligature
      {"ＡＣＭＥ", "acme"},  // full width
  });
}

TEST(CashappNames, fold_punctuation_spaces_and_apostrophes) {
  expect_each(fold_name, {
      {"O'Brien", "obrien"},
      {"O’Brien", "obrien"},
      {"McDonald's", "mcdonalds"},
      {"  A.B.C.  ", "a b c"},
      {"Müller-Lüdenscheidt", "muller ludenscheidt"},
      {"Smith&Jones", "smith and jones"},
      {"Smith,\tJones\n(UK)", "smith jones uk"},
      {"Bau 2000", "bau 2000"},
  });
}

TEST(CashappNames, fold_empty_invalid_and_other_scripts) {
  expect_each(fold_name, {
      {"", ""},
      {std::string_view(), ""},
      {"  .-/ ", ""},
      {std::string_view("a\0b", 3), "a b"},
      {"a\xff" "b", "a b"},
      {"\xc3", ""},  // a truncated sequence
      {"ΩMEGA", "\xcf\x89mega"},  // Greek kept, lower case
      {"Пётр", "петр"},  // Cyrillic: marks dropped, kept
  });
}

// --------------------------------------------------------------- name_tokens

TEST(CashappNames, tokens_drop_legal_forms_and_sort) {
  expect_each<tokens>(name_tokens, {
      {"Müller Maschinenbau GmbH", {"maschinenbau", "muller"}},
      {"Maschinenbau Müller GmbH & Co. KG", {"maschinenbau", "muller"}},
      {"MUELLER MASCHINENBAU", {"maschinenbau", "muller"}},
      {"Müller GmbH&Co.KG", {"muller"}},
      {"Weber e.K.", {"weber"}},
      {"Kulturverein Nord e.V.", {"kulturverein", "nord"}},
      {"Schulz UG (haftungsbeschränkt)", {"schulz"}},
      {"Huber OHG", {"huber"}},
      {"Bau AG", {"bau"}},
      {"Fa. Schmidt", {"schmidt"}},
      {"Firma Schmidt", {"schmidt"}},
      {"The Smith Corporation", {"smith"}},
      {"Smith Holdings Ltd", {"holdings", "smith"}},
      {"Acme Inc.", {"acme"}},
      {"Acme LLC", {"acme"}},
      {"Acme Pty Ltd", {"acme"}},
      {"Volvo AB", {"volvo"}},
      {"Nokia Oy", {"nokia"}},
      {"Magyar Kft.", {"magyar"}},
  });
}

TEST(CashappNames, tokens_dotted_undotted_and_spaced_forms) {
  for (const char* name : {"Jansen B.V.", "JANSEN BV", "Jansen b v", "Jansen B. V.", "Jansen bv"})
    EXPECT_EQ(name_tokens(name), (tokens{"jansen"})) << name;
  for (const char* name : {"Peeters N.V.", "Peeters NV", "Peeters BVBA", "Peeters V.O.F.", "Peeters vof"})
    EXPECT_EQ(name_tokens(name), (tokens{"peeters"})) << name;
  for (const char* name : {"Rossi S.p.A.", "Rossi SpA", "Rossi S.r.l.", "Rossi Srl", "Rossi S.A.", "Rossi SA",
                           "Rossi SARL", "Rossi S.A.S."})
    EXPECT_EQ(name_tokens(name), (tokens{"rossi"})) << name;
  for (const char* name : {"Hansen A/S", "Hansen AS", "Hansen ApS", "Hansen A.S."})
    EXPECT_EQ(name_tokens(name), (tokens{"hansen"})) << name;
  for (const char* name : {"Kowalski Sp. z o.o.", "Kowalski sp z o o", "Kowalski Sp.z o.o.", "Kowalski spzoo"})
    EXPECT_EQ(name_tokens(name), (tokens{"kowalski"})) << name;
  for (const char* name : {"Novák s.r.o.", "Novak sro", "Novák S R O"})
    EXPECT_EQ(name_tokens(name), (tokens{"novak"})) << name;
}

TEST(CashappNames, tokens_noise_only_and_empty) {
  EXPECT_TRUE(name_tokens("GmbH").empty());
  EXPECT_TRUE(name_tokens("GmbH & Co. KG").empty());
  EXPECT_TRUE(name_tokens("The Limited Company").empty());
  EXPECT_TRUE(name_tokens("").empty());
  EXPECT_TRUE(name_tokens("  ,.;  ").empty());
}

TEST(CashappNames, tokens_initials_abbreviations_and_repeats) {
  expect_each<tokens>(name_tokens, {
      {"J. K. Rowling Ltd", {"jk", "rowling"}},
      {"JK Rowling", {"jk", "rowling"}},
      {"ACME Intl Inc.", {"acme", "international"}},
      {"Smith Bros", {"brothers", "smith"}},
      {"Müller & Müller", {"muller", "muller"}},
  });
  EXPECT_EQ(name_tokens("Schmidt & Söhne"), name_tokens("Schmidt und Soehne"));
}

TEST(CashappNames, tokens_of_very_long_names) {
  std::string name;
  for (int i = 0; i < 500; ++i) name += "Müller Maschinenbau GmbH ";
  const tokens t = name_tokens(name);
  ASSERT_EQ(t.size(), 1000u);
  EXPECT_EQ(t.front(), "maschinenbau");
  EXPECT_EQ(t.back(), "muller");
}

// ----------------------------------------------------------- name_similarity

TEST(CashappNames, similarity_of_the_brief_examples) {
  EXPECT_DOUBLE_EQ(sim("Müller Maschinenbau GmbH", "MUELLER MASCHINENBAU"), 1.0);
  EXPECT_DOUBLE_EQ(sim("Müller Maschinenbau GmbH", "Maschinenbau Müller GmbH & Co. KG"), 1.0);
  EXPECT_DOUBLE_EQ(sim("Müller Logistik", "Müller Maschinenbau"), 0.5);
  // Truncated by the bank: "maschinenb" is a prefix, q = 0.5 + 0.5 * 10/12.
  EXPECT_DOUBLE_EQ(sim("MUELLER MASCHINENB", "Müller Maschinenbau GmbH"), 23.0 / 24.0);
  EXPECT_GE(sim("MUELLER MASCHINENB", "Müller Maschinenbau GmbH"), 0.8);
}

TEST(CashappNames, similarity_typos_and_transpositions) {
  // One letter too many: 1 - 1/7.
  EXPECT_DOUBLE_EQ(sim("Mülller Maschinenbau", "Müller Maschinenbau"), (2 * 6.0 / 7.0 + 2) / 4);
  // Swapped letters count as one edit: 1 - 1/12.
  EXPECT_DOUBLE_EQ(sim("Maschinenbua Müller", "Müller Maschinenbau"), (2 + 2 * 11.0 / 12.0) / 4);
  EXPECT_DOUBLE_EQ(name_similarity({"bauer"}, {"baier"}), 0.8);
  // Two edits only for words of nine letters and more.
  EXPECT_DOUBLE_EQ(name_similarity({"schneider"}, {"schnaidar"}), 1.0 - 2.0 / 9.0);
  EXPECT_DOUBLE_EQ(name_similarity({"logistik"}, {"logastak"}), 0.0);
  // Short words never match fuzzily.
  EXPECT_DOUBLE_EQ(name_similarity({"koch"}, {"kich"}), 0.0);
  EXPECT_DOUBLE_EQ(name_similarity({"koch"}, {"koch"}), 1.0);
}

TEST(CashappNames, similarity_prefixes_weights_and_matching) {
  // Abbreviated: 0.5 + 0.5 * 5/12.
  EXPECT_DOUBLE_EQ(name_similarity({"masch", "muller"}, {"maschinenbau", "muller"}), (2 + 2 * 17.0 / 24.0) / 4);
  // Three letters are not enough for a prefix.
  EXPECT_DOUBLE_EQ(name_similarity({"mas"}, {"maschinenbau"}), 0.0);
  // Short words weigh less: "ab" weighs 0.5.
  EXPECT_DOUBLE_EQ(name_similarity({"ab", "muller"}, {"muller"}), 2.0 / 2.5);
  // One to one: the second "muller" has no partner.
  EXPECT_DOUBLE_EQ(name_similarity({"muller", "muller"}, {"muller"}), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(name_similarity({}, {"muller"}), 0.0);
  EXPECT_DOUBLE_EQ(name_similarity({"muller"}, {}), 0.0);
  EXPECT_DOUBLE_EQ(name_similarity({}, {}), 0.0);
  EXPECT_DOUBLE_EQ(sim("GmbH", "GmbH"), 0.0);
}

TEST(CashappNames, similarity_is_symmetric_and_bounded) {
  const char* names[] = {"Müller Maschinenbau GmbH", "MUELLER MASCHINENB", "Müller Logistik", "Jansen B.V.",
                         "J. K. Rowling Ltd",        "Schmidt & Söhne",   "Maschinenbau",    "Mülller"};
  for (const char* a : names)
    for (const char* b : names) {
      const double x = sim(a, b), y = sim(b, a);
      EXPECT_DOUBLE_EQ(x, y) << a << " / " << b;
      EXPECT_GE(x, 0.0);
      EXPECT_LE(x, 1.0);
    }
}

// ---------------------------------------------------------------- name_index

std::vector<std::pair<int64_t, std::string>> sample_customers() {
  return {{1, "Müller Maschinenbau GmbH"},
          {2, "Müller Logistik GmbH"},
          {3, "Schmidt Maschinenbau AG"},
          {4, "Maschinenbau Müller GmbH & Co. KG"},
          {5, "GmbH"},
          {6, "Jansen B.V."},
          {7, "Müller"},
          {8, "Mueller Maschinenb"}};
}

TEST(CashappNames, index_ranks_customers) {
  const name_index index(sample_customers());
  EXPECT_EQ(index.size(), 7u);  // "GmbH" has no tokens
  const ranked r = index.lookup("MUELLER MASCHINENBAU", 0.6, 10);
  const ranked expected = {{1, 1.0}, {4, 1.0}, {8, 23.0 / 24.0}, {7, 2.0 / 3.0}};
  ASSERT_EQ(r.size(), expected.size());
  for (size_t i = 0; i < r.size(); ++i) {
    EXPECT_EQ(r[i].first, expected[i].first) << i;
    EXPECT_DOUBLE_EQ(r[i].second, expected[i].second) << i;
  }
}

TEST(CashappNames, index_min_similarity_and_max_results) {
  const name_index index(sample_customers());
  ranked r = index.lookup("Müller Maschinenbau", 0.5, 10);
  std::vector<int64_t> ids;
  for (const auto& [id, s] : r) ids.push_back(id);
  EXPECT_EQ(ids, (std::vector<int64_t>{1, 4, 8, 7, 2, 3}));
  EXPECT_DOUBLE_EQ(r[4].second, 0.5);
  EXPECT_DOUBLE_EQ(r[5].second, 0.5);
  r = index.lookup("Müller Maschinenbau", 0.5, 2);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].first, 1);
  EXPECT_EQ(r[1].first, 4);
  EXPECT_TRUE(index.lookup("Müller Maschinenbau", 0.5, 0).empty());
  r = index.lookup("Müller Maschinenbau", 0.99, 10);
  ASSERT_EQ(r.size(), 2u);
}

TEST(CashappNames, index_finds_typos_truncations_and_other_forms) {
  const name_index index(sample_customers());
  ranked r = index.lookup("Mülller Maschinenbau", 0.9, 10);
  ASSERT_GE(r.size(), 2u);
  EXPECT_EQ(r[0].first, 1);
  EXPECT_DOUBLE_EQ(r[0].second, 13.0 / 14.0);
  r = index.lookup("MUELLER MASCHINENB", 0.9, 10);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].first, 8);  // the same truncation: exact
  EXPECT_DOUBLE_EQ(r[0].second, 1.0);
  EXPECT_EQ(r[1].first, 1);
  EXPECT_DOUBLE_EQ(r[1].second, 23.0 / 24.0);
  EXPECT_EQ(r[2].first, 4);
  r = index.lookup("JANSEN BV", 0.9, 10);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].first, 6);
  EXPECT_DOUBLE_EQ(r[0].second, 1.0);
}

TEST(CashappNames, index_noise_empty_and_unknown_payers) {
  const name_index index(sample_customers());
  EXPECT_TRUE(index.lookup("GmbH", 0.0, 10).empty());
  EXPECT_TRUE(index.lookup("", 0.0, 10).empty());
  EXPECT_TRUE(index.lookup("Zimmermann Elektrotechnik", 0.1, 10).empty());
  const name_index empty;
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_TRUE(empty.lookup("Müller", 0.0, 10).empty());
  const name_index none(std::vector<std::pair<int64_t, std::string>>{});
  EXPECT_TRUE(none.lookup("Müller", 0.0, 10).empty());
}

TEST(CashappNames, index_reports_a_customer_once) {
  const name_index index({{10, "Acme Trading"}, {10, "Acme Handel"}, {11, "Acme Handel"}});
  const ranked r = index.lookup("ACME HANDEL", 0.1, 10);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].first, 10);
  EXPECT_DOUBLE_EQ(r[0].second, 1.0);
  EXPECT_EQ(r[1].first, 11);
  EXPECT_DOUBLE_EQ(r[1].second, 1.0);
}

// The index finds exactly what comparing with every customer would.
TEST(CashappNames, index_agrees_with_a_full_scan) {
  namespace w = arx::demo::words;
  std::mt19937_64 rng(11);
  auto pick = [&](auto& list) { return std::string(list[rng() % std::size(list)]); };
  std::vector<std::pair<int64_t, std::string>> customers;
  for (int64_t id = 1; id <= 3000; ++id) {
    std::string name;
    switch (rng() % 4) {
    case 0: name = pick(w::german_surnames) + " " + pick(w::german_trades) + " " + pick(w::german_forms); break;
    case 1: name = pick(w::german_places) + " " + pick(w::german_trades) + " " + pick(w::german_forms); break;
    case 2: name = pick(w::dutch_surnames) + " " + pick(w::dutch_trades) + " " + pick(w::dutch_forms); break;
    default: name = pick(w::english_surnames) + " " + pick(w::english_trades) + " " + pick(w::british_forms); break;
    }
    customers.emplace_back(id, name);
  }
  const name_index index(customers);
  std::vector<std::vector<std::string>> all;
  for (const auto& c : customers) all.push_back(name_tokens(c.second));

  for (int q = 0; q < 300; ++q) {
    std::string payer = customers[rng() % customers.size()].second;
    // Mutate: upper case, cut at 18 characters, drop or double a letter.
    switch (rng() % 5) {
    case 0:
      for (char& c : payer) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
      break;
    case 1: payer = payer.substr(0, 18); break;
    case 2: payer.erase(rng() % payer.size(), 1); break;
    case 3: {
      const size_t at = rng() % payer.size();
      payer.insert(at, 1, payer[at]);
      break;
    }
    default: payer = pick(w::german_surnames) + " " + pick(w::english_trades); break;
    }
    const double min_similarity = q % 3 == 0 ? 0.3 : q % 3 == 1 ? 0.6 : 0.85;
    const size_t max_results = q % 2 == 0 ? 5 : 50;

    std::map<int64_t, double> best;
    const tokens p = name_tokens(payer);
    for (size_t i = 0; i < customers.size(); ++i) {
      const double s = name_similarity(p, all[i]);
      if (s > 0 && s >= min_similarity) best[customers[i].first] = std::max(best[customers[i].first], s);
    }
    ranked expected(best.begin(), best.end());
    std::sort(expected.begin(), expected.end(), [](const auto& x, const auto& y) {
      return x.second != y.second ? x.second > y.second : x.first < y.first;
    });
    if (expected.size() > max_results) expected.resize(max_results);
    const ranked got = index.lookup(payer, min_similarity, max_results);
    ASSERT_EQ(got, expected) << "payer '" << payer << "' min " << min_similarity;
  }
}

}  // namespace
