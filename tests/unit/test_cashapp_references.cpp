// Unit tests for plugin/cashapp/references: invoice numbers in remittance
// text and the index that finds them among the open items.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "cashapp/references.hpp"
#include "core/error.hpp"
#include "core/rf_reference.hpp"
#include "support.hpp"

namespace {

using namespace arx::cashapp;
using arx::test::expect_each;
using strings = std::vector<std::string>;

// ------------------------------------------------------------------- keys

TEST(CashappReferences, normalize_upper_cases_and_drops_separators) {
  expect_each(normalize_reference, {
      {"re-2024/00123", "RE202400123"},
      {"INV 2024.0042_a", "INV20240042A"},
      {"Rg.-Nr. 4711", "RGNR4711"},
      {"Nr. 4711 (Müller)", "NR4711MLLER"},  // non-ASCII dropped
      {"", ""},
      {std::string_view(), ""},
      {"--/ ", ""},
  });
}

TEST(CashappReferences, key_reads_ocr_confusions_between_digits) {
  expect_each(reference_key, {
      {"2O24-OO123", "202400123"},
      {"4B11", "4811"},
      {"1S9Z7", "15927"},
      {"20I5l2", "201512"},  // I and l are 1
      // Letters at the edge of the digits are prefixes, not digits.
      {"SO12345", "SO12345"},
      {"INV00123", "INV00123"},
      {"12345O", "12345O"},
      {"BOSS123", "BOSS123"},
  });
}

TEST(CashappReferences, digits_key_strips_prefix_and_leading_zeros) {
  expect_each(digits_key, {
      {"INV-000123", "123"},
      {"123", "123"},
      {"00123", "123"},
      {"RE 2024-0815", "20240815"},
      {"2O24-OO123", "202400123"},
      {"0000", "0"},
      {"ABC", ""},
      {"", ""},
  });
}

TEST(CashappReferences, edit_distance_is_restricted_damerau_levenshtein) {
  EXPECT_EQ(edit_distance("2024123", "2024123", 2), 0);
  EXPECT_EQ(edit_distance("2024123", "2024132", 2), 1);  // swap
  EXPECT_EQ(edit_distance("2024123", "2024124", 2), 1);  // substitution
  EXPECT_EQ(edit_distance("2024123", "202413", 2), 1);   // deletion
  EXPECT_EQ(edit_distance("202413", "2024123", 2), 1);   // insertion
  EXPECT_EQ(edit_distance("kitten", "sitting", 5), 3);
  EXPECT_EQ(edit_distance("kitten", "sitting", 2), 3);   // limit + 1 once beyond the limit
  EXPECT_EQ(edit_distance("abcdef", "badcfe", 3), 3);    // three swaps
  // Optimal string alignment: "ca" -> "abc" is 3 (true Damerau-Levenshtein: 2).
  EXPECT_EQ(edit_distance("ca", "abc", 5), 3);
  EXPECT_EQ(edit_distance("", "", 0), 0);
  EXPECT_EQ(edit_distance("", "ab", 5), 2);
  EXPECT_EQ(edit_distance("", "abcd", 2), 3);
  const std::string a(100, 'x');
  std::string b = a;
  b[50] = 'y';
  EXPECT_EQ(edit_distance(a, b, 2), 1);
}

// ------------------------------------------------------------- candidates

TEST(CashappReferences, candidates_of_the_brief_examples) {
  EXPECT_EQ(reference_candidates("RE 2024-00123"), (strings{"RE202400123", "202400123", "2024", "00123"}));
  EXPECT_EQ(reference_candidates("Rg.-Nr. 4711"), (strings{"RGNR4711", "4711"}));
  EXPECT_EQ(reference_candidates("INV/2024/123"), (strings{"INV2024123", "2024123", "2024", "123"}));
  EXPECT_EQ(reference_candidates("Inv#00123"), (strings{"INV00123", "00123"}));
  EXPECT_EQ(reference_candidates("RE123 RE124"), (strings{"RE123", "123", "RE124", "124"}));
  EXPECT_EQ(reference_candidates("123,124,125"), (strings{"123", "124", "125"}));
  EXPECT_EQ(reference_candidates("123+124"), (strings{"123", "124"}));
  EXPECT_EQ(reference_candidates("RE2024123"), (strings{"RE2024123", "2024123"}));
  EXPECT_EQ(reference_candidates("RECHNR4711 RGNR4712"), (strings{"RECHNR4711", "4711", "RGNR4712", "4712"}));
}

TEST(CashappReferences, candidates_labels_and_spaces) {
  EXPECT_EQ(reference_candidates("Invoice no. 4711"), (strings{"INVOICENO4711", "4711"}));
  EXPECT_EQ(reference_candidates("Rechnung Nr. 2024-0815"),
            (strings{"RECHNUNGNR20240815", "20240815", "2024", "0815"}));
  EXPECT_EQ(reference_candidates("factuur 90012"), (strings{"FACTUUR90012", "90012"}));
  EXPECT_EQ(reference_candidates("FAKTURA: 55512"), (strings{"FAKTURA55512", "55512"}));
  // A space only joins after a label.
  EXPECT_EQ(reference_candidates("Kunde 12345"), (strings{"12345"}));
  EXPECT_EQ(reference_candidates("4711 4712"), (strings{"4711", "4712"}));
  EXPECT_EQ(reference_candidates("4711 / 4712"), (strings{"4711", "4712"}));
  // Unknown letters glued by '-' belong to the number.
  EXPECT_EQ(reference_candidates("ABC-123"), (strings{"ABC123", "123"}));
}

TEST(CashappReferences, candidates_ranges_are_not_expanded) {
  EXPECT_EQ(reference_candidates("RE 4711-4715"), (strings{"RE47114715", "47114715", "4711", "4715"}));
  EXPECT_EQ(reference_candidates("4711-4713"), (strings{"47114713", "4711", "4713"}));
}

TEST(CashappReferences, candidates_skip_dates_amounts_and_short_numbers) {
  EXPECT_EQ(reference_candidates("Rechnung 12345 vom 12.03.2024 Betrag 1.234,56 EUR"),
            (strings{"RECHNUNG12345", "12345"}));
  EXPECT_EQ(reference_candidates("INV 998877 dated 2024-03-12, USD 1,234.56"), (strings{"INV998877", "998877"}));
  EXPECT_EQ(reference_candidates("Re 12 und 34"), (strings{}));
  EXPECT_EQ(reference_candidates("AB12"), (strings{}));
  EXPECT_EQ(reference_candidates(""), (strings{}));
  EXPECT_EQ(reference_candidates(std::string_view()), (strings{}));
  EXPECT_EQ(reference_candidates("Miete Januar"), (strings{}));
}

TEST(CashappReferences, candidates_rf_references) {
  EXPECT_EQ(reference_candidates("RF18 5390 0754 7034"), (strings{"RF18539007547034"}));
  EXPECT_EQ(reference_candidates("Zahlung RF18539007547034 danke"), (strings{"RF18539007547034"}));
  const std::string rf = arx::core::make_rf_reference("INV20240042");
  EXPECT_EQ(reference_candidates("ref " + arx::core::format_rf_reference(rf) + " 4711"),
            (strings{rf, "4711"}));
  // A wrong check digit is no RF reference: its groups are read as numbers.
  EXPECT_EQ(reference_candidates("RF19 5390 0754 7034"), (strings{"5390", "0754", "7034"}));
}

TEST(CashappReferences, candidates_of_very_long_text) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "RE 4711, ";
  EXPECT_EQ(reference_candidates(text), (strings{"RE4711", "4711"}));
  text.clear();
  for (int i = 0; i < 1000; ++i) text += std::to_string(100000 + i) + " ";
  const strings many = reference_candidates(text);
  ASSERT_EQ(many.size(), 64u);
  EXPECT_EQ(many.front(), "100000");
  EXPECT_EQ(many.back(), "100063");
  // One run longer than 35 characters is not a reference.
  EXPECT_EQ(reference_candidates(std::string(40, '7')), (strings{}));
  // Arbitrary bytes never break the scanner.
  std::mt19937 rng(3);
  std::string noise;
  for (int i = 0; i < 100000; ++i) noise.push_back(static_cast<char>(rng() % 256));
  for (const std::string& c : reference_candidates(noise)) {
    EXPECT_LE(c.size(), 35u);
    EXPECT_EQ(c, normalize_reference(c));
  }
}

