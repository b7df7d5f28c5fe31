// Human-readable rendering of the plugin's JSON results. The shapes are read
// defensively: a field the plugin does not send is left out, and a document
// of an unknown shape is still shown, key by key.
#include <algorithm>
#include <ostream>

#include "cli.hpp"

namespace arx::cli {

namespace {

// Width on a terminal, counting UTF-8 code points (good enough for the Latin,
// Greek and Cyrillic text of ERP data; wide CJK cells are not measured).
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (const char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
      ++width;
  return width;
}

void pad(std::ostream &out, std::string_view text, std::size_t width) {
  out << text;
  for (std::size_t w = display_width(text); w < width; ++w)
    out << ' ';
}

bool is_scalar(const json &value) { return !value.is_object() && !value.is_array(); }

bool is_scalar_array(const json &value) {
  return value.is_array() &&
         std::all_of(value.begin(), value.end(), [](const json &v) { return is_scalar(v); });
}

// An array of objects whose members are all scalars: shown as a table.
bool is_record_array(const json &value) {
  return value.is_array() && !value.empty() &&
         std::all_of(value.begin(), value.end(), [](const json &row) {
           return row.is_object() &&
                  std::all_of(row.begin(), row.end(), [](const json &v) { return is_scalar(v); });
         });
}

// One line for a value that fits on a line.
bool fits_on_line(const json &value) { return is_scalar(value) || is_scalar_array(value); }

std::string line_text(const json &value) {
  if (!value.is_array())
    return scalar_text(value);
  if (value.empty())
    return "(none)";
  std::string text;
  for (const json &item : value) {
    if (!text.empty())
      text += ", ";
    text += scalar_text(item);
  }
  return text;
}

void print_table_indented(std::ostream &out, const std::vector<std::vector<std::string>> &rows,
                          int indent) {
  std::vector<std::size_t> widths;
  for (const auto &row : rows) {
    if (widths.size() < row.size())
      widths.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  }
  for (const auto &row : rows) {
    out << std::string(static_cast<std::size_t>(indent), ' ');
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i + 1 == row.size())
        out << row[i]; // no trailing blanks
      else {
        pad(out, row[i], widths[i]);
        out << "  ";
      }
    }
    out << '\n';
  }
}

void print_records(std::ostream &out, const json &records, int indent) {
  // Columns in order of first appearance across all rows.
  std::vector<std::string> columns;
  for (const json &row : records)
    for (auto it = row.begin(); it != row.end(); ++it)
      if (std::find(columns.begin(), columns.end(), it.key()) == columns.end())
        columns.push_back(it.key());
  std::vector<std::vector<std::string>> rows;
  rows.push_back(columns);
  for (const json &row : records) {
    std::vector<std::string> cells;
    for (const std::string &column : columns)
      cells.push_back(row.contains(column) ? scalar_text(row.at(column)) : "");
    rows.push_back(std::move(cells));
  }
  print_table_indented(out, rows, indent);
}

// The members of an object, `key: value` aligned, nested values indented.
void print_members(std::ostream &out, const json &object, int indent,
                   const std::vector<std::string> &skip = {}) {
  std::size_t key_width = 0;
  for (auto it = object.begin(); it != object.end(); ++it)
    if (fits_on_line(it.value()) &&
        std::find(skip.begin(), skip.end(), it.key()) == skip.end())
      key_width = std::max(key_width, display_width(it.key()) + 1);
  const std::string margin(static_cast<std::size_t>(indent), ' ');
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (std::find(skip.begin(), skip.end(), it.key()) != skip.end())
      continue;
    const json &value = it.value();
    out << margin;
    if (fits_on_line(value)) {
      pad(out, it.key() + ":", key_width);
      out << ' ' << line_text(value) << '\n';
    } else if (value.empty()) {
      out << it.key() << ": (none)\n";
    } else {
      out << it.key() << ":\n";
      print_document(out, value, indent + 2);
    }
  }
}

} // namespace

void print_indented_table(std::ostream &out, const std::vector<std::vector<std::string>> &rows, int indent) {
  print_table_indented(out, rows, indent);
}

std::string scalar_text(const json &value) {
  if (value.is_null())
    return "-";
  if (value.is_string())
    return value.get<std::string>();
  return value.dump();
}

void print_table(std::ostream &out, const std::vector<std::vector<std::string>> &rows) {
  print_table_indented(out, rows, 0);
}

void print_document(std::ostream &out, const json &document, int indent) {
  const std::string margin(static_cast<std::size_t>(indent), ' ');
  if (document.is_object()) {
    print_members(out, document, indent);
  } else if (is_record_array(document)) {
    print_records(out, document, indent);
  } else if (document.is_array()) {
    if (document.empty())
      out << margin << "(none)\n";
    for (const json &item : document) {
      if (fits_on_line(item)) {
        out << margin << "- " << line_text(item) << '\n';
      } else {
        out << margin << "-\n";
        print_document(out, item, indent + 2);
      }
    }
  } else {
    out << margin << scalar_text(document) << '\n';
  }
}

