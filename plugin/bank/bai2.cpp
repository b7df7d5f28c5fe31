// BAI2 (BAI Cash Management Balance Reporting Specifications, version 2):
// the balance and transaction report of US and Canadian banks, and of some
// British ones. Comma-separated records, each ended by "/":
//
//   01 file header     sender, receiver, creation date/time, file id, ...
//   02 group header    ultimate receiver, originator, status, as-of date, currency
//   03 account         account number, currency, then summary/status items
//                      (type code, amount, item count, funds type)
//   16 transaction     type code, amount, funds type, bank ref, customer ref, text
//   88 continuation    continues the record before it
//   49 account trailer control total, number of records
//   98 group trailer   control total, number of accounts, number of records
//   99 file trailer    control total, number of groups, number of records
//
// Every trailer is checked: a file whose totals or record counts do not add
// up has lost or gained records on its way, and is refused.
#include <array>
#include <cctype>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bank/statement.hpp"
#include "core/date.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/money.hpp"
#include "core/rf_reference.hpp"

namespace arx::bank {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool record_code(std::string_view code) {
  static constexpr std::array<std::string_view, 8> codes = {"01", "02", "03", "16", "49", "88", "98", "99"};
  for (auto c : codes)
    if (code == c) return true;
  return false;
}

// True when `s` starts with a record code and its comma ("16,").
bool starts_record(std::string_view s) { return s.size() >= 3 && s[2] == ',' && record_code(s.substr(0, 2)); }

using context = parse_context;

// ------------------------------------------------------------- records

// One physical record: "16,..." up to its "/" (or the end of its line). 88
// records are kept apart here; they become segments of the logical record
// before them.
struct raw_record {
  std::string code;
  int line = 0;
  std::string content;     // after "NN," without the closing "/"
  bool terminated = false; // ended with "/"
  bool full_line = false;  // its line filled the physical record length: a hard wrap
};

// Splits the file into physical records. The standard puts one record on a
// line and ends it with "/", but files differ:
//  - several records on one line ("...PPD/ 16,142,500,...", moov-io sample3):
//    a "/" followed by blanks and a record code starts the next record;
//  - records ended by the line end alone, without "/" (Goldman Sachs, moov-io
//    sample4 "newline-delimited continuations");
//  - a record broken across lines without an 88 (sample3): a line that does
//    not start with a record code continues an unterminated record.
// A "/" inside a field ("AB/GS/RPFILE...", moov-io issue 113) ends nothing.
std::vector<raw_record> split_records(const context &ctx, std::string_view bytes, size_t record_length) {
  std::vector<raw_record> out;
  size_t pos = 0;
  int number = 0;
  while (pos < bytes.size()) {
    size_t eol = bytes.find_first_of("\r\n", pos);
    if (eol == std::string_view::npos) eol = bytes.size();
    std::string_view line = bytes.substr(pos, eol - pos);
    pos = eol;
    if (pos < bytes.size() && bytes[pos] == '\r') ++pos;
    if (pos < bytes.size() && bytes[pos] == '\n') ++pos;
    ++number;
    if (number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    const size_t physical = line.size();
    while (!line.empty() && (is_blank(line.back()) || line.back() == '\x1A')) line.remove_suffix(1);
    if (line.empty()) continue;

    if (!starts_record(line)) {
      if (out.empty() || out.back().terminated)
        ctx.fail(number, "not a BAI2 record (a record starts with 01, 02, 03, 16, 49, 88, 98 or 99 and a comma): '" +
                             std::string(line.substr(0, 40)) + "'");
      raw_record &r = out.back();
      if (!r.full_line) r.content += ' ';
      r.content += line;
      r.full_line = physical == record_length;
      if (!r.content.empty() && r.content.back() == '/') {
        r.content.pop_back();
        r.terminated = true;
      }
      continue;
    }
    // Cut the line at every "/" that is followed by blanks and a record.
    size_t start = 0;
    for (;;) {
      size_t cut = std::string_view::npos;
      for (size_t i = start + 3; i < line.size(); ++i) {
        if (line[i] != '/') continue;
        size_t j = i + 1;
        while (j < line.size() && is_blank(line[j])) ++j;
        if (j < line.size() && starts_record(line.substr(j))) {
          cut = i;
          break;
        }
      }
      raw_record r;
      r.code = std::string(line.substr(start, 2));
      r.line = number;
      std::string_view body = line.substr(start + 3, cut == std::string_view::npos ? std::string_view::npos : cut - start - 3);
      if (cut != std::string_view::npos) {
        r.terminated = true;
      } else {
        r.full_line = physical == record_length;
        if (!body.empty() && body.back() == '/') {
          body.remove_suffix(1);
          r.terminated = true;
        }
      }
      r.content = std::string(body);
      out.push_back(std::move(r));
      if (cut == std::string_view::npos) break;
      start = cut + 1;
      while (start < line.size() && is_blank(line[start])) ++start;
    }
  }
  return out;
}

// A logical record: the record and the 88 continuations after it.
struct segment {
  std::string text;
  bool full_line = false;
};

struct record {
  std::string code;
  int line = 0;
  std::vector<segment> segments;
  int physical_records = 1;
};

// Reads the fields of a logical record. Fields are separated by commas, and
// the end of a physical record ends a field as well: the standard does not
// split a field between a record and its continuation, except the text of a
// 16 record, which runs to the end of the logical record.
class field_reader {
public:
  explicit field_reader(const record &r) : r_(r) {}

  // The next field; nullopt past the last one. `last_in_segment` tells
  // whether the field closed its physical record.
  std::optional<std::string> next(bool *last_in_segment = nullptr) {
    while (seg_ < r_.segments.size() && exhausted_) {
      ++seg_;
      pos_ = 0;
      exhausted_ = false;
    }
    if (seg_ >= r_.segments.size()) return std::nullopt;
    const std::string &s = r_.segments[seg_].text;
    const size_t comma = s.find(',', pos_);
    std::string f;
    if (comma == std::string::npos) {
      f = s.substr(pos_);
      exhausted_ = true;
    } else {
      f = s.substr(pos_, comma - pos_);
      pos_ = comma + 1;
    }
    if (last_in_segment) *last_in_segment = exhausted_;
    return std::string(core::trim(f, core::blanks));
  }

  std::string next_or_empty() { return next().value_or(std::string()); }

  // Everything left: the rest of this physical record and all continuations.
  // Continuations are joined with a space, except after a record that filled
  // its physical record length, where the bank wrapped inside a word.
  std::string rest() {
    std::string out;
    bool hard_wrap = false;
    if (seg_ < r_.segments.size()) {
      if (!exhausted_) out = r_.segments[seg_].text.substr(pos_);
      hard_wrap = r_.segments[seg_].full_line;
      for (size_t i = seg_ + 1; i < r_.segments.size(); ++i) {
        if (!out.empty() && !hard_wrap) out += ' ';
        out += r_.segments[i].text;
        hard_wrap = r_.segments[i].full_line;
      }
    }
    seg_ = r_.segments.size();
    return std::string(core::trim(out, core::blanks));
  }

private:
  const record &r_;
  size_t seg_ = 0, pos_ = 0;
  bool exhausted_ = false;
};

// -------------------------------------------------------------- values

std::optional<core::date> yymmdd(std::string_view s) {
  if (s.size() != 6 || !core::all_digits(s)) return std::nullopt;
  const int yy = (s[0] - '0') * 10 + (s[1] - '0');
  const unsigned mm = static_cast<unsigned>((s[2] - '0') * 10 + (s[3] - '0'));
  const unsigned dd = static_cast<unsigned>((s[4] - '0') * 10 + (s[5] - '0'));
  const core::date d{std::chrono::year{yy >= 80 ? 1900 + yy : 2000 + yy}, std::chrono::month{mm}, std::chrono::day{dd}};
  if (!d.ok()) return std::nullopt;
  return d;
}

core::date date_field(const context &ctx, int line, std::string_view what, const std::string &text) {
  auto d = yymmdd(text);
  if (!d) ctx.fail(line, std::string(what) + " '" + text + "' is not a date (YYMMDD)");
  return *d;
}

// An amount in minor units: digits with an optional sign; the decimal point
// is implied by the currency's exponent ("10000" is 100.00 USD, 10000 JPY).
int64_t amount_field(const context &ctx, int line, std::string_view what, const std::string &text, bool signed_ok) {
  std::string_view digits = text;
  if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) {
    if (!signed_ok && digits.front() == '-') ctx.fail(line, std::string(what) + " '" + text + "' must not be negative");
    digits.remove_prefix(1);
  }
  if (!core::all_digits(digits)) ctx.fail(line, std::string(what) + " '" + text + "' is not an amount (digits, in minor units)");
  try {
    return core::parse_scaled(text, 0);
  } catch (const error &e) {
    ctx.fail(line, std::string(what) + " '" + text + "': " + e.what());
  }
}

int count_field(const context &ctx, int line, std::string_view what, const std::string &text) {
  if (!core::all_digits(text) || text.size() > 9) ctx.fail(line, std::string(what) + " '" + text + "' is not a number");
  return std::stoi(text);
}

void add_checked(const context &ctx, int line, int64_t &sum, int64_t v) {
  if (__builtin_add_overflow(sum, v, &sum)) ctx.fail(line, "control total overflows");
}

// The funds type of a summary item or a transaction and the fields it brings
// along: 0/1/2/Z none, S three amounts (immediate, one day, two or more
// days), V a value date and time, D a count of (days, amount) pairs. The
// amounts of S and D are availability splits of the item's amount, not
// further money, and count in no control total.
std::optional<core::date> funds_fields(const context &ctx, int line, field_reader &in, const std::string &funds) {
  if (funds.empty() || funds == "0" || funds == "1" || funds == "2" || funds == "Z") return std::nullopt;
  if (funds == "S") {
    for (const char *what : {"immediate availability", "one-day availability", "two-or-more-day availability"}) {
      const std::string a = in.next_or_empty();
      if (!a.empty()) amount_field(ctx, line, what, a, true);
    }
    return std::nullopt;
  }
  if (funds == "V") {
    const std::string d = in.next_or_empty();
    const std::string t = in.next_or_empty();
    if (!t.empty() && (t.size() != 4 || !core::all_digits(t))) ctx.fail(line, "value time '" + t + "' is not HHMM");
    if (d.empty()) ctx.fail(line, "funds type V without a value date");
    return date_field(ctx, line, "value date", d);
  }
  if (funds == "D") {
    const int n = count_field(ctx, line, "number of availability distributions", in.next_or_empty());
    for (int i = 0; i < n; ++i) {
      count_field(ctx, line, "availability days", in.next_or_empty());
      amount_field(ctx, line, "availability amount", in.next_or_empty(), true);
    }
    return std::nullopt;
  }
  ctx.fail(line, "unknown funds type '" + funds + "' (0, 1, 2, S, V, D or Z)");
}

// Transaction type codes (BAI2 type code list): 100-399 are credits, 400-699
// debits. Returned items and reversals by the list's descriptions:
//   returns, credit: 123 EDIBANX credit return, 168 ACH return item or
//     adjustment settlement, 255 check posted and returned, 257 individual
//     ACH return item, 261 individual rejected credit, 266 return item,
//     268 return item adjustment
//   returns, debit: 423 EDIBANX return item debit, 468 ACH return item or
//     adjustment settlement, 555 deposited item returned, 557 individual ACH
//     return item, 561 individual rejected debit, 566 return item, 568
//     return item adjustment
//   reversals: 252 debit reversal, 258 ACH reversal credit, 395 check
//     reversal (credits); 552 credit reversal, 558 ACH reversal debit, 694
//     deposit reversal (debits)
bool in_list(int code, std::initializer_list<int> list) {
  for (int c : list)
    if (c == code) return true;
  return false;
}
bool returned_code(int code) {
  return in_list(code, {123, 168, 255, 257, 261, 266, 268, 423, 468, 555, 557, 561, 566, 568});
}
bool reversal_code(int code) { return in_list(code, {252, 258, 395, 552, 558, 694}); }

// 890 "contains non-monetary information": a 16 record that carries text
// only, no booking.
constexpr int non_monetary = 890;

std::vector<std::string> rf_references(std::string_view text) {
  std::vector<std::string> out;
  for (size_t i = 0; i + 5 <= text.size(); ++i) {
    if ((text[i] != 'R' && text[i] != 'r') || (text[i + 1] != 'F' && text[i + 1] != 'f')) continue;
    if (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1]))) continue;
    size_t end = i + 2;
    while (end < text.size() && std::isalnum(static_cast<unsigned char>(text[end]))) ++end;
    const std::string_view cand = text.substr(i, end - i);
    if (cand.size() <= 25 && core::is_valid_rf_reference(cand)) {
      std::string ref(cand);
      for (char &c : ref) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.push_back(ref);
    }
    i = end - 1;
  }
  return out;
}

