#include "cashapp/references.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>

#include "core/error.hpp"
#include "core/rf_reference.hpp"

namespace arx::cashapp {

namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_letter(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_alnum(char c) noexcept { return is_digit(c) || is_letter(c); }
char upper(char c) noexcept { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// ------------------------------------------------------------------ keys

// The digit an upper-case letter stands for when a scanner misread it, or 0.
char ocr_digit(char c) noexcept {
  switch (c) {
  case 'O': return '0';
  case 'I':
  case 'L': return '1';
  case 'S': return '5';
  case 'B': return '8';
  case 'Z': return '2';
  default: return 0;
  }
}

// Rewrites, in normalised text, every run of confusable letters that has a
// digit right before and right after it.
void fold_ocr(std::string& s) noexcept {
  size_t i = 0;
  while (i < s.size()) {
    if (!ocr_digit(s[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < s.size() && ocr_digit(s[end])) ++end;
    if (i > 0 && is_digit(s[i - 1]) && end < s.size() && is_digit(s[end]))
      for (size_t k = i; k < end; ++k) s[k] = ocr_digit(s[k]);
    i = end;
  }
}

// The digits of a key without leading zeros ("0" when all are zeros).
std::string digits_of_key(std::string_view key) {
  std::string out;
  for (char c : key)
    if (is_digit(c) && !(out.empty() && c == '0')) out.push_back(c);
  if (out.empty() && key.find('0') != std::string_view::npos) out = "0";
  return out;
}

// The leading letters of a key when digits follow them ("INV" of
// "INV2024123"), else empty.
std::string_view letter_prefix(std::string_view key) noexcept {
  size_t n = 0;
  while (n < key.size() && is_letter(key[n])) ++n;
  if (n == 0 || n == key.size() || !is_digit(key[n])) return {};
  return key.substr(0, n);
}

// How far two keys may be apart, by the length of the shorter one.
int allowed_by_length(size_t shorter) noexcept { return shorter >= 8 ? 2 : shorter >= 5 ? 1 : 0; }

// ------------------------------------------------------- candidate labels

// Words payers write before an invoice number (upper case, separators
// removed). A space after one of them still belongs to the number, and they
// are stripped from the front of a candidate.
constexpr std::string_view labels[] = {
    "RE",        "RG",          "RECH",      "RECHNUNG", "RECHNUNGSNR", "RECHNUNGSNUMMER", "RECHNR",  "RNR",
    "RGNR",      "RENR",        "NR",        "NO",       "NUM",         "NUMMER",          "NUMBER",  "INV",
    "INVOICE",   "INVNO",       "INVNR",     "FACTUUR",  "FACTUURNR",   "FACTUURNUMMER",   "FACT",    "FACTNR",
    "FAKTURA",   "FAKTURANR",   "FACTURE",   "FACTURA",  "BELEG",       "BELEGNR",         "REF",     "INVOICENO",
    "INVOICENR", "FACTUURNO",   "DOC",       "DOCUMENT"};

bool is_label(std::string_view upper_word) noexcept {
  for (std::string_view l : labels)
    if (l == upper_word) return true;
  return false;
}

// The length of a run of labels at the front of `s` that digits follow
// ("RGNR4711" -> 4), or 0. Tries every split, so "RENR" reads as RE + NR.
size_t glued_label_length(std::string_view s, size_t from = 0) noexcept {
  if (from < s.size() && is_digit(s[from])) return from;
  for (std::string_view l : labels) {
    if (s.size() > from + l.size() && s.compare(from, l.size(), l) == 0) {
      const size_t n = glued_label_length(s, from + l.size());
      if (n != 0) return n;
    }
  }
  return 0;
}

// --------------------------------------------------- dates and amounts

// Spans of text that read as a date (31.12.2024, 12/31/24, 2024-12-31) or an
// amount (1.234,56  1,234.56  99.90): they are not invoice numbers, and the
// candidate scanner treats them as separators.
struct span_t {
  size_t begin, end;
};

size_t digit_run(std::string_view t, size_t i) noexcept {
  size_t n = 0;
  while (i + n < t.size() && is_digit(t[i + n])) ++n;
  return n;
}

bool is_joiner(char c) noexcept { return c == '.' || c == ',' || c == '-' || c == '/'; }

// A candidate span [b, e) stands alone: no letter or digit touches it, not
// even through a joiner ("RE-12.50" is not an amount).
bool stands_alone(std::string_view t, size_t b, size_t e) noexcept {
  if (b > 0) {
    if (is_alnum(t[b - 1])) return false;
    if (b > 1 && is_joiner(t[b - 1]) && is_alnum(t[b - 2])) return false;
  }
  if (e < t.size()) {
    if (is_alnum(t[e])) return false;
    if (e + 1 < t.size() && is_joiner(t[e]) && is_alnum(t[e + 1])) return false;
  }
  return true;
}

// The end of a date starting at b, or 0.
size_t date_at(std::string_view t, size_t b) noexcept {
  const size_t n1 = digit_run(t, b);
  if (n1 == 0 || b + n1 >= t.size()) return 0;
  const char sep = t[b + n1];
  if (sep != '.' && sep != '/' && sep != '-') return 0;
  const size_t i2 = b + n1 + 1, n2 = digit_run(t, i2);
  if (n2 == 0 || n2 > 2 || i2 + n2 >= t.size() || t[i2 + n2] != sep) return 0;
  const size_t i3 = i2 + n2 + 1, n3 = digit_run(t, i3);
  auto value = [&](size_t i, size_t n) {
    int v = 0;
    for (size_t k = 0; k < n; ++k) v = v * 10 + (t[i + k] - '0');
    return v;
  };
  const int v1 = value(b, n1), v2 = value(i2, n2), v3 = value(i3, n3);
  auto year = [](int y) { return y >= 1900 && y <= 2099; };
  if (n1 == 4 && n3 >= 1 && n3 <= 2) {  // ISO: 2024-12-31
    if (year(v1) && v2 >= 1 && v2 <= 12 && v3 >= 1 && v3 <= 31) return i3 + n3;
    return 0;
  }
  if (n1 <= 2 && (n3 == 2 || (n3 == 4 && year(v3)))) {  // 31.12.2024 or 12/31/24
    const bool dm = v1 >= 1 && v1 <= 31 && v2 >= 1 && v2 <= 12;
    const bool md = v1 >= 1 && v1 <= 12 && v2 >= 1 && v2 <= 31;
    if (dm || md) return i3 + n3;
  }
  return 0;
}

// The end of an amount starting at b, or 0: 1 to 3 digits, groups of three
// after a thousands separator, then a decimal separator and two digits.
size_t amount_at(std::string_view t, size_t b) noexcept {
  const size_t n1 = digit_run(t, b);
  if (n1 == 0 || n1 > 3) return 0;
  size_t i = b + n1;
  char thousands = 0;
  for (;;) {
    if (i + 1 >= t.size() || (t[i] != '.' && t[i] != ',')) return 0;
    const size_t n = digit_run(t, i + 1);
    if (n == 2 && (thousands == 0 || t[i] != thousands)) return i + 3;
    if (n != 3 || (thousands != 0 && t[i] != thousands)) return 0;
    thousands = t[i];
    i += 4;
  }
}

std::vector<span_t> dates_and_amounts(std::string_view t) {
  std::vector<span_t> out;
  for (size_t i = 0; i < t.size();) {
    if (!is_digit(t[i]) || (i > 0 && is_digit(t[i - 1]))) {
      ++i;
      continue;
    }
    size_t e = date_at(t, i);
    if (e == 0 || !stands_alone(t, i, e)) e = amount_at(t, i);
    if (e != 0 && stands_alone(t, i, e)) {
      out.push_back({i, e});
      i = e;
    } else {
      ++i;
    }
  }
  return out;
}

// ------------------------------------------------------ hashing variants

// Keys longer than this only match exactly (their deletion neighbourhood
// would be large and such strings are not typed by hand).
constexpr size_t max_fuzzy_key = 40;

constexpr uint64_t poly = 0x9E3779B97F4A7C15ull;

uint64_t mix(uint64_t h, size_t length) noexcept {
  h ^= static_cast<uint64_t>(length) * 0xC2B2AE3D27D4EB4Full;
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return h;
}

uint64_t hash_of(std::string_view s) noexcept {
  uint64_t h = 0;
  for (char c : s) h = h * poly + static_cast<unsigned char>(c) + 1;
  return mix(h, s.size());
}

// Calls emit(hash) for every string made of `s` by deleting between
// `min_deletions` and `max_deletions` (0..2) of its characters at positions
// `from` and later (the characters before `from` are kept). The polynomial
// hash of a string with characters cut out is put together from prefix
// hashes in O(1), so no strings are built. Each deletion is made at the
// first character of a run of equal ones in the string as it is at that
// moment ("000" has one variant with one zero deleted, "2024" one "24"), so
// the variants come (almost always) without repeats.
template <class Emit>
void for_each_variant(std::string_view s, size_t from, int min_deletions, int max_deletions, Emit&& emit) {
  const size_t n = s.size();
  if (n > max_fuzzy_key) max_deletions = 0;
  from = std::min(from, n);
  max_deletions = std::min(max_deletions, static_cast<int>(n - from));
  if (min_deletions > max_deletions) return;
  if (max_deletions == 0) {
    emit(hash_of(s));
    return;
  }
  std::array<uint64_t, max_fuzzy_key + 1> pre{}, pw{};
  pw[0] = 1;
  for (size_t i = 0; i < n; ++i) {
    pre[i + 1] = pre[i] * poly + static_cast<unsigned char>(s[i]) + 1;
    pw[i + 1] = pw[i] * poly;
  }
  auto sub = [&](size_t l, size_t r) { return pre[r] - pre[l] * pw[r - l]; };  // hash of s[l, r)
  if (min_deletions == 0) emit(mix(pre[n], n));
  for (size_t i = from; i < n; ++i) {
    if (i > from && s[i] == s[i - 1]) continue;
    if (min_deletions <= 1) emit(mix(sub(0, i) * pw[n - 1 - i] + sub(i + 1, n), n - 1));
    if (max_deletions < 2) continue;
    for (size_t j = i + 1; j < n; ++j) {
      // The character before s[j] once s[i] is gone, if it may be deleted.
      const bool deletable = j - 1 != i || i > from;
      const char prev = j - 1 != i ? s[j - 1] : (i > 0 ? s[i - 1] : 0);
      if (deletable && prev == s[j]) continue;
      emit(mix(sub(0, i) * pw[n - 2 - i] + sub(i + 1, j) * pw[n - 1 - j] + sub(j + 1, n), n - 2));
    }
  }
}

// ------------------------------------------------------------ hash table

using detail::hash_table;

int bit_width_of(uint64_t v) noexcept { return static_cast<int>(std::bit_width(v)); }

// Builds `t` over `records` records; gen(emit) calls emit(record, hash) for
// every entry, the same way each time it is called (twice: count, fill).
// About 16 entries share a bucket: a probe reads one or two cache lines,
// and the directory stays small enough for the cache while building.
template <class Gen>
void build_table(hash_table& t, size_t records, uint64_t estimated_entries, Gen&& gen) {
  t.index_bits = std::max(1, bit_width_of(records > 0 ? records - 1 : 0));
  t.bucket_bits = std::clamp(bit_width_of(estimated_entries / 16), 4, 28);
  const size_t buckets = size_t{1} << t.bucket_bits;
  const int shift = 64 - t.bucket_bits;
  std::vector<uint32_t> count(buckets + 1, 0);
  uint64_t total = 0;
  gen([&](uint32_t, uint64_t h) {
    ++count[h >> shift];
    ++total;
  });
  if (total > std::numeric_limits<uint32_t>::max())
    invalid_argument("reference index: too many keys (" + std::to_string(records) + ") for one table");
  t.bucket_start.assign(buckets + 1, 0);
  for (size_t b = 0; b < buckets; ++b) t.bucket_start[b + 1] = t.bucket_start[b] + count[b];
  t.entries.assign(total, 0);
  t.entries.shrink_to_fit();
  std::copy(t.bucket_start.begin(), t.bucket_start.end() - 1, count.begin());
  const int fp_bits = 32 - t.index_bits;
  const uint64_t fp_mask = (uint64_t{1} << fp_bits) - 1;
  gen([&](uint32_t record, uint64_t h) {
    const uint32_t fp = static_cast<uint32_t>((h >> (shift - fp_bits)) & fp_mask);
    t.entries[count[h >> shift]++] = (fp << t.index_bits) | record;
  });
}

// Calls found(record) for every entry of `t` whose hash could be `h`.
template <class Found>
void probe(const hash_table& t, uint64_t h, Found&& found) {
  if (t.entries.empty()) return;
  const int shift = 64 - t.bucket_bits, fp_bits = 32 - t.index_bits;
  const size_t b = h >> shift;
  const uint32_t fp = static_cast<uint32_t>((h >> (shift - fp_bits)) & ((uint64_t{1} << fp_bits) - 1));
  const uint32_t index_mask = (uint32_t{1} << t.index_bits) - 1;
  for (uint32_t i = t.bucket_start[b], e = t.bucket_start[b + 1]; i < e; ++i) {
    const uint32_t v = t.entries[i];
    if ((v >> t.index_bits) == fp) found(v & index_mask);
  }
}

size_t bytes_of(const hash_table& t) noexcept {
  return (t.bucket_start.capacity() + t.entries.capacity()) * sizeof(uint32_t);
}

int how_rank(reference_hit::how_t h) noexcept {
  return h == reference_hit::exact ? 0 : h == reference_hit::digits_only ? 1 : 2;
}

}  // namespace

// ============================================================== keys

std::string normalize_reference(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text)
    if (is_alnum(c)) out.push_back(upper(c));
  return out;
}

std::string reference_key(std::string_view text) {
  std::string key = normalize_reference(text);
  fold_ocr(key);
  return key;
}

std::string digits_key(std::string_view text) { return digits_of_key(reference_key(text)); }

int edit_distance(std::string_view a, std::string_view b, int limit) {
  if (limit < 0) limit = 0;
  const int big = limit + 1;
  if (a.size() < b.size()) std::swap(a, b);  // rows over the longer, columns over the shorter
  const int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  if (la - lb > limit) return big;
  if (lb == 0) return la;
  // Three rows (two back for the swap of adjacent characters), only the band
  // |i - j| <= limit computed; everything outside reads as `big`.
  std::vector<int> heap;
  std::array<int, 3 * 64> local;
  int* rows = local.data();
  if (lb + 1 > 64) {
    heap.resize(3 * static_cast<size_t>(lb + 1));
    rows = heap.data();
  }
  const size_t width = lb + 1 > 64 ? static_cast<size_t>(lb + 1) : 64;
  int* back2 = rows;
  int* back1 = rows + width;
  int* cur = rows + 2 * width;
  std::fill(rows, rows + 3 * width, big);
  for (int j = 0; j <= lb; ++j) back1[j] = j <= limit ? j : big;
  for (int i = 1; i <= la; ++i) {
    const int lo = std::max(1, i - limit), hi = std::min(lb, i + limit);
    cur[0] = i <= limit ? i : big;
    if (lo > 1) cur[lo - 1] = big;
    int row_min = cur[0];
    for (int j = lo; j <= hi; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({back1[j] + 1, cur[j - 1] + 1, back1[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, back2[j - 2] + 1);
      cur[j] = std::min(v, big);
      row_min = std::min(row_min, cur[j]);
    }
    if (hi < lb) cur[hi + 1] = big;
    if (row_min > limit) return big;
    int* t = back2;
    back2 = back1;
    back1 = cur;
    cur = t;
  }
  return std::min(back1[lb], big);
}

// ====================================================== candidates

std::vector<std::string> reference_candidates(std::string_view text) {
  constexpr size_t max_candidates = 64, max_length = 35;
  std::vector<std::string> out;
  auto emit = [&](std::string s) {
    if (s.empty() || s.size() > max_length || out.size() >= max_candidates) return;
    size_t digits = 0;
    for (char c : reference_key(s)) digits += is_digit(c) ? 1 : 0;
    if (digits < 3) return;
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  };
  auto emit_with_stripped = [&](const std::string& s) {
    emit(s);
    const size_t n = glued_label_length(s);
    if (n > 0) emit(s.substr(n));
  };

  // Letters-and-digits runs, with dates and amounts blanked out.
  struct atom {
    size_t begin, end;
    bool letters_only;
  };
  const std::vector<span_t> blanks = dates_and_amounts(text);
  std::vector<atom> atoms;
  for (size_t i = 0, next_blank = 0; i < text.size();) {
    if (next_blank < blanks.size() && i == blanks[next_blank].begin) {
      i = blanks[next_blank++].end;
      continue;
    }
    if (!is_alnum(text[i])) {
      ++i;
      continue;
    }
    size_t e = i;
    bool letters_only = true;
    while (e < text.size() && is_alnum(text[e]) && !(next_blank < blanks.size() && e == blanks[next_blank].begin)) {
      letters_only = letters_only && is_letter(text[e]);
      ++e;
    }
    atoms.push_back({i, e, letters_only});
    i = e;
  }
  auto upper_of = [&](const atom& a) { return normalize_reference(text.substr(a.begin, a.end - a.begin)); };
  auto is_label_atom = [&](const atom& a) { return a.letters_only && is_label(upper_of(a)); };
  // What lies between two atoms: "soft" joins them, "space" joins them after
  // a label, anything else separates.
  enum class gap { soft, space, hard };
  auto gap_between = [&](const atom& a, const atom& b) {
    const std::string_view sep = text.substr(a.end, b.begin - a.end);
    for (const span_t& s : blanks)
      if (s.begin >= a.end && s.end <= b.begin) return gap::hard;
    if (sep.empty() || sep.size() > 4) return gap::hard;
    bool space = false;
    for (char c : sep) {
      if (c == ' ') space = true;
      else if (c != '-' && c != '/' && c != '.' && c != '_' && c != '#' && c != ':') return gap::hard;
    }
    if (!space && sep.size() > 3) return gap::hard;
    return space ? gap::space : gap::soft;
  };

  for (size_t g = 0; g < atoms.size();) {
    // An RF creditor reference, also in print format ("RF18 5390 0754
    // 7034"): the longest run of space-separated atoms that passes the
    // ISO 11649 check becomes one candidate, exempt from the digit rule.
    if (const std::string first = upper_of(atoms[g]);
        first.size() >= 4 && first[0] == 'R' && first[1] == 'F' && is_digit(first[2]) && is_digit(first[3])) {
      std::string compact = first, valid;
      size_t valid_end = 0;
      for (size_t k = g;;) {
        if (compact.size() <= 25 && core::is_valid_rf_reference(compact)) {
          valid = compact;
          valid_end = k + 1;
        }
        if (++k >= atoms.size()) break;
        const std::string_view sep = text.substr(atoms[k - 1].end, atoms[k].begin - atoms[k - 1].end);
        if (sep.empty() || sep.find_first_not_of(' ') != std::string_view::npos) break;
        compact += upper_of(atoms[k]);
        if (compact.size() > 25) break;
      }
      if (!valid.empty()) {
        if (out.size() < max_candidates && std::find(out.begin(), out.end(), valid) == out.end())
          out.push_back(valid);
        g = valid_end;
        continue;
      }
    }
    // One group: atoms g .. e-1.
    size_t e = g + 1;
    bool all_labels = is_label_atom(atoms[g]);
    while (e < atoms.size()) {
      const gap k = gap_between(atoms[e - 1], atoms[e]);
      if (k == gap::hard) break;
      if (k == gap::space) {
        const bool next_ok = is_label_atom(atoms[e]) || is_digit(text[atoms[e].begin]);
        if (!all_labels || !next_ok) break;
      }
      all_labels = all_labels && is_label_atom(atoms[e]);
      ++e;
    }
    // The label: leading known prefixes before the first atom with a digit.
    size_t body = g;
    while (body < e && is_label_atom(atoms[body])) ++body;
    if (body < e) {
      std::string whole, body_text;
      for (size_t a = g; a < e; ++a) {
        const std::string u = upper_of(atoms[a]);
        whole += u;
        if (a >= body) body_text += u;
      }
      emit(whole);
      emit_with_stripped(body_text);
      // The parts between '-' and '/' ("4711-4712", "INV/2024/123").
      std::vector<std::string> parts(1);
      for (size_t a = body; a < e; ++a) {
        if (a > body) {
          const std::string_view sep = text.substr(atoms[a - 1].end, atoms[a].begin - atoms[a - 1].end);
          if (sep.find_first_of("-/") != std::string_view::npos) parts.emplace_back();
        }
        parts.back() += upper_of(atoms[a]);
      }
      if (parts.size() >= 2 && parts.size() <= 4) {
        for (size_t from = 0; from < parts.size(); ++from) {
          std::string run;
          for (size_t to = from; to < parts.size(); ++to) {
            run += parts[to];
            if (from == 0 && to + 1 == parts.size()) break;  // the whole body, done above
            emit_with_stripped(run);
          }
        }
      } else if (parts.size() > 4) {
        for (const std::string& p : parts) emit_with_stripped(p);
      }
    }
    g = e;
  }
  return out;
}

// ===================================================== reference_index

void reference_index::add(int64_t item_key, std::string_view invoice_number) {
  const std::string key = reference_key(invoice_number);
  if (key.empty()) return;
  if (key_chars_.size() + key.size() > std::numeric_limits<uint32_t>::max())
    invalid_argument("reference index: more than 4 GB of invoice numbers");
  item_keys_.push_back(item_key);
  key_chars_ += key;
  key_start_.push_back(static_cast<uint32_t>(key_chars_.size()));
  finalized_ = false;
}

void reference_index::finalize() {
  constexpr size_t max_records = size_t{1} << 26;
  const size_t n = item_keys_.size();
  if (n > max_records)
    invalid_argument("reference index: " + std::to_string(n) + " invoice numbers, at most " +
                     std::to_string(max_records) + " are supported");

  // Table near_: every key and, from 5 characters on, the key with any one
  // character deleted. Table far_: from 8 characters on, the key with two
  // characters of its body (what follows the letter prefix) deleted.
  uint64_t near_estimate = 0, far_estimate = 0;
  for (uint32_t r = 0; r < n; ++r) {
    const std::string_view key = key_of(r);
    const uint64_t len = key.size(), body = len - letter_prefix(key).size();
    const int d = len > max_fuzzy_key ? 0 : allowed_by_length(len);
    near_estimate += 1 + (d >= 1 ? len : 0);
    far_estimate += d >= 2 ? body * (body - 1) / 2 : 0;
  }
  build_table(near_, n, near_estimate, [&](auto&& emit) {
    for (uint32_t r = 0; r < n; ++r) {
      const std::string_view key = key_of(r);
      for_each_variant(key, 0, 0, std::min(1, allowed_by_length(key.size())), [&](uint64_t h) { emit(r, h); });
    }
  });
  build_table(far_, n, far_estimate, [&](auto&& emit) {
    for (uint32_t r = 0; r < n; ++r) {
      const std::string_view key = key_of(r);
      if (allowed_by_length(key.size()) < 2) continue;
      for_each_variant(key, letter_prefix(key).size(), 2, 2, [&](uint64_t h) { emit(r, h); });
    }
  });
  build_table(digits_, n, n, [&](auto&& emit) {
    for (uint32_t r = 0; r < n; ++r) {
      const std::string d = digits_of_key(key_of(r));
      if (!d.empty()) emit(r, hash_of(d));
    }
  });

  // The commonest letter prefixes, for payers who leave theirs out.
  std::map<std::string_view, size_t> counts;
  for (uint32_t r = 0; r < n; ++r) {
    const std::string_view p = letter_prefix(key_of(r));
    if (!p.empty() && p.size() <= 8) ++counts[p];
  }
  std::vector<std::pair<size_t, std::string_view>> ranked;
  for (const auto& [p, c] : counts) ranked.emplace_back(c, p);
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
  prefixes_.clear();
  for (size_t i = 0; i < ranked.size() && i < 4; ++i) prefixes_.emplace_back(ranked[i].second);
  finalized_ = true;
}

std::vector<reference_hit> reference_index::find(std::string_view candidate, int max_distance, size_t max_hits) const {
  if (max_distance < 0 || max_distance > 2)
    invalid_argument("reference index: max_distance " + std::to_string(max_distance) + " is not 0, 1 or 2");
  if (!finalized_) fail(ARX_E_INTERNAL, "reference index: find() before finalize()");
  std::vector<reference_hit> hits;
  const std::string key = reference_key(candidate);
  if (key.empty() || item_keys_.empty() || max_hits == 0) return hits;
  const std::string_view own_prefix = letter_prefix(key);

  // Every match found, per record (an item may come several times).
  struct found {
    uint32_t record;
    int distance;
    reference_hit::how_t how;
  };
  std::vector<found> all;
  std::vector<uint32_t> candidates;
  auto collect = [&](const hash_table& t, std::string_view s, size_t from, int min_d, int max_d) {
    for_each_variant(s, from, min_d, max_d, [&](uint64_t h) { probe(t, h, [&](uint32_t r) { candidates.push_back(r); }); });
  };
  auto unique_candidates = [&] {
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  };
  // Distinct items found so far, to stop before the next, weaker stage.
  auto enough = [&] {
    if (max_hits == SIZE_MAX) return false;
    std::vector<int64_t> keys;
    for (const found& f : all) keys.push_back(item_keys_[f.record]);
    std::sort(keys.begin(), keys.end());
    return static_cast<size_t>(std::unique(keys.begin(), keys.end()) - keys.begin()) >= max_hits;
  };
  // The fuzzy matches among `candidates`: within `limit` of `s` and the
  // length rule, at distance 2 only with the candidate's letter prefix.
  auto verify = [&](std::string_view s, int limit, bool same_prefix_for_two) {
    for (uint32_t r : candidates) {
      const std::string_view k = key_of(r);
      if (k == key) continue;  // exact: stage 0
      const int allowed = std::min(limit, allowed_by_length(std::min(k.size(), s.size())));
      if (allowed == 0) continue;
      const int d = edit_distance(s, k, allowed);
      if (d > allowed || d == 0) continue;
      if (d == 2 && same_prefix_for_two && letter_prefix(k) != own_prefix) continue;
      all.push_back({r, d, reference_hit::fuzzy});
    }
  };

  // Stage 0: exact, then digits only.
  collect(near_, key, 0, 0, 0);
  unique_candidates();
  for (uint32_t r : candidates)
    if (key_of(r) == key) all.push_back({r, 0, reference_hit::exact});
  const std::string digits = digits_of_key(key);
  if (std::count_if(key.begin(), key.end(), is_digit) >= 3) {
    probe(digits_, hash_of(digits), [&](uint32_t r) {
      if (digits_of_key(key_of(r)) == digits) all.push_back({r, 0, reference_hit::digits_only});
    });
  }

  // Stage 1: one edit anywhere (the stage-0 candidates include the keys one
  // character longer), then one edit behind another prefix.
  const int by_length = allowed_by_length(key.size());
  if (max_distance >= 1 && !enough()) {
    if (by_length >= 1) {
      collect(near_, key, 0, 1, 1);
      unique_candidates();
      verify(key, 1, false);
    }
    const std::string_view body = std::string_view(key).substr(own_prefix.size());
    if (allowed_by_length(body.size()) >= 1 && !body.empty() && is_digit(body[0])) {
      std::vector<std::string> tries;
      if (!own_prefix.empty()) tries.emplace_back(body);
      for (const std::string& p : prefixes_)
        if (p != own_prefix) tries.push_back(p + std::string(body));
      std::vector<uint32_t> stage1 = candidates;
      for (const std::string& t : tries) {
        candidates.clear();
        collect(near_, t, 0, 0, 1);
        unique_candidates();
        for (uint32_t r : candidates) {
          const std::string_view k = key_of(r);
          const size_t rec_body = k.size() - letter_prefix(k).size();
          if (allowed_by_length(std::min(rec_body, body.size())) < 1) continue;
          if (edit_distance(t, k, 1) == 1) all.push_back({r, 1, reference_hit::fuzzy});
        }
      }
      candidates = std::move(stage1);
    }
  }

  // Stage 2: two edits in the body, same letter prefix.
  if (max_distance >= 2 && by_length >= 2 && !enough()) {
    collect(near_, key, own_prefix.size(), 2, 2);
    collect(far_, key, own_prefix.size(), 0, 2);
    unique_candidates();
    verify(key, 2, true);
  }

  // The best per item, best first.
  hits.reserve(all.size());
  for (const found& f : all) hits.push_back({item_keys_[f.record], f.distance, f.how});
  auto better = [](const reference_hit& x, const reference_hit& y) {
    if (how_rank(x.how) != how_rank(y.how)) return how_rank(x.how) < how_rank(y.how);
    if (x.distance != y.distance) return x.distance < y.distance;
    return x.item_key < y.item_key;
  };
  std::sort(hits.begin(), hits.end(), [&](const reference_hit& x, const reference_hit& y) {
    if (x.item_key != y.item_key) return x.item_key < y.item_key;
    return better(x, y);
  });
  hits.erase(std::unique(hits.begin(), hits.end(),
                         [](const reference_hit& x, const reference_hit& y) { return x.item_key == y.item_key; }),
             hits.end());
  std::sort(hits.begin(), hits.end(), better);
  if (hits.size() > max_hits) hits.resize(max_hits);
  return hits;
}

// ============================================== shared with names.cpp

namespace detail {

uint64_t hash_string(std::string_view s) noexcept { return hash_of(s); }

void deletion_hashes(std::string_view s, size_t from, int min_deletions, int max_deletions,
                     const std::function<void(uint64_t)>& emit) {
  for_each_variant(s, from, min_deletions, max_deletions, emit);
}

void build_hash_table(hash_table& t, size_t records, uint64_t estimated_entries,
                      const std::function<void(const std::function<void(uint32_t, uint64_t)>&)>& generate) {
  build_table(t, records, estimated_entries, [&](auto&& emit) {
    const std::function<void(uint32_t, uint64_t)> f = emit;
    generate(f);
  });
}

void probe_hash_table(const hash_table& t, uint64_t h, std::vector<uint32_t>& out) {
  probe(t, h, [&](uint32_t r) { out.push_back(r); });
}

size_t hash_table_bytes(const hash_table& t) noexcept { return bytes_of(t); }

}  // namespace detail

size_t reference_index::memory_bytes() const noexcept {
  size_t bytes = item_keys_.capacity() * sizeof(int64_t) + key_chars_.capacity() +
                 key_start_.capacity() * sizeof(uint32_t) + bytes_of(near_) + bytes_of(far_) + bytes_of(digits_);
  for (const std::string& p : prefixes_) bytes += sizeof(std::string) + (p.capacity() > 15 ? p.capacity() : 0);
  return bytes;
}

}  // namespace arx::cashapp
