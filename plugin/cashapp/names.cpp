#include "cashapp/names.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>

#include "cashapp/references.hpp"
#include "core/error.hpp"

namespace arx::cashapp {

namespace {

// ------------------------------------------------------------- folding

bool ascii_alnum(unsigned char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Apostrophes join the letters around them (O'Brien, McDonald's).
bool is_apostrophe(UChar32 c) noexcept {
  return c == '\'' || c == '`' || c == 0x2019 || c == 0x2018 || c == 0x00B4 || c == 0x02BC || c == 0x02B9;
}

void append_utf8(std::string& out, UChar32 c) {
  char buf[U8_MAX_LENGTH];
  int32_t n = 0;
  U8_APPEND_UNSAFE(buf, n, c);
  out.append(buf, static_cast<size_t>(n));
}

// The letters that NFKD leaves alone but that every bank writes in ASCII.
const char* spelled(UChar32 c) noexcept {
  switch (c) {
  case 0x00DF: case 0x1E9E: return "ss";        // ß ẞ
  case 0x00D8: case 0x00F8: return "o";         // Ø ø
  case 0x0141: case 0x0142: return "l";         // Ł ł
  case 0x0110: case 0x0111:                     // Đ đ
  case 0x00D0: case 0x00F0: return "d";         // Ð ð
  case 0x00DE: case 0x00FE: return "th";        // Þ þ
  case 0x00C6: case 0x00E6: return "ae";        // Æ æ
  case 0x0152: case 0x0153: return "oe";        // Œ œ
  case 0x0131: return "i";                      // ı
  case 0x0126: case 0x0127: return "h";         // Ħ ħ
  case 0x0166: case 0x0167: return "t";         // Ŧ ŧ
  case 0x014A: case 0x014B: return "n";         // Ŋ ŋ
  default: return nullptr;
  }
}

bool is_mark(UChar32 c) noexcept {
  const int8_t t = u_charType(c);
  return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK;
}

// Step 1: letters and digits (ASCII lower case where Latin), '&' as " and ",
// apostrophes dropped, everything else a space.
void fold_ascii(std::string& out, unsigned char c) {
  if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
  else if (ascii_alnum(c)) out.push_back(static_cast<char>(c));
  else if (c == '&') out += " and ";
  else if (c != '\'' && c != '`') out.push_back(' ');
}

void fold_code_point(std::string& out, UChar32 c, const icu::Normalizer2* nfkd, int depth) {
  if (c < 0x80) {
    fold_ascii(out, static_cast<unsigned char>(c));
    return;
  }
  if (is_apostrophe(c)) return;
  if (const char* s = spelled(c)) {
    out += s;
    return;
  }
  if (is_mark(c)) return;
  icu::UnicodeString decomposition;
  if (depth < 4 && nfkd != nullptr && nfkd->getDecomposition(c, decomposition)) {
    for (int32_t i = 0; i < decomposition.length();) {
      const UChar32 d = decomposition.char32At(i);
      fold_code_point(out, d, nfkd, depth + 1);
      i = decomposition.moveIndex32(i, 1);
    }
    return;
  }
  if (u_isalnum(c)) append_utf8(out, u_tolower(c));
  else out.push_back(' ');
}

const icu::Normalizer2* nfkd_instance() noexcept {
  // ICU's singletons are thread-safe; a failure leaves decomposition out.
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKDInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return instance;
}

// Step 2, per word: "ae", "oe", "ue" -> "a", "o", "u" (not "que"); "und" ->
// "and".
void append_word(std::string& out, std::string_view word) {
  if (word == "und") word = "and";
  if (!out.empty()) out.push_back(' ');
  const size_t start = out.size();
  bool contracted = false;
  for (char c : word) {
    const size_t n = out.size() - start;
    if (c == 'e' && !contracted && n > 0) {
      const char last = out.back();
      const bool after_q = last == 'u' && n > 1 && out[out.size() - 2] == 'q';
      if ((last == 'a' || last == 'o' || last == 'u') && !after_q) {
        contracted = true;
        continue;
      }
    }
    contracted = false;
    out.push_back(c);
  }
}

// ------------------------------------------------------------- noise

// Legal forms and filler words, undotted (as fold_name leaves them, with the
// dotted spellings' pieces glued together).
constexpr std::string_view noise_words[] = {
    "gmbh",  "mbh",   "ag",     "kg",           "ohg",         "gbr",   "ug",       "haftungsbeschrankt",
    "ek",    "ev",    "eg",     "kgaa",         "se",          "co",    "cokg",     "gesmbh",
    "gmbhcokg", "aktiengesellschaft", "kommanditgesellschaft", "bv", "nv", "vof", "bvba", "cv",
    "sa",    "sarl",  "sas",    "spa",          "srl",         "sl",    "sau",      "ltd",
    "limited", "llc", "inc",    "incorporated", "corp",        "corporation", "company", "plc",
    "llp",   "pty",   "ab",     "as",           "aps",         "oy",    "oyj",      "kft",
    "spzoo", "sro",   "ltda",   "lda",          "dac",         "the",   "firma",    "fa",
    "and",   "et",    "en"};

bool is_noise(std::string_view w) noexcept {
  for (std::string_view n : noise_words)
    if (n == w) return true;
  return false;
}

constexpr std::pair<std::string_view, std::string_view> abbreviations[] = {
    {"intl", "international"}, {"natl", "national"}, {"mfg", "manufacturing"},
    {"bros", "brothers"},      {"svc", "service"},   {"svcs", "services"}};

// ------------------------------------------------------------ similarity

double weight(std::string_view t) noexcept { return static_cast<double>(std::min<size_t>(t.size(), 4)) / 4.0; }

// q(x, y) of the formula in names.hpp.
double token_quality(std::string_view x, std::string_view y) {
  if (x == y) return 1.0;
  const std::string_view& s = x.size() <= y.size() ? x : y;
  const std::string_view& l = x.size() <= y.size() ? y : x;
  double best = 0.0;
  if (s.size() >= 5) {
    const int limit = s.size() >= 9 ? 2 : 1;
    const int d = edit_distance(x, y, limit);
    if (d <= limit) best = 1.0 - static_cast<double>(d) / static_cast<double>(l.size());
  }
  if (s.size() >= 4 && l.compare(0, s.size(), s) == 0)
    best = std::max(best, 0.5 + 0.5 * static_cast<double>(s.size()) / static_cast<double>(l.size()));
  return best;
}

// The similarity of names.hpp over two lists of words.
template <class A, class B>
double similarity_of(const A& a, size_t na, const B& b, size_t nb) {
  if (na == 0 || nb == 0) return 0.0;
  struct pair_t {
    double q;
    uint32_t i, j;
  };
  // Names have a handful of words: no allocation below 8 x 8.
  constexpr size_t small = 8;
  std::array<pair_t, small * small> local_pairs;
  std::vector<pair_t> heap_pairs;
  pair_t* pairs = local_pairs.data();
  if (na * nb > local_pairs.size()) {
    heap_pairs.resize(na * nb);
    pairs = heap_pairs.data();
  }
  size_t count = 0;
  double total = 0.0;
  for (size_t i = 0; i < na; ++i) total += weight(a(i));
  for (size_t j = 0; j < nb; ++j) total += weight(b(j));
  for (size_t i = 0; i < na; ++i)
    for (size_t j = 0; j < nb; ++j) {
      const double q = token_quality(a(i), b(j));
      if (q > 0) pairs[count++] = {q, static_cast<uint32_t>(i), static_cast<uint32_t>(j)};
    }
  std::sort(pairs, pairs + count, [](const pair_t& x, const pair_t& y) {
    if (x.q != y.q) return x.q > y.q;
    if (x.i != y.i) return x.i < y.i;
    return x.j < y.j;
  });
  std::array<bool, small> local_a{}, local_b{};
  std::vector<bool> heap_a, heap_b;
  if (na > small) heap_a.assign(na, false);
  if (nb > small) heap_b.assign(nb, false);
  auto used_a = [&](size_t i) -> bool { return na > small ? heap_a[i] : local_a[i]; };
  auto used_b = [&](size_t j) -> bool { return nb > small ? heap_b[j] : local_b[j]; };
  double matched = 0.0;
  for (size_t k = 0; k < count; ++k) {
    const pair_t& p = pairs[k];
    if (used_a(p.i) || used_b(p.j)) continue;
    if (na > small) heap_a[p.i] = true;
    else local_a[p.i] = true;
    if (nb > small) heap_b[p.j] = true;
    else local_b[p.j] = true;
    matched += p.q * (weight(a(p.i)) + weight(b(p.j)));
  }
  return std::min(1.0, matched / total);
}

// ------------------------------------------------- deletion neighbourhood

// Words this long take part in fuzzy matching (token_quality); longer ones
// than max_fuzzy_word (none in practice) only match exactly or by prefix.
constexpr size_t fuzzy_min = 5, fuzzy2_min = 9, max_fuzzy_word = 40;

int deletions_of(std::string_view w) noexcept {
  if (w.size() < fuzzy_min || w.size() > max_fuzzy_word) return -1;
  return w.size() >= fuzzy2_min ? 2 : 1;
}

// Scratch space of one thread's lookups: a score per name, and which names
// have one (reset after each lookup).
struct scratch {
  std::vector<double> score;
  std::vector<uint32_t> touched;
};

}  // namespace

// ================================================================ folding

std::string fold_name(std::string_view utf8) {
  std::string step1;
  step1.reserve(utf8.size() + 8);
  bool ascii = true;
  for (char c : utf8)
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) {
    for (char c : utf8) fold_ascii(step1, static_cast<unsigned char>(c));
  } else {
    const icu::Normalizer2* nfkd = nfkd_instance();
    const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(std::min<size_t>(utf8.size(), INT32_MAX));
    for (int32_t i = 0; i < length;) {
      UChar32 c = 0;
      U8_NEXT(s, i, length, c);
      if (c < 0) step1.push_back(' ');
      else fold_code_point(step1, c, nfkd, 0);
    }
  }
  std::string out;
  out.reserve(step1.size());
  size_t i = 0;
  while (i < step1.size()) {
    while (i < step1.size() && step1[i] == ' ') ++i;
    size_t e = i;
    while (e < step1.size() && step1[e] != ' ') ++e;
    if (e > i) append_word(out, std::string_view(step1).substr(i, e - i));
    i = e;
  }
  return out;
}

std::vector<std::string> name_tokens(std::string_view utf8) {
  const std::string folded = fold_name(utf8);
  std::vector<std::string_view> words;
  for (size_t i = 0; i < folded.size();) {
    size_t e = folded.find(' ', i);
    if (e == std::string::npos) e = folded.size();
    words.push_back(std::string_view(folded).substr(i, e - i));
    i = e + 1;
  }
  // Legal forms, also spread over several short words ("b v", "sp z o o").
  std::vector<std::string> kept;
  for (size_t i = 0; i < words.size();) {
    size_t skip = 0;
    for (size_t len = std::min<size_t>(4, words.size() - i); len >= 2 && skip == 0; --len) {
      std::string glued;
      bool short_words = true;
      for (size_t k = i; k < i + len; ++k) {
        short_words = short_words && words[k].size() <= 3;
        glued += words[k];
      }
      if (short_words && is_noise(glued)) skip = len;
    }
    if (skip == 0 && is_noise(words[i])) skip = 1;
    if (skip > 0) {
      i += skip;
      continue;
    }
    kept.emplace_back(words[i]);
    ++i;
  }
  // Initials in a row become one word; abbreviations are spelled out.
  std::vector<std::string> tokens;
  for (size_t i = 0; i < kept.size(); ++i) {
    if (kept[i].size() == 1 && !tokens.empty() && i > 0 && kept[i - 1].size() == 1) {
      tokens.back() += kept[i];
      continue;
    }
    std::string t = kept[i];
    for (const auto& [abbr, full] : abbreviations)
      if (t == abbr) t = full;
    tokens.push_back(std::move(t));
  }
  std::sort(tokens.begin(), tokens.end());
  return tokens;
}

double name_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return similarity_of([&](size_t i) { return std::string_view(a[i]); }, a.size(),
                       [&](size_t j) { return std::string_view(b[j]); }, b.size());
}