// --------------------------------------------------------------- parser

class parser {
public:
  explicit parser(const context &ctx) : ctx_(ctx) {}

  bank_file parse(std::string_view bytes) {
    // The physical record length comes from the file header; read it first,
    // the continuation joins depend on it.
    const std::vector<raw_record> raw = split_records(ctx_, bytes, header_record_length(bytes));
    const std::vector<record> records = logical(raw);
    if (records.empty()) ctx_.fail(1, "the file is empty");
    for (const auto &r : records) dispatch(r);
    if (state_ != state::done) {
      ctx_.fail(records.back().line, "the file ends without its file trailer (99 record)");
    }
    file_.format = file_format::bai2;
    return std::move(file_);
  }

private:
  enum class state { start, file, group, account, done };

  static size_t header_record_length(std::string_view bytes) {
    // 01,sender,receiver,date,time,file id,record length,...
    const size_t eol = bytes.find_first_of("\r\n/");
    std::string_view h = bytes.substr(0, eol);
    for (int i = 0; i < 6; ++i) {
      const size_t c = h.find(',');
      if (c == std::string_view::npos) return 80;
      h.remove_prefix(c + 1);
    }
    const std::string_view len = core::trim(h.substr(0, h.find(',')), core::blanks);
    if (!core::all_digits(len) || len.size() > 4) return 80;
    return static_cast<size_t>(std::stoi(std::string(len)));
  }

