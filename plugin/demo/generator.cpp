// The demo data generator: three companies of a drive-technology distributor,
// their customers, fifteen months of invoices and how each customer paid them.
// Rules and distributions are documented in docs/DEMO_DATA.md; keep the two in
// step.
//
// Determinism: every random choice comes from the xoshiro256** generator below
// with integer range helpers of our own (the standard distributions differ
// between standard libraries). Money is integer minor units throughout; no
// floating point is used anywhere. Each company draws from its own streams
// (customers, documents, settlement, payments), so asking for more invoices
// does not change the customers.
//
// Keep it that way when editing: the order in which function arguments and
// the operands of + are evaluated is unspecified, so two draws from one
// generator never share an expression. Each gets its own statement (or sits in
// a braced list, which is evaluated left to right); otherwise compilers
// disagree on the data (checked by comparing GCC and clang builds).
#include "demo/generator.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.hpp"
#include "demo/names.hpp"

namespace arx::demo {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using words::item_kind;
using words::list;

// ------------------------------------------------------------ integers

[[noreturn]] void internal_fault(const std::string &what) {
  fail(ARX_E_INTERNAL, "demo generator: " + what);
}

int64_t mul(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) internal_fault("integer overflow in an amount");
  return r;
}

// num / den rounded half away from zero; den > 0.
int64_t div_round(int64_t num, int64_t den) {
  int64_t q = num / den;
  int64_t rem = num % den;
  if (rem < 0) rem = -rem;
  if (rem >= den - rem) q += num < 0 ? -1 : 1;
  return q;
}

std::string zero_padded(uint64_t v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<size_t>(width) - s.size(), '0');
  return s;
}

template <class... T> std::string cat(const T &...parts) {
  std::string s;
  (s.append(std::string_view(parts)), ...);
  return s;
}

// ------------------------------------------------------------ random numbers

// xoshiro256** seeded through splitmix64: small, fast and the same everywhere.
class prng {
public:
  explicit prng(uint64_t seed) {
    for (auto &w : s_) w = splitmix(seed);
  }

  static uint64_t splitmix(uint64_t &x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n), n > 0, without modulo bias (rejection sampling).
  uint64_t below(uint64_t n) {
    const uint64_t reject_under = (~n + 1) % n;  // 2^64 mod n
    for (;;) {
      const uint64_t v = next();
      if (v >= reject_under) return v % n;
    }
  }
  // Uniform in [lo, hi].
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }
  int index(size_t n) { return static_cast<int>(below(n)); }
  bool chance(uint32_t per_mille) { return below(1000) < per_mille; }

  template <class T> const T &pick(std::span<const T> s) { return s[below(s.size())]; }
  template <class T, size_t N> const T &pick(const T (&a)[N]) { return a[below(N)]; }

  std::string digits(int n, bool nonzero_first = false) {
    std::string s;
    for (int i = 0; i < n; ++i)
      s += static_cast<char>('0' + (i == 0 && nonzero_first ? between(1, 9) : between(0, 9)));
    return s;
  }
  std::string letters(int n, std::string_view alphabet) {
    std::string s;
    for (int i = 0; i < n; ++i) s += alphabet[below(alphabet.size())];
    return s;
  }

private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// An independent stream for one purpose of one company.
prng stream(uint64_t seed, uint64_t company_index, uint64_t purpose) {
  uint64_t x = seed;
  uint64_t mixed = prng::splitmix(x) ^ ((company_index + 1) * 0xD1B54A32D192ED03ULL) ^
                   ((purpose + 1) * 0xABC98388FB8FAC03ULL);
  return prng(prng::splitmix(mixed));
}

// Picks an index with probability proportional to its weight.
class weighted {
public:
  void add(uint64_t w) { cumulative_.push_back((cumulative_.empty() ? 0 : cumulative_.back()) + w); }
  int pick(prng &r) const {
    const uint64_t v = r.below(cumulative_.back());
    return static_cast<int>(std::upper_bound(cumulative_.begin(), cumulative_.end(), v) - cumulative_.begin());
  }

private:
  std::vector<uint64_t> cumulative_;
};

// ------------------------------------------------------------ dates

std::chrono::year_month_day ymd(sys_days d) { return std::chrono::year_month_day{d}; }
bool weekend(sys_days d) {
  const std::chrono::weekday w{d};
  return w == std::chrono::Saturday || w == std::chrono::Sunday;
}
sys_days next_business(sys_days d) {
  while (weekend(d)) d += days{1};
  return d;
}
sys_days prev_business(sys_days d) {
  while (weekend(d)) d -= days{1};
  return d;
}
// "31.10.2025", "31/10/2025", "31-10-2025"
std::string date_text(sys_days d, char sep) {
  const auto v = ymd(d);
  return cat(zero_padded(unsigned(v.day()), 2), std::string(1, sep), zero_padded(unsigned(v.month()), 2),
             std::string(1, sep), std::to_string(int(v.year())));
}

// ------------------------------------------------------------ check digits

// The remainder modulo 97 of the number written by `s`, letters counting
// A = 10 .. Z = 35 (ISO 13616, ISO 11649, ISO 7064 MOD 97-10).
int mod97(std::string_view s) {
  int r = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') r = (r * 10 + (c - '0')) % 97;
    else if (c >= 'A' && c <= 'Z') r = (r * 100 + (c - 'A' + 10)) % 97;
  }
  return r;
}

std::string iban_of(std::string_view country, const std::string &bban) {
  const int check = 98 - mod97(cat(bban, country, "00"));
  return cat(country, zero_padded(static_cast<uint64_t>(check), 2), bban);
}

int luhn_check(std::string_view s) {
  int sum = 0;
  bool twice = true;
  for (auto it = s.rbegin(); it != s.rend(); ++it) {
    int d = *it - '0';
    if (twice && (d *= 2) > 9) d -= 9;
    sum += d;
    twice = !twice;
  }
  return (10 - sum % 10) % 10;
}

int gs1_check(std::string_view s) {
  int sum = 0;
  bool three = true;
  for (auto it = s.rbegin(); it != s.rend(); ++it) {
    sum += (*it - '0') * (three ? 3 : 1);
    three = !three;
  }
  return (10 - sum % 10) % 10;
}

char digit_char(int d) { return static_cast<char>('0' + d); }

// Bank code (first digit not zero) and account number, drawn in that order.
std::string bank_and_account(prng &r, int bank_digits, int account_digits) {
  std::string s = r.digits(bank_digits, true);
  s += r.digits(account_digits);
  return s;
}
std::string lettered_bank(std::string_view bank, prng &r, int sort_digits, int account_digits) {
  std::string s(bank);
  if (sort_digits > 0) s += r.digits(sort_digits, true);
  s += r.digits(account_digits, sort_digits == 0);
  return s;
}

std::string bban_for(std::string_view country, prng &r) {
  if (country == "DE") return bank_and_account(r, 8, 10);
  if (country == "AT") return bank_and_account(r, 5, 11);
  if (country == "CH") return bank_and_account(r, 5, 12);
  if (country == "NL") {
    static constexpr std::string_view banks[] = {"ABNA", "INGB", "RABO", "TRIO", "SNSB", "KNAB", "BUNQ"};
    return lettered_bank(r.pick(banks), r, 0, 10);
  }
  if (country == "BE") {
    const std::string base = r.digits(10, true);
    int64_t check = std::stoll(base) % 97;
    if (check == 0) check = 97;
    return base + zero_padded(static_cast<uint64_t>(check), 2);
  }
  if (country == "FR") {
    const std::string bank = r.digits(5, true), branch = r.digits(5), account = r.digits(11);
    const int64_t key =
        97 - (89 * std::stoll(bank) + 15 * std::stoll(branch) + 3 * std::stoll(account)) % 97;
    return bank + branch + account + zero_padded(static_cast<uint64_t>(key), 2);
  }
  if (country == "GB") {
    static constexpr std::string_view banks[] = {"NWBK", "BARC", "LOYD", "HBUK"};
    return lettered_bank(r.pick(banks), r, 6, 8);
  }
  if (country == "IE") {
    static constexpr std::string_view banks[] = {"AIBK", "BOFI"};
    return lettered_bank(r.pick(banks), r, 6, 8);
  }
  if (country == "DK") return bank_and_account(r, 4, 10);
  return {};
}

// A valid IBAN of the country; none for countries without IBANs (US).
std::optional<std::string> random_iban(std::string_view country, prng &r) {
  std::string bban = bban_for(country, r);
  if (bban.empty()) return std::nullopt;
  return iban_of(country, bban);
}

