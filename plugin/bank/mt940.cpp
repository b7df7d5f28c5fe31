// MT940 (customer statement) and MT942 (interim transaction report): the
// SWIFT text formats banks deliver over EBICS, SWIFTNet or their portals. A
// file is a sequence of tagged fields (":20:", ":61:", ...), optionally
// wrapped in SWIFT envelopes ({1:..}{2:..}{4: ... -}), one or more statements
// per file. Real files bend the standard in many ways (see the samples under
// shared/conformance/bank/mt940); what is accepted and what is refused is
// decided per case below, always in favour of never guessing money.
//
// The :86: "information to account owner" field is free text, except in the
// German DFÜ/DK layout ("GVC?00posting text?10..?20..?29 purpose?30 bank?31
// account?32?33 name?34 ...?60..?63 more purpose"), which is decoded together
// with the SEPA keywords (EREF+, KREF+, MREF+, SVWZ+, ABWA+, ...) inside its
// purpose lines. Triodos sends the same layout with '>' instead of '?'.
// Dutch banks structure it as "/CODE/value" (/EREF/, /NAME/, /REMI/, ...),
// which is decoded too; anything else is remittance text.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bank/statement.hpp"
#include "core/date.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "core/rf_reference.hpp"

namespace arx::bank {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_alnum_upper(char c) { return is_digit(c) || is_upper(c); }
bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (char &c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// MT940 writes "no reference" as NONREF; the SEPA fields in :86: use
// NOTPROVIDED. statement.hpp promises an empty string instead.
std::string without_placeholder(std::string_view s) {
  s = core::trim(s, core::blanks);
  if (s == "NONREF" || s == "NOTPROVIDED") return {};
  return std::string(s);
}

// An IBAN as the bank wrote it ("DE14 5088 0050 ...", lower case) in its
// electronic form; anything that does not look like an IBAN (a German
// "BLZ/account", a local account number) is kept as written.
std::string account_text(std::string_view s) {
  s = core::trim(s, core::blanks);
  std::string compact;
  for (char c : s)
    if (c != ' ') compact += c;
  std::string upper = upper_ascii(compact);
  bool iban = upper.size() >= 15 && upper.size() <= 34 && is_upper(upper[0]) && is_upper(upper[1]) &&
              is_digit(upper[2]) && is_digit(upper[3]);
  for (size_t i = 4; iban && i < upper.size(); ++i) iban = is_alnum_upper(upper[i]);
  return iban ? upper : std::string(s);
}

// A BIC: 4 letters bank, 2 letters country, 2 alphanumerics location, an
// optional 3-character branch. German banks put the old 8-digit bank code
// (BLZ) into the same ?30 subfield; that is no BIC.
bool is_bic(std::string_view s) {
  if (s.size() != 8 && s.size() != 11) return false;
  for (size_t i = 0; i < 6; ++i)
    if (!is_upper(s[i])) return false;
  for (size_t i = 6; i < s.size(); ++i)
    if (!is_alnum_upper(s[i])) return false;
  return true;
}

// ------------------------------------------------------------- decoding

// The high halves of the two legacy code pages MT940 files turn up in: DOS
// Latin-2 (CP852, Central European banks' host exports) and Windows-1252
// (Western European exports). Generated from the code page definitions.
constexpr std::array<uint16_t, 128> cp852_high = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x016F, 0x0107, 0x00E7, 0x0142, 0x00EB, 0x0150, 0x0151, 0x00EE,
    0x0179, 0x00C4, 0x0106, 0x00C9, 0x0139, 0x013A, 0x00F4, 0x00F6, 0x013D, 0x013E, 0x015A, 0x015B, 0x00D6,
    0x00DC, 0x0164, 0x0165, 0x0141, 0x00D7, 0x010D, 0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x0104, 0x0105, 0x017D,
    0x017E, 0x0118, 0x0119, 0x00AC, 0x017A, 0x010C, 0x015F, 0x00AB, 0x00BB, 0x2591, 0x2592, 0x2593, 0x2502,
    0x2524, 0x00C1, 0x00C2, 0x011A, 0x015E, 0x2563, 0x2551, 0x2557, 0x255D, 0x017B, 0x017C, 0x2510, 0x2514,
    0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x0102, 0x0103, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550,
    0x256C, 0x00A4, 0x0111, 0x0110, 0x010E, 0x00CB, 0x010F, 0x0147, 0x00CD, 0x00CE, 0x011B, 0x2518, 0x250C,
    0x2588, 0x2584, 0x0162, 0x016E, 0x2580, 0x00D3, 0x00DF, 0x00D4, 0x0143, 0x0144, 0x0148, 0x0160, 0x0161,
    0x0154, 0x00DA, 0x0155, 0x0170, 0x00FD, 0x00DD, 0x0163, 0x00B4, 0x00AD, 0x02DD, 0x02DB, 0x02C7, 0x02D8,
    0x00A7, 0x00F7, 0x00B8, 0x00B0, 0x00A8, 0x02D9, 0x0171, 0x0158, 0x0159, 0x25A0, 0x00A0,
};
// Windows-1252 is Latin-1 from 0xA0 on (the byte is the code point); only
// 0x80-0x9F need a table (U+FFFD where it defines no character).
constexpr std::array<uint16_t, 32> cp1252_80_9f = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
    0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
    0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

void append_utf8(std::string &out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The file as UTF-8. SWIFT itself allows only an ASCII subset, but bank
// exports carry national letters: UTF-8 is taken as it is; anything else is
// read as one of the two legacy code pages. Which one shows in where the
// letters sit: Windows-1252 has its letters at 0xC0-0xFF, the DOS code
// pages have theirs (Hungarian, Polish, Czech, and the German umlauts too)
// mostly at 0x80-0xBF, where Windows-1252 has punctuation.
std::string to_utf8(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (core::is_utf8(bytes)) return std::string(bytes);
  size_t low = 0, high = 0;
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0xC0) ++high;
    else if (c >= 0x80) ++low;
  }
  const bool dos = low > high;
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) append_utf8(out, c);
    else if (dos) append_utf8(out, cp852_high[c - 0x80]);
    else append_utf8(out, c < 0xA0 ? cp1252_80_9f[c - 0x80] : c);
  }
  return out;
}