  std::vector<record> logical(const std::vector<raw_record> &raw) {
    std::vector<record> out;
    for (const auto &r : raw) {
      if (r.code == "88") {
        if (out.empty()) ctx_.fail(r.line, "88 continuation record without a record to continue");
        out.back().segments.push_back({r.content, r.full_line});
        ++out.back().physical_records;
        continue;
      }
      record l;
      l.code = r.code;
      l.line = r.line;
      l.segments.push_back({r.content, r.full_line});
      out.push_back(std::move(l));
    }
    return out;
  }

  void expect(const record &r, bool ok, const char *what) {
    if (!ok) ctx_.fail(r.line, "record " + r.code + " out of place: " + what);
  }

  void dispatch(const record &r) {
    records_in_file_ += r.physical_records;
    if (state_ == state::group || state_ == state::account) records_in_group_ += r.physical_records;
    if (state_ == state::account) records_in_account_ += r.physical_records;
    if (r.code == "01") file_header(r);
    else if (r.code == "02") group_header(r);
    else if (r.code == "03") account_header(r);
    else if (r.code == "16") transaction(r);
    else if (r.code == "49") account_trailer(r);
    else if (r.code == "98") group_trailer(r);
    else if (r.code == "99") file_trailer(r);
  }

  void file_header(const record &r) {
    expect(r, state_ == state::start, "the file header must come first, and only once");
    field_reader in(r);
    sender_ = in.next_or_empty();
    in.next_or_empty();  // receiver
    created_ = date_field(ctx_, r.line, "file creation date", in.next_or_empty());
    in.next_or_empty();  // creation time: HHMM, or HH:MM:SS in some banks' files; unused
    file_id_ = in.next_or_empty();
    in.next_or_empty();  // physical record length (read before)
    in.next_or_empty();  // block size
    const std::string version = in.next_or_empty();
    if (version != "2") ctx_.fail(r.line, "BAI version '" + version + "': only version 2 is supported");
    state_ = state::file;
  }

