// Payer names: the name a bank statement gives for who paid, compared with
// the customers' names in the ERP. Banks upper-case, drop accents, spell
// umlauts out, cut names at 27, 35 or 70 characters and leave legal forms
// off or on; fold_name() and name_tokens() undo all of that on both sides,
// name_similarity() compares what is left, and name_index finds the customers
// a payer name could mean among many.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cashapp/references.hpp"  // detail::hash_table

namespace arx::cashapp {

// The comparable form of a name (UTF-8 in, ASCII out for Latin script):
//  * compatibility decomposition (NFKD) and combining marks dropped: é -> e,
//    Å -> a, ligatures and full-width forms to their letters; letters that do
//    not decompose are spelled: ß -> ss, ø -> o, ł -> l, đ/ð -> d, þ -> th,
//    æ -> ae, œ -> oe, ı -> i, ħ -> h;
//  * lower case;
//  * German umlauts meet whichever way they were written: the rule is that
//    every "ae", "oe" and "ue" inside a word becomes "a", "o", "u" ("ue"
//    after "q" excepted: "quelle" stays), after the marks are gone. So
//    Müller, Mueller and Muller all fold to "muller", Schröder and Schroeder
//    to "schroder". (A few other words lose a letter too, "michael" ->
//    "michal"; both sides lose it alike.)
//  * '&', "und" and "and" all become the word "and";
//  * apostrophes are dropped inside words (O'Brien -> obrien), every other
//    character that is not a letter or a digit becomes a space, and spaces
//    are collapsed and trimmed.
// Letters of other scripts (Cyrillic, Greek, CJK, ...) are kept, lower-cased,
// as UTF-8. Invalid UTF-8 reads as spaces. Pure ASCII input takes a fast path
// without ICU.
std::string fold_name(std::string_view utf8);

// The words of fold_name(utf8) that tell customers apart, sorted (word order
// does not matter):
//  * legal forms and noise dropped wherever they stand: GmbH, mbH, AG, KG,
//    OHG, GbR, UG (haftungsbeschränkt), e.K., e.V., eG, KGaA, SE, Co., & Co.
//    KG, GesmbH, B.V., N.V., V.O.F., BVBA, SA, S.A., SARL, SAS, S.p.A., Srl,
//    SL, Ltd, Limited, LLC, Inc, Incorporated, Corp, Corporation, Company,
//    PLC, LLP, Pty, AB, AS, A/S, ApS, Oy, Kft, Sp. z o.o., s.r.o., Ltda, DAC,
//    "the", "firma", "fa" and the word "and". Dotted, undotted and spaced
//    spellings are the same ("B.V.", "BV", "b v"): consecutive words of one or
//    two letters are also tried glued together;
//  * what is left of single letters in a row is glued into one word
//    ("J. K. Rowling" -> "jk", "rowling");
//  * a few abbreviations are spelled out: intl, natl, mfg, bros, svc, svcs.
// A name that is nothing but noise ("GmbH") has no tokens.
std::vector<std::string> name_tokens(std::string_view utf8);

// How alike two token lists (from name_tokens) are, in [0, 1]; 0 when either
// is empty. The formula:
//
//   similarity = sum over matched pairs (x, y) of q(x, y) * (w(x) + w(y))
//                ------------------------------------------------------
//                          sum of w over all tokens of a and b
//
// w(t) = min(length(t), 4) / 4: words of four letters and more weigh 1,
// shorter ones (initials, numbers) less. Pairs are matched one to one,
// greedily by quality (then by position). q(x, y) is the best that applies:
//   1                               x == y
//   1 - d / max(|x|, |y|)           restricted Damerau-Levenshtein distance
//                                   d <= 1 when both have >= 5 characters,
//                                   d <= 2 when both have >= 9
//   0.5 + 0.5 * |short| / |long|    the shorter (>= 4 characters) is a prefix
//                                   of the longer: a truncated or abbreviated
//                                   word ("maschinenb", "masch")
//   0                               otherwise.
// It is a Dice coefficient over weighted tokens: a word only one side has
// lowers the score as much as a mismatch does. Word order never matters.
double name_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Customers' names, for finding the customers a payer name may mean. Build
// once (fold and tokenise every name; index the words, their deletion
// neighbourhoods for the fuzzy matches and their sorted order for prefixes),
// then look up; lookup() is const and may run on several threads at once.
class name_index {
public:
  name_index() = default;
  // A customer may come more than once (trading names, former names): it is
  // found through each and reported once, with the best similarity. Names
  // without tokens are kept out.
  explicit name_index(const std::vector<std::pair<int64_t, std::string>>& customers);

  // Customers with name_similarity(name_tokens(payer_name), their tokens) >=
  // min_similarity (and > 0), best first, ties by customer id; at most
  // max_results. Candidates come from the index's posting lists of the
  // payer's words and of the words that match them fuzzily or by prefix, the
  // commonest words' lists left out when they cannot lift a customer to
  // min_similarity on their own; all customers are never scanned.
  std::vector<std::pair<int64_t, double>> lookup(std::string_view payer_name, double min_similarity,
                                                 size_t max_results) const;

  size_t size() const noexcept { return ids_.size(); }  // names indexed
  size_t vocabulary_size() const noexcept { return words_.size(); }
  size_t memory_bytes() const noexcept;

private:
  std::vector<std::string> words_;           // every distinct token, sorted
  std::vector<uint32_t> posting_start_;      // per word: into postings_
  std::vector<uint32_t> postings_;           // name indexes, ascending, per word
  std::vector<int64_t> ids_;                 // per name: the customer id
  std::vector<uint32_t> token_start_;        // per name: into tokens_
  std::vector<uint32_t> tokens_;             // word indexes, per name in token order
  std::vector<float> weights_;               // per name: sum of w over its tokens
  detail::hash_table exact_;                 // word hashes -> word
  detail::hash_table variants_;              // deletion variants of the words of 5+ letters -> word

  uint32_t word_of(std::string_view w) const;
};

}  // namespace arx::cashapp