// ---------------------------------------------------------------- lines

struct source_line {
  int number;
  std::string text;
};

// Splits at CRLF, LF or a lone CR. Trailing blanks go (banks pad lines to 65
// or 80 columns), and so do the transmission control characters some banks
// frame their files with (mBank: SOH ... ETX; SUB as a DOS end of file).
std::vector<source_line> split_lines(const std::string &text) {
  std::vector<source_line> out;
  std::string cur;
  int number = 1;
  auto flush = [&] {
    while (!cur.empty() && is_blank(cur.back())) cur.pop_back();
    out.push_back({number, std::move(cur)});
    cur.clear();
    ++number;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      flush();
    } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      // control character: dropped
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) flush();  // no final newline
  return out;
}

// -------------------------------------------------------------- fields

// One tagged field with its lines: the text after ":61:" and every following
// line up to the next tag. Tag "-" marks the end of a message ("-" or "-}").
struct field {
  std::string tag;
  int line = 0;
  std::vector<std::string> lines;
};

bool known_tag(std::string_view t) {
  static constexpr std::array<std::string_view, 22> tags = {
      "13", "13D", "20", "21", "25", "25P", "28", "28C", "34F", "60", "60F",
      "60M", "61", "62", "62F", "62M", "64", "65", "86", "90C", "90D", "NS"};
  for (auto k : tags)
    if (t == k) return true;
  return false;
}

// The length of a leading ":tag:" of a known tag, else 0. Only known tags
// start a field: a wrapped :86: line may well begin with ":12:" (the minutes
// of a timestamp in self-provided/transaction_details_wrapped.sta).
size_t tag_prefix(std::string_view line, std::string &tag) {
  if (line.size() < 4 || line[0] != ':') return 0;
  const size_t close = line.find(':', 1);
  if (close == std::string_view::npos || close < 3 || close > 4) return 0;
  std::string_view t = line.substr(1, close - 1);
  if (!known_tag(t)) return 0;
  tag = std::string(t);
  return close + 1;
}

std::vector<field> scan_fields(const std::vector<source_line> &lines) {
  std::vector<field> out;
  bool open = false;  // continuation lines belong to the last field
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view text = lines[i].text;
    const int number = lines[i].number;
    for (;;) {
      if (!text.empty() && text.front() == '{') {
        // SWIFT envelope: {1:basic header}{2:application header}{3:..}{4:
        // The text block starts after "{4:", on this line or the next.
        const size_t b4 = text.find("{4:");
        open = false;
        if (b4 == std::string_view::npos) {
          text = {};
          break;
        }
        text = text.substr(b4 + 3);
        continue;
      }
      if (!text.empty() && text.front() == '-') {
        // SWIFT forbids a field line starting with '-': it ends the text
        // block ("-}" inside an envelope, "-" without). A next message may
        // follow on the same line ("-}{5:..}{1:..}{2:..}{4:").
        out.push_back({"-", number, {}});
        open = false;
        const size_t b4 = text.find("{4:");
        text = b4 == std::string_view::npos ? std::string_view() : text.substr(b4 + 3);
        continue;
      }
      break;
    }
    if (text.empty() && !open) continue;

    std::string tag;
    size_t prefix = tag_prefix(text, tag);
    std::string joined;
    if (!prefix && text == ":" && i + 1 < lines.size()) {
      // Sparkasse exports that wrap right after the colon of ":86:".
      joined = ":" + lines[i + 1].text;
      prefix = tag_prefix(joined, tag);
      if (prefix) {
        text = joined;
        ++i;
      }
    }
    if (prefix) {
      out.push_back({tag, number, {std::string(text.substr(prefix))}});
      open = true;
    } else if (open) {
      out.back().lines.emplace_back(text);
    }
    // Anything else stands outside a field: the non-SWIFT header lines
    // ABN AMRO and ING put before the first message ("ABNANL2A", "940",
    // "0000 01INGBNL2AXXXX00001"), Rabobank's ":940:", blank lines.
  }
  return out;
}

// --------------------------------------------------------------- values