  void group_header(const record &r) {
    expect(r, state_ == state::file, "a group header follows the file header or a group trailer");
    field_reader in(r);
    in.next_or_empty();  // ultimate receiver
    in.next_or_empty();  // originator
    // Group status: 1 update, 3 correction. 2 (deletion of data sent
    // before) and 4 (test only) carry nothing to post: such a file is
    // refused rather than read as payments.
    const std::string status = in.next_or_empty();
    if (status == "2" || status == "4")
      ctx_.fail(r.line, std::string("group status ") + status +
                            (status == "2" ? " (deletion)" : " (test only)") + ": nothing in it may be posted");
    if (status != "1" && status != "3") ctx_.fail(r.line, "group status '" + status + "' (1 to 4)");
    as_of_ = date_field(ctx_, r.line, "as-of date", in.next_or_empty());
    in.next_or_empty();  // as-of time
    group_currency_ = in.next_or_empty();
    if (!group_currency_.empty() && !core::is_currency(group_currency_))
      ctx_.fail(r.line, "unknown currency '" + group_currency_ + "'");
    ++groups_;
    group_accounts_ = 0;
    group_total_ = 0;
    records_in_group_ = r.physical_records;
    account_numbers_.clear();
    state_ = state::group;
  }

  void account_header(const record &r) {
    expect(r, state_ == state::group, "an account record follows a group header or an account trailer");
    field_reader in(r);
    statement st;
    st.format = file_format::bai2;
    st.account = in.next_or_empty();
    if (st.account.empty()) ctx_.fail(r.line, "account record without an account number");
    st.currency = in.next_or_empty();
    if (st.currency.empty()) st.currency = group_currency_.empty() ? "USD" : group_currency_;
    if (!core::is_currency(st.currency)) ctx_.fail(r.line, "unknown currency '" + st.currency + "'");
    int occurrence = 1;
    for (const auto &a : account_numbers_) occurrence += a == st.account;
    account_numbers_.push_back(st.account);
    st.id = sender_ + "/" + file_id_ + "/" + std::to_string(groups_) + "/" + st.account +
            (occurrence > 1 ? "#" + std::to_string(occurrence) : std::string());
    st.from_date = st.to_date = as_of_;
    st.created = created_;
    st.position = "line " + std::to_string(r.line);
    account_total_ = 0;
    records_in_account_ = r.physical_records;

    // Summary and status items: type code, amount, item count, funds type.
    for (;;) {
      bool last = false;
      auto type = in.next(&last);
      if (!type) break;
      if (type->empty() && last) continue;  // the comma before "/"; an 88 may go on
      const std::string amount = in.next_or_empty();
      const std::string count = in.next_or_empty();
      const std::string funds = in.next_or_empty();
      funds_fields(ctx_, r.line, in, funds);
      if (type->empty()) {
        if (!amount.empty()) ctx_.fail(r.line, "summary amount '" + amount + "' without a type code");
        continue;
      }
      if (type->size() != 3 || !core::all_digits(*type)) ctx_.fail(r.line, "summary type code '" + *type + "' (3 digits)");
      if (!count.empty()) count_field(ctx_, r.line, "item count", count);
      if (amount.empty()) continue;
      const int64_t minor = amount_field(ctx_, r.line, "amount of type " + *type, amount, true);
      add_checked(ctx_, r.line, account_total_, minor);
      const char *kind = *type == "010"   ? "opening"
                         : *type == "015" ? "closing"
                         : *type == "040" ? "opening_available"
                         : *type == "045" ? "closing_available"
                         : *type == "030" ? "interim"
                                          : nullptr;
      if (kind) st.balances.push_back({kind, core::money(minor, st.currency), as_of_});
    }
    file_.statements.push_back(std::move(st));
    state_ = state::account;
  }

