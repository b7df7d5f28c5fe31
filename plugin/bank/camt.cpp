// ISO 20022 bank-to-customer messages: camt.052 (account report), camt.053
// (statement) and camt.054 (debit/credit notification), versions .001.01 to
// .001.08. The versions differ in a few places this reader handles by name:
// parties moved under Pty from .001.08 (Dbtr/Pty/Nm), transaction amounts moved
// from AmtDtls/TxAmt/Amt to TxDtls/Amt from .001.04, status became Sts/Cd in
// .001.08, and BICOrBEI/BIC became AnyBIC/BICFI. Elements are found by local
// name, so a prefixed document (<ns2:Document>) reads the same.
#include <pugixml.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "bank/statement.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/rf_reference.hpp"

namespace arx::bank {
namespace {

std::string_view local_name(const pugi::xml_node &n) {
  std::string_view name = n.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node &n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node &n, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == name) out.push_back(c);
  return out;
}

// child(child(...)) along a path "A/B/C"; an empty node when any step is missing.
pugi::xml_node at(pugi::xml_node n, std::string_view path) {
  while (n && !path.empty()) {
    const auto slash = path.find('/');
    n = child(n, path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
  }
  return n;
}

std::string trimmed(std::string_view s) {
  s = core::trim(s, " \t\r\n");
  // Inner line breaks (pretty-printed text) become single spaces.
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
    if (c == ' ') {
      if (!space) out += ' ';
      space = true;
    } else {
      out += c;
      space = false;
    }
  }
  return out;
}

std::string text(const pugi::xml_node &n, std::string_view path) {
  const pugi::xml_node e = at(n, path);
  return e ? trimmed(e.child_value()) : std::string{};
}

// Placeholders banks write where the payer gave nothing.
std::string reference(std::string value) {
  if (value == "NOTPROVIDED" || value == "NONREF" || value == "NOT PROVIDED") return {};
  return value;
}

std::string normalise_iban(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Reports where a problem is: the element path with 1-based positions.
class locator {
public:
  explicit locator(std::string origin) : origin_(std::move(origin)) {}
  [[noreturn]] void fail_at(const std::string &path, const std::string &reason) const {
    fail(ARX_E_PARSE, origin_ + ": element " + path + ": " + reason);
  }
  const std::string &origin() const { return origin_; }

private:
  std::string origin_;
};

struct reader {
  locator where;
  file_format format;

  core::money amount(const pugi::xml_node &amt, const std::string &path) const {
    if (!amt) where.fail_at(path, "missing");
    const std::string ccy = amt.attribute("Ccy").value();
    const std::string value = trimmed(amt.child_value());
    if (ccy.empty()) where.fail_at(path, "the amount has no Ccy attribute");
    if (!core::is_currency(ccy)) where.fail_at(path, "unknown currency '" + ccy + "' (ISO 4217)");
    try {
      // Some banks write more decimals than the currency has ("18.150"); the
      // value must still be exact in the currency (zeros only).
      core::money m = core::money::parse(value, ccy);
      if (m.is_negative()) where.fail_at(path, "amount '" + value + "' is negative (camt amounts are unsigned)");
      return m;
    } catch (const arx::error &e) {
      if (e.status() == ARX_E_PARSE) throw;
      where.fail_at(path, e.what());
    }
  }

  std::optional<core::date> date(const pugi::xml_node &n, const std::string &path) const {
    if (!n) return std::nullopt;
    // DateAndDateTimeChoice: <Dt> or <DtTm>.
    std::string value = text(n, "Dt");
    std::string leaf = "/Dt";
    if (value.empty()) {
      value = text(n, "DtTm");
      leaf = "/DtTm";
    }
    if (value.empty()) return std::nullopt;
    try {
      return core::parse_date(value);
    } catch (const arx::error &e) {
      where.fail_at(path + leaf, e.what());
    }
  }

  bool credit_indicator(const pugi::xml_node &n, const std::string &path) const {
    const std::string v = text(n, "CdtDbtInd");
    if (v == "CRDT") return true;
    if (v == "DBIT") return false;
    if (v.empty()) where.fail_at(path + "/CdtDbtInd", "missing");
    where.fail_at(path + "/CdtDbtInd", "'" + v + "' is neither CRDT nor DBIT");
  }

  static std::string transaction_code(const pugi::xml_node &btc) {
    if (!btc) return {};
    const std::string domain = text(btc, "Domn/Cd");
    if (!domain.empty()) {
      std::string code = domain;
      const std::string family = text(btc, "Domn/Fmly/Cd");
      const std::string sub = text(btc, "Domn/Fmly/SubFmlyCd");
      if (!family.empty()) code += "/" + family;
      if (!sub.empty()) code += "/" + sub;
      return code;
    }
    return text(btc, "Prtry/Cd");
  }

  // Party name: Nm directly (up to .001.07) or under Pty (.001.08).
  static std::string party_name(const pugi::xml_node &party) {
    if (!party) return {};
    // .001.08 may name a bank instead of a party (Agt/FinInstnId/Nm).
    for (const char *p : {"Nm", "Pty/Nm", "Agt/FinInstnId/Nm"}) {
      std::string name = text(party, p);
      if (!name.empty()) return name;
    }
    return {};
  }

  static std::string account_id(const pugi::xml_node &acct) {
    if (!acct) return {};
    const std::string iban = text(acct, "Id/IBAN");
    if (!iban.empty()) return normalise_iban(iban);
    // .001.01 had BBAN, UPIC and PrtryAcct where later versions have Othr.
    for (const char *p : {"Id/Othr/Id", "Id/BBAN", "Id/PrtryAcct/Id", "Id/UPIC"}) {
      std::string id = text(acct, p);
      if (!id.empty()) return id;
    }
    return {};
  }

  static std::string agent_bic(const pugi::xml_node &agent) {
    if (!agent) return {};
    for (const char *p : {"FinInstnId/BICFI", "FinInstnId/BIC"}) {
      std::string v = text(agent, p);
      if (!v.empty()) return v;
    }
    return {};
  }

  void remittance(const pugi::xml_node &rmt, statement_line &line, const std::string &path) const {
    if (!rmt) return;
    std::string joined;
    for (const auto &u : children(rmt, "Ustrd")) {
      const std::string part = trimmed(u.child_value());
      if (part.empty()) continue;
      if (!joined.empty()) joined += ' ';
      joined += part;
    }
    line.remittance = joined;
    size_t strd_index = 0;
    for (const auto &strd : children(rmt, "Strd")) {
      ++strd_index;
      const std::string spath = path + "/Strd[" + std::to_string(strd_index) + "]";
      // The amount the payer assigns to the document(s) of this Strd.
      std::optional<core::money> amount;
      for (const char *p : {"RfrdDocAmt/RmtdAmt", "RfrdDocAmt/DuePyblAmt"}) {
        const pugi::xml_node a = at(strd, p);
        if (a) {
          amount = this->amount(a, spath + "/" + p);
          break;
        }
      }
      const auto docs = children(strd, "RfrdDocInf");
      for (const auto &doc : docs) {
        std::string nb = text(doc, "Nb");
        if (nb.empty()) continue;
        // Several documents under one Strd share one amount only when there is one.
        line.references.push_back({structured_reference::kind_t::document, nb,
                                   docs.size() == 1 ? amount : std::nullopt});
      }
      const std::string cref = text(strd, "CdtrRefInf/Ref");
      if (!cref.empty()) {
        std::string compact;
        for (char c : cref)
          if (c != ' ') compact += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        const bool rf = core::is_valid_rf_reference(compact);
        line.references.push_back(
            {structured_reference::kind_t::creditor_reference, rf ? compact : cref, docs.empty() ? amount : std::nullopt});
      }
      const std::string addtl = text(strd, "AddtlRmtInf");
      if (!addtl.empty()) line.remittance += (line.remittance.empty() ? "" : " ") + addtl;
    }
  }

  // Fills what a transaction detail says; `entry_line` holds the entry's values.
  void detail(const pugi::xml_node &tx, statement_line &line, const std::string &path, bool own_amount) const {
    if (own_amount) {
      // .001.04+: TxDtls/Amt; earlier: AmtDtls/TxAmt/Amt.
      pugi::xml_node amt = child(tx, "Amt");
      std::string apath = path + "/Amt";
      if (!amt) {
        amt = at(tx, "AmtDtls/TxAmt/Amt");
        apath = path + "/AmtDtls/TxAmt/Amt";
      }
      if (!amt) where.fail_at(path, "a batch entry's transaction has no amount (Amt or AmtDtls/TxAmt/Amt)");
      line.amount = amount(amt, apath);
      // The direction stays the entry's: a transaction inside an entry moves
      // money the same way (some banks' TxDtls/CdtDbtInd says otherwise).
    }
    const pugi::xml_node refs = child(tx, "Refs");
    line.end_to_end_id = reference(text(refs, "EndToEndId"));
    line.mandate_id = text(refs, "MndtId");
    line.customer_reference = reference(text(refs, "InstrId"));
    if (line.bank_reference.empty()) {
      for (const char *p : {"AcctSvcrRef", "TxId", "InstrId", "PmtInfId", "MsgId", "EndToEndId"}) {
        std::string v = reference(text(refs, p));
        if (!v.empty()) {
          line.bank_reference = v;
          break;
        }
      }
    }
    const std::string code = transaction_code(child(tx, "BkTxCd"));
    if (!code.empty()) line.transaction_code = code;

    const pugi::xml_node parties = child(tx, "RltdPties");
    // The counterparty: who paid us (credit) or whom we paid (debit). The
    // indicator of a reversal is the direction of the reversal itself (CRDT
    // with RvslInd undoes a debit), so it still tells who sent the money.
    const bool money_in = line.credit;
    const char *party = money_in ? "Dbtr" : "Cdtr";
    const char *account = money_in ? "DbtrAcct" : "CdtrAcct";
    const char *ultimate = money_in ? "UltmtDbtr" : "UltmtCdtr";
    const char *agent = money_in ? "RltdAgts/DbtrAgt" : "RltdAgts/CdtrAgt";
    line.payer_name = party_name(child(parties, party));
    line.payer_account = account_id(child(parties, account));
    line.ultimate_payer = party_name(child(parties, ultimate));
    line.payer_bic = agent_bic(at(tx, agent));

    remittance(child(tx, "RmtInf"), line, path + "/RmtInf");

    const pugi::xml_node rtr = child(tx, "RtrInf");
    if (rtr) {
      line.returned = true;
      line.return_reason = text(rtr, "Rsn/Cd");
      if (line.return_reason.empty()) line.return_reason = text(rtr, "Rsn/Prtry");
    }
    if (line.remittance.empty()) line.remittance = text(tx, "AddtlTxInf");
  }

  void entry(const pugi::xml_node &ntry, statement &st, const std::string &path) const {
    statement_line base;
    base.amount = amount(child(ntry, "Amt"), path + "/Amt");
    base.credit = credit_indicator(ntry, path);
    const std::string rvsl = text(ntry, "RvslInd");
    base.reversal = rvsl == "true" || rvsl == "1";
    std::string status = text(ntry, "Sts/Cd");
    if (status.empty()) status = text(ntry, "Sts");
    base.booked = status.empty() || status == "BOOK";
    base.booking_date = date(child(ntry, "BookgDt"), path + "/BookgDt");
    base.value_date = date(child(ntry, "ValDt"), path + "/ValDt");
    base.bank_reference = text(ntry, "AcctSvcrRef");
    if (base.bank_reference.empty()) base.bank_reference = text(ntry, "NtryRef");
    base.transaction_code = transaction_code(child(ntry, "BkTxCd"));
    if (child(ntry, "RtrInf")) {  // .001.02 puts return information on the entry as well
      base.returned = true;
      base.return_reason = text(ntry, "RtrInf/Rsn/Cd");
    }
    const std::string addtl = text(ntry, "AddtlNtryInf");

    std::vector<std::pair<pugi::xml_node, std::string>> details;
    size_t d_index = 0;
    for (const auto &dtls : children(ntry, "NtryDtls")) {
      ++d_index;
      size_t t_index = 0;
      for (const auto &tx : children(dtls, "TxDtls")) {
        ++t_index;
        details.emplace_back(tx, path + "/NtryDtls[" + std::to_string(d_index) + "]/TxDtls[" +
                                     std::to_string(t_index) + "]");
      }
    }
    if (details.empty()) {
      base.remittance = addtl;
      base.position = path;
      st.lines.push_back(std::move(base));
      return;
    }
    const bool batch = details.size() > 1;
    const bool amounts_given = std::all_of(details.begin(), details.end(), [](const auto &d) {
      return child(d.first, "Amt") || at(d.first, "AmtDtls/TxAmt/Amt");
    });
    if (batch && !amounts_given) {
      // A batch whose transactions carry no amounts cannot be split: it stays
      // one line of the entry's amount with everything the details say
      // (remittance joined, all references), and the counterparty where the
      // details agree on one. Cash application then treats it as one payment
      // for several documents.
      statement_line line = base;
      line.position = path;
      bool first = true;
      for (const auto &[tx, tpath] : details) {
        statement_line part = base;
        detail(tx, part, tpath, false);
        if (first) {
          line = part;
          line.position = path;
          first = false;
          continue;
        }
        if (!part.remittance.empty())
          line.remittance += (line.remittance.empty() ? "" : " ") + part.remittance;
        line.references.insert(line.references.end(), part.references.begin(), part.references.end());
        if (part.payer_name != line.payer_name) line.payer_name.clear();
        if (part.payer_account != line.payer_account) line.payer_account.clear();
        if (part.end_to_end_id != line.end_to_end_id) line.end_to_end_id.clear();
      }
      st.lines.push_back(std::move(line));
      return;
    }
    core::money total;
    for (const auto &[tx, tpath] : details) {
      statement_line line = base;
      line.position = tpath;
      detail(tx, line, tpath, batch);
      if (line.remittance.empty() && !batch) line.remittance = addtl;
      if (batch) total += line.credit == base.credit ? line.amount : -line.amount;
      st.lines.push_back(std::move(line));
    }
    // A batch's transactions add up to the entry; a bank file that says
    // otherwise would apply cash that never arrived.
    if (batch && total.currency() == base.amount.currency() && total != base.amount)
      where.fail_at(path, "the batch's transaction amounts add up to " + total.to_string() +
                              ", the entry says " + base.amount.to_string());
  }

  statement record(const pugi::xml_node &stmt, const std::string &path) const {
    statement st;
    st.format = format;
    st.position = path;
    st.id = text(stmt, "Id");
    if (st.id.empty()) where.fail_at(path + "/Id", "missing (every statement must have its identification)");
    st.sequence = text(stmt, "ElctrncSeqNb");
    if (st.sequence.empty()) st.sequence = text(stmt, "LglSeqNb");
    const std::string created = text(stmt, "CreDtTm");
    if (!created.empty()) {
      try {
        st.created = core::parse_date(created);
      } catch (const arx::error &e) {
        where.fail_at(path + "/CreDtTm", e.what());
      }
    }
    for (const char *p : {"FrToDt/FrDtTm", "FrToDt/ToDtTm"}) {
      const std::string v = text(stmt, p);
      if (v.empty()) continue;
      try {
        (std::strcmp(p, "FrToDt/FrDtTm") == 0 ? st.from_date : st.to_date) = core::parse_date(v);
      } catch (const arx::error &e) {
        where.fail_at(path + "/" + p, e.what());
      }
    }
    const pugi::xml_node acct = child(stmt, "Acct");
    if (!acct) where.fail_at(path + "/Acct", "missing (the account the statement is for)");
    st.account = account_id(acct);
    if (st.account.empty()) where.fail_at(path + "/Acct/Id", "the account has no identification (IBAN, Othr/Id, BBAN or PrtryAcct/Id)");
    st.currency = text(acct, "Ccy");

    size_t b_index = 0;
    for (const auto &bal : children(stmt, "Bal")) {
      ++b_index;
      const std::string bpath = path + "/Bal[" + std::to_string(b_index) + "]";
      std::string code = text(bal, "Tp/CdOrPrtry/Cd");
      if (code.empty()) code = text(bal, "Tp/CdOrPrtry/Prtry");
      static const std::pair<const char *, const char *> types[] = {
          {"OPBD", "opening"}, {"PRCD", "opening"}, {"CLBD", "closing"}, {"OPAV", "opening_available"},
          {"CLAV", "closing_available"}, {"FWAV", "forward_available"}, {"ITBD", "interim"}, {"ITAV", "interim_available"},
          {"INFO", "information"}, {"XPCD", "expected"}};
      std::string type = code;
      for (const auto &[c, t] : types)
        if (code == c) type = t;
      core::money amt = amount(child(bal, "Amt"), bpath + "/Amt");
      if (!credit_indicator(bal, bpath)) amt = -amt;
      st.balances.push_back({type, amt, date(child(bal, "Dt"), bpath + "/Dt")});
      if (st.currency.empty() && (type == "opening" || type == "closing")) st.currency = std::string(amt.currency());
    }

    size_t n_index = 0;
    for (const auto &ntry : children(stmt, "Ntry")) {
      ++n_index;
      entry(ntry, st, path + "/Ntry[" + std::to_string(n_index) + "]");
    }
    if (st.currency.empty() && !st.lines.empty()) st.currency = std::string(st.lines.front().amount.currency());
    return st;
  }
};

// The line (from 1) that byte `offset` of the file is on.
size_t line_at(std::string_view bytes, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset && i < bytes.size(); ++i)
    if (bytes[i] == '\n') ++line;
  return line;
}

}  // namespace