using context = parse_context;

// YYMMDD. Two-digit years 80-99 are 19xx, the rest 20xx. A day past the end
// of its month (up to 31) is moved to the month's last day: German banks date
// quarterly closing entries the 30th of every month under the 30/360 interest
// convention, so "30 February" is real (self-provided/february_30.sta) and
// means the last day of February.
std::optional<core::date> date_of(int year, unsigned month, unsigned day) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  const std::chrono::year_month_day_last last{std::chrono::year{year} / std::chrono::month{month} /
                                              std::chrono::last};
  const unsigned last_day = static_cast<unsigned>(last.day());
  return core::date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{std::min(day, last_day)}};
}

unsigned two_digits(std::string_view s, size_t at) {
  return static_cast<unsigned>((s[at] - '0') * 10 + (s[at + 1] - '0'));
}

std::optional<core::date> yymmdd(std::string_view s) {
  if (s.size() != 6 || !core::all_digits(s)) return std::nullopt;
  const unsigned yy = two_digits(s, 0);
  return date_of(static_cast<int>(yy >= 80 ? 1900 + yy : 2000 + yy), two_digits(s, 2), two_digits(s, 4));
}

// The entry date of :61: has no year: it is the one of the years around the
// value date that puts the two dates closest together (a 31 December value
// date booked on 2 January, or the other way round).
std::optional<core::date> entry_date(std::string_view mmdd, core::date value) {
  const int y = static_cast<int>(value.year());
  std::optional<core::date> best;
  int best_distance = 0;
  for (int year : {y - 1, y, y + 1}) {
    auto d = date_of(year, two_digits(mmdd, 0), two_digits(mmdd, 2));
    if (!d) return std::nullopt;
    const int distance = std::abs(core::days_between(value, *d));
    if (!best || distance < best_distance) {
      best = d;
      best_distance = distance;
    }
  }
  return best;
}

// An MT940 amount ("1234,56", "15000,", "0,", and without the comma the
// standard requires, "500", as Knab sends it) as decimal text for
// core::money ("1234.56"). Empty when the text is no amount.
std::string decimal_text(std::string_view s) {
  if (s.empty() || !is_digit(s.front())) return {};
  std::string out;
  bool comma = false;
  for (char c : s) {
    if (c == ',') {
      if (comma) return {};
      comma = true;
      out += '.';
    } else if (is_digit(c)) {
      out += c;
    } else {
      return {};
    }
  }
  if (out.back() == '.') out.pop_back();
  return out;
}

core::money money_of(const context &ctx, int line, std::string_view amount, std::string_view currency) {
  const std::string text = decimal_text(amount);
  if (text.empty()) ctx.fail(line, "malformed amount '" + std::string(amount) + "'");
  try {
    return core::money::parse(text, currency);
  } catch (const error &e) {
    ctx.fail(line, "amount '" + std::string(amount) + "' in " + std::string(currency) + ": " + e.what());
  }
}

// ":60F:C100318EUR380115,12": debit/credit mark, YYMMDD, currency, amount.
balance balance_of(const context &ctx, const field &f, const std::string &type, std::string &currency) {
  std::string_view s = core::trim(f.lines.front(), core::blanks);
  if (s.size() < 11 || (s[0] != 'C' && s[0] != 'D'))
    ctx.fail(f.line, ":" + f.tag + ": balance must start with the mark C or D, a date and a currency: '" +
                         std::string(s) + "'");
  balance b;
  b.type = type;
  b.date = yymmdd(s.substr(1, 6));
  if (!b.date) ctx.fail(f.line, ":" + f.tag + ": invalid date '" + std::string(s.substr(1, 6)) + "'");
  currency = std::string(s.substr(7, 3));
  if (!core::is_currency(currency)) ctx.fail(f.line, ":" + f.tag + ": unknown currency '" + currency + "'");
  b.amount = money_of(ctx, f.line, s.substr(10), currency);
  if (s[0] == 'D') b.amount = -b.amount;
  return b;
}

// ------------------------------------------------------------ :86: text

// What a German DFÜ :86: field holds (DK "Spezifikation der Datenformate",
// MT940 field 86), after the SEPA keywords have been split.
struct party {
  std::string name, account, bic;
  bool empty() const { return name.empty() && account.empty() && bic.empty(); }
};

struct details {
  bool structured = false;   // the DK layout
  bool swift_codes = false;  // the "/CODE/value" layout of Dutch banks
  party counterparty, ordering, beneficiary, ultimate_party;  // "/CODE/" layout
  std::string return_reason;
  std::string gvc;           // Geschäftsvorfallcode, 3 digits
  std::string purpose;       // ?20-?29 (and ?60-?63 when they continue ?29) joined
  std::string purpose_more;  // ?60-?63 when ?29 is unused: text of its own
  std::string bank;          // ?30: BIC or BLZ
  std::string account;       // ?31 (?38: IBAN, Polish banks)
  std::string iban;          // ?38
  std::string name;          // ?32 + ?33
  std::string remittance;
  std::string end_to_end, customer_ref, mandate, ultimate, kw_iban, kw_bic;
  std::string raw;           // the whole field, lines joined
};