  void transaction(const record &r) {
    expect(r, state_ == state::account, "a transaction record belongs to an account (03 ... 49)");
    statement &st = file_.statements.back();
    field_reader in(r);
    const std::string type = in.next_or_empty();
    if (type.size() != 3 || !core::all_digits(type)) ctx_.fail(r.line, "transaction type code '" + type + "' (3 digits)");
    const int code = std::stoi(type);
    const std::string amount = in.next_or_empty();
    const std::string funds = in.next_or_empty();
    const auto value_date = funds_fields(ctx_, r.line, in, funds);
    statement_line l;
    l.bank_reference = in.next_or_empty();
    l.customer_reference = in.next_or_empty();
    l.remittance = in.rest();
    if (code == non_monetary) {
      if (!amount.empty()) add_checked(ctx_, r.line, account_total_, amount_field(ctx_, r.line, "amount", amount, false));
      return;
    }
    if (code < 100 || code > 699)
      ctx_.fail(r.line, "transaction type code " + type +
                            " is neither a credit (100-399) nor a debit (400-699): the direction of the money is unknown");
    if (amount.empty()) ctx_.fail(r.line, "transaction without an amount");
    const int64_t minor = amount_field(ctx_, r.line, "amount", amount, false);
    add_checked(ctx_, r.line, account_total_, minor);
    l.amount = core::money(minor < 0 ? -minor : minor, st.currency);
    l.credit = code < 400;
    l.returned = returned_code(code);
    l.reversal = reversal_code(code);
    l.booking_date = as_of_;
    l.value_date = value_date;
    l.transaction_code = type;
    l.position = "line " + std::to_string(r.line);
    for (const auto &rf : rf_references(l.remittance)) {
      structured_reference ref;
      ref.kind = structured_reference::kind_t::creditor_reference;
      ref.reference = rf;
      l.references.push_back(std::move(ref));
    }
    st.lines.push_back(std::move(l));
  }