// ============================================================= name_index

name_index::name_index(const std::vector<std::pair<int64_t, std::string>>& customers) {
  if (customers.size() >= UINT32_MAX) invalid_argument("name index: too many names");
  std::vector<std::vector<std::string>> names;
  names.reserve(customers.size());
  ids_.reserve(customers.size());
  for (const auto& [id, name] : customers) {
    std::vector<std::string> t = name_tokens(name);
    if (t.empty()) continue;
    ids_.push_back(id);
    names.push_back(std::move(t));
  }

  // The vocabulary, sorted: exact words by binary search, prefixes as ranges.
  for (const auto& t : names) words_.insert(words_.end(), t.begin(), t.end());
  std::sort(words_.begin(), words_.end());
  words_.erase(std::unique(words_.begin(), words_.end()), words_.end());
  words_.shrink_to_fit();

  // Names as word indexes, and the posting list of each word.
  token_start_.reserve(names.size() + 1);
  token_start_.push_back(0);
  weights_.reserve(names.size());
  std::vector<uint32_t> counts(words_.size() + 1, 0);
  for (const auto& t : names) {
    double w = 0;
    uint32_t previous = UINT32_MAX;
    for (const std::string& s : t) {
      const auto word = static_cast<uint32_t>(std::lower_bound(words_.begin(), words_.end(), s) - words_.begin());
      tokens_.push_back(word);
      if (word != previous) ++counts[word];  // tokens are sorted: repeats are adjacent
      previous = word;
      w += weight(s);
    }
    token_start_.push_back(static_cast<uint32_t>(tokens_.size()));
    weights_.push_back(static_cast<float>(w));
  }
  posting_start_.assign(words_.size() + 1, 0);
  for (size_t w = 0; w < words_.size(); ++w) posting_start_[w + 1] = posting_start_[w] + counts[w];
  postings_.resize(posting_start_.back());
  std::copy(posting_start_.begin(), posting_start_.end() - 1, counts.begin());
  for (uint32_t n = 0; n < ids_.size(); ++n) {
    uint32_t previous = UINT32_MAX;
    for (uint32_t k = token_start_[n]; k < token_start_[n + 1]; ++k) {
      if (tokens_[k] != previous) postings_[counts[tokens_[k]]++] = n;
      previous = tokens_[k];
    }
  }

  // Every word by its hash, and the deletion neighbourhoods of the words long
  // enough to match fuzzily.
  const auto words = static_cast<uint32_t>(words_.size());
  uint64_t estimate = 0;
  for (const std::string& w : words_) {
    const int d = deletions_of(w);
    estimate += d < 0 ? 0 : 1 + w.size() + (d == 2 ? w.size() * (w.size() - 1) / 2 : 0);
  }
  detail::build_hash_table(exact_, words, words, [&](const std::function<void(uint32_t, uint64_t)>& emit) {
    for (uint32_t w = 0; w < words; ++w) emit(w, detail::hash_string(words_[w]));
  });
  detail::build_hash_table(variants_, words, estimate, [&](const std::function<void(uint32_t, uint64_t)>& emit) {
    for (uint32_t w = 0; w < words; ++w) {
      const int d = deletions_of(words_[w]);
      if (d >= 0) detail::deletion_hashes(words_[w], 0, 0, d, [&](uint64_t h) { emit(w, h); });
    }
  });
}