// The SEPA keywords of the DK format inside the purpose lines. A keyword's
// value runs to the next keyword.
constexpr std::array<std::string_view, 12> sepa_keywords = {"EREF+", "KREF+", "MREF+", "CRED+", "DEBT+", "COAM+",
                                                            "OAMT+", "SVWZ+", "ABWA+", "ABWE+", "IBAN+", "BIC+"};

void split_sepa(details &d, const std::string &p) {
  struct hit {
    size_t at;
    std::string_view key;
  };
  std::vector<hit> hits;
  for (size_t i = 0; i < p.size(); ++i) {
    for (auto k : sepa_keywords) {
      if (p.compare(i, k.size(), k) == 0) {
        hits.push_back({i, k});
        i += k.size() - 1;
        break;
      }
    }
  }
  if (hits.empty()) {
    d.remittance = std::string(core::trim(p, core::blanks));
    return;
  }
  std::string lead(core::trim(std::string_view(p).substr(0, hits.front().at), core::blanks));
  bool have_svwz = false;
  for (size_t h = 0; h < hits.size(); ++h) {
    const size_t from = hits[h].at + hits[h].key.size();
    const size_t to = h + 1 < hits.size() ? hits[h + 1].at : p.size();
    const std::string value = without_placeholder(std::string_view(p).substr(from, to - from));
    const std::string_view k = hits[h].key;
    if (k == "EREF+") d.end_to_end = value;
    else if (k == "KREF+") d.customer_ref = value;
    else if (k == "MREF+") d.mandate = value;
    else if (k == "ABWA+") d.ultimate = value;
    else if (k == "IBAN+") d.kw_iban = value;
    else if (k == "BIC+") d.kw_bic = value;
    else if (k == "SVWZ+") {
      have_svwz = true;
      d.remittance = value;
    }
  }
  // Without SVWZ+ the remittance is what stands before the first keyword
  // (usually nothing: the reference library shows no purpose either).
  if (!have_svwz) d.remittance = lead;
}

// The field's lines as one text. DFÜ subfields are fixed-width chunks that
// wrap anywhere, so their lines are concatenated. Free text is joined with a
// space, except after a line that fills all 65 columns: the bank wrapped
// inside a word there (Postfinance: "...STR" / "ASSE").
std::string join_free_text(const std::vector<std::string> &lines) {
  std::string out;
  bool hard_wrap = false;
  for (const auto &l : lines) {
    std::string_view t = l;
    if (core::trim(t, core::blanks).empty()) continue;
    if (!out.empty() && !hard_wrap && !is_blank(t.front())) out += ' ';
    out += t;
    hard_wrap = l.size() >= 65;
  }
  return std::string(core::trim(out, core::blanks));
}

// The structured :86: of Dutch banks (NVB standard as ABN AMRO, ING and
// Rabobank write it): "/TRTP/SEPA OVERBOEKING/IBAN/NL..../BIC/ABNANL2A/NAME/
// J. Jansen/REMI/Factuur 123/EREF/NOTPROVIDED/". A value runs to the next
// "/CODE/" of a known code (values may hold slashes: dates, invoice numbers).
// NAME, IBAN, BIC after ORDP (ordering party), BENM (beneficiary) or ULTD
// (ultimate debtor) belong to that party.
constexpr std::array<std::string_view, 28> swift_codes = {
    "TRTP", "CSID", "MARF", "EREF", "PREF", "REMI", "USTD", "STRD",    "ORDP",      "BENM",
    "ULTD", "ULTC", "ULTB", "NAME", "IBAN", "BIC",  "ID",   "ADDR",    "CNTP",      "RTRN",
    "PURP", "ISDT", "SVCL", "OCMT", "EXCH", "CHGS", "BUSP", "CDTRREF"};

size_t swift_code_at(std::string_view s, size_t i) {
  if (i >= s.size() || s[i] != '/') return 0;
  for (auto c : swift_codes)
    if (s.compare(i + 1, c.size(), c) == 0 && i + 1 + c.size() < s.size() && s[i + 1 + c.size()] == '/')
      return c.size();
  return 0;
}