// ------------------------------------------------------------------- index

reference_index sample_index() {
  reference_index idx;
  idx.add(1, "RE-2024-00123");
  idx.add(2, "INV-000123");
  idx.add(3, "4711");
  idx.add(4, "47110");
  idx.add(5, "2024000815");
  idx.add(6, "RE-2024123");
  idx.add(7, "1234567");
  idx.add(8, "12345678");
  idx.add(9, "---");  // ignored: nothing to compare
  idx.finalize();
  return idx;
}

reference_hit hit(int64_t item, int distance, reference_hit::how_t how) { return {item, distance, how}; }

void expect_hits(const std::vector<reference_hit>& got, const std::vector<reference_hit>& expected) {
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].item_key, expected[i].item_key) << i;
    EXPECT_EQ(got[i].distance, expected[i].distance) << i;
    EXPECT_EQ(got[i].how, expected[i].how) << i;
  }
}

TEST(CashappReferences, index_exact_and_digits_only) {
  const reference_index idx = sample_index();
  EXPECT_EQ(idx.size(), 8u);
  expect_hits(idx.find("RE202400123", 0), {hit(1, 0, reference_hit::exact)});
  expect_hits(idx.find("re 2024-00123", 0), {hit(1, 0, reference_hit::exact)});
  // "INV-000123" meets "123" and "00123" without its prefix and zeros.
  expect_hits(idx.find("123", 0), {hit(2, 0, reference_hit::digits_only)});
  expect_hits(idx.find("00123", 0), {hit(2, 0, reference_hit::digits_only)});
  expect_hits(idx.find("INV000123", 0), {hit(2, 0, reference_hit::exact)});
  expect_hits(idx.find("RG-2024123", 0), {hit(6, 0, reference_hit::digits_only)});
  expect_hits(idx.find("4711", 2), {hit(3, 0, reference_hit::exact)});
}

