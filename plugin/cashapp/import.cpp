#include "cashapp/import.hpp"

#include <chrono>
#include <map>
#include <optional>

#include <soci/soci.h>

#include "config/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/hash.hpp"
#include "core/text.hpp"
#include "db/batch.hpp"
#include "db/rows.hpp"
#include "erp/bank.hpp"
#include "erp/company.hpp"

namespace arx::cashapp {
namespace {

std::string opt_date(const std::optional<core::date> &d) { return d ? core::format_date(*d) : std::string{}; }

// A statement as the ERP records it (erp/bank.hpp): every line, credits
// positive, dated by value date, else booking date.
erp::bank_statement as_erp_statement(const std::string &ref, const bank::statement &st) {
  erp::bank_statement out;
  out.account = st.account;
  out.statement_ref = ref;
  out.currency = st.currency;
  std::string last;
  int64_t line_no = 0;
  for (const auto &l : st.lines) {
    erp::bank_line b;
    b.line_no = ++line_no;
    b.amount = (l.credit ? "" : "-") + l.amount.to_string();
    b.date = opt_date(l.value_date ? l.value_date : l.booking_date);
    if (out.currency.empty()) out.currency = std::string(l.amount.currency());
    b.payer_name = core::optional_prefix(l.payer_name, 200);
    b.payer_account = core::optional_prefix(l.payer_account, 70);
    b.bank_reference = core::optional_prefix(l.bank_reference, 200);
    b.remittance = core::optional_prefix(l.remittance, 1000);
    last = std::max(last, b.date);
    out.lines.push_back(std::move(b));
  }
  out.date = st.to_date ? core::format_date(*st.to_date) : last;
  for (auto &b : out.lines)
    if (b.date.empty()) b.date = out.date;  // undated lines carry the statement's date (the ERP may need one)
  return out;
}

// Field separator of the canonical text: a byte no bank text contains.
constexpr char sep = '\x1f';

// What state a freshly imported line starts in: booked credits wait for
// matching, returns wait for the reversal of what they returned, everything
// else (debits, pending entries) is shown and never matched.
std::string initial_state(const bank::statement_line &l) {
  if (!l.booked) return "ignored";
  if (l.returned || (l.reversal && !l.credit)) return "return";
  if (l.credit && !l.reversal) return "new";
  return "ignored";
}

struct company_ref {
  int64_t id = 0;
  std::string code;
};

std::optional<company_ref> company_by_account(db::context &ctx, const std::string &account) {
  soci::rowset<soci::row> rows = (ctx.sql().prepare << ctx.profile().sql("cashapp.company_by_account"),
                                  soci::use(account, "account"));
  std::optional<company_ref> found;
  for (const auto &r : rows) {
    if (found) fail(ARX_E_VALIDATION, "account " + account + " is the IBAN of more than one company; name the company");
    found = company_ref{db::row_int(r, 0), r.get<std::string>(1)};
  }
  return found;
}

std::string text_or_null_flag(const std::string &s, soci::indicator &ind) {
  ind = s.empty() ? soci::i_null : soci::i_ok;
  return s;
}

}  // namespace

std::string canonical_text(const bank::statement &st) {
  std::string out;
  out.reserve(128 + st.lines.size() * 160);
  auto field = [&](std::string_view v) {
    out += v;
    out += sep;
  };
  field(bank::format_name(st.format));
  field(st.account);
  field(st.id);
  field(st.sequence);
  field(st.currency);
  field(opt_date(st.from_date));
  field(opt_date(st.to_date));
  out += '\n';
  for (const auto &l : st.lines) {
    field(l.amount.to_string());
    field(l.amount.currency());
    field(l.credit ? "C" : "D");
    field(l.reversal ? "R" : "");
    field(l.returned ? "T" : "");
    field(l.booked ? "B" : "");
    field(l.return_reason);
    field(opt_date(l.booking_date));
    field(opt_date(l.value_date));
    field(l.payer_name);
    field(l.payer_account);
    field(l.payer_bic);
    field(l.ultimate_payer);
    field(l.end_to_end_id);
    field(l.bank_reference);
    field(l.customer_reference);
    field(l.mandate_id);
    field(l.remittance);
    field(l.transaction_code);
    for (const auto &r : l.references) {
      field(r.kind == bank::structured_reference::kind_t::document ? "doc" : "cref");
      field(r.reference);
      field(r.amount ? r.amount->to_string() : "");
    }
    out += '\n';
  }
  return out;
}

void check_file_size(db::context &ctx, const std::string &company, std::string_view origin, uint64_t size) {
  constexpr const char *key = "cashapp.max_bank_file_mib";
  const uint64_t mib = std::stoull(config::get(ctx, company, key).value);
  if (size <= mib * 1024 * 1024) return;
  fail(ARX_E_VALIDATION, std::string(origin) + ": the bank file has " + std::to_string(size) + " bytes, more than the " +
                             std::to_string(mib) + " MiB the configuration key " + key + " allows" +
                             (company.empty() ? std::string() : " for company " + company) +
                             "; nothing was parsed or imported (split the file or raise the key)");
}

nlohmann::json import_file(db::context &ctx, const import_request &request) {
  const std::string origin = request.source_name.empty() ? "bank file" : request.source_name;
  check_file_size(ctx, request.company, origin, request.bytes.size());
  // Parsing happens before anything touches the database: a malformed file
  // imports nothing and holds no lock.
  const bank::bank_file file = bank::parse_file(request.bytes, origin);
  const std::string file_hash = core::sha256_hex(request.bytes);
  const int64_t now = core::now_or(request.now_unix);

  // Which company: named, or the one whose IBAN every statement is for.
  company_ref company;
  if (!request.company.empty()) {
    const erp::company c = erp::find_company(ctx, request.company);
    company = {c.id, c.code};
  } else {
    for (const auto &st : file.statements) {
      const auto found = company_by_account(ctx, st.account);
      if (!found)
        fail(ARX_E_VALIDATION, origin + ": statement " + st.id + " (" + st.position + ") is for account " + st.account +
                                   ", which is no company's IBAN in the ERP; name the company (--company)");
      if (company.id && found->id != company.id)
        fail(ARX_E_VALIDATION, origin + ": the statements are for accounts of different companies (" + company.code +
                                   ", " + found->code + "); import one company's statements per file");
      company = *found;
    }
  }

  soci::session &sql = ctx.sql();
  soci::transaction tx(sql);
  nlohmann::json result = {{"format", std::string(bank::format_name(file.format))}, {"company", company.code}};

  {
    long long existing = 0;
    soci::indicator ind = soci::i_null;
    sql << "SELECT id FROM arx_bank_file WHERE company_id = :c AND sha256 = :h", soci::into(existing, ind),
        soci::use(company.id, "c"), soci::use(file_hash, "h");
    if (ind == soci::i_ok) {
      result["status"] = "already_imported";
      result["file_id"] = existing;
      result["statements"] = nlohmann::json::array();
      result["lines"] = 0;
      result["credits"] = 0;
      tx.commit();
      return result;
    }
  }

  // The file is recorded with its first new statement: a file whose
  // statements are all known changes nothing.
  int64_t file_id = 0;
  auto record_file = [&] {
    const std::string format_name(bank::format_name(file.format));
    sql << "INSERT INTO arx_bank_file (company_id, sha256, format, source_name, statements, imported_at, imported_by) "
           "VALUES (:c, :h, :f, :s, :n, :t, :u)",
        soci::use(company.id, "c"), soci::use(file_hash, "h"), soci::use(format_name, "f"),
        soci::use(request.source_name, "s"), soci::use(static_cast<int>(file.statements.size()), "n"),
        soci::use(now, "t"), soci::use(ctx.user(), "u");
    file_id = ctx.db().last_insert_id();
  };

  db::row_batch lines({"statement_id", "company_id", "line_no", "amount", "currency", "credit", "reversal", "returned",
                       "booked", "return_reason", "booking_date", "value_date", "payer_name", "payer_account",
                       "payer_bic", "ultimate_payer", "end_to_end_id", "bank_reference", "customer_reference",
                       "mandate_id", "remittance", "transaction_code", "position", "state"});
  struct pending_refs {
    int64_t statement_id;
    const bank::statement *st;
  };
  std::vector<pending_refs> with_refs;
  struct imported_statement {
    int64_t statement_id;
    const bank::statement *st;
    std::string ref;  // the statement's name in arx (MT940: with number and period)
  };
  std::vector<imported_statement> imported;

  nlohmann::json statements = nlohmann::json::array();
  int64_t total_lines = 0, total_credits = 0;
  bool any_new = false;
  for (const auto &st_parsed : file.statements) {
    // MT940's :20: is often the same every day ("STARTUMSE"); its statement
    // is named by reference, number and period together.
    bank::statement st_named;
    const bool weak_id = st_parsed.format == bank::file_format::mt940 || st_parsed.format == bank::file_format::mt942;
    if (weak_id) {
      st_named = st_parsed;
      st_named.id = st_parsed.id + "/" + st_parsed.sequence + "/" + opt_date(st_parsed.from_date) + ".." +
                    opt_date(st_parsed.to_date);
    }
    const bank::statement &st = weak_id ? st_named : st_parsed;
    const std::string content_hash = core::sha256_hex(canonical_text(st));
    nlohmann::json entry = {{"statement_ref", st.id}, {"account", st.account}, {"lines", st.lines.size()}};
    int64_t credits = 0;
    for (const auto &l : st.lines) credits += initial_state(l) == "new" ? 1 : 0;
    entry["credits"] = credits;

    long long existing_id = 0;
    std::string existing_hash;
    soci::indicator ind = soci::i_null;
    sql << "SELECT id, content_sha256 FROM arx_bank_statement WHERE company_id = :c AND account = :a AND "
           "statement_ref = :r",
        soci::into(existing_id, ind), soci::into(existing_hash), soci::use(company.id, "c"),
        soci::use(st.account, "a"), soci::use(st.id, "r");
    if (ind == soci::i_ok) {
      if (existing_hash != content_hash)
        fail(ARX_E_VALIDATION, origin + ": statement " + st.id + " for account " + st.account +
                                   " was imported before with different content (statement row " +
                                   std::to_string(existing_id) +
                                   "); a corrected statement needs a person to review what was applied from the "
                                   "first one, so nothing was imported");
      entry["status"] = "already_imported";
      entry["statement_id"] = existing_id;
      statements.push_back(entry);
      continue;
    }
    // The same statement twice in one file is the same statement.
    bool duplicate_in_file = false;
    for (const auto &s : statements)
      if (s["statement_ref"] == st.id && s["account"] == st.account && s.value("status", "") == "imported")
        duplicate_in_file = true;
    if (duplicate_in_file)
      fail(ARX_E_PARSE, origin + ": statement " + st.id + " for account " + st.account + " appears twice in the file (" +
                            st.position + ")");

    if (!file_id) record_file();
    const std::string format = std::string(bank::format_name(st.format));
    soci::indicator seq_ind, ccy_ind, from_ind, to_ind;
    const std::string seq = text_or_null_flag(st.sequence, seq_ind);
    const std::string ccy = text_or_null_flag(st.currency, ccy_ind);
    const std::string from = text_or_null_flag(opt_date(st.from_date), from_ind);
    const std::string to = text_or_null_flag(opt_date(st.to_date), to_ind);
    const int line_count = static_cast<int>(st.lines.size());
    sql << "INSERT INTO arx_bank_statement (company_id, file_id, format, account, statement_ref, sequence, currency, "
           "from_date, to_date, content_sha256, line_count, imported_at) VALUES (:c, :f, :fmt, :a, :r, :seq, :ccy, "
           ":fr, :to, :h, :n, :t)",
        soci::use(company.id, "c"), soci::use(file_id, "f"), soci::use(format, "fmt"), soci::use(st.account, "a"),
        soci::use(st.id, "r"), soci::use(seq, seq_ind, "seq"), soci::use(ccy, ccy_ind, "ccy"),
        soci::use(from, from_ind, "fr"), soci::use(to, to_ind, "to"), soci::use(content_hash, "h"),
        soci::use(line_count, "n"), soci::use(now, "t");
    const int64_t statement_id = ctx.db().last_insert_id();
    entry["status"] = "imported";
    entry["statement_id"] = statement_id;
    statements.push_back(entry);
    any_new = true;
    total_lines += line_count;
    total_credits += credits;

    bool refs = false;
    int64_t line_no = 0;
    for (const auto &l : st.lines) {
      ++line_no;
      lines.add_row();
      lines.set("statement_id", statement_id);
      lines.set("company_id", company.id);
      lines.set("line_no", line_no);
      lines.set("amount", l.amount.to_string());
      lines.set("currency", std::string(l.amount.currency()));
      lines.set("credit", int64_t{l.credit});
      lines.set("reversal", int64_t{l.reversal});
      lines.set("returned", int64_t{l.returned});
      lines.set("booked", int64_t{l.booked});
      auto text = [&](const char *column, const std::string &v, size_t max) {
        if (v.empty()) lines.set_null(column);
        else lines.set(column, std::string(core::utf8_prefix(v, max)));
      };
      text("return_reason", l.return_reason, 35);
      text("booking_date", opt_date(l.booking_date), 10);
      text("value_date", opt_date(l.value_date), 10);
      text("payer_name", l.payer_name, 400);
      text("payer_account", l.payer_account, 70);
      text("payer_bic", l.payer_bic, 11);
      text("ultimate_payer", l.ultimate_payer, 400);
      text("end_to_end_id", l.end_to_end_id, 100);
      text("bank_reference", l.bank_reference, 200);
      text("customer_reference", l.customer_reference, 100);
      text("mandate_id", l.mandate_id, 100);
      text("remittance", l.remittance, 4000);
      text("transaction_code", l.transaction_code, 40);
      lines.set("position", std::string(core::utf8_prefix(l.position, 200)));
      lines.set("state", initial_state(l));
      refs = refs || !l.references.empty();
    }
    if (refs) with_refs.push_back({statement_id, &st_parsed});  // the same lines, and it outlives the loop
    imported.push_back({statement_id, &st_parsed, st.id});
  }

  if (lines.rows())
    lines.execute(sql,
                  "INSERT INTO arx_bank_line (statement_id, company_id, line_no, amount, currency, credit, reversal, "
                  "returned, booked, return_reason, booking_date, value_date, payer_name, payer_account, payer_bic, "
                  "ultimate_payer, end_to_end_id, bank_reference, customer_reference, mandate_id, remittance, "
                  "transaction_code, position, state) VALUES (:statement_id, :company_id, :line_no, :amount, "
                  ":currency, :credit, :reversal, :returned, :booked, :return_reason, :booking_date, :value_date, "
                  ":payer_name, :payer_account, :payer_bic, :ultimate_payer, :end_to_end_id, :bank_reference, "
                  ":customer_reference, :mandate_id, :remittance, :transaction_code, :position, :state)");

  // Structured references need the lines' ids: one query per statement that
  // has any, then one vector insert.
  db::row_batch references({"line_id", "seq", "kind", "reference", "amount"});
  for (const auto &p : with_refs) {
    std::vector<long long> ids(p.st->lines.size());
    std::vector<int> numbers(p.st->lines.size());
    sql << "SELECT id, line_no FROM arx_bank_line WHERE statement_id = :s ORDER BY line_no", soci::into(ids),
        soci::into(numbers), soci::use(p.statement_id, "s");
    if (ids.size() != p.st->lines.size())
      fail(ARX_E_INTERNAL, "statement row " + std::to_string(p.statement_id) + ": lines were not all written");
    for (size_t i = 0; i < ids.size(); ++i) {
      const auto &l = p.st->lines[static_cast<size_t>(numbers[i] - 1)];
      int64_t seq = 0;
      for (const auto &r : l.references) {
        references.add_row();
        references.set("line_id", static_cast<int64_t>(ids[i]));
        references.set("seq", ++seq);
        references.set("kind", std::string(r.kind == bank::structured_reference::kind_t::document ? "document"
                                                                                                   : "creditor"));
        references.set("reference", std::string(core::utf8_prefix(r.reference, 200)));
        if (r.amount) references.set("amount", r.amount->to_string());
        else references.set_null("amount");
      }
    }
  }
  if (references.rows())
    references.execute(sql, "INSERT INTO arx_bank_line_reference (line_id, seq, kind, reference, amount) VALUES "
                            "(:line_id, :seq, :kind, :reference, :amount)");

  // ERPs that keep bank statements receive the new ones, and arx keeps their
  // ids for the payments it applies from them.
  if (erp::keeps_bank_statements(ctx) && !imported.empty()) {
    std::vector<erp::bank_statement> to_erp;
    for (const auto &imp : imported) to_erp.push_back(as_erp_statement(imp.ref, *imp.st));
    const auto recorded = erp::record_bank_statements(ctx, company.id, to_erp);
    db::row_batch heads({"id", "erp_id"});
    db::row_batch erp_lines({"statement_id", "line_no", "erp_id"});
    for (size_t i = 0; i < recorded.size(); ++i) {
      heads.add_row();
      heads.set("id", imported[i].statement_id);
      heads.set("erp_id", recorded[i].statement_id);
      for (size_t n = 0; n < recorded[i].line_ids.size(); ++n) {
        erp_lines.add_row();
        erp_lines.set("statement_id", imported[i].statement_id);
        erp_lines.set("line_no", static_cast<int64_t>(n + 1));
        erp_lines.set("erp_id", recorded[i].line_ids[n]);
      }
    }
    heads.execute(sql, "UPDATE arx_bank_statement SET erp_statement_id = :erp_id WHERE id = :id");
    if (erp_lines.rows())
      erp_lines.execute(sql, "UPDATE arx_bank_line SET erp_line_id = :erp_id WHERE statement_id = :statement_id "
                             "AND line_no = :line_no");
  }

  tx.commit();
  result["status"] = any_new ? "imported" : "already_imported";
  if (file_id) result["file_id"] = file_id;
  result["statements"] = statements;
  result["lines"] = total_lines;
  result["credits"] = total_credits;
  return result;
}

}  // namespace arx::cashapp