void decode_swift_codes(std::string_view s, details &d) {
  d.swift_codes = true;
  party *current = &d.counterparty;
  std::string remi, ustd, strd;
  size_t i = 0;
  while (i < s.size()) {
    const size_t len = swift_code_at(s, i);
    const std::string_view code = s.substr(i + 1, len);
    // The slash after the code may already open the next code ("/BENM//NAME/",
    // "/REMI/USTD//..."): the value is empty then.
    const size_t from = i + len + 2;
    size_t end = from - 1;
    while (end < s.size() && !swift_code_at(s, end)) ++end;
    std::string_view value = end > from ? s.substr(from, end - from) : std::string_view();
    if (!value.empty() && value.back() == '/') value.remove_suffix(1);
    const std::string v(core::trim(value, core::blanks));
    if (code == "ORDP") {
      current = &d.ordering;
    } else if (code == "BENM") {
      current = &d.beneficiary;
    } else if (code == "ULTD") {
      current = &d.ultimate_party;
    } else if (code == "ULTC" || code == "ULTB") {
      current = nullptr;  // the ultimate creditor or beneficiary: not the payer
    } else if (code == "NAME" || code == "IBAN" || code == "BIC") {
      if (current) (code == "NAME" ? current->name : code == "IBAN" ? current->account : current->bic) = v;
    } else if (code != "ID" && code != "ADDR") {
      current = &d.counterparty;
    }
    if (code == "EREF") {
      d.end_to_end = without_placeholder(v);
    } else if (code == "MARF") {
      d.mandate = without_placeholder(v);
    } else if (code == "REMI") {
      remi = v;
    } else if (code == "USTD") {
      ustd = v;
    } else if (code == "STRD") {
      strd = v;
    } else if (code == "RTRN") {
      // The ISO return reason ("MD06"), sometimes followed by its text.
      d.return_reason = std::string(core::trim(std::string_view(v).substr(0, v.find('/')), core::blanks));
    } else if (code == "CNTP") {
      // ING: /CNTP/account/BIC/name/city/
      std::string_view rest = v;
      std::string parts[3];
      for (auto &part : parts) {
        const size_t slash = rest.find('/');
        part = std::string(core::trim(rest.substr(0, slash), core::blanks));
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
      }
      d.counterparty.account = parts[0];
      d.counterparty.bic = parts[1];
      d.counterparty.name = parts[2];
    }
    i = end;
  }
  // Remittance: REMI, or its unstructured (USTD//text) or structured
  // (STRD/CUR/reference) form.
  while (!ustd.empty() && ustd.front() == '/') ustd.erase(0, 1);
  if (strd.rfind("CUR/", 0) == 0) strd.erase(0, 4);
  d.remittance = !remi.empty() ? remi : !ustd.empty() ? ustd : strd;
}

details decode_details(const std::vector<std::string> &lines) {
  details d;
  std::string all;
  for (const auto &l : lines) all += l;
  std::string_view s = all;
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  const bool dfue = s.size() >= 6 && core::all_digits(s.substr(0, 3)) && (s[3] == '?' || s[3] == '>') && is_digit(s[4]) &&
                    is_digit(s[5]);
  if (!dfue && swift_code_at(s, 0)) {
    d.raw = std::string(s);
    decode_swift_codes(s, d);
    return d;
  }
  if (!dfue) {
    d.raw = join_free_text(lines);
    d.remittance = d.raw;
    return d;
  }
  d.structured = true;
  d.raw = std::string(s);
  d.gvc = std::string(s.substr(0, 3));
  const char sep = s[3];
  auto subfield_at = [&](size_t i) {
    return i + 2 < s.size() && s[i] == sep && is_digit(s[i + 1]) && is_digit(s[i + 2]);
  };
  size_t p = 3;
  bool line_29 = false;
  while (p < s.size()) {
    const std::string code(s.substr(p + 1, 2));
    size_t next = p + 3;
    while (next < s.size() && !subfield_at(next)) ++next;
    const std::string_view value = s.substr(p + 3, next - p - 3);
    const int n = std::stoi(code);
    if (n >= 20 && n <= 29) {
      d.purpose += value;
      line_29 = line_29 || n == 29;
    } else if (n >= 60 && n <= 63) {
      d.purpose_more += value;
    } else if (n == 32 || n == 33) {
      d.name += value;
    } else if (n == 30) {
      d.bank = std::string(core::trim(value, core::blanks));
    } else if (n == 31) {
      d.account = std::string(core::trim(value, core::blanks));
    } else if (n == 38) {
      d.iban = std::string(core::trim(value, core::blanks));
    }
    // ?00 posting text (a return shows in it, and is_return reads the whole
    // field), ?10 prima nota, ?34 text key extension and bank-specific codes
    // (?70) carry nothing else cash application uses.
    p = next;
  }
  d.name = std::string(core::trim(d.name, core::blanks));
  // ?60-?63 are purpose lines 11-14: they continue the purpose once ?20-?29
  // are full. With ?29 unused they stand apart; their keywords (an ABWA+)
  // still count, their free text adds to the remittance.
  if (line_29 || d.purpose_more.empty()) {
    split_sepa(d, d.purpose + d.purpose_more);
  } else {
    split_sepa(d, d.purpose);
    const std::string remittance = d.remittance;
    split_sepa(d, d.purpose_more);
    if (!remittance.empty() && !d.remittance.empty()) d.remittance = remittance + ' ' + d.remittance;
    else if (d.remittance.empty()) d.remittance = remittance;
  }
  return d;
}

// GVCs of returned items (DK list: 109 SEPA-Lastschrift Rückbelastung, 159
// SEPA-Überweisung Retoure, 209 Rückscheck, 059 Rücküberweisung), and the
// words banks use for a return when the GVC is a generic one.
bool is_return(const details &d) {
  if (d.gvc == "059" || d.gvc == "109" || d.gvc == "159" || d.gvc == "209") return true;
  const std::string u = upper_ascii(d.raw);
  for (std::string_view w : {"RETOURE", "RUECKLASTSCHRIFT", "R\xC3\x9C" "CKLASTSCHRIFT", "R\xC3\xBC" "CKLASTSCHRIFT"})
    if (u.find(w) != std::string::npos) return true;
  return false;
}

