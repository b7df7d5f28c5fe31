// Invoice numbers in free text: which tokens of a payment's remittance text
// could be invoice numbers, and an index over the open invoices that finds
// them again, exactly, without the prefix the payer left out, or with a typo.
//
// Keys. Everything is compared on normalised text: ASCII letters upper-cased,
// every character other than A-Z and 0-9 dropped ("INV/2024/0042" ->
// "INV20240042"). The index then also reads OCR confusions the way the bank's
// scanner meant them: a letter O, I, L, S, B or Z standing between two digits
// is the digit 0, 1, 1, 5, 8 or 2 ("2O24OO123" -> "202400123"). Letters at
// the edge of a number are left alone, so prefixes such as "SO" or "LS" keep
// their meaning; a misread first or last digit is a fuzzy (distance 1) hit.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace arx::cashapp {

// Upper-case ASCII letters and digits of `text`, everything else dropped:
// "re-2024/00123" -> "RE202400123". Non-ASCII characters are dropped too
// (invoice numbers are ASCII). This is the form reference_candidates()
// returns and the form the ERP's invoice numbers are compared in.
std::string normalize_reference(std::string_view text);

// normalize_reference() with OCR confusions between digits read as digits:
// "2O24-OO123" -> "202400123", "4B11" -> "4811", but "SO12345" stays. The
// key reference_index compares.
std::string reference_key(std::string_view text);

// The digits of reference_key(text) with leading zeros stripped, for the
// payer who leaves out the prefix: "INV-000123" -> "123", "RE 2024-0815" ->
// "20240815". "0000" -> "0"; text without digits -> "".
std::string digits_key(std::string_view text);

// Restricted Damerau-Levenshtein distance (optimal string alignment: an
// insertion, deletion, substitution or swap of two adjacent characters costs
// 1; no substring is edited twice) between two byte strings. Returns
// `limit + 1` as soon as the distance is known to exceed `limit` (limit >= 0),
// which keeps the computation to a band of the table.
int edit_distance(std::string_view a, std::string_view b, int limit);

// Tokens of remittance text that could be invoice numbers, normalised, in the
// order they appear and without repeats. Rules:
//  * Letters and digits form runs; runs joined by up to three of the
//    characters - / . _ # : (no space) belong to one token: "2024-00123",
//    "INV/2024/123", "Inv#00123", "Rg.-Nr." ...
//  * A space joins too, but only after a label: a run of known prefixes
//    (RE, RG, RECHNUNG, RECHNR, RNR, INV, INVOICE, FACTUUR, FACT, FAKTURA, NR,
//    NO and a few more, see references.cpp) before the first digit:
//    "RE 2024-00123", "Rg.-Nr. 4711", "Invoice no. 4711".
//  * Everything else separates: "RE123 RE124", "123,124,125", "123+124",
//    "4711 / 4712". Ranges are not expanded ("4711-4715" is one token
//    "47114715" plus its parts "4711" and "4715").
//  * A token needs at least 3 digits. Each one yields: the whole token with its
//    label ("RE202400123"), the token without the label ("202400123"), and
//    when it is made of 2 to 4 parts split by '-' or '/', every run of
//    consecutive parts that has 3 digits ("2024", "00123"; for more parts only
//    the parts themselves). A known prefix glued to the digits is stripped as
//    well: "RE2024123" also gives "2024123".
//  * Dates (31.12.2024, 12/31/24, 2024-12-31) and amounts (1.234,56,
//    1,234.56, 99.90) standing alone are not candidates and separate.
//  * An ISO 11649 RF creditor reference, in electronic or print format
//    ("RF18 5390 0754 7034"), is one candidate in electronic format
//    ("RF18539007547034"), whatever its digits; its groups give no others.
// Candidates longer than 35 characters (the body of a SEPA reference) are
// dropped; at most 64 candidates are returned for any text.
std::vector<std::string> reference_candidates(std::string_view text);

struct reference_hit {
  int64_t item_key = 0;
  // 0, 1 or 2: the restricted Damerau-Levenshtein distance between the keys
  // that met (0 for exact and digits_only).
  int distance = 0;
  enum how_t {
    exact,        // reference_key(candidate) == reference_key(invoice number); OCR confusions count as equal
    digits_only,  // only the digits keys are equal: prefix or leading zeros missing ("123" for "INV-000123");
                  // the candidate needs 3 digits or more (zeros counted: "0042" finds "RE-42")
    fuzzy,        // within `distance` edits, directly or with the index's prefix in place of the payer's
  } how = exact;
};