bank_file parse_camt(std::string_view bytes, std::string_view origin) {
  // camt is UTF-8 (ISO 20022); a byte that is not would reach the database
  // as garbage or be refused there, halfway through the import.
  if (const size_t bad = core::utf8_invalid_at(bytes); bad != std::string_view::npos) {
    fail_at_line(origin, line_at(bytes, bad),
                 "not UTF-8 (byte offset " + std::to_string(bad) + "); camt messages are UTF-8");
  }
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_auto);
  if (!parsed) {
    // The byte offset becomes a line number, which is what people look for.
    fail_at_line(origin, line_at(bytes, parsed.offset < 0 ? 0 : static_cast<size_t>(parsed.offset)),
                 std::string("not well-formed XML (") + parsed.description() + ")");
  }
  const pugi::xml_node root = doc.document_element();
  if (local_name(root) != "Document") fail(ARX_E_PARSE, std::string(origin) + ": element /" + std::string(local_name(root)) + ": the root of a camt message is Document");
  const std::string ns = [&] {
    for (const auto &a : root.attributes()) {
      const std::string_view n = a.name();
      if (n == "xmlns" || n.substr(0, 6) == "xmlns:") {
        const std::string_view v = a.value();
        if (v.find("camt.05") != std::string_view::npos) return std::string(v);
      }
    }
    return std::string{};
  }();
  struct kind {
    const char *ns, *message, *record;
    file_format format;
  };
  static const kind kinds[] = {{"camt.053.001.", "BkToCstmrStmt", "Stmt", file_format::camt053},
                               {"camt.054.001.", "BkToCstmrDbtCdtNtfctn", "Ntfctn", file_format::camt054},
                               {"camt.052.001.", "BkToCstmrAcctRpt", "Rpt", file_format::camt052}};
  const kind *k = nullptr;
  for (const auto &candidate : kinds)
    if (ns.find(candidate.ns) != std::string::npos) k = &candidate;
  if (!k)
    fail(ARX_E_PARSE, std::string(origin) + ": element /Document: namespace '" + ns +
                          "' is not a camt.052, camt.053 or camt.054 message");
  const std::string version = ns.substr(ns.find(k->ns) + std::strlen(k->ns), 2);
  if (version.size() != 2 || version < "01" || version > "08")
    fail(ARX_E_PARSE, std::string(origin) + ": element /Document: " + ns +
                          ": arx reads versions .001.01 to .001.08 of camt messages");

  reader r{locator(std::string(origin)), k->format};
  const std::string mpath = std::string("/Document/") + k->message;
  // Version .001.01 names its message with a suffix (BkToCstmrStmtV01).
  pugi::xml_node message = child(root, k->message);
  if (!message) message = child(root, std::string(k->message) + "V01");
  if (!message) r.where.fail_at(mpath, "missing (the namespace says " + std::string(format_name(k->format)) + ")");
  bank_file file;
  file.format = k->format;
  size_t index = 0;
  for (const auto &rec : children(message, k->record)) {
    ++index;
    file.statements.push_back(r.record(rec, mpath + "/" + k->record + "[" + std::to_string(index) + "]"));
  }
  if (file.statements.empty())
    r.where.fail_at(mpath, std::string("has no ") + k->record + " (a message holds at least one)");
  return file;
}

}  // namespace arx::bank