// German USt-IdNr digits: 8 digits and an ISO 7064 MOD 11,10 check digit.
std::string german_vat_digits(prng &r) {
  const std::string d = r.digits(8, true);
  int product = 10;
  for (char c : d) {
    int sum = (c - '0' + product) % 10;
    if (sum == 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const int check = 11 - product;
  return d + digit_char(check == 10 ? 0 : check);
}

// Dutch RSIN digits passing the eleven test.
std::string dutch_rsin(prng &r) {
  for (;;) {
    const std::string d = r.digits(8, true);
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (d[static_cast<size_t>(i)] - '0') * (9 - i);
    if (sum % 11 != 10) return d + digit_char(sum % 11);
  }
}

// UK VAT registration number: 7 digits and two mod-97 check digits.
std::string british_vat_digits(prng &r) {
  for (;;) {
    const std::string d = r.digits(7, true);
    int sum = 0;
    for (int i = 0; i < 7; ++i) sum += (d[static_cast<size_t>(i)] - '0') * (8 - i);
    const int check = 97 - sum % 97;
    if (check < 97) return d + zero_padded(static_cast<uint64_t>(check), 2);
  }
}

std::string austrian_vat_digits(prng &r) {
  const std::string d = r.digits(7, true);
  auto c = [&](int i) { return d[static_cast<size_t>(i - 1)] - '0'; };
  auto s = [](int x) { return x / 5 + (2 * x) % 10; };
  const int sum = s(c(2)) + s(c(4)) + s(c(6)) + c(1) + c(3) + c(5) + c(7);
  return d + digit_char((10 - (sum + 4) % 10) % 10);
}

// Belgian enterprise number: 0 + 7 digits + 97 - (first eight mod 97).
std::string belgian_enterprise_number(prng &r) {
  const std::string base = "0" + r.digits(7, true);
  return base + zero_padded(static_cast<uint64_t>(97 - std::stoll(base) % 97), 2);
}

std::string french_siren(prng &r) {
  const std::string d = r.digits(8, true);
  return d + digit_char(luhn_check(d));
}

std::string danish_cvr(prng &r) {
  static constexpr int w[] = {2, 7, 6, 5, 4, 3, 2};
  for (;;) {
    const std::string d = r.digits(7, true);
    int sum = 0;
    for (int i = 0; i < 7; ++i) sum += (d[static_cast<size_t>(i)] - '0') * w[i];
    const int check = (11 - sum % 11) % 11;
    if (check < 10) return d + digit_char(check);
  }
}

std::string irish_vat_body(prng &r) {
  const std::string d = r.digits(7, true);
  int sum = 0;
  for (int i = 0; i < 7; ++i) sum += (d[static_cast<size_t>(i)] - '0') * (8 - i);
  return d + "WABCDEFGHIJKLMNOPQRSTUV"[sum % 23];
}

std::string swiss_uid_digits(prng &r) {
  static constexpr int w[] = {5, 4, 3, 2, 7, 6, 5, 4};
  for (;;) {
    const std::string d = r.digits(8, true);
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (d[static_cast<size_t>(i)] - '0') * w[i];
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    if (check < 10) return d + digit_char(check);
  }
}

std::string gln(std::string_view prefix, prng &r) {
  const std::string d = cat(prefix, r.digits(12 - static_cast<int>(prefix.size())));
  return d + digit_char(gs1_check(d));
}

// German Leitweg-ID for public buyers: coarse-fine-check (ISO 7064 MOD 97-10).
std::string leitweg_id(prng &r) {
  std::string coarse = zero_padded(static_cast<uint64_t>(r.between(1, 16)), 2);
  coarse += r.digits(6);
  const std::string fine = r.digits(5, true);
  const int check = 98 - mod97(cat(coarse, fine, "00"));
  return cat(coarse, "-", fine, "-", zero_padded(static_cast<uint64_t>(check), 2));
}

// ISO 11649 creditor reference ("RF" + check + reference).
std::string creditor_reference(const std::string &reference) {
  const int check = 98 - mod97(cat(reference, "RF00"));
  return cat("RF", zero_padded(static_cast<uint64_t>(check), 2), reference);
}

// ------------------------------------------------------------ text

// Latin letters with diacritics as bank statements often show them.
std::string ascii_fold(std::string_view s) {
  static constexpr std::pair<std::string_view, std::string_view> folds[] = {
      {"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"}, {"Ä", "Ae"}, {"Ö", "Oe"}, {"Ü", "Ue"}, {"ß", "ss"},
      {"é", "e"},  {"è", "e"},  {"ê", "e"},  {"É", "E"},  {"à", "a"},  {"ç", "c"},  {"ô", "o"},
      {"û", "u"},  {"î", "i"},  {"ø", "oe"}, {"Ø", "Oe"}, {"å", "aa"}, {"Å", "Aa"}, {"æ", "ae"}};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      out += s[i++];
      continue;
    }
    bool folded = false;
    for (const auto &[from, to] : folds) {
      if (s.substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        folded = true;
        break;
      }
    }
    if (!folded) ++i;  // other non-ASCII bytes are dropped
  }
  return out;
}