namespace detail {
// One flat hash multimap: 32-bit entries (hash fingerprint | record index),
// grouped into buckets by the top bits of the hash. Shared by
// reference_index and name_index (references.cpp); not an interface.
struct hash_table {
  int bucket_bits = 0;
  int index_bits = 0;
  std::vector<uint32_t> bucket_start;  // 2^bucket_bits + 1 offsets into entries
  std::vector<uint32_t> entries;
};
uint64_t hash_string(std::string_view s) noexcept;
// emit(hash) for every string made of `s` by deleting min..max (0..2) of
// its characters at positions >= from (strings over 40 characters: only `s`).
void deletion_hashes(std::string_view s, size_t from, int min_deletions, int max_deletions,
                     const std::function<void(uint64_t)>& emit);
// generate(emit) must call emit(record, hash) for every entry, the same way
// each time (it is called twice). Records < 2^26.
void build_hash_table(hash_table& t, size_t records, uint64_t estimated_entries,
                      const std::function<void(const std::function<void(uint32_t, uint64_t)>&)>& generate);
// Appends every record whose entry could have hash `h` (verify them).
void probe_hash_table(const hash_table& t, uint64_t h, std::vector<uint32_t>& out);
size_t hash_table_bytes(const hash_table& t) noexcept;
}  // namespace detail

// The open invoices' numbers, for finding candidates again. Build with add()
// for every open item, then finalize(); find() is const and may be called
// from several threads at once.
//
// Fuzzy hits follow the length of the shorter of the two keys: distance 1
// needs both keys to have 5 characters or more, distance 2 needs 8 or more;
// shorter references only ever match exactly. Distance 1 is found wherever
// the edit is; distance 2 only between keys with the same letter prefix (the
// letters before the first digit, "RE" of "RE2024123"), the two edits being
// in what follows. They are found through deletion neighbourhoods, hashed
// into flat tables of 32-bit entries (hash fingerprint and record index,
// bucketed by the hash's top bits) and verified against the keys, so a
// lookup never looks at the other invoices: one table holds every key and
// its variants with one character deleted, the other (keys of 8 characters
// and more) the variants with two characters of the body deleted.
//
// The payer who leaves out the prefix, or writes another one, and mistypes
// the number is found too: the index keeps the (up to four) commonest letter
// prefixes of its keys and also looks, within distance 1, for the
// candidate's body behind each of them and bare ("2024132" finds
// "RE-2024123"). The length rule then counts the bodies only.
//
// In a densely numbered range (a million consecutive numbers) nearly every
// number has dozens of others within one edit and hundreds within two:
// fuzzy hits there are many and weak; max_hits keeps such lookups short.
class reference_index {
public:
  // Adds an open item. Several items may share a number (instalments) and one
  // item may be added under several numbers (invoice number and RF payment
  // reference); numbers without a letter or digit are ignored. An add() after
  // finalize() makes the index unfinalized again until the next finalize().
  void add(int64_t item_key, std::string_view invoice_number);

  // Builds the lookup tables; call after the last add(). Throws arx::error
  // (ARX_E_INVALID_ARGUMENT) beyond 64 million numbers.
  void finalize();

  // Items whose number matches `candidate` (raw text or a reference_candidates()
  // token) within `max_distance` (0, 1 or 2; anything else throws arx::error
  // ARX_E_INVALID_ARGUMENT). One hit per item, its best: exact first, then
  // digits_only, then fuzzy by distance; ties by item_key. At most `max_hits`
  // hits: the first max_hits of the full answer; once that many items are
  // found, the weaker stages (fuzzy distance 1, then 2) are not searched at
  // all. Throws arx::error (ARX_E_INTERNAL) when the index has not been
  // finalized since the last add().
  std::vector<reference_hit> find(std::string_view candidate, int max_distance, size_t max_hits = SIZE_MAX) const;

  size_t size() const noexcept { return item_keys_.size(); }  // numbers added (ignored ones not counted)
  bool finalized() const noexcept { return finalized_; }
  size_t memory_bytes() const noexcept;  // heap held by keys and tables

private:
  std::string_view key_of(uint32_t record) const noexcept {
    return std::string_view(key_chars_).substr(key_start_[record], key_start_[record + 1] - key_start_[record]);
  }

  std::vector<int64_t> item_keys_;   // per record (one record per add())
  std::string key_chars_;            // reference_key() of every record, concatenated
  std::vector<uint32_t> key_start_{0};
  detail::hash_table near_;            // keys and their variants with one character deleted
  detail::hash_table far_;             // variants with two characters of the body deleted
  detail::hash_table digits_;          // digits keys
  std::vector<std::string> prefixes_;  // the commonest letter prefixes of the keys
  bool finalized_ = false;

};

}  // namespace arx::cashapp