// ISO 11649 references ("RF18539007547034", in print form "RF18 5390 0754
// 7034") inside remittance text; only those whose check digits hold count.
std::vector<std::string> rf_references(std::string_view text) {
  std::vector<std::string> out;
  const std::string u = upper_ascii(text);
  for (size_t i = 0; i + 5 <= u.size(); ++i) {
    if (u[i] != 'R' || u[i + 1] != 'F' || !is_digit(u[i + 2]) || !is_digit(u[i + 3])) continue;
    if (i > 0 && is_alnum_upper(u[i - 1])) continue;
    // Electronic form: the run of letters and digits.
    size_t end = i + 4;
    while (end < u.size() && is_alnum_upper(u[end])) ++end;
    std::string found;
    if (end - i <= 25 && end - i > 4 && core::is_valid_rf_reference(u.substr(i, end - i))) {
      found = u.substr(i, end - i);
    } else {
      // Print form: groups of at most four characters separated by single
      // spaces ("RF18 5390 0754 7034"); the longest valid run of groups wins.
      std::string compact = u.substr(i, 4);
      size_t at = i + 4;
      while (at + 1 < u.size() && u[at] == ' ' && compact.size() < 25) {
        size_t end_group = at + 1;
        while (end_group < u.size() && is_alnum_upper(u[end_group])) ++end_group;
        const size_t len = end_group - at - 1;
        if (len == 0 || len > 4 || compact.size() + len > 25) break;
        compact += u.substr(at + 1, len);
        if (core::is_valid_rf_reference(compact)) found = compact;
        at = end_group;
      }
    }
    if (!found.empty()) {
      bool dup = false;
      for (const auto &o : out) dup = dup || o == found;
      if (!dup) out.push_back(found);
      i += found.size() - 1;
    }
  }
  return out;
}

// ----------------------------------------------------------- statements

struct pending_line {
  statement_line line;
  std::string amount;  // as written; converted once the statement's currency is known
  int number = 0;
};

// ":61:" value date [entry date] mark [funds code] amount type
// [customer reference][//bank reference] [CRLF supplementary details].
pending_line statement_line_of(const context &ctx, const field &f) {
  pending_line out;
  out.number = f.line;
  statement_line &l = out.line;
  l.position = "line " + std::to_string(f.line);
  std::string_view s = f.lines.front();
  size_t next_line = 1;
  if (s.size() < 6 || !core::all_digits(s.substr(0, 6))) ctx.fail(f.line, ":61: must start with the value date (YYMMDD)");
  l.value_date = yymmdd(s.substr(0, 6));
  if (!l.value_date) ctx.fail(f.line, ":61: invalid value date '" + std::string(s.substr(0, 6)) + "'");
  size_t p = 6;
  if (p + 4 <= s.size() && core::all_digits(s.substr(p, 4))) {
    l.booking_date = entry_date(s.substr(p, 4), *l.value_date);
    if (!l.booking_date) ctx.fail(f.line, ":61: invalid entry date '" + std::string(s.substr(p, 4)) + "'");
    p += 4;
  }
  // Mark: C credit, D debit, RC reversal of a debit (the money comes back:
  // a credit), RD reversal of a credit (a debit). The amount stays the
  // magnitude; credit tells the direction of this booking, reversal that it
  // undoes an earlier one.
  if (s.compare(p, 2, "RC") == 0 || s.compare(p, 2, "RD") == 0) {
    l.reversal = true;
    l.credit = s[p + 1] == 'C';
    p += 2;
  } else if (p < s.size() && (s[p] == 'C' || s[p] == 'D')) {
    l.credit = s[p] == 'C';
    ++p;
  } else {
    ctx.fail(f.line, ":61: debit/credit mark (C, D, RC or RD) expected after the dates");
  }
  // Funds code: the third letter of the currency code, when given.
  if (p < s.size() && is_upper(s[p])) ++p;
  // Sparkasse exports wrap before the amount.
  if (p == s.size() && next_line < f.lines.size()) {
    s = f.lines[next_line++];
    p = 0;
  }
  const size_t amount_at = p;
  while (p < s.size() && (is_digit(s[p]) || s[p] == ',')) ++p;
  out.amount = std::string(s.substr(amount_at, p - amount_at));
  if (decimal_text(out.amount).empty() || (p < s.size() && !is_upper(s[p]))) {
    // Show the amount as far as it goes: up to the transaction type's letter.
    size_t end = p;
    while (end < s.size() && !is_upper(s[end])) ++end;
    ctx.fail(f.line, ":61: malformed amount '" + std::string(s.substr(amount_at, end - amount_at)) +
                         "' (digits with a decimal comma, such as 1234,56)");
  }
  // Transaction type: N (or F, S) and three characters ("NTRF", "N024",
  // Sberbank's "S   ").
  bool type_ok = p + 4 <= s.size() && is_upper(s[p]);
  for (size_t i = 1; type_ok && i < 4; ++i) type_ok = is_alnum_upper(s[p + i]) || s[p + i] == ' ';
  if (!type_ok) ctx.fail(f.line, ":61: transaction type (N, F or S and three characters) expected after the amount");
  l.transaction_code = std::string(core::trim(s.substr(p, 4), core::blanks));
  p += 4;
  // References: the customer's (16 characters at most) and after "//" the
  // bank's. Without "//" whatever follows the 16 characters on the line is
  // supplementary detail (old Rabobank files put the counterparty's name
  // there).
  const std::string_view rest = s.substr(p);
  const size_t slash = rest.find("//");
  std::string_view customer = slash == std::string_view::npos ? rest.substr(0, 16) : rest.substr(0, slash);
  l.customer_reference = without_placeholder(customer);
  // "KREF+" in the customer reference points to the KREF+ keyword of :86:.
  if (l.customer_reference == "KREF+") l.customer_reference.clear();
  if (slash != std::string_view::npos) l.bank_reference = without_placeholder(rest.substr(slash + 2));
  // Supplementary details (the rest of the field) are not part of the model.
  return out;
}