TEST(CashappReferences, index_typos_and_transpositions) {
  const reference_index idx = sample_index();
  // A swap in a 10-character key: distance 1.
  expect_hits(idx.find("2024000851", 1), {hit(5, 1, reference_hit::fuzzy)});
  // Two edits need max_distance 2 and 8 characters.
  EXPECT_TRUE(idx.find("2024008051", 1).empty());
  expect_hits(idx.find("2024008051", 2), {hit(5, 2, reference_hit::fuzzy)});
  // Exact first, then fuzzy.
  expect_hits(idx.find("47110", 1), {hit(4, 0, reference_hit::exact)});
  expect_hits(idx.find("47111", 1), {hit(4, 1, reference_hit::fuzzy)});
  // 7 characters: one edit, never two.
  expect_hits(idx.find("1234576", 2), {hit(7, 1, reference_hit::fuzzy)});  // "12345678" is 2 away
  EXPECT_TRUE(idx.find("1243576", 2).empty());
  // 8 characters: two edits.
  expect_hits(idx.find("21345687", 2), {hit(8, 2, reference_hit::fuzzy)});
}

TEST(CashappReferences, index_short_references_never_fuzzy) {
  const reference_index idx = sample_index();
  EXPECT_TRUE(idx.find("4712", 2).empty());
  EXPECT_TRUE(idx.find("4171", 2).empty());
  EXPECT_TRUE(idx.find("471", 2).empty());
  // "47110" has 5 characters but "4711" only 4: no fuzzy hit between them.
  expect_hits(idx.find("4711", 2), {hit(3, 0, reference_hit::exact)});
  reference_index small;
  small.add(1, "AB1");
  small.finalize();
  EXPECT_TRUE(small.find("AB2", 2).empty());
  EXPECT_TRUE(small.find("A1", 2).empty());  // one digit: too few for a digits-only hit
  small.add(2, "RE-0042");
  small.finalize();
  expect_hits(small.find("0042", 0), {hit(2, 0, reference_hit::digits_only)});
  EXPECT_TRUE(small.find("42", 0).empty());
  expect_hits(small.find("ab-1", 2), {hit(1, 0, reference_hit::exact)});
}