void print_config_list(std::ostream &out, const json &result) {
  // Either the list itself or {"company": ..., "keys": [...]}.
  const bool wrapped = result.is_object() && result.contains("keys") && result.at("keys").is_array();
  if (!wrapped && !result.is_array()) {
    print_document(out, result);
    return;
  }
  const json &list = wrapped ? result.at("keys") : result;
  if (wrapped && result.contains("company") && !result.at("company").is_null())
    out << "company: " << scalar_text(result.at("company")) << "\n\n";
  std::vector<std::vector<std::string>> rows{{"KEY", "VALUE", "DEFAULT", "SOURCE"}};
  for (const json &entry : list) {
    auto field = [&](const char *name) {
      return entry.is_object() && entry.contains(name) ? scalar_text(entry.at(name))
                                                       : std::string();
    };
    rows.push_back({field("key"), field("value"), field("default"), field("source")});
  }
  print_table(out, rows);
}

void print_config_entry(std::ostream &out, const json &entry) {
  if (!entry.is_object() || !entry.contains("key")) {
    print_document(out, entry);
    return;
  }
  out << scalar_text(entry.at("key")) << " = "
      << (entry.contains("value") ? scalar_text(entry.at("value")) : "-") << '\n';
  // The usual fields first, in reading order, then whatever else there is.
  static const char *const order[] = {"default", "type", "allowed", "source", "company",
                                      "description"};
  json arranged = json::object();
  for (const char *name : order)
    if (entry.contains(name))
      arranged[name] = entry.at(name);
  for (auto it = entry.begin(); it != entry.end(); ++it)
    if (it.key() != "key" && it.key() != "value" && !arranged.contains(it.key()))
      arranged[it.key()] = it.value();
  print_members(out, arranged, 2);
}

void print_schema_state(std::ostream &out, const json &report) {
  if (!report.is_object() || !report.contains("state")) {
    print_document(out, report);
    return;
  }
  out << "schema: " << scalar_text(report.at("state"));
  std::string versions;
  if (report.contains("database_version"))
    versions += "database version " + scalar_text(report.at("database_version"));
  if (report.contains("plugin_version"))
    versions += std::string(versions.empty() ? "" : ", ") + "plugin version " +
                scalar_text(report.at("plugin_version"));
  if (!versions.empty())
    out << " (" << versions << ")";
  out << '\n';
  std::vector<std::string> skip{"state", "database_version", "plugin_version"};
  if (report.contains("detail") && report.at("detail").is_string() &&
      report.at("detail").get<std::string>().empty())
    skip.emplace_back("detail");
  print_members(out, report, 2, skip);
}

} // namespace arx::cli

namespace arx::cli {

void print_demo_report(std::ostream &out, const json &report) {
  if (!report.is_object()) {
    print_document(out, report);
    return;
  }
  auto text_of = [&](const char *name) {
    return report.contains(name) ? scalar_text(report.at(name)) : std::string();
  };
  // Headline: what the same command line would generate again.
  std::vector<std::string> facts;
  if (report.contains("seed"))
    facts.push_back("seed " + text_of("seed"));
  if (report.contains("as_of"))
    facts.push_back("as of " + text_of("as_of"));
  if (report.contains("customers_per_company"))
    facts.push_back(text_of("customers_per_company") + " customers per company");
  if (report.contains("invoices_per_company"))
    facts.push_back(text_of("invoices_per_company") + " invoices per company");
  out << "Demo data generated in the reference ERP tables";
  for (std::size_t i = 0; i < facts.size(); ++i)
    out << (i == 0 ? " (" : ", ") << facts[i];
  out << (facts.empty() ? ":\n" : "):\n");

  json rest = report;
  for (const char *name : {"seed", "as_of", "customers_per_company", "invoices_per_company"})
    rest.erase(name);

  // Companies: one line each, open receivables per currency.
  if (rest.contains("companies") && rest.at("companies").is_array()) {
    std::vector<std::vector<std::string>> rows{
        {"COMPANY", "NAME", "CURRENCY", "CUSTOMERS", "OPEN RECEIVABLES"}};
    for (const json &company : rest.at("companies")) {
      if (!company.is_object())
        continue;
      auto field = [&](const char *name) {
        return company.contains(name) ? scalar_text(company.at(name)) : std::string();
      };
      std::string open;
      if (company.contains("open_receivables") && company.at("open_receivables").is_array())
        for (const json &o : company.at("open_receivables")) {
          if (!o.is_object())
            continue;
          if (!open.empty())
            open += ", ";
          open += (o.contains("amount") ? scalar_text(o.at("amount")) : "?") + " " +
                  (o.contains("currency") ? scalar_text(o.at("currency")) : "");
          if (o.contains("items"))
            open += " (" + scalar_text(o.at("items")) + " items)";
        }
      rows.push_back({field("code"), field("name"), field("currency"), field("customers"), open});
    }
    out << '\n';
    print_table_indented(out, rows, 2);
    rest.erase("companies");
  }

  // Row counts per table.
  if (rest.contains("rows") && rest.at("rows").is_object()) {
    out << "\nRows written:\n";
    std::vector<std::vector<std::string>> rows;
    for (auto it = rest.at("rows").begin(); it != rest.at("rows").end(); ++it)
      rows.push_back({it.key(), scalar_text(it.value())});
    print_table_indented(out, rows, 2);
    rest.erase("rows");
  }

  if (!rest.empty()) {
    out << '\n';
    print_document(out, rest, 2);
  }
}

} // namespace arx::cli