void apply_details(statement_line &l, const details &d) {
  if (d.swift_codes) {
    // The counterparty: named directly, else the ordering party of a credit
    // or the beneficiary of a debit.
    const party &other = !d.counterparty.empty() ? d.counterparty
                         : l.credit              ? (d.ordering.empty() ? d.beneficiary : d.ordering)
                                                 : (d.beneficiary.empty() ? d.ordering : d.beneficiary);
    l.payer_name = other.name;
    l.payer_account = account_text(other.account);
    l.payer_bic = is_bic(other.bic) ? other.bic : std::string();
    l.ultimate_payer = d.ultimate_party.name;
    l.end_to_end_id = d.end_to_end;
    l.mandate_id = d.mandate;
    l.remittance = d.remittance;
    if (!d.return_reason.empty()) {
      l.returned = true;
      l.return_reason = d.return_reason;
    }
  } else if (!d.structured) {
    if (!l.remittance.empty() && !d.remittance.empty()) l.remittance += ' ';
    l.remittance += d.remittance;
  } else {
    // "000" is no GVC (Triodos fills the position with it): the :61: type
    // code stays.
    if (d.gvc != "000") l.transaction_code = d.gvc;
    l.remittance = d.remittance;
    l.payer_name = d.name;
    l.payer_account = account_text(!d.iban.empty() ? d.iban : !d.account.empty() ? d.account : d.kw_iban);
    l.payer_bic = is_bic(d.bank) ? d.bank : is_bic(d.kw_bic) ? d.kw_bic : std::string();
    l.end_to_end_id = d.end_to_end;
    if (!d.customer_ref.empty()) l.customer_reference = d.customer_ref;  // the full one; :61: may cut it at 16
    l.mandate_id = d.mandate;
    l.ultimate_payer = d.ultimate;
  }
  if (is_return(d)) l.returned = true;
}

class builder {
public:
  builder(const context &ctx, int line) : ctx_(ctx) { st_.position = "line " + std::to_string(line); }

  // Nothing a caller could use: no reference, account, balance or line
  // (a file that holds only an :86: or a :NS: field).
  bool empty() const {
    return st_.id.empty() && st_.sequence.empty() && !account_line_ && st_.balances.empty() && lines_.empty();
  }

  void add(const field &f) {
    const std::string &t = f.tag;
    const std::string first(core::trim(f.lines.front(), core::blanks));
    if (t != "86" && t != "NS") after_line_ = false;
    if (t == "20") {
      st_.id = first;
    } else if (t == "21") {
      // related reference: nothing to keep
    } else if (t == "25" || t == "25P") {
      if (account_line_)
        ctx_.fail(f.line, "a second :25: account identification inside the statement begun at " + st_.position +
                              " (the first was on line " + std::to_string(account_line_) + ")");
      st_.account = account_text(first);
      account_line_ = f.line;
    } else if (t == "28" || t == "28C") {
      st_.sequence = first;
    } else if (t == "60F" || t == "60" || t == "60M") {
      once(f, t == "60M" ? seen_60m_ : seen_60f_);
      add_balance(f, t == "60M" ? "interim" : "opening");
      if (!st_.from_date) st_.from_date = st_.balances.back().date;
      opening_final_ = opening_final_ || t != "60M";
    } else if (t == "62F" || t == "62" || t == "62M") {
      once(f, t == "62M" ? seen_62m_ : seen_62f_);
      add_balance(f, t == "62M" ? "interim" : "closing");
      st_.to_date = st_.balances.back().date;
      closed_ = true;
    } else if (t == "64") {
      once(f, seen_64_);
      add_balance(f, "closing_available");
    } else if (t == "65") {
      add_balance(f, "forward_available");
    } else if (t == "61") {
      if (!account_line_) ctx_.fail(f.line, ":61: statement line before the account identification :25:");
      if (closed_) ctx_.fail(f.line, ":61: statement line after the closing balance of the statement begun at " + st_.position);
      lines_.push_back(statement_line_of(ctx_, f));
      after_line_ = true;
    } else if (t == "86") {
      // After a :61: it details that line (several :86: fields, as old
      // Rabobank files send, add up); elsewhere it is information about the
      // whole statement, which has no place in the model.
      if (after_line_) apply_details(lines_.back().line, decode_details(f.lines));
    } else if (t == "13" || t == "13D") {
      // MT942 date and time indication: YYMMDDhhmm[+hhmm].
      if (first.size() < 10 || !core::all_digits(first.substr(0, 10)) || !yymmdd(first.substr(0, 6)))
        ctx_.fail(f.line, ":" + t + ": malformed date/time '" + first + "'");
      st_.created = yymmdd(first.substr(0, 6));
      interim_ = true;
    } else if (t == "34F") {
      // MT942 floor limit: currency [D|C] amount.
      const std::string cur = first.substr(0, 3);
      std::string_view amount = std::string_view(first).substr(std::min<size_t>(3, first.size()));
      if (!amount.empty() && (amount.front() == 'D' || amount.front() == 'C')) amount.remove_prefix(1);
      if (!core::is_currency(cur)) ctx_.fail(f.line, ":34F: unknown currency '" + cur + "'");
      money_of(ctx_, f.line, amount, cur);
      hint_currency(cur);
      interim_ = true;
    } else if (t == "90D" || t == "90C") {
      // MT942 number and sum of entries: [count] currency amount.
      size_t p = 0;
      while (p < first.size() && is_digit(first[p])) ++p;
      const std::string cur = first.substr(p, 3);
      if (!core::is_currency(cur)) ctx_.fail(f.line, ":" + t + ": unknown currency '" + cur + "'");
      money_of(ctx_, f.line, std::string_view(first).substr(std::min(p + 3, first.size())), cur);
      hint_currency(cur);
    }
    // :NS: non-SWIFT fields are bank-proprietary.
  }