TEST(CashappReferences, index_ocr_confusions_are_exact) {
  const reference_index idx = sample_index();
  expect_hits(idx.find("2O24OOO8I5", 0), {hit(5, 0, reference_hit::exact)});
  expect_hits(idx.find("2024OOO8l5", 0), {hit(5, 0, reference_hit::exact)});
  expect_hits(idx.find("RE-2O24-OOl23", 0), {hit(1, 0, reference_hit::exact)});
  // A misread last digit is one edit away.
  expect_hits(idx.find("202400081S", 1), {hit(5, 1, reference_hit::fuzzy)});
}

TEST(CashappReferences, index_prefix_missing_and_mistyped) {
  const reference_index idx = sample_index();
  // "2024132" is "RE-2024123" without its prefix and with a swap.
  expect_hits(idx.find("2024132", 1), {hit(6, 1, reference_hit::fuzzy)});
  // Another prefix than the index's, mistyped.
  expect_hits(idx.find("RG2024124", 1), {hit(6, 1, reference_hit::fuzzy)});
  EXPECT_TRUE(idx.find("2024132", 0).empty());
}

TEST(CashappReferences, index_non_hits) {
  const reference_index idx = sample_index();
  EXPECT_TRUE(idx.find("99999999", 2).empty());
  EXPECT_TRUE(idx.find("RE2025999", 2).empty());
  EXPECT_TRUE(idx.find("", 2).empty());
  EXPECT_TRUE(idx.find("---", 2).empty());
  EXPECT_TRUE(idx.find("ABCDEFGH", 2).empty());
}

TEST(CashappReferences, index_shared_numbers_and_several_numbers_per_item) {
  reference_index idx;
  idx.add(10, "2024-0500");  // instalment 1
  idx.add(11, "2024-0500");  // instalment 2
  idx.add(12, "2024-0501");
  idx.add(12, "RF18539007547034");  // the same item under its RF reference
  idx.finalize();
  expect_hits(idx.find("20240500", 1),
              {hit(10, 0, reference_hit::exact), hit(11, 0, reference_hit::exact), hit(12, 1, reference_hit::fuzzy)});
  expect_hits(idx.find("RF18 5390 0754 7034", 0), {hit(12, 0, reference_hit::exact)});
  // Item 12 once, with its best hit.
  expect_hits(idx.find("20240501", 1),
              {hit(12, 0, reference_hit::exact), hit(10, 1, reference_hit::fuzzy), hit(11, 1, reference_hit::fuzzy)});
}

TEST(CashappReferences, index_max_hits_keeps_the_best) {
  // Consecutive numbers: dozens within one or two edits of each other.
  reference_index idx;
  for (int64_t k = 0; k < 200; ++k) idx.add(k, std::to_string(10000000 + k));
  idx.finalize();
  const std::vector<reference_hit> all = idx.find("10000050", 2);
  size_t within_two = 0;
  for (int k = 0; k < 200; ++k) within_two += edit_distance("10000050", std::to_string(10000000 + k), 2) <= 2 ? 1 : 0;
  ASSERT_EQ(within_two, 120u);  // all of 10000000..099 and 20 of 10000100..199
  ASSERT_EQ(all.size(), within_two);
  expect_hits({all[0], all[1]}, {hit(50, 0, reference_hit::exact), hit(0, 1, reference_hit::fuzzy)});
  for (size_t m : {size_t{1}, size_t{5}, size_t{20}, size_t{119}, size_t{1000}}) {
    std::vector<reference_hit> best(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min(m, all.size())));
    expect_hits(idx.find("10000050", 2, m), best);
  }
  EXPECT_TRUE(idx.find("10000050", 2, 0).empty());
}