// The word index of `w`, or UINT32_MAX.
uint32_t name_index::word_of(std::string_view w) const {
  thread_local std::vector<uint32_t> found;
  found.clear();
  detail::probe_hash_table(exact_, detail::hash_string(w), found);
  for (uint32_t i : found)
    if (words_[i] == w) return i;
  return UINT32_MAX;
}

std::vector<std::pair<int64_t, double>> name_index::lookup(std::string_view payer_name, double min_similarity,
                                                           size_t max_results) const {
  std::vector<std::pair<int64_t, double>> results;
  if (max_results == 0 || ids_.empty()) return results;
  const std::vector<std::string> query = name_tokens(payer_name);
  if (query.empty()) return results;
  const size_t nq = query.size();
  auto posting_size = [&](uint32_t w) { return posting_start_[w + 1] - posting_start_[w]; };

  // 1. For each payer word, the vocabulary words that match it (see
  //    token_quality) with what each would contribute, q * (w + w').
  struct match {
    uint32_t word;
    double contribution;
  };
  std::vector<std::vector<match>> matches(nq);
  std::vector<size_t> list_size(nq, 0);
  std::vector<uint32_t> found;
  double query_weight = 0;
  for (size_t i = 0; i < nq; ++i) {
    const std::string& t = query[i];
    const double wq = weight(t);
    query_weight += wq;
    found.clear();
    if (t.size() >= 4) {  // words that start with t (t itself included): t is a truncation
      for (auto it = std::lower_bound(words_.begin(), words_.end(), t);
           it != words_.end() && it->compare(0, t.size(), t) == 0; ++it)
        found.push_back(static_cast<uint32_t>(it - words_.begin()));
    } else if (const uint32_t w = word_of(t); w != UINT32_MAX) {
      found.push_back(w);
    }
    for (size_t len = 4; len < t.size(); ++len)  // words t starts with: the customer's name is cut
      if (const uint32_t w = word_of(std::string_view(t).substr(0, len)); w != UINT32_MAX) found.push_back(w);
    if (const int d = deletions_of(t); d >= 0)  // words within the edit distance
      detail::deletion_hashes(t, 0, 0, d, [&](uint64_t h) { detail::probe_hash_table(variants_, h, found); });
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    for (uint32_t w : found) {
      const double q = token_quality(t, words_[w]);
      if (q <= 0) continue;
      matches[i].push_back({w, q * (wq + weight(words_[w]))});
      list_size[i] += posting_size(w);
    }
  }

  // 2. Which payer words' lists to walk: the rarest first; the commonest
  //    are left out while the customers only they could find cannot reach
  //    min_similarity. A customer matched by a set R of payer words alone
  //    scores at most (sum of w over R + |R|) / (W + |R|), W the payer's
  //    total weight.
  std::vector<size_t> order(nq);
  for (size_t i = 0; i < nq; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return list_size[x] < list_size[y]; });
  std::vector<bool> skipped(nq, false);
  double skipped_weight = 0, skipped_count = 0;
  for (size_t k = nq; k-- > 0;) {
    const size_t i = order[k];
    const double w = skipped_weight + weight(query[i]), c = skipped_count + 1;
    if ((w + c) / (query_weight + c) >= min_similarity) break;
    skipped[i] = true;
    skipped_weight = w;
    skipped_count = c;
  }

  // 3. Walk the other lists: each name found gets the sum of the best
  //    contributions it could have, an upper bound of its score; the
  //    skipped words add what they could add to that name (looked up in
  //    their matches, not walked).
  thread_local scratch tls;
  if (tls.score.size() < ids_.size()) tls.score.resize(ids_.size(), 0.0);
  for (size_t i = 0; i < nq; ++i) {
    if (skipped[i]) continue;
    for (const match& m : matches[i])
      for (uint32_t p = posting_start_[m.word]; p < posting_start_[m.word + 1]; ++p) {
        const uint32_t name = postings_[p];
        if (tls.score[name] == 0) tls.touched.push_back(name);
        tls.score[name] += m.contribution;
      }
  }
  struct candidate {
    double bound;
    uint32_t name;
  };
  std::vector<candidate> candidates;
  for (uint32_t name : tls.touched) {
    double sum = tls.score[name];
    tls.score[name] = 0;
    for (size_t i = 0; i < nq; ++i) {
      if (!skipped[i]) continue;
      double best = 0;
      for (uint32_t k = token_start_[name]; k < token_start_[name + 1]; ++k) {
        auto it = std::lower_bound(matches[i].begin(), matches[i].end(), tokens_[k],
                                   [](const match& m, uint32_t w) { return m.word < w; });
        if (it != matches[i].end() && it->word == tokens_[k]) best = std::max(best, it->contribution);
      }
      sum += best;
    }
    const double bound = std::min(1.0, sum / (query_weight + weights_[name]));
    if (bound + 1e-9 >= min_similarity) candidates.push_back({bound, name});
  }
  tls.touched.clear();

  // 3. The exact similarity, best bounds first (a heap: only as many are
  //    ordered as are looked at), until no bound can beat the last of
  //    max_results.
  auto worse = [](const candidate& x, const candidate& y) {
    if (x.bound != y.bound) return x.bound < y.bound;
    return x.name > y.name;
  };
  std::make_heap(candidates.begin(), candidates.end(), worse);
  auto query_word = [&](size_t i) { return std::string_view(query[i]); };
  auto kth = [&]() { return results.size() < max_results ? -1.0 : results[max_results - 1].second; };
  auto rank = [](const std::pair<int64_t, double>& x, const std::pair<int64_t, double>& y) {
    if (x.second != y.second) return x.second > y.second;
    return x.first < y.first;
  };
  while (!candidates.empty()) {
    std::pop_heap(candidates.begin(), candidates.end(), worse);
    const candidate c = candidates.back();
    candidates.pop_back();
    if (c.bound + 1e-9 < kth()) break;
    const uint32_t begin = token_start_[c.name], count = token_start_[c.name + 1] - begin;
    const double s = similarity_of(query_word, nq, [&](size_t j) { return std::string_view(words_[tokens_[begin + j]]); },
                                   count);
    if (s <= 0 || s < min_similarity) continue;
    const int64_t id = ids_[c.name];
    auto same = std::find_if(results.begin(), results.end(), [&](const auto& r) { return r.first == id; });
    if (same != results.end()) {
      if (s <= same->second) continue;
      results.erase(same);
    }
    results.insert(std::upper_bound(results.begin(), results.end(), std::make_pair(id, s), rank), {id, s});
    if (results.size() > max_results) results.pop_back();
  }
  return results;
}

size_t name_index::memory_bytes() const noexcept {
  size_t bytes = words_.capacity() * sizeof(std::string);
  for (const std::string& w : words_)
    if (w.capacity() > 15) bytes += w.capacity() + 1;
  bytes += (posting_start_.capacity() + postings_.capacity() + token_start_.capacity() + tokens_.capacity()) *
           sizeof(uint32_t);
  bytes += ids_.capacity() * sizeof(int64_t) + weights_.capacity() * sizeof(float) +
           detail::hash_table_bytes(exact_) + detail::hash_table_bytes(variants_);
  return bytes;
}

}  // namespace arx::cashapp
