// Human-readable output of the dunning run and the collections commands.
#include <ostream>

#include "cli.hpp"

namespace arx::cli {

namespace {

std::string field(const json &o, const char *name) {
  return o.is_object() && o.contains(name) ? scalar_text(o.at(name)) : std::string();
}

}  // namespace

void print_dunning_report(std::ostream &out, const json &r) {
  if (!r.is_object() || !r.contains("status")) {
    print_document(out, r);
    return;
  }
  out << "Dunning " << field(r, "status") << " for company " << field(r, "company") << " as of " << field(r, "as_of");
  if (r.contains("run_id") && !r.at("run_id").is_null()) out << " (run " << field(r, "run_id") << ")";
  out << "\n";
  if (r.contains("notices") && r.at("notices").is_array()) {
    for (const json &n : r.at("notices")) {
      out << "\n" << field(n, "customer_number") << "  level " << field(n, "level") << "  " << field(n, "channel")
          << "  " << field(n, "template") << " (" << field(n, "language") << ")  overdue " << field(n, "overdue_total")
          << "  fee " << field(n, "fee") << "  interest " << field(n, "interest") << "  total "
          << field(n, "total_due") << " " << field(n, "currency") << "  pay by " << field(n, "pay_by");
      if (n.contains("fee_invoice") && !n.at("fee_invoice").is_null()) out << "  fee invoice " << field(n, "fee_invoice");
      out << "\n";
      std::vector<std::vector<std::string>> rows{{"INVOICE", "DUE", "OPEN", "DAYS", "LEVEL", "INTEREST"}};
      for (const json &i : n.at("items"))
        rows.push_back({field(i, "invoice_number"), field(i, "due_date"), field(i, "open_amount"),
                        field(i, "days_overdue"),
                        field(i, "level") + (i.contains("escalated") && i.at("escalated").get<bool>() ? " (new)" : ""),
                        field(i, "interest")});
      print_indented_table(out, rows, 4);
      if (n.contains("excluded_items"))
        for (const json &e : n.at("excluded_items"))
          out << "    not dunned: " << field(e, "invoice_number") << ": " << field(e, "reason") << "\n";
    }
  }
  if (r.contains("held") && r.at("held").is_array() && !r.at("held").empty()) {
    out << "\nNo notice:\n";
    std::vector<std::vector<std::string>> rows{{"CUSTOMER", "OUTCOME", "REASON"}};
    for (const json &h : r.at("held")) rows.push_back({field(h, "customer_number"), field(h, "outcome"), field(h, "reason")});
    print_indented_table(out, rows, 2);
  }
  if (r.contains("totals")) {
    const json &t = r.at("totals");
    out << "\nTotals: " << field(t, "notices") << " notices, " << field(t, "items") << " items, "
        << field(t, "customers") << " customers with overdue items\n";
    if (t.contains("amounts") && t.at("amounts").is_object())
      for (auto it = t.at("amounts").begin(); it != t.at("amounts").end(); ++it)
        out << "  " << it.key() << ": overdue " << field(it.value(), "overdue_total") << ", fees "
            << field(it.value(), "fee") << ", interest " << field(it.value(), "interest") << ", total due "
            << field(it.value(), "total_due") << "\n";
  }
  if (r.contains("documents")) {
    const json &d = r.at("documents");
    out << "Documents: " << field(d, "composed") << " notices composed, " << field(d, "emails") << " e-mails and "
        << field(d, "letters") << " letters queued in the outbox, " << field(d, "calls") << " calls for collectors\n";
  }
}

void print_worklist(std::ostream &out, const json &r) {
  const json *rows_in = nullptr;
  for (const char *k : {"rows", "customers", "worklist", "entries"})
    if (r.is_object() && r.contains(k) && r.at(k).is_array()) rows_in = &r.at(k);
  if (!rows_in) {
    print_document(out, r);
    return;
  }
  std::vector<std::vector<std::string>> rows{{"RANK", "CUSTOMER", "NAME", "COLLECTOR", "OVERDUE", "OLDEST", "SCORE"}};
  for (const json &w : *rows_in)
    rows.push_back({field(w, "rank"), field(w, "customer_number"), field(w, "customer_name"), field(w, "collector"),
                    field(w, "overdue_amount") + " " + field(w, "currency"), field(w, "oldest_days_overdue"),
                    field(w, "score")});
  print_table(out, rows);
  for (const json &w : *rows_in) {
    if (!w.contains("reasons")) continue;
    out << field(w, "rank") << ". " << field(w, "customer_number") << ":";
    for (const json &reason : w.at("reasons")) out << " " << scalar_text(reason) << ";";
    out << "\n";
  }
}

void print_history(std::ostream &out, const json &r) {
  if (!r.is_object() || !r.contains("entries")) {
    print_document(out, r);
    return;
  }
  out << "History of customer " << field(r, "customer_number") << " " << field(r, "customer_name") << "\n";
  std::vector<std::vector<std::string>> rows{{"DATE", "KIND", "REFERENCE", "AMOUNT", "DETAIL"}};
  for (const json &e : r.at("entries")) {
    std::string amount = field(e, "amount");
    if (!amount.empty() && amount != "-") amount += " " + field(e, "currency");
    std::string detail = field(e, "detail");
    if (e.contains("state")) detail = field(e, "channel") + " " + field(e, "state") + (detail.empty() ? "" : ": " + detail);
    rows.push_back({field(e, "date"), field(e, "kind"), field(e, "reference"), amount, detail});
  }
  print_table(out, rows);
}

}  // namespace arx::cli