TEST(CashappReferences, index_lifecycle_and_arguments) {
  reference_index idx;
  EXPECT_FALSE(idx.finalized());
  EXPECT_THROW(idx.find("123", 0), arx::error);
  idx.finalize();
  EXPECT_TRUE(idx.find("123", 0).empty());  // empty but finalized
  idx.add(1, "12345");
  EXPECT_THROW(idx.find("12345", 0), arx::error);  // added since
  idx.finalize();
  expect_hits(idx.find("12345", 0), {hit(1, 0, reference_hit::exact)});
  EXPECT_THROW(idx.find("12345", 3), arx::error);
  EXPECT_THROW(idx.find("12345", -1), arx::error);
  try {
    idx.find("12345", 3);
  } catch (const arx::error& e) {
    EXPECT_EQ(e.status(), ARX_E_INVALID_ARGUMENT);
  }
  EXPECT_GT(idx.memory_bytes(), 0u);
}

// The index finds what comparing with every number would find (direct
// matches: exact, digits only, fuzzy within the length rule).
TEST(CashappReferences, index_agrees_with_a_full_scan) {
  std::mt19937_64 rng(5);
  const char* prefixes[] = {"", "RE", "INV", "SO"};
  std::vector<std::string> numbers;
  reference_index idx;
  for (int64_t k = 0; k < 5000; ++k) {
    std::string n = prefixes[rng() % 4];
    const size_t digits = 3 + rng() % 8;
    for (size_t d = 0; d < digits; ++d) n.push_back(static_cast<char>('0' + rng() % 10));
    numbers.push_back(n);
    idx.add(k, n);
  }
  idx.finalize();
  auto allowed = [](size_t n) { return n >= 8 ? 2 : n >= 5 ? 1 : 0; };
  for (int q = 0; q < 2000; ++q) {
    std::string c = numbers[rng() % numbers.size()];
    switch (rng() % 4) {
    case 0: c[rng() % c.size()] = static_cast<char>('0' + rng() % 10); break;
    case 1: c.erase(rng() % c.size(), 1); break;
    case 2: {
      const size_t at = rng() % (c.size() - 1);
      std::swap(c[at], c[at + 1]);
      break;
    }
    default: c.insert(rng() % c.size(), 1, static_cast<char>('0' + rng() % 10)); break;
    }
    const int max_distance = static_cast<int>(rng() % 3);
    std::set<int64_t> expected;
    const std::string key = reference_key(c);
    for (size_t k = 0; k < numbers.size(); ++k) {
      const std::string other = reference_key(numbers[k]);
      const int limit = std::min<int>(max_distance, allowed(std::min(key.size(), other.size())));
      const bool digits = std::count_if(key.begin(), key.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) >= 3;
      const int d = edit_distance(key, other, limit);
      // Two edits only count between keys with the same letter prefix.
      auto prefix = [](const std::string& k) {
        size_t n = 0;
        while (n < k.size() && k[n] >= 'A' && k[n] <= 'Z') ++n;
        return n < k.size() ? k.substr(0, n) : std::string();
      };
      const bool fuzzy = d <= limit && (d <= 1 || prefix(key) == prefix(other));
      if (other == key || (digits && digits_key(other) == digits_key(key)) || fuzzy)
        expected.insert(static_cast<int64_t>(k));
    }
    std::set<int64_t> got;
    for (const reference_hit& h : idx.find(c, max_distance)) {
      EXPECT_TRUE(got.insert(h.item_key).second) << "item twice";
      EXPECT_LE(h.distance, max_distance);
      if (h.how == reference_hit::exact) {
        EXPECT_EQ(reference_key(numbers[h.item_key]), key);
      }
      if (h.how == reference_hit::digits_only) {
        EXPECT_EQ(digits_key(numbers[h.item_key]), digits_key(key));
      }
    }
    // Everything a full scan finds; the index may find more only through
    // the prefix substitution, which is always fuzzy.
    for (int64_t k : expected) EXPECT_TRUE(got.count(k)) << "'" << c << "' misses '" << numbers[k] << "'";
    for (const reference_hit& h : idx.find(c, max_distance))
      if (!expected.count(h.item_key)) {
        EXPECT_EQ(h.how, reference_hit::fuzzy) << c << " / " << numbers[h.item_key];
      }
  }
}

}  // namespace