std::string upper(std::string s) {
  for (char &c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::string lower(std::string s) {
  for (char &c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string slug(std::string_view name) {
  std::string out;
  for (char c : lower(ascii_fold(name))) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// At most `n` bytes, never cutting a UTF-8 sequence.
std::string utf8_prefix(std::string s, size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// 123456 -> "1234,56" (de, nl) or "1234.56" (en).
std::string amount_text(int64_t minor, std::string_view language) {
  const uint64_t v = static_cast<uint64_t>(minor < 0 ? -minor : minor);
  return cat(std::to_string(v / 100), language == "en" ? "." : ",", zero_padded(v % 100, 2));
}

// 200 -> "2", 250 -> "2,5" / "2.5"
std::string percent_text(int64_t hundredths, std::string_view language) {
  std::string s = std::to_string(hundredths / 100);
  int64_t frac = hundredths % 100;
  if (frac != 0) {
    s += language == "en" ? "." : ",";
    s += frac % 10 == 0 ? std::to_string(frac / 10) : zero_padded(static_cast<uint64_t>(frac), 2);
  }
  return s;
}

// ------------------------------------------------------------ countries

enum class name_style : uint8_t { german, dutch, english, french, danish, american };

struct country_spec {
  std::string_view code;
  bool eu;
  std::string_view language;  // "de", "nl" or "en"
  name_style style;
  list surnames, places, trades, forms, streets, mailboxes;
  std::span<const words::city> cities;
  uint32_t peppol_per_mille;
};

const country_spec &country(std::string_view code) {
  using namespace words;
  static const country_spec specs[] = {
      {"DE", true, "de", name_style::german, german_surnames, german_places, german_trades, german_forms,
       german_streets, german_mailboxes, german_cities, 200},
      {"AT", true, "de", name_style::german, german_surnames, german_places, german_trades, austrian_forms,
       german_streets, german_mailboxes, austrian_cities, 150},
      {"CH", false, "de", name_style::german, german_surnames, german_places, german_trades, swiss_forms,
       swiss_streets, german_mailboxes, swiss_cities, 100},
      {"NL", true, "nl", name_style::dutch, dutch_surnames, dutch_places, dutch_trades, dutch_forms, dutch_streets,
       dutch_mailboxes, dutch_cities, 400},
      {"BE", true, "nl", name_style::dutch, flemish_surnames, dutch_places, dutch_trades, belgian_forms,
       belgian_streets, dutch_mailboxes, belgian_cities, 700},
      {"FR", true, "en", name_style::french, french_surnames, french_trades_before, french_trades_after,
       french_forms, french_streets, french_mailboxes, french_cities, 100},
      {"DK", true, "en", name_style::danish, danish_surnames, danish_trades, danish_trades, danish_forms,
       danish_streets, danish_mailboxes, danish_cities, 300},
      {"GB", false, "en", name_style::english, english_surnames, british_places, english_trades, british_forms,
       british_estate_names, english_mailboxes, british_cities, 150},
      {"IE", true, "en", name_style::english, irish_surnames, irish_places, english_trades, irish_forms,
       british_estate_names, english_mailboxes, irish_cities, 100},
      {"US", false, "en", name_style::american, english_surnames, american_places, american_trades,
       american_forms, american_street_names, english_mailboxes, american_cities, 50},
  };
  for (const auto &s : specs)
    if (s.code == code) return s;
  internal_fault(cat("no country data for ", code));
}

std::string postcode_for(std::string_view code, const words::city &c, prng &r) {
  std::string s(c.prefix);
  if (code == "GB") {
    s += std::to_string(r.between(1, 28)) + " ";
    s += r.digits(1, true);
    s += r.letters(2, "ABDEFGHJLNPQRSTUWXYZ");
    return s;
  }
  if (code == "IE") {
    s += " " + r.letters(1, "ACDEFHKNPRTVWXY");
    s += r.letters(3, "ACDEFHKNPRTVWXY0123456789");
    return s;
  }
  if (code == "NL") {
    s += r.digits(2) + " ";
    s += r.letters(2, "ABCDEFGHJKLMNPRTVWXZ");
    return s;
  }
  return cat(c.prefix, r.digits(c.digits));
}

std::string street_for(const country_spec &cs, prng &r) {
  const std::string_view name = r.pick(cs.streets);
  if (cs.code == "DE" || cs.code == "AT") {
    std::string s = cat(name, " ", std::to_string(r.between(1, 180)));
    if (r.chance(80)) s += static_cast<char>('a' + r.between(0, 3));
    return s;
  }
  if (cs.code == "FR") return cat(std::to_string(r.between(1, 120)), " ", name);
  if (cs.code == "GB" || cs.code == "IE") {
    if (r.chance(600)) {
      const int64_t unit = r.between(1, 40);
      return cat("Unit ", std::to_string(unit), ", ", name, " ", r.pick(words::british_estate_kinds));
    }
    return cat(std::to_string(r.between(1, 250)), " ", name, " Road");
  }
  if (cs.code == "US") {
    const int64_t number = r.between(100, 9800);
    return cat(std::to_string(number), " ", name, " ", r.pick(words::american_street_kinds));
  }
  return cat(name, " ", std::to_string(r.between(1, 160)));
}

// A business name and the same without its legal form.
std::pair<std::string, std::string> business_name(const country_spec &cs, prng &r) {
  const std::string_view surname = r.pick(cs.surnames), place = r.pick(cs.places), trade = r.pick(cs.trades);
  std::string base;
  const int pattern = r.index(10);
  switch (cs.style) {
  case name_style::german:
    if (pattern < 5) base = cat(surname, " ", trade);
    else if (pattern < 8) base = cat(place, "-", trade);
    else base = cat(surname, " & ", r.pick(cs.surnames));
    break;
  case name_style::dutch:
    if (pattern < 5) base = cat(surname, " ", trade);
    else if (pattern < 8) base = cat(place, " ", trade);
    else base = cat(trade, " ", surname);
    break;
  case name_style::english:
    if (pattern < 5) base = cat(surname, " ", trade);
    else if (pattern < 8) base = cat(place, " ", trade);
    else base = cat(surname, " & ", r.pick(cs.surnames));
    break;
  case name_style::french:
    base = pattern < 5 ? cat(place, " ", surname) : cat(surname, " ", trade);
    break;
  case name_style::danish:
    base = pattern < 7 ? cat(surname, " ", trade) : cat(surname, " & ", r.pick(cs.surnames), " ", trade);
    break;
  case name_style::american:
    base = pattern < 6 ? cat(place, " ", trade) : cat(surname, " ", trade);
    break;
  }
  return {cat(base, " ", r.pick(cs.forms)), base};
}

// Tax identity of a business in `code`: VAT id and the Peppol participant id
// built on it (or on another national register).
struct identity {
  std::optional<std::string> vat_id;
  std::string peppol_id;
  bool peppol_from_vat = false;
};

identity identity_for(std::string_view code, prng &r) {
  if (code == "DE") {
    const std::string d = german_vat_digits(r);
    return {"DE" + d, "9930:de" + d, true};
  }
  if (code == "AT") {
    const std::string d = austrian_vat_digits(r);
    return {"ATU" + d, "9914:atu" + d, true};
  }
  if (code == "CH") {
    const std::string d = swiss_uid_digits(r);
    return {cat("CHE-", d.substr(0, 3), ".", d.substr(3, 3), ".", d.substr(6, 3), " MWST"), "0183:che" + d, false};
  }
  if (code == "NL") return {cat("NL", dutch_rsin(r), "B01"), "0106:" + r.digits(8, true), false};
  if (code == "BE") {
    const std::string n = belgian_enterprise_number(r);
    return {"BE" + n, "0208:" + n, false};
  }
  if (code == "FR") {
    const std::string siren = french_siren(r);
    const std::string key = zero_padded(static_cast<uint64_t>((12 + 3 * (std::stoll(siren) % 97)) % 97), 2);
    const std::string siret = siren + r.digits(4);
    return {cat("FR", key, siren), cat("0009:", siret, std::string(1, digit_char(luhn_check(siret))))};
  }
  if (code == "DK") {
    const std::string cvr = danish_cvr(r);
    return {"DK" + cvr, "0184:" + cvr, false};
  }
  if (code == "GB") {
    const std::string d = british_vat_digits(r);
    return {"GB" + d, "9932:gb" + d, true};
  }
  if (code == "IE") {
    const std::string body = irish_vat_body(r);
    return {"IE" + body, "9935:ie" + lower(body), true};
  }
  return {std::nullopt, "0060:" + r.digits(9, true), false};  // US: no VAT; D-U-N-S number
}

// ------------------------------------------------------------ companies

struct country_weight {
  std::string_view country;
  uint32_t weight;
};

struct company_spec {
  std::string_view code, name, country, currency, language;
  std::string_view street, city, postcode, mailbox, domain;
  std::string_view bank_code, bic;
  int64_t standard_rate, reduced_rate;  // hundredths
  std::string_view invoice_prefix, credit_prefix, draft_prefix;
  int reference_style;  // 0: invoice number, 1: ISO 11649 RF reference, 2: invoice number or NULL
  std::span<const country_weight> customer_countries;
  std::string_view tax_office, tax_refund_text, insurer, insurer_text;
};

constexpr country_weight german_mix[] = {{"DE", 560}, {"AT", 100}, {"CH", 50}, {"NL", 60}, {"FR", 50},
                                         {"BE", 30},  {"DK", 20},  {"GB", 60}, {"US", 70}};
constexpr country_weight dutch_mix[] = {{"NL", 520}, {"BE", 150}, {"DE", 120}, {"FR", 50},
                                        {"GB", 60},  {"US", 50},  {"DK", 50}};
constexpr country_weight british_mix[] = {{"GB", 640}, {"IE", 100}, {"US", 110}, {"DE", 50},
                                          {"NL", 40},  {"FR", 30},  {"BE", 30}};

const company_spec company_specs[] = {
    {"DE01", "Hansa Antriebstechnik GmbH", "DE", "EUR", "de",                            //
     "Billstraße 112", "Hamburg", "20539", "buchhaltung", "hansa-antriebstechnik",       //
     "20040000", "COBADEHHXXX", 1900, 700, "RE", "GS", "ENTWURF", 0, german_mix,        //
     "Finanzamt Hamburg-Mitte", "Erstattung USt", "Nordelbe Versicherung AG", "Schadenregulierung"},
    {"NL01", "Kempen Aandrijftechniek B.V.", "NL", "EUR", "nl",                          //
     "Hurksestraat 42", "Eindhoven", "5652 AJ", "debiteuren", "kempen-aandrijftechniek", //
     "INGB", "INGBNL2AXXX", 2100, 900, "FAC", "CN", "CONCEPT", 1, dutch_mix,             //
     "Belastingdienst", "Teruggaaf omzetbelasting", "Zeeuwse Transportverzekeringen N.V.",
     "Schade-uitkering dossier"},
    {"GB01", "Pennine Drive Systems Ltd", "GB", "GBP", "en",                             //
     "Unit 12, Stourton Link", "Leeds", "LS10 1RW", "credit.control", "pennine-drives",  //
     "NWBK", "NWBKGB2LXXX", 2000, 500, "INV", "CRN", "DRAFT", 2, british_mix,            //
     "HM Revenue & Customs", "HMRC VAT REPAYMENT", "Northgate Insurance Ltd", "Claim settlement"},
};

company make_company(const company_spec &s, int64_t id) {
  // Fixed stream: the companies are the same for every seed.
  prng r(0xA7C0DE5EEDULL + static_cast<uint64_t>(id));
  company c;
  c.id = id;
  c.code = s.code;
  c.name = s.name;
  c.currency = s.currency;
  c.country = s.country;
  if (s.country == "DE") {
    const std::string d = german_vat_digits(r);
    c.vat_id = "DE" + d;
    c.peppol_id = "9930:de" + d;
    c.iban = iban_of("DE", cat(s.bank_code, r.digits(10, true)));
  } else if (s.country == "NL") {
    c.vat_id = cat("NL", dutch_rsin(r), "B01");
    c.peppol_id = "0106:" + r.digits(8, true);
    c.iban = iban_of("NL", cat(s.bank_code, r.digits(10, true)));
  } else {
    const std::string d = british_vat_digits(r);
    c.vat_id = "GB" + d;
    c.peppol_id = "9932:gb" + d;
    c.iban = iban_of("GB", lettered_bank(s.bank_code, r, 6, 8));
  }
  c.bic = std::string(s.bic);
  c.street = std::string(s.street);
  c.city = std::string(s.city);
  c.postcode = std::string(s.postcode);
  c.email = cat(s.mailbox, "@", s.domain, ".example");
  // The receivables desk (fixed per company; numbers from ranges kept free
  // for fiction, e.g. Ofcom's 0113 496 0xxx).
  if (s.country == "DE") c.phone = "+49 40 555 0172", c.contact_name = "Anja Petersen";
  else if (s.country == "NL") c.phone = "+31 40 555 0193", c.contact_name = "Joost van Dijk";
  else c.phone = "+44 113 496 0420", c.contact_name = "Emma Clarke";
  return c;
}

// ------------------------------------------------------------ the plan of one company

enum class profile : uint8_t { prompt, late, batch, discount_taker, instalments, erratic, chronic };
enum class treatment : uint8_t { domestic, intra_eu, export_ };
enum class run_kind : uint8_t { none, weekly, biweekly, semi_monthly, random };
enum class doc_kind : uint8_t { invoice, credit_note, fee };
enum class alloc_kind : uint8_t { payment, discount, write_off, deduction };

struct cust {
  customer row;
  const country_spec *cs = nullptr;
  std::string base_name;  // name without legal form
  std::string lang;       // language of texts (the column may be NULL)
  std::string currency;
  treatment tax = treatment::domestic;
  profile prof = profile::prompt;
  int late_mean = 0, late_spread = 0;
  int terms = 30;
  int rebate_per_mille = 0;
  bool discount_terms = false;
  int64_t discount_percent = 200;
  int discount_days = 10;
  uint32_t order_ref_per_mille = 0;
  int order_style = 0;
  std::optional<std::string> buyer_reference;
  std::vector<std::string> ibans;
  run_kind runs = run_kind::none;
  std::chrono::weekday run_day{5};
  sys_days run_anchor{};
  std::vector<sys_days> random_runs;
  bool bank_charges = false;
  // how this customer's payables department writes remittance information
  int rem_keyword = 0, rem_format = 0, rem_separator = 0;
  bool rem_upper = false, rem_customer_number = false, rem_sepa = false, rem_structured = false;
  std::vector<int> posted;  // the customer's posted invoices (doc indices), oldest first
};

struct doc {
  int cust = 0;
  sys_days issue{};
  doc_kind kind = doc_kind::invoice;
  size_t row = 0;  // index in dataset.invoices
  size_t first_line = 0, line_count = 0;
  int ref = -1;  // credit note / fee: the invoice it refers to
  std::optional<sys_days> fee_date;
  int64_t credited = 0;  // sum of credit notes against this invoice (positive)
  int item = -1;
  std::string prefix;
  int year = 0;
  int64_t seq = 0;
  int final_group = -1;  // the payment that completed this invoice
};

struct item {
  int doc = -1;  // -1: opening balance
  int cust = 0;
  sys_days due{};
  int64_t original = 0;
  int64_t allocated = 0;
  std::string legacy;  // opening balances: the former system's document number
  bool never_paid = false;
  int64_t id = 0;
};

struct alloc {
  int item = 0;
  int64_t amount = 0;
  alloc_kind kind = alloc_kind::payment;
  int part = 0, parts = 0;  // instalment i of n
};

struct group {
  int cust = 0;
  sys_days date{};
  int64_t total = 0;  // cash: the sum of the payment allocations
  std::vector<alloc> allocs;
  bool unapplied = false;
  bool unknown_payer = false;
};

struct payment_record {
  sys_days date{};
  size_t order = 0;
  int group = -1;
  int cust = -1;  // -1: customer not identified
  int64_t amount = 0;
  std::string currency;
  std::optional<std::string> payer_name, payer_iban, remittance;
};

struct catalogue_item {
  const words::product_type *type;
  std::string_view spec;
  int64_t price;  // scale 4
};

struct id_counters {
  int64_t customer = 0, bank_account = 0, invoice = 0, line = 0, open_item = 0, payment = 0, allocation = 0;
};

std::string_view kind_name(alloc_kind k) {
  switch (k) {
  case alloc_kind::payment: return "payment";
  case alloc_kind::discount: return "discount";
  case alloc_kind::write_off: return "write_off";
  case alloc_kind::deduction: return "deduction";
  }
  return "payment";
}

std::string_view pick_text(std::string_view language, std::string_view de, std::string_view en, std::string_view nl) {
  return language == "de" ? de : language == "nl" ? nl : en;
}

class company_builder {
public:
  company_builder(const options &opt, int index, id_counters &ids, dataset &out)
      : opt_(opt), index_(index), spec_(company_specs[index]), ids_(ids), out_(out),
        as_of_(sys_days{opt.as_of}), start_(as_of_ - days{455}) {}

  void run() {
    out_.companies.push_back(make_company(spec_, index_ + 1));
    company_id_ = index_ + 1;
    make_customers();
    make_catalogue();
    make_opening_balances();
    make_documents();
    for (auto &it : items_) it.id = ++ids_.open_item;
    settle();
    emit_payments();
    emit_open_items();
  }

private:
  const options &opt_;
  int index_;
  const company_spec &spec_;
  id_counters &ids_;
  dataset &out_;
  sys_days as_of_, start_;
  int64_t company_id_ = 0;

  std::vector<cust> custs_;
  weighted cust_weights_;
  std::vector<catalogue_item> goods_, services_, manuals_, reduced_;
  std::vector<doc> docs_;
  std::vector<item> items_;
  std::vector<group> groups_;
  std::map<std::pair<int, int64_t>, int> shared_groups_;
  std::vector<std::pair<int, int64_t>> write_offs_;  // (item, amount) without a payment

  invoice &row(const doc &d) { return out_.invoices[d.row]; }

  // ---------------------------------------------------------- customers

  void make_customers() {
    prng r = stream(opt_.seed, static_cast<uint64_t>(index_), 1);
    weighted countries;
    for (const auto &w : spec_.customer_countries) countries.add(w.weight);
    std::map<std::string, int> names_used;
    custs_.reserve(opt_.customers);
    for (uint32_t i = 0; i < opt_.customers; ++i) {
      cust c;
      const std::string_view code = spec_.customer_countries[static_cast<size_t>(countries.pick(r))].country;
      c.cs = &country(code);
      const bool domestic = code == spec_.country;
      c.tax = domestic ? treatment::domestic
              : (c.cs->eu && spec_.country != "GB") ? treatment::intra_eu
                                                    : treatment::export_;
      const bool public_sector = code == "DE" && spec_.country == "DE" && r.chance(40);

      c.row.id = ++ids_.customer;
      c.row.company_id = company_id_;
      c.row.number = "C" + std::to_string(10001 + i);
      if (public_sector) {
        const auto &town = r.pick(words::german_cities);
        c.base_name = cat("Stadtwerke ", town.name);
        c.row.name = c.base_name + " GmbH";
      } else {
        for (int attempt = 0;; ++attempt) {
          auto [name, base] = business_name(*c.cs, r);
          if (names_used.count(name) == 0 || attempt >= 8) {
            if (names_used[name]++ > 0) name += cat(" (", std::to_string(names_used[name]), ")");
            c.row.name = std::move(name);
            c.base_name = std::move(base);
            break;
          }
        }
      }
      c.row.country = std::string(code);

      // Tax identity and Peppol participant id.
      identity id = identity_for(code, r);
      const uint32_t vat_per_mille = !id.vat_id ? 0 : c.tax == treatment::intra_eu ? 1000
                                                  : public_sector                    ? 500
                                                  : domestic                         ? 750
                                                                                     : 800;
      const bool has_vat = r.chance(vat_per_mille);
      if (has_vat) c.row.vat_id = id.vat_id;
      if (public_sector) {
        c.buyer_reference = leitweg_id(r);
        c.row.peppol_id = "0204:" + *c.buyer_reference;
      } else if (r.chance(c.cs->peppol_per_mille)) {
        if (id.peppol_from_vat && !has_vat)
          c.row.peppol_id = "0088:" + gln(code == "GB" ? "50" : code == "NL" ? "87" : "40", r);
        else c.row.peppol_id = id.peppol_id;
      }

      // Language: the country's, English for some foreign customers; NULL now and then.
      c.lang = std::string(c.cs->language);
      if (!domestic && c.lang != "en" && r.chance(100)) c.lang = "en";
      if (!r.chance(30)) c.row.language = c.lang;
      else c.lang = std::string(spec_.language);

      // Address (missing for a few) and mailbox (missing for some).
      if (!r.chance(10)) {
        const auto &town = r.pick(c.cs->cities);
        c.row.street = street_for(*c.cs, r);
        c.row.city = std::string(town.name);
        c.row.postcode = postcode_for(code, town, r);
      }
      if (!r.chance(80)) c.row.email = cat(r.pick(c.cs->mailboxes), "@", slug(c.base_name), ".example");

      // Billing currency: the company's, USD for US customers, EUR for the UK company's EU customers.
      c.currency = code == "US"                                ? "USD"
                   : spec_.country == "GB" && code != "GB" ? "EUR"
                                                               : std::string(spec_.currency);
      c.bank_charges = code == "US" || (spec_.country == "GB" && code != "GB");

      // Payment behaviour.
      static constexpr uint32_t profile_weights[] = {280, 230, 160, 120, 60, 90, 60};
      weighted profiles;
      for (uint32_t w : profile_weights) profiles.add(w);
      c.prof = static_cast<profile>(profiles.pick(r));
      c.late_mean = static_cast<int>(r.between(4, 35));
      c.late_spread = static_cast<int>(r.between(1, 10));
      if (c.prof == profile::batch) {
        const int k = r.index(3);
        c.runs = k == 0 ? run_kind::weekly : k == 1 ? run_kind::biweekly : run_kind::semi_monthly;
        static constexpr unsigned run_days[] = {2, 4, 5};
        c.run_day = std::chrono::weekday{run_days[r.below(3)]};
        c.run_anchor = next_business(start_ + days{r.between(0, 13)});
        while (std::chrono::weekday{c.run_anchor} != c.run_day) c.run_anchor += days{1};
      } else if (c.prof == profile::erratic) {
        c.runs = run_kind::random;
        for (sys_days t = start_; t <= as_of_ + days{400}; t += days{r.between(4, 30)})
          c.random_runs.push_back(next_business(t));
      }

      // Terms: 14/30/45/60 days; NULL for a few (the company default of 30 applies).
      static constexpr int terms[] = {14, 30, 45, 60};
      static constexpr uint32_t term_weights[] = {200, 500, 150, 150};
      weighted tw;
      for (uint32_t w : term_weights) tw.add(w);
      c.terms = public_sector ? 30 : terms[tw.pick(r)];
      if (code == "US" && c.terms == 14) c.terms = 30;
      if (!r.chance(30)) c.row.payment_terms_days = c.terms;
      else c.terms = 30;

      const uint32_t discount_per_mille = c.prof == profile::discount_taker ? 1000
                                          : c.prof == profile::prompt       ? 300
                                          : c.prof == profile::batch || c.prof == profile::chronic ? 200
                                                                                                   : 100;
      c.discount_terms = r.chance(discount_per_mille);
      if (r.chance(100)) {
        c.discount_percent = 300;
        c.discount_days = 8;
      }
      c.rebate_per_mille = static_cast<int>(r.between(0, 30) * 5);
      static constexpr uint32_t order_rates[] = {0, 500, 900, 1000};
      c.order_ref_per_mille = r.pick(order_rates);
      c.order_style = r.index(4);
      if (!public_sector && r.chance(150)) {
        if (c.lang == "de") {
          static constexpr std::string_view refs[] = {"Abt. Instandhaltung", "z. Hd. Einkauf", "Werk 2"};
          c.buyer_reference = r.chance(500) ? "KST " + r.digits(4, true) : std::string(r.pick(refs));
        } else if (c.lang == "nl") {
          static constexpr std::string_view refs[] = {"t.a.v. Inkoop", "Afd. Onderhoud", "Vestiging Noord"};
          c.buyer_reference = r.chance(500) ? "Kostenplaats " + r.digits(4, true) : std::string(r.pick(refs));
        } else {
          static constexpr std::string_view refs[] = {"Attn: Maintenance", "Attn: Purchasing", "Plant 3"};
          c.buyer_reference = r.chance(500) ? "Cost centre " + r.digits(4, true) : std::string(r.pick(refs));
        }
      }

      // Bank accounts on file: none for some, two for some; US banks have no IBAN.
      if (code != "US") {
        const int roll = r.index(100);
        const int n = roll < 8 ? 0 : roll < 80 ? 1 : 2;
        for (int k = 0; k < n; ++k) c.ibans.push_back(*random_iban(code, r));
      }

      // Remittance habits.
      static constexpr uint32_t format_weights[] = {350, 150, 100, 80, 120, 80, 120};
      weighted fw;
      for (uint32_t w : format_weights) fw.add(w);
      c.rem_keyword = r.index(6);
      c.rem_format = fw.pick(r);
      c.rem_separator = r.index(5);
      c.rem_upper = r.chance(200);
      c.rem_customer_number = r.chance(150);
      c.rem_sepa = code == "DE" && r.chance(120);
      c.rem_structured = r.chance(350);

      // Order volume: a few key accounts buy most.
      const int tier = r.index(1000);
      cust_weights_.add(tier < 80 ? 25 : tier < 330 ? 6 : 1);
      custs_.push_back(std::move(c));
    }

    for (const auto &c : custs_) {
      out_.customers.push_back(c.row);
      for (const auto &iban : c.ibans) out_.bank_accounts.push_back({++ids_.bank_account, c.row.id, iban});
    }
  }

  // ---------------------------------------------------------- catalogue

  void make_catalogue() {
    prng r = stream(opt_.seed, static_cast<uint64_t>(index_), 2);
    for (const auto &t : words::products) {
      for (std::string_view spec : t.specs) {
        int64_t cents = r.between(t.price_lo, t.price_hi);
        int64_t price = cents * 100;
        if (t.price_hi < 100) price += r.between(0, 99);  // sub-cent unit prices for small parts
        else if (cents >= 10000) price = cents / 100 * 10000;  // whole units for big items
        catalogue_item ci{&t, spec, price};
        switch (t.kind) {
        case item_kind::goods: goods_.push_back(ci); break;
        case item_kind::service: services_.push_back(ci); break;
        case item_kind::manual: manuals_.push_back(ci); break;
        case item_kind::reduced_uk: reduced_.push_back(ci); break;
        default: break;
        }
      }
    }
  }

  // ---------------------------------------------------------- documents

  struct tax_code {
    std::string_view category;
    std::optional<int64_t> percent;
  };

  tax_code tax_for(const cust &c, item_kind k) const {
    if (c.tax == treatment::export_) return {"G", 0};
    if (c.tax == treatment::intra_eu) return {k == item_kind::service ? "AE" : "K", 0};
    switch (k) {
    case item_kind::manual:
      if (spec_.country == "GB") return {"Z", 0};
      return {"S", spec_.reduced_rate};
    case item_kind::insurance: return {"E", 0};
    case item_kind::reduced_uk: return {"S", spec_.reduced_rate};
    default: return {"S", spec_.standard_rate};
    }
  }

  void add_line(std::string description, int64_t quantity, std::string_view unit, int64_t price, tax_code tax) {
    invoice_line l;
    l.id = ++ids_.line;
    l.invoice_id = out_.invoices.back().id;
    l.line_no = static_cast<int32_t>(out_.lines.size() - docs_.back().first_line + 1);
    l.description = std::move(description);
    l.quantity = quantity;
    l.unit_code = std::string(unit);
    l.unit_price = price;
    l.net_amount = div_round(mul(quantity, price), 1000000);  // scale 4 x scale 4 -> cents
    l.tax_category = std::string(tax.category);
    l.tax_percent = tax.percent;
    out_.lines.push_back(std::move(l));
  }

  static int64_t draw_quantity(const words::product_type &t, prng &r) {
    int64_t hi = t.qty_hi;
    if (r.chance(600)) hi = std::max(t.qty_lo, t.qty_lo + (t.qty_hi - t.qty_lo) / 4);  // most orders are small
    return t.qty_lo + t.qty_step * r.between(0, (hi - t.qty_lo) / t.qty_step);
  }

  std::string_view product_name(const words::product_type &t, std::string_view lang) const {
    return pick_text(lang, t.de, t.en, t.nl);
  }

  void regular_lines(const cust &c, sys_days issue, prng &r) {
    static constexpr uint32_t count_weights[] = {250, 200, 160, 120, 90, 70, 50, 30, 20, 10};
    static const weighted counts = [] {
      weighted w;
      for (uint32_t v : count_weights) w.add(v);
      return w;
    }();
    int goods_lines = counts.pick(r) + 1;
    const bool service = c.tax != treatment::export_ && r.chance(120);
    const bool manual = r.chance(60);
    const bool reduced = spec_.country == "GB" && c.tax == treatment::domestic && r.chance(40);
    const bool insurance = spec_.country != "GB" && c.tax == treatment::domestic && r.chance(50);
    const bool freight = r.chance(350);
    const int extras = service + manual + reduced + insurance + freight;
    goods_lines = std::max(1, std::min(goods_lines, 10 - extras));
    const std::string_view lang = c.lang;

    auto priced = [&](const catalogue_item &ci) { return div_round(mul(ci.price, 1000 - c.rebate_per_mille), 1000); };
    int64_t goods_net = 0;
    for (int i = 0; i < goods_lines; ++i) {
      const catalogue_item &ci = goods_[r.below(goods_.size())];
      add_line(cat(product_name(*ci.type, lang), " ", ci.spec), draw_quantity(*ci.type, r), ci.type->unit, priced(ci),
               tax_for(c, item_kind::goods));
      goods_net += out_.lines.back().net_amount;
    }
    if (service) {
      const catalogue_item &ci = services_[r.below(services_.size())];
      const sys_days visit = prev_business(issue - days{r.between(1, 10)});
      const std::string when = cat(pick_text(lang, ", Einsatz am ", ", visit on ", ", bezoek op "),
                                   date_text(visit, lang == "de" ? '.' : lang == "nl" ? '-' : '/'));
      add_line(cat(product_name(*ci.type, lang), when), draw_quantity(*ci.type, r), ci.type->unit, priced(ci),
               tax_for(c, item_kind::service));
    }
    if (manual) {  // books keep their list price (fixed book prices in DE and NL)
      const catalogue_item &ci = manuals_[r.below(manuals_.size())];
      add_line(cat(product_name(*ci.type, lang), ", ", ci.spec), draw_quantity(*ci.type, r), ci.type->unit, ci.price,
               tax_for(c, item_kind::manual));
    }
    if (reduced) {
      const catalogue_item &ci = reduced_[r.below(reduced_.size())];
      add_line(cat(product_name(*ci.type, lang), ", ", ci.spec), draw_quantity(*ci.type, r), ci.type->unit,
               priced(ci), tax_for(c, item_kind::reduced_uk));
    }
    if (freight)
      add_line(std::string(pick_text(lang, "Fracht und Verpackung", "Freight and packing", "Vracht en verpakking")),
               10000, "C62", r.between(15, 180) * 10000, tax_for(c, item_kind::freight));
    if (insurance)
      add_line(std::string(pick_text(lang, "Transportversicherung", "Transit insurance", "Transportverzekering")),
               10000, "C62", std::max<int64_t>(500, goods_net * 3 / 1000) * 100, tax_for(c, item_kind::insurance));
  }

  // Credit note lines: returned quantities or a price reduction on the referenced invoice.
  void credit_lines(const cust &c, const doc &ref, prng &r) {
    const std::string_view lang = c.lang;
    const std::string &ref_number = out_.invoices[ref.row].number;
    if (r.chance(300)) {
      const invoice_line src = out_.lines[ref.first_line];
      const int64_t amount = std::max<int64_t>(100, div_round(mul(src.net_amount, r.between(3, 10)), 100));
      add_line(cat(pick_text(lang, "Preisnachlass zu ", "Price reduction on ", "Prijskorting op "), ref_number), -10000,
               "C62", amount * 100, tax_code{*src.tax_category, src.tax_percent});
      return;
    }
    const size_t n = ref.line_count;
    const size_t take = std::min<size_t>(n, static_cast<size_t>(r.between(1, 2)));
    const size_t first = r.below(n);
    for (size_t k = 0; k < take; ++k) {
      const invoice_line src = out_.lines[ref.first_line + (first + k) % n];
      int64_t q = src.quantity;
      if (q >= 20000) q = r.between(1, q / 10000) * 10000;
      add_line(cat(pick_text(lang, "Rücksendung: ", "Return: ", "Retour: "), *src.description), -q, *src.unit_code,
               src.unit_price, tax_code{*src.tax_category, src.tax_percent});
    }
  }

  // Net, tax per VAT category and rate (EN 16931 BT-116/BT-117), gross.
  void total(invoice &inv, size_t first_line) {
    struct rate_group {
      std::string category;
      std::optional<int64_t> percent;
      int64_t net;
    };
    std::vector<rate_group> rate_groups;
    int64_t net = 0;
    for (size_t i = first_line; i < out_.lines.size(); ++i) {
      const invoice_line &l = out_.lines[i];
      net += l.net_amount;
      auto it = std::find_if(rate_groups.begin(), rate_groups.end(), [&](const rate_group &g) {
        return g.category == *l.tax_category && g.percent == l.tax_percent;
      });
      if (it == rate_groups.end()) rate_groups.push_back({*l.tax_category, l.tax_percent, l.net_amount});
      else it->net += l.net_amount;
    }
    int64_t tax = 0;
    for (const auto &g : rate_groups) tax += div_round(mul(g.net, g.percent.value_or(0)), 10000);
    inv.net_amount = net;
    inv.tax_amount = tax;
    inv.gross_amount = net + tax;
  }

  std::string purchase_order(const cust &c, sys_days issue, prng &r) const {
    switch (c.order_style) {
    case 0: return "45" + r.digits(8);
    case 1: return "PO-" + r.digits(5, true);
    case 2: return cat("B", std::to_string(int(ymd(issue).year()) % 100), "-", r.digits(4, true));
    default: return cat(pick_text(c.lang, "Best. ", "Order ", "Bestelling "), r.digits(6, true));
    }
  }

  void make_opening_balances() {
    prng r = stream(opt_.seed, static_cast<uint64_t>(index_), 3);
    const uint32_t n = std::max<uint32_t>(1, opt_.customers / 100);
    for (uint32_t i = 0; i < n; ++i) {
      item it;
      it.cust = r.index(custs_.size());
      it.due = start_ - days{r.between(10, 90)};
      it.original = r.between(15000, 2500000);
      it.legacy = "OP" + r.digits(7, true);
      items_.push_back(std::move(it));
    }
  }

  void make_documents() {
    prng r = stream(opt_.seed, static_cast<uint64_t>(index_), 4);
    std::vector<sys_days> business_days;
    for (sys_days d = start_; d <= as_of_; d += days{1})
      if (!weekend(d)) business_days.push_back(d);
    if (business_days.empty()) business_days.push_back(prev_business(as_of_));
    std::vector<sys_days> issue_days(opt_.invoices);
    for (auto &d : issue_days) d = business_days[r.below(business_days.size())];
    std::sort(issue_days.begin(), issue_days.end());

    std::map<std::pair<int, int>, int64_t> counters;  // (series, year) -> last number
    int64_t drafts = 0;
    docs_.reserve(issue_days.size());
    items_.reserve(items_.size() + issue_days.size());

    for (const sys_days issue : issue_days) {
      const int ci = cust_weights_.pick(r);
      cust &c = custs_[static_cast<size_t>(ci)];
      doc d;
      d.cust = ci;
      d.issue = issue;

      // Fee for a long overdue invoice of a chronically late customer,
      // credit note for a recent invoice, or a new invoice.
      if (c.prof == profile::chronic && r.chance(120)) {
        for (auto it = c.posted.rbegin(); it != c.posted.rend() && it - c.posted.rbegin() < 20; ++it) {
          doc &cand = docs_[static_cast<size_t>(*it)];
          const sys_days due = sys_days{*row(cand).due_date};
          if (cand.kind == doc_kind::invoice && !cand.fee_date && due <= issue - days{30} && due >= issue - days{200}) {
            d.kind = doc_kind::fee;
            d.ref = *it;
            cand.fee_date = issue;
            break;
          }
        }
      }
      if (d.kind == doc_kind::invoice && r.chance(55)) {
        for (auto it = c.posted.rbegin(); it != c.posted.rend() && it - c.posted.rbegin() < 5; ++it) {
          doc &cand = docs_[static_cast<size_t>(*it)];
          if (cand.kind == doc_kind::invoice && cand.issue >= issue - days{120} && cand.issue < issue &&
              cand.credited == 0) {
            d.kind = doc_kind::credit_note;
            d.ref = *it;
            break;
          }
        }
      }

      std::string state = "posted";
      if (d.kind == doc_kind::invoice) {
        if (issue >= as_of_ - days{9} && r.chance(150)) state = "draft";
        else if (r.chance(15)) state = "cancelled";
      }

      invoice inv;
      inv.id = ++ids_.invoice;
      inv.company_id = company_id_;
      inv.customer_id = c.row.id;
      inv.issue_date = ymd(issue);
      inv.currency = c.currency;
      inv.state = state;
      inv.buyer_reference = c.buyer_reference;
      if (state == "draft") {
        inv.number = cat(spec_.draft_prefix, "-", zero_padded(static_cast<uint64_t>(++drafts), 6));
      } else {
        const int series = d.kind == doc_kind::credit_note ? 1 : 0;
        d.prefix = std::string(series == 1 ? spec_.credit_prefix : spec_.invoice_prefix);
        d.year = int(ymd(issue).year());
        d.seq = ++counters[{series, d.year}];
        inv.number = cat(d.prefix, "-", std::to_string(d.year), "-", zero_padded(static_cast<uint64_t>(d.seq), 6));
      }

      docs_.push_back(d);
      out_.invoices.push_back(std::move(inv));
      doc &dd = docs_.back();
      dd.row = out_.invoices.size() - 1;
      dd.first_line = out_.lines.size();
      invoice &iv = out_.invoices.back();

      switch (dd.kind) {
      case doc_kind::invoice: {
        iv.kind = "invoice";
        regular_lines(c, issue, r);
        if (state != "draft") iv.due_date = ymd(issue + days{c.terms});
        if (r.chance(c.order_ref_per_mille)) iv.order_reference = purchase_order(c, issue, r);
        if (c.discount_terms && state != "draft") {
          iv.cash_discount_percent = c.discount_percent;
          iv.cash_discount_date = ymd(issue + days{c.discount_days});
        }
        break;
      }
      case doc_kind::credit_note: {
        iv.kind = "credit_note";
        doc &ref = docs_[static_cast<size_t>(dd.ref)];
        credit_lines(c, ref, r);
        iv.due_date = iv.issue_date;
        iv.order_reference = out_.invoices[ref.row].number;
        break;
      }
      case doc_kind::fee: {
        iv.kind = "fee";
        const invoice &ref = out_.invoices[docs_[static_cast<size_t>(dd.ref)].row];
        int64_t fee = 4000;
        if (spec_.country == "GB") fee = ref.gross_amount < 100000 ? 4000 : ref.gross_amount < 1000000 ? 7000 : 10000;
        add_line(cat(pick_text(c.lang, "Verzugspauschale zu Rechnung ", "Late payment compensation, invoice ",
                               "Vergoeding incassokosten, factuur "),
                     ref.number),
                 10000, "C62", fee * 100, tax_code{"O", std::nullopt});
        iv.due_date = ymd(issue + days{14});
        iv.order_reference = ref.number;
        break;
      }
      }
      dd.line_count = out_.lines.size() - dd.first_line;
      total(iv, dd.first_line);

      if (dd.kind == doc_kind::credit_note) {
        doc &ref = docs_[static_cast<size_t>(dd.ref)];
        if (-iv.gross_amount + ref.credited > out_.invoices[ref.row].gross_amount)
          internal_fault("credit note " + iv.number + " exceeds its invoice");
        ref.credited += -iv.gross_amount;
      }

      // Payment reference the customer is asked to quote.
      if (state == "posted" && dd.kind != doc_kind::credit_note) {
        if (spec_.reference_style == 1)
          iv.payment_reference =
              creditor_reference(std::to_string(dd.year) + zero_padded(static_cast<uint64_t>(dd.seq), 6));
        else if (spec_.reference_style == 0 ? !r.chance(50) : r.chance(600)) iv.payment_reference = iv.number;
      }

      if (state == "posted") {
        item it;
        it.doc = static_cast<int>(docs_.size() - 1);
        it.cust = ci;
        it.due = sys_days{*iv.due_date};
        it.original = iv.gross_amount;
        dd.item = static_cast<int>(items_.size());
        items_.push_back(std::move(it));
        if (dd.kind == doc_kind::invoice) c.posted.push_back(static_cast<int>(docs_.size() - 1));
      }
    }
  }

  // ---------------------------------------------------------- settlement

  sys_days next_run(const cust &c, sys_days t) const {
    switch (c.runs) {
    case run_kind::none: return next_business(t);
    case run_kind::weekly: return t + (c.run_day - std::chrono::weekday{t});
    case run_kind::biweekly: {
      if (t <= c.run_anchor) return c.run_anchor;
      const int64_t periods = ((t - c.run_anchor).count() + 13) / 14;
      return c.run_anchor + days{periods * 14};
    }
    case run_kind::semi_monthly: {
      auto m = std::chrono::year_month{ymd(t).year(), ymd(t).month()};
      for (int k = 0; k < 2; ++k, m += std::chrono::months{1}) {
        const sys_days mid = next_business(sys_days{m / std::chrono::day{15}});
        const sys_days end = prev_business(sys_days{m / std::chrono::last});
        if (mid >= t) return mid;
        if (end >= t) return end;
      }
      return as_of_ + days{1};
    }
    case run_kind::random: {
      auto it = std::lower_bound(c.random_runs.begin(), c.random_runs.end(), t);
      return it == c.random_runs.end() ? as_of_ + days{1} : *it;
    }
    }
    return next_business(t);
  }

  int group_for(int ci, sys_days date, bool shared) {
    if (shared) {
      const auto key = std::make_pair(ci, static_cast<int64_t>(date.time_since_epoch().count()));
      auto it = shared_groups_.find(key);
      if (it != shared_groups_.end()) return it->second;
      shared_groups_.emplace(key, static_cast<int>(groups_.size()));
    }
    group g;
    g.cust = ci;
    g.date = date;
    groups_.push_back(std::move(g));
    return static_cast<int>(groups_.size() - 1);
  }

  void allocate(int g, int item_index, int64_t amount, alloc_kind kind, int part = 0, int parts = 0) {
    groups_[static_cast<size_t>(g)].allocs.push_back({item_index, amount, kind, part, parts});
    if (kind == alloc_kind::payment) groups_[static_cast<size_t>(g)].total += amount;
  }

  // The date a payment aimed at `target` arrives, or none when after as_of.
  std::optional<sys_days> arrival(const doc &d, const cust &c, sys_days target, prng &r) const {
    sys_days t = next_run(c, std::max(target, d.issue + days{1}));
    if (d.fee_date && t <= *d.fee_date) t = next_run(c, next_business(*d.fee_date + days{r.between(3, 30)}));
    if (t > as_of_) return std::nullopt;
    return t;
  }

  // One payment of the whole invoice, less bank charges now and then.
  void pay_full(int di, sys_days target, prng &r) {
    doc &d = docs_[static_cast<size_t>(di)];
    const cust &c = custs_[static_cast<size_t>(d.cust)];
    const auto when = arrival(d, c, target, r);
    if (!when) return;
    const int64_t gross = row(d).gross_amount;
    const int g = group_for(d.cust, *when, c.runs != run_kind::none);
    if (c.bank_charges && gross > 20000 && r.chance(350)) {
      const int64_t charges = r.between(5, 35) * 100;
      allocate(g, d.item, gross - charges, alloc_kind::payment);
      allocate(g, d.item, charges, alloc_kind::write_off);
    } else {
      allocate(g, d.item, gross, alloc_kind::payment);
    }
    d.final_group = g;
  }

  // Paid within the cash discount period, the discount taken.
  void pay_with_discount(int di, prng &r) {
    doc &d = docs_[static_cast<size_t>(di)];
    const invoice &iv = row(d);
    const sys_days last = sys_days{*iv.cash_discount_date};
    const int64_t window = (last - d.issue).count();
    sys_days t = prev_business(d.issue + days{r.between(std::min<int64_t>(2, window), window)});
    if (t < d.issue) t = d.issue;
    if (t > as_of_) return;
    const int64_t discount = div_round(mul(iv.gross_amount, *iv.cash_discount_percent), 10000);
    const int g = group_for(d.cust, t, false);
    allocate(g, d.item, iv.gross_amount - discount, alloc_kind::payment);
    allocate(g, d.item, discount, alloc_kind::discount);
    d.final_group = g;
  }

  void pay_in_instalments(int di, prng &r) {
    doc &d = docs_[static_cast<size_t>(di)];
    const cust &c = custs_[static_cast<size_t>(d.cust)];
    const int64_t gross = row(d).gross_amount;
    const int parts = static_cast<int>(r.between(2, 4));
    const int64_t unit = gross >= 500000 ? 10000 : 100;  // round to hundreds or to whole units
    const int64_t share = std::max<int64_t>(unit, gross / parts / unit * unit);
    sys_days target = sys_days{*row(d).due_date} + days{r.between(0, 20)};
    int64_t paid = 0;
    for (int k = 1; k <= parts; ++k) {
      const auto when = arrival(d, c, target, r);
      if (!when) return;
      const int64_t amount = k == parts ? gross - paid : share;
      const int g = group_for(d.cust, *when, false);
      allocate(g, d.item, amount, alloc_kind::payment, k, parts);
      paid += amount;
      d.final_group = g;
      target = *when + days{r.between(10, 35)};
    }
  }

  void plan_invoice(int di, prng &r) {
    doc &d = docs_[static_cast<size_t>(di)];
    const cust &c = custs_[static_cast<size_t>(d.cust)];
    const invoice &iv = row(d);
    const sys_days due = sys_days{*iv.due_date};
    const bool discount = iv.cash_discount_percent.has_value();
    auto after = [&](int64_t delay) { return due + days{delay}; };
    switch (c.prof) {
    case profile::prompt:
      if (discount && r.chance(500)) pay_with_discount(di, r);
      else pay_full(di, after(r.chance(50) ? r.between(3, 15) : r.between(-8, 2)), r);
      break;
    case profile::late: {
      int64_t delay = c.late_mean + r.between(-c.late_spread, c.late_spread);
      if (r.chance(30)) delay += r.between(30, 90);
      pay_full(di, after(delay), r);
      break;
    }
    case profile::batch: pay_full(di, after(r.between(-5, 3)), r); break;
    case profile::discount_taker:
      if (discount && r.chance(920)) pay_with_discount(di, r);
      else pay_full(di, after(r.between(-3, 5)), r);
      break;
    case profile::instalments:
      if (iv.gross_amount >= 50000 && r.chance(700)) pay_in_instalments(di, r);
      else pay_full(di, after(r.between(0, 25)), r);
      break;
    case profile::erratic: pay_full(di, after(r.chance(100) ? r.between(60, 150) : r.between(-10, 60)), r); break;
    case profile::chronic: {
      if (r.chance(120)) {
        items_[static_cast<size_t>(d.item)].never_paid = true;
        break;
      }
      const auto when = arrival(d, c, after(r.between(20, 140)), r);
      if (!when) break;
      const int g = group_for(d.cust, *when, false);
      const int64_t gross = iv.gross_amount;
      if (discount && r.chance(400)) {
        // Discount taken long after the discount date: the rest stays open.
        allocate(g, d.item, gross - div_round(mul(gross, *iv.cash_discount_percent), 10000), alloc_kind::payment);
      } else if (r.chance(150) && gross >= 10000) {
        // Short payment for a complaint: booked as a deduction or left open.
        const int64_t cut = std::max<int64_t>(100, div_round(mul(gross, r.between(3, 20)), 100) / 100 * 100);
        allocate(g, d.item, gross - cut, alloc_kind::payment);
        if (r.chance(500)) allocate(g, d.item, cut, alloc_kind::deduction);
      } else {
        allocate(g, d.item, gross, alloc_kind::payment);
      }
      d.final_group = g;
      break;
    }
    }
  }

  void settle() {
    prng r = stream(opt_.seed, static_cast<uint64_t>(index_), 5);

    // Opening balances: most were paid in the first weeks of the history.
    for (size_t i = 0; i < items_.size() && items_[i].doc < 0; ++i) {
      if (!r.chance(700)) continue;
      const sys_days when = next_business(start_ + days{r.between(3, 60)});
      if (when > as_of_) continue;
      allocate(group_for(items_[i].cust, when, false), static_cast<int>(i), items_[i].original, alloc_kind::payment);
    }
    // Invoices, by customer behaviour.
    for (size_t i = 0; i < docs_.size(); ++i)
      if (docs_[i].kind == doc_kind::invoice && docs_[i].item >= 0) plan_invoice(static_cast<int>(i), r);

    // Fees: paid along with the invoice they were raised on, if at all.
    for (auto &d : docs_) {
      if (d.kind != doc_kind::fee || d.item < 0) continue;
      const doc &ref = docs_[static_cast<size_t>(d.ref)];
      if (ref.final_group >= 0 && groups_[static_cast<size_t>(ref.final_group)].date >= d.issue && r.chance(450)) {
        allocate(ref.final_group, d.item, row(d).gross_amount, alloc_kind::payment);
        d.final_group = ref.final_group;
      }
    }

    // Credit notes: deducted from the payment of the invoice they correct or
    // from the customer's next payment; some are still open.
    std::vector<std::vector<int>> by_customer(custs_.size());
    for (size_t g = 0; g < groups_.size(); ++g)
      by_customer[static_cast<size_t>(groups_[g].cust)].push_back(static_cast<int>(g));
    for (auto &ordered : by_customer)
      std::sort(ordered.begin(), ordered.end(), [&](int a, int b) {
        const auto &ga = groups_[static_cast<size_t>(a)], &gb = groups_[static_cast<size_t>(b)];
        return ga.date != gb.date ? ga.date < gb.date : a < b;
      });
    for (auto &d : docs_) {
      if (d.kind != doc_kind::credit_note || d.item < 0) continue;
      const int64_t amount = row(d).gross_amount;  // negative
      auto fits = [&](int g) {
        const group &gr = groups_[static_cast<size_t>(g)];
        return gr.date >= d.issue && gr.total + amount > 0;
      };
      const int mode = r.index(100);
      int chosen = -1;
      const int ref_group = docs_[static_cast<size_t>(d.ref)].final_group;
      if (mode < 60 && ref_group >= 0 && fits(ref_group)) chosen = ref_group;
      if (chosen < 0 && mode < 85) {
        const auto &ordered = by_customer[static_cast<size_t>(d.cust)];
        auto it = std::lower_bound(ordered.begin(), ordered.end(), d.issue,
                                   [&](int g, sys_days t) { return groups_[static_cast<size_t>(g)].date < t; });
        for (int tries = 0; it != ordered.end() && tries < 10 && chosen < 0; ++it, ++tries)
          if (fits(*it)) chosen = *it;
      }
      if (chosen >= 0) {
        allocate(chosen, d.item, amount, alloc_kind::payment);
        d.final_group = chosen;
      }
    }

    // Cash of the last days is on the bank statement but not applied yet.
    for (auto &g : groups_) {
      if (g.date > as_of_ - days{4} && r.chance(500)) {
        g.unapplied = true;
        g.unknown_payer = r.chance(250);
      }
      if (g.total <= 0) internal_fault("a payment without a positive amount");
    }

    // Invoices a chronically late customer never paid: half written off after 180 days.
    for (size_t i = 0; i < items_.size(); ++i)
      if (items_[i].never_paid && items_[i].due <= as_of_ - days{180} && r.chance(500))
        write_offs_.emplace_back(static_cast<int>(i), items_[i].original);

    for (const auto &g : groups_)
      if (!g.unapplied)
        for (const auto &a : g.allocs) items_[static_cast<size_t>(a.item)].allocated += a.amount;
    for (const auto &[i, amount] : write_offs_) items_[static_cast<size_t>(i)].allocated += amount;
  }

  // ---------------------------------------------------------- payments

  std::string mention(const doc &d, int format, const cust &c, prng &r) const {
    const invoice &iv = out_.invoices[d.row];
    if (c.rem_structured && iv.payment_reference && iv.payment_reference->starts_with("RF") &&
        d.kind != doc_kind::credit_note) {
      if (r.chance(500)) return *iv.payment_reference;
      std::string spaced;
      for (size_t i = 0; i < iv.payment_reference->size(); ++i) {
        if (i > 0 && i % 4 == 0) spaced += ' ';
        spaced += (*iv.payment_reference)[i];
      }
      return spaced;
    }
    const std::string year = std::to_string(d.year), seq6 = zero_padded(static_cast<uint64_t>(d.seq), 6),
                      seq = std::to_string(d.seq);
    switch (format) {
    case 0: return iv.number;
    case 1: return cat(year, "-", seq6);
    case 2: return cat(d.prefix, "-", year, "-", seq);
    case 3: return seq;
    case 4: return cat(d.prefix, year, seq6);
    case 5: return cat(year, "/", seq);
    default: return seq6;
    }
  }

  static void typo(std::string &s, prng &r) {
    std::vector<size_t> swaps;
    for (size_t i = 0; i + 1 < s.size(); ++i)
      if (s[i] >= '0' && s[i] <= '9' && s[i + 1] >= '0' && s[i + 1] <= '9' && s[i] != s[i + 1]) swaps.push_back(i);
    if (!swaps.empty() && r.chance(600)) {
      const size_t i = swaps[r.below(swaps.size())];
      std::swap(s[i], s[i + 1]);
    } else if (s.size() > 3) {
      s.erase(r.below(s.size()), 1);
    }
  }

  std::optional<std::string> remittance(const group &g, prng &r) const {
    const cust &c = custs_[static_cast<size_t>(g.cust)];
    if (r.chance(30)) return std::nullopt;
    const std::string_view lang = c.lang;
    std::vector<const doc *> paid, credits;
    std::vector<std::string> legacy;
    int64_t discount_percent = 0, deduction = 0;
    int part = 0, parts = 0;
    for (const auto &a : g.allocs) {
      const item &it = items_[static_cast<size_t>(a.item)];
      switch (a.kind) {
      case alloc_kind::payment:
        if (it.doc < 0) legacy.push_back(it.legacy);
        else if (a.amount < 0) credits.push_back(&docs_[static_cast<size_t>(it.doc)]);
        else {
          paid.push_back(&docs_[static_cast<size_t>(it.doc)]);
          if (a.parts > 0) part = a.part, parts = a.parts;
        }
        break;
      case alloc_kind::discount:
        discount_percent = *out_.invoices[docs_[static_cast<size_t>(it.doc)].row].cash_discount_percent;
        break;
      case alloc_kind::deduction: deduction += a.amount; break;
      case alloc_kind::write_off: break;
      }
    }
    const int format = r.chance(100) ? r.index(7) : c.rem_format;
    static constexpr std::string_view separators[] = {", ", " ", "/", " + ", "; "};
    static constexpr std::string_view keywords_de[] = {"Rechnung", "Rg.", "Re.", "RG-NR", "Rechnungsnr.", ""};
    static constexpr std::string_view keywords_en[] = {"Invoice", "Inv", "INV NO", "Inv.", "Payment of invoice", ""};
    static constexpr std::string_view keywords_nl[] = {"Factuur",  "fact.", "factuurnr",
                                                       "Fact nr",  "Betaling factuur", ""};
    const std::string_view keyword = lang == "de"   ? keywords_de[c.rem_keyword]
                                     : lang == "nl" ? keywords_nl[c.rem_keyword]
                                                    : keywords_en[c.rem_keyword];
    std::string text;
    if (paid.size() > 6 && r.chance(500)) {
      text = cat(pick_text(lang, "Zahlungsavis vom ", "Remittance advice ", "Betalingsspecificatie "),
                 date_text(g.date, lang == "de" ? '.' : lang == "nl" ? '-' : '/'),
                 pick_text(lang, " per E-Mail", " sent by e-mail", " per e-mail"));
    } else {
      std::vector<std::string> mentions;
      for (const doc *d : paid) mentions.push_back(mention(*d, format, c, r));
      if (!mentions.empty() && r.chance(25)) typo(mentions[r.below(mentions.size())], r);
      if (!mentions.empty()) text = std::string(keyword);
      for (size_t i = 0; i < mentions.size(); ++i) {
        text += i == 0 ? std::string_view(text.empty() ? "" : " ") : separators[c.rem_separator];
        text += mentions[i];
      }
      if (parts > 0)
        text += r.chance(500) ? cat(" ", pick_text(lang, "Teilzahlung", "part payment", "deelbetaling"))
                              : cat(" ", pick_text(lang, "Rate ", "instalment ", "termijn "), std::to_string(part),
                                    "/", std::to_string(parts));
      if (discount_percent > 0)
        text += cat(" ", pick_text(lang, "abzgl. ", "less ", "minus "), percent_text(discount_percent, lang),
                    pick_text(lang, "% Skonto", "% discount", "% betalingskorting"));
      for (const doc *d : credits)
        text += cat(" ", pick_text(lang, "abzgl. Gutschrift ", "less credit note ", "minus creditnota "),
                    mention(*d, format, c, r));
      if (deduction > 0)
        text += cat(" ", pick_text(lang, "abzgl. ", "less ", "minus "), amount_text(deduction, lang),
                    pick_text(lang, " Reklamation", " short delivery", " i.v.m. schade"));
      for (const auto &l : legacy)
        text += cat(text.empty() ? "" : " ",
                    pick_text(lang, "Saldo Altsystem ", "Balance b/f ", "Saldo oud systeem "), l);
    }
    if (c.rem_customer_number)
      text += cat(text.empty() ? "" : " ", pick_text(lang, "Kd-Nr. ", "Cust. no. ", "Klantnr. "), c.row.number);
    if (c.rem_sepa) text = "SVWZ+" + text;
    if (c.currency == "USD") text = cat(r.chance(500) ? "ACH CCD PMT " : "WIRE TRF ", text);
    if (c.rem_upper) text = upper(ascii_fold(text));
    if (text.empty()) return std::nullopt;
    return utf8_prefix(std::move(text), 140);
  }

  std::string payer_name(const cust &c, prng &r) const {
    const int roll = r.index(100);
    if (roll < 62) return c.row.name;
    if (roll < 80) return upper(ascii_fold(c.row.name));
    if (roll < 90) return c.base_name;
    if (roll < 95) return utf8_prefix(c.row.name, 27);
    return upper(ascii_fold(c.base_name));
  }

  std::optional<std::string> payer_iban(const cust &c, prng &r) const {
    if (c.ibans.empty() || r.chance(40)) return random_iban(c.cs->code, r);  // an account not on file
    return r.chance(930) ? c.ibans.front() : c.ibans.back();
  }

  void emit_payments() {
    prng r = stream(opt_.seed, static_cast<uint64_t>(index_), 6);
    std::vector<payment_record> records;
    records.reserve(groups_.size() + 16);
    for (size_t gi = 0; gi < groups_.size(); ++gi) {
      const group &g = groups_[gi];
      const cust &c = custs_[static_cast<size_t>(g.cust)];
      payment_record p;
      p.date = g.date;
      p.order = records.size();
      p.group = static_cast<int>(gi);
      p.amount = g.total;
      p.currency = c.currency;
      p.remittance = remittance(g, r);
      if (g.unknown_payer) {
        // Paid from an account we do not know, under a name that differs.
        p.payer_name = r.chance(500) ? upper(ascii_fold(c.base_name)) : utf8_prefix(upper(ascii_fold(c.row.name)), 27);
        p.payer_iban = random_iban(c.cs->code, r);
      } else {
        p.cust = g.cust;
        if (spec_.country == "GB" && c.cs->code == "GB" && r.chance(60)) {
          // A cheque paid in at the branch: no payer account, a cheque number.
          std::string cheque = "CHQ " + r.digits(6, true);
          if (p.remittance && r.chance(500)) cheque += " " + *p.remittance;
          p.remittance = std::move(cheque);
        } else {
          p.payer_name = payer_name(c, r);
          p.payer_iban = payer_iban(c, r);
        }
      }
      records.push_back(std::move(p));
    }

    // Payments nobody has applied: duplicates, payments on account, and money
    // that is not a customer payment at all.
    const size_t applied = records.size();
    for (size_t i = 0; i < applied; ++i) {
      const group &g = groups_[static_cast<size_t>(records[i].group)];
      const cust &c = custs_[static_cast<size_t>(g.cust)];
      if (g.unapplied || g.date < as_of_ - days{120} || !r.chance(c.prof == profile::erratic ? 60 : 6)) continue;
      const sys_days when = next_business(g.date + days{r.between(2, 15)});
      if (when > as_of_) continue;
      payment_record dup = records[i];
      dup.date = when;
      dup.order = records.size();
      dup.group = -1;
      records.push_back(std::move(dup));
    }
    const sys_days last = prev_business(as_of_);
    auto recent_day = [&] { return prev_business(last - days{r.between(0, 59)}); };
    const uint32_t on_account = 1 + opt_.customers / 150;
    for (uint32_t k = 0; k < on_account; ++k) {
      const cust &c = custs_[r.below(custs_.size())];
      payment_record p;
      p.date = recent_day();
      p.order = records.size();
      p.cust = static_cast<int>(&c - custs_.data());
      p.amount = r.between(5, 100) * 10000;
      p.currency = c.currency;
      p.payer_name = payer_name(c, r);
      p.payer_iban = payer_iban(c, r);
      p.remittance = cat(pick_text(c.lang, "Anzahlung Bestellung ", "Payment on account PO ", "Vooruitbetaling order "),
                         "45" + r.digits(8));
      records.push_back(std::move(p));
    }
    for (int k = 0; k < 2; ++k) {
      payment_record p;
      p.date = recent_day();
      p.order = records.size();
      p.amount = r.between(5000, 900000);
      p.currency = std::string(spec_.currency);
      p.payer_name = std::string(k == 0 ? spec_.tax_office : spec_.insurer);
      p.payer_iban = random_iban(spec_.country, r);
      const auto period = ymd(p.date - days{r.between(20, 50)});  // the month the refund is for
      p.remittance = k == 0 ? cat(spec_.tax_refund_text, " ", std::to_string(int(period.year())), "/",
                                  zero_padded(unsigned(period.month()), 2))
                            : cat(spec_.insurer_text, " ", r.digits(7, true));
      records.push_back(std::move(p));
    }

    std::sort(records.begin(), records.end(), [](const payment_record &a, const payment_record &b) {
      return a.date != b.date ? a.date < b.date : a.order < b.order;
    });
    int64_t sequence = 0;
    for (const auto &p : records) {
      payment row;
      row.id = ++ids_.payment;
      row.company_id = company_id_;
      if (p.cust >= 0) row.customer_id = custs_[static_cast<size_t>(p.cust)].row.id;
      row.value_date = ymd(p.date);
      row.currency = p.currency;
      row.amount = p.amount;
      row.payer_name = p.payer_name;
      row.payer_iban = p.payer_iban;
      const auto v = ymd(p.date);
      row.bank_reference = cat(spec_.country, zero_padded(static_cast<uint64_t>(int(v.year()) % 100), 2),
                               zero_padded(unsigned(v.month()), 2), zero_padded(unsigned(v.day()), 2),
                               zero_padded(static_cast<uint64_t>(++sequence), 7));
      row.remittance_text = p.remittance;
      out_.payments.push_back(std::move(row));
      if (p.group < 0 || groups_[static_cast<size_t>(p.group)].unapplied) continue;
      for (const auto &a : groups_[static_cast<size_t>(p.group)].allocs)
        out_.allocations.push_back({++ids_.allocation, out_.payments.back().id, items_[static_cast<size_t>(a.item)].id,
                                    a.amount, std::string(kind_name(a.kind))});
    }
    for (const auto &[i, amount] : write_offs_)
      out_.allocations.push_back({++ids_.allocation, std::nullopt, items_[static_cast<size_t>(i)].id, amount,
                                  std::string(kind_name(alloc_kind::write_off))});
  }

  void emit_open_items() {
    for (const auto &it : items_) {
      const cust &c = custs_[static_cast<size_t>(it.cust)];
      open_item o;
      o.id = it.id;
      o.company_id = company_id_;
      o.customer_id = c.row.id;
      if (it.doc >= 0) o.invoice_id = out_.invoices[docs_[static_cast<size_t>(it.doc)].row].id;
      o.due_date = ymd(it.due);
      o.currency = c.currency;
      o.original_amount = it.original;
      o.open_amount = it.original - it.allocated;
      out_.open_items.push_back(std::move(o));
    }
  }
};

}  // namespace

dataset generate(const options &opt) {
  if (!opt.as_of.ok())
    invalid_argument("demo data: options.as_of is not a valid date (year, month and day must be set)");
  if (opt.as_of.year() < std::chrono::year{1980} || opt.as_of.year() > std::chrono::year{9000})
    invalid_argument("demo data: options.as_of must lie between the years 1980 and 9000, got " +
                     std::to_string(int(opt.as_of.year())));
  if (opt.customers < 1 || opt.customers > 1000000)
    invalid_argument("demo data: customers per company must be between 1 and 1000000, got " +
                     std::to_string(opt.customers));
  if (opt.invoices > 10000000)
    invalid_argument("demo data: invoices per company must be at most 10000000, got " + std::to_string(opt.invoices));

  dataset out;
  // Room for everything up front (about 3.7 lines and 0.85 payments per invoice).
  const size_t invoices = std::size(company_specs) * opt.invoices, customers = std::size(company_specs) * opt.customers;
  out.customers.reserve(customers);
  out.bank_accounts.reserve(customers * 6 / 5);
  out.invoices.reserve(invoices);
  out.lines.reserve(invoices * 4);
  out.open_items.reserve(invoices + customers / 50 + 3);
  out.payments.reserve(invoices + customers / 50 + 16);
  out.allocations.reserve(invoices * 6 / 5 + 16);
  id_counters ids;
  for (int i = 0; i < static_cast<int>(std::size(company_specs)); ++i) company_builder(opt, i, ids, out).run();
  return out;
}

}  // namespace arx::demo