  // Control totals: the algebraic sum of the amounts reported below the
  // trailer. A blank total is read as zero: the standard requires the field,
  // and the banks that leave it blank do so for accounts without any amount
  // (ministryofjustice account_trailer_amount_blank_example.bai2); with
  // amounts present a blank total mismatches like any other wrong total.
  int64_t total_field(const std::string &text, const record &r) {
    return text.empty() ? 0 : amount_field(ctx_, r.line, "control total", text, true);
  }

  // Closes an account, group or file at its trailer: the control total, the
  // number of `inner` units it holds (accounts of a group, groups of the
  // file; none for an account) and the number of records must match what was
  // read; then the total counts towards the level above (none for the file).
  void close_level(const record &r, const std::string &unit, int64_t total, int records, const char *inner,
                   int inner_count, int64_t *total_above) {
    const std::string what = unit + " trailer";
    field_reader in(r);
    const int64_t given_total = total_field(in.next_or_empty(), r);
    if (given_total != total)
      ctx_.fail(r.line, what + " control total " + std::to_string(given_total) +
                            " does not match the sum of the amounts, " + std::to_string(total));
    if (inner) {
      const std::string given = in.next_or_empty();
      if (count_field(ctx_, r.line, std::string("number of ") + inner, given) != inner_count)
        ctx_.fail(r.line, what + " counts " + given + " " + inner + ", the " + unit + " has " +
                              std::to_string(inner_count));
    }
    const std::string given_records = in.next_or_empty();
    if (given_records.empty()) ctx_.fail(r.line, what + " without its number of records");
    const int given = count_field(ctx_, r.line, "number of records", given_records);
    if (given != records)
      ctx_.fail(r.line, what + " counts " + std::to_string(given) + " records, the " + unit + " has " +
                            std::to_string(records));
    if (total_above) add_checked(ctx_, r.line, *total_above, total);
  }

  void account_trailer(const record &r) {
    expect(r, state_ == state::account, "an account trailer closes an account record (03)");
    close_level(r, "account", account_total_, records_in_account_, nullptr, 0, &group_total_);
    ++group_accounts_;
    state_ = state::group;
  }

  void group_trailer(const record &r) {
    expect(r, state_ == state::group, "a group trailer closes a group (02) after its last account trailer (49)");
    close_level(r, "group", group_total_, records_in_group_, "accounts", group_accounts_, &file_total_);
    ++groups_closed_;
    state_ = state::file;
  }

  void file_trailer(const record &r) {
    expect(r, state_ == state::file, "the file trailer closes the file after its last group trailer (98)");
    close_level(r, "file", file_total_, records_in_file_, "groups", groups_closed_, nullptr);
    state_ = state::done;
  }

  const context &ctx_;
  bank_file file_;
  state state_ = state::start;
  std::string sender_, file_id_, group_currency_;
  std::vector<std::string> account_numbers_;
  core::date created_{}, as_of_{};
  int groups_ = 0, groups_closed_ = 0, group_accounts_ = 0;
  int records_in_file_ = 0, records_in_group_ = 0, records_in_account_ = 0;
  int64_t account_total_ = 0, group_total_ = 0, file_total_ = 0;
};

}  // namespace

bank_file parse_bai2(std::string_view bytes, std::string_view origin) {
  const context ctx(origin);
  parser p(ctx);
  return p.parse(bytes);
}

}  // namespace arx::bank
