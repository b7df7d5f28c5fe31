// arx's CSV lockbox format (docs/CASHAPP.md): what a lockbox service or a
// payment provider without camt/MT940/BAI2 can export. RFC 4180 CSV in UTF-8;
// the first row names the columns, in any order, and starts with
// lockbox_batch (which is how the format is recognised):
//
//   lockbox_batch  required  the batch (deposit) id: one statement per batch
//   account        required  our account the money was paid into
//   deposit_date   required  YYYY-MM-DD, the booking date
//   value_date     optional  YYYY-MM-DD, defaults to deposit_date
//   amount         required  decimal with a point, > 0 ("1234.50")
//   currency       required  ISO 4217
//   payer_name, payer_account, check_number (the bank reference),
//   end_to_end_id, remittance  optional text
//   invoices       optional  "number[=amount];number[=amount]..." as remitted
//
// Every row is one payment received (lockboxes carry no debits).
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bank/statement.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace arx::bank {
namespace {

struct csv_reader {
  std::string_view data;
  std::string_view origin;
  size_t pos = 0;
  size_t line = 1;

  [[noreturn]] void error(size_t at_line, const std::string &reason) const {
    fail_at_line(origin, at_line, reason);
  }

  bool done() const { return pos >= data.size(); }

  // One record; quoted fields may hold commas, quotes ("") and line breaks.
  std::vector<std::string> record(size_t &start_line) {
    start_line = line;
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false, was_quoted = false;
    while (pos < data.size()) {
      const char c = data[pos++];
      if (quoted) {
        if (c == '"') {
          if (pos < data.size() && data[pos] == '"') {
            field += '"';
            ++pos;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line;
          field += c;
        }
        continue;
      }
      if (c == '"') {
        if (!field.empty() || was_quoted) error(line, "a quote inside an unquoted field");
        quoted = was_quoted = true;
      } else if (c == ',') {
        fields.push_back(std::move(field));
        field.clear();
        was_quoted = false;
      } else if (c == '\r') {
        // CRLF or a lone CR: the record ends at the LF or here.
        if (pos < data.size() && data[pos] == '\n') ++pos;
        ++line;
        break;
      } else if (c == '\n') {
        ++line;
        break;
      } else {
        if (was_quoted) error(line, "text after a closing quote");
        field += c;
      }
    }
    if (quoted) error(start_line, "a quoted field is not closed before the end of the file");
    fields.push_back(std::move(field));
    return fields;
  }
};

}  // namespace

bank_file parse_csv(std::string_view bytes, std::string_view origin) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (!core::is_utf8(bytes)) fail(ARX_E_PARSE, std::string(origin) + ": the CSV file is not UTF-8");
  csv_reader in{bytes, origin};
  size_t header_line = 0;
  const std::vector<std::string> header = in.record(header_line);
  static const std::vector<std::string> known = {"lockbox_batch", "account",     "deposit_date", "value_date",
                                                 "amount",        "currency",    "payer_name",   "payer_account",
                                                 "check_number",  "end_to_end_id", "remittance", "invoices"};
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string name = std::string(core::trim(header[i], core::blanks));
    bool ok = false;
    for (const auto &k : known) ok = ok || k == name;
    if (!ok)
      in.error(header_line, "unknown column '" + name + "' (column " + std::to_string(i + 1) +
                                "; the lockbox format is described in docs/CASHAPP.md)");
    if (!column.emplace(name, i).second) in.error(header_line, "column '" + name + "' appears twice");
  }
  if (header.empty() || std::string(core::trim(header[0], core::blanks)) != "lockbox_batch")
    in.error(header_line, "the first column must be lockbox_batch");
  for (const char *required : {"account", "deposit_date", "amount", "currency"})
    if (!column.count(required)) in.error(header_line, std::string("required column '") + required + "' is missing");

  bank_file file;
  file.format = file_format::csv;
  std::map<std::pair<std::string, std::string>, size_t> statement_of;  // (batch, account) -> index
  while (!in.done()) {
    size_t line_no = 0;
    std::vector<std::string> row = in.record(line_no);
    if (row.size() == 1 && std::string(core::trim(row[0], core::blanks)).empty()) continue;  // blank line
    if (row.size() != header.size())
      in.error(line_no, "has " + std::to_string(row.size()) + " fields, the header has " + std::to_string(header.size()));
    auto get = [&](const char *name) -> std::string {
      const auto it = column.find(name);
      return it == column.end() ? std::string{} : std::string(core::trim(row[it->second], core::blanks));
    };
    auto date_of = [&](const char *name) -> std::optional<core::date> {
      const std::string v = get(name);
      if (v.empty()) return std::nullopt;
      try {
        return core::parse_date(v);
      } catch (const arx::error &e) {
        in.error(line_no, std::string("column ") + name + ": " + e.what());
      }
    };
    const std::string batch = get("lockbox_batch");
    const std::string account = get("account");
    if (batch.empty()) in.error(line_no, "column lockbox_batch is empty");
    if (account.empty()) in.error(line_no, "column account is empty");
    const std::string currency = get("currency");
    if (!core::is_currency(currency)) in.error(line_no, "column currency: unknown currency '" + currency + "' (ISO 4217)");

    statement_line l;
    try {
      l.amount = core::money::parse(get("amount"), currency);
    } catch (const arx::error &e) {
      in.error(line_no, std::string("column amount: ") + e.what());
    }
    if (l.amount.minor() <= 0) in.error(line_no, "column amount: a lockbox payment must be greater than zero");
    l.credit = true;
    l.booking_date = date_of("deposit_date");
    if (!l.booking_date) in.error(line_no, "column deposit_date is empty");
    l.value_date = date_of("value_date");
    if (!l.value_date) l.value_date = l.booking_date;
    l.payer_name = get("payer_name");
    for (char c : get("payer_account"))
      if (c != ' ') l.payer_account += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    l.bank_reference = get("check_number");
    l.end_to_end_id = get("end_to_end_id");
    l.remittance = get("remittance");
    l.position = "line " + std::to_string(line_no);
    const std::string invoices = get("invoices");
    size_t start = 0;
    while (start <= invoices.size() && !invoices.empty()) {
      const size_t end = std::min(invoices.find(';', start), invoices.size());
      const std::string item = std::string(core::trim(invoices.substr(start, end - start), core::blanks));
      start = end + 1;
      if (item.empty()) continue;
      structured_reference ref;
      ref.kind = structured_reference::kind_t::document;
      const auto eq = item.find('=');
      ref.reference = std::string(core::trim(item.substr(0, eq), core::blanks));
      if (eq != std::string::npos) {
        try {
          ref.amount = core::money::parse(std::string(core::trim(item.substr(eq + 1), core::blanks)), currency);
        } catch (const arx::error &e) {
          in.error(line_no, "column invoices: '" + item + "': " + e.what());
        }
      }
      if (ref.reference.empty()) in.error(line_no, "column invoices: '" + item + "' has no invoice number");
      l.references.push_back(std::move(ref));
      if (end == invoices.size()) break;
    }

    const auto key = std::make_pair(batch, account);
    auto it = statement_of.find(key);
    if (it == statement_of.end()) {
      statement st;
      st.format = file_format::csv;
      st.id = batch;
      st.account = account;
      st.currency = currency;
      st.from_date = st.to_date = l.booking_date;
      st.position = "line " + std::to_string(line_no);
      file.statements.push_back(std::move(st));
      it = statement_of.emplace(key, file.statements.size() - 1).first;
    }
    statement &st = file.statements[it->second];
    if (l.booking_date < st.from_date) st.from_date = l.booking_date;
    if (l.booking_date > st.to_date) st.to_date = l.booking_date;
    st.lines.push_back(std::move(l));
  }
  if (file.statements.empty()) fail(ARX_E_PARSE, std::string(origin) + ": the lockbox file has a header but no payments");
  return file;
}

}  // namespace arx::bank