  statement finish() {
    st_.format = interim_ && !opening_final_ ? file_format::mt942 : file_format::mt940;
    if (st_.currency.empty()) st_.currency = hint_;
    if (!st_.to_date && st_.from_date) st_.to_date = st_.from_date;
    if (st_.format == file_format::mt942 && !st_.from_date && st_.created) st_.from_date = st_.to_date = st_.created;
    for (auto &p : lines_) {
      if (st_.currency.empty())
        ctx_.fail(p.number, ":61: the statement has no currency (no balance :60F:/:62F: and no floor limit :34F:)");
      p.line.amount = money_of(ctx_, p.number, p.amount, st_.currency);
      for (const auto &rf : rf_references(p.line.remittance)) {
        structured_reference r;
        r.kind = structured_reference::kind_t::creditor_reference;
        r.reference = rf;
        p.line.references.push_back(std::move(r));
      }
      st_.lines.push_back(std::move(p.line));
    }
    return std::move(st_);
  }

private:
  void once(const field &f, int &seen) {
    if (seen)
      ctx_.fail(f.line, ":" + f.tag + ": a second balance of this kind in the statement begun at " + st_.position +
                            " (the first was on line " + std::to_string(seen) + ")");
    seen = f.line;
  }

  void add_balance(const field &f, const std::string &type) {
    std::string cur;
    balance b = balance_of(ctx_, f, type, cur);
    if (st_.currency.empty()) {
      st_.currency = cur;
    } else if (cur != st_.currency) {
      ctx_.fail(f.line, ":" + f.tag + ": balance in " + cur + " in a statement in " + st_.currency);
    }
    st_.balances.push_back(std::move(b));
  }

  void hint_currency(const std::string &cur) {
    if (hint_.empty()) hint_ = cur;
  }

  const context &ctx_;
  statement st_;
  std::vector<pending_line> lines_;
  bool after_line_ = false, closed_ = false, interim_ = false, opening_final_ = false;
  int account_line_ = 0, seen_60f_ = 0, seen_60m_ = 0, seen_62f_ = 0, seen_62m_ = 0, seen_64_ = 0;
  std::string hint_;
};

}  // namespace

bank_file parse_mt940(std::string_view bytes, std::string_view origin) {
  const context ctx(origin);
  const std::vector<field> fields = scan_fields(split_lines(to_utf8(bytes)));
  bool any_tag = false;
  for (const auto &f : fields) any_tag = any_tag || f.tag != "-";
  if (!any_tag) ctx.fail(1, "no MT940/MT942 field (:20:, :25:, :60F:, :61:, ...) in the file");

  bank_file file;
  file.format = file_format::mt940;
  std::optional<builder> cur;
  auto close = [&] {
    if (cur && !cur->empty()) file.statements.push_back(cur->finish());
    cur.reset();
  };
  for (const auto &f : fields) {
    if (f.tag == "-") {
      close();
      continue;
    }
    // :20: opens a statement; files cut down to a few fields (and banks that
    // omit it) start one with whatever field comes first.
    if (f.tag == "20") close();
    if (!cur) cur.emplace(ctx, f.line);
    cur->add(f);
  }
  close();
  // A file is MT942 when all its reports are (an MT942 has no :60F:).
  if (!file.statements.empty()) {
    bool all_interim = true;
    for (const auto &s : file.statements) all_interim = all_interim && s.format == file_format::mt942;
    if (all_interim) file.format = file_format::mt942;
  }
  return file;
}

}  // namespace arx::bank
