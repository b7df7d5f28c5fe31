// Format detection and the one entry point over the parsers.
#include "bank/statement.hpp"

#include <cctype>

#include "core/error.hpp"

namespace arx::bank {

std::string_view format_name(file_format f) noexcept {
  switch (f) {
    case file_format::camt052: return "camt.052";
    case file_format::camt053: return "camt.053";
    case file_format::camt054: return "camt.054";
    case file_format::mt940: return "mt940";
    case file_format::mt942: return "mt942";
    case file_format::bai2: return "bai2";
    case file_format::csv: return "csv";
  }
  return "unknown";
}

void fail_at_line(std::string_view origin, size_t line, const std::string &what) {
  fail(ARX_E_PARSE, std::string(origin) + ": line " + std::to_string(line) + ": " + what);
}

namespace {

std::string_view skip_bom_and_space(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  return s;
}

}  // namespace

// The CSV lockbox format (docs/CASHAPP.md) starts with this column.
constexpr std::string_view csv_magic = "lockbox_batch";

file_format detect_format(std::string_view bytes, std::string_view origin) {
  const std::string_view head = skip_bom_and_space(bytes.substr(0, 4096));
  if (head.empty()) fail(ARX_E_PARSE, std::string(origin) + ": the file is empty");
  if (head.front() == '<') {
    // Only the namespace tells the message; the root is always Document.
    const std::string_view window = skip_bom_and_space(bytes.substr(0, 8192));
    if (window.find("camt.053.001.") != std::string_view::npos) return file_format::camt053;
    if (window.find("camt.054.001.") != std::string_view::npos) return file_format::camt054;
    if (window.find("camt.052.001.") != std::string_view::npos) return file_format::camt052;
    fail(ARX_E_PARSE, std::string(origin) +
                          ": an XML file that is not an ISO 20022 camt.052/053/054 message (no camt namespace "
                          "urn:iso:std:iso:20022:tech:xsd:camt.05x.001.nn in its first 8 KiB)");
  }
  if (head.substr(0, 3) == "01,") return file_format::bai2;
  if (head.substr(0, csv_magic.size()) == csv_magic) return file_format::csv;
  // MT940/942: SWIFT envelope blocks or bare tags.
  if (head.substr(0, 3) == "{1:" || head.substr(0, 4) == ":20:" || head.find("\n:20:") != std::string_view::npos ||
      head.find(":20:") != std::string_view::npos) {
    if (head.find(":13D:") != std::string_view::npos || head.find(":34F:") != std::string_view::npos)
      return file_format::mt942;
    return file_format::mt940;
  }
  fail(ARX_E_PARSE, std::string(origin) +
                        ": unknown bank file format (expected camt.052/053/054 XML, MT940/MT942, BAI2 or arx's "
                        "CSV lockbox format, docs/CASHAPP.md)");
}

bank_file parse_file(std::string_view bytes, std::string_view origin) {
  switch (detect_format(bytes, origin)) {
    case file_format::camt052:
    case file_format::camt053:
    case file_format::camt054: return parse_camt(bytes, origin);
    case file_format::mt940:
    case file_format::mt942: return parse_mt940(bytes, origin);
    case file_format::bai2: return parse_bai2(bytes, origin);
    case file_format::csv: return parse_csv(bytes, origin);
  }
  fail(ARX_E_PARSE, std::string(origin) + ": unknown bank file format");
}

}  // namespace arx::bank
