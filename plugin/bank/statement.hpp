// Bank statements as arx reads them from the bank's files (camt.053/054,
// MT940, BAI2, the CSV lockbox format of docs/CASHAPP.md): one model for every
// format, so cash application never knows where a line came from.
//
// Amounts are exact: core::money in the line's currency, always the magnitude
// (credit tells the direction). Text is UTF-8 as the bank sent it (trimmed);
// an absent value is an empty string, never a placeholder such as "NOTPROVIDED"
// or MT940's "NONREF" (those are dropped when parsing).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/money.hpp"

namespace arx::bank {

enum class file_format { camt052, camt053, camt054, mt940, mt942, bai2, csv };
std::string_view format_name(file_format f) noexcept;  // "camt.053", "mt940", "bai2", "csv", ...

// A structured remittance reference the payer gave.
struct structured_reference {
  enum class kind_t {
    creditor_reference,  // ISO 11649 RF reference or another creditor reference (camt CdtrRefInf, SEPA RF)
    document,            // a referred document number (camt RfrdDocInf/Nb): usually an invoice number
  };
  kind_t kind = kind_t::document;
  std::string reference;
  std::optional<core::money> amount;  // the amount the payer assigns to this document (RmtdAmt, DuePyblAmt)
};

// One movement of money: a camt transaction detail (a batch entry gives one
// line per TxDtls), an MT940 :61:/:86: pair, a BAI2 16 record, a CSV row.
struct statement_line {
  core::money amount;            // magnitude, > 0 except for the zero amounts some banks send
  bool credit = true;            // money in: camt CRDT, MT940 C and RD, BAI2 type 100-399
  // Undoes an earlier booking: camt RvslInd (CRDT + RvslInd undoes a debit),
  // MT940 RC (reversal of a credit: money out) and RD (reversal of a debit:
  // money in). `credit` is always the direction of this booking itself.
  bool reversal = false;
  bool booked = true;             // camt Sts BOOK (PDNG/INFO entries are shown, never applied)
  bool returned = false;         // a return (camt RtrInf, SEPA return codes, MT940 GVC 109/159/...)
  std::string return_reason;     // camt RtrInf/Rsn/Cd, SEPA return reason ("AC04", "MD06")
  std::optional<core::date> booking_date;
  std::optional<core::date> value_date;
  std::string payer_name;        // the counterparty: debtor for credits, creditor for debits
  std::string payer_account;     // IBAN when given (upper case, no spaces), else the account number
  std::string payer_bic;
  std::string ultimate_payer;    // camt UltmtDbtr: on whose behalf (factoring, parent company)
  std::string end_to_end_id;
  std::string bank_reference;    // camt AcctSvcrRef, else NtryRef, else the transaction's refs; MT940 bank ref
  std::string customer_reference;// MT940 :61: customer reference, camt InstrId/MsgId where given
  std::string mandate_id;        // SEPA direct debit mandate (camt MndtId, MT940 MREF+)
  std::string remittance;        // unstructured remittance text (Ustrd / SVWZ+ / :86: purpose), joined by spaces
  std::vector<structured_reference> references;
  std::string transaction_code;  // camt Domn/Fmly/SubFmlyCd or Prtry/Cd; MT940 GVC or :61: code; BAI2 type code
  std::string position;          // where in the file: "line 14" or "Stmt[1]/Ntry[3]/NtryDtls/TxDtls[2]"
};

struct balance {
  std::string type;              // "opening", "closing", "opening_available", "closing_available", "forward_available", "interim"
  core::money amount;            // signed: negative for a debit balance
  std::optional<core::date> date;
};

struct statement {
  file_format format = file_format::camt053;
  std::string id;                // camt Stmt/Id or Ntfctn/Id; MT940 :20: + :28C:; BAI2 account + group; CSV batch
  std::string sequence;          // camt ElctrncSeqNb/LglSeqNb, MT940 :28C:
  std::string account;           // our account: IBAN (upper case, no spaces) or the bank's account number
  std::string currency;          // of the account
  std::optional<core::date> from_date, to_date;  // the statement's period, or its date in both
  std::optional<core::date> created;
  std::vector<balance> balances;
  std::vector<statement_line> lines;
  std::string position;          // where the statement starts
};

struct bank_file {
  file_format format = file_format::camt053;
  std::vector<statement> statements;
};

// The format of a file from its first bytes: camt by the XML namespace
// (urn:iso:std:iso:20022:tech:xsd:camt.05x.001.nn), MT940/942 by its tags
// (":20:" and ":25:"/":61:", optionally inside a {1:...}{4: block), BAI2 by
// its "01," file header, CSV by arx's header row. Throws arx::error
// (ARX_E_PARSE) naming `origin` when nothing fits.
file_format detect_format(std::string_view bytes, std::string_view origin);

// Parses a whole file in any supported format. Throws arx::error(ARX_E_PARSE)
// with "<origin>: line N: reason" (text formats) or "<origin>: element
// /Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt: reason" (camt) at the first
// problem; nothing is returned for a file with an error.
bank_file parse_file(std::string_view bytes, std::string_view origin);

// The parsers behind parse_file, for tests and callers that know the format.
bank_file parse_camt(std::string_view bytes, std::string_view origin);
bank_file parse_mt940(std::string_view bytes, std::string_view origin);
bank_file parse_bai2(std::string_view bytes, std::string_view origin);
bank_file parse_csv(std::string_view bytes, std::string_view origin);

// How the parsers report where a file goes wrong: arx::error(ARX_E_PARSE)
// with "<origin>: line N: what".
[[noreturn]] void fail_at_line(std::string_view origin, size_t line, const std::string &what);

// The file's name, carried through a parser for fail_at_line.
class parse_context {
public:
  explicit parse_context(std::string_view origin) : origin_(origin) {}
  [[noreturn]] void fail(size_t line, const std::string &what) const { fail_at_line(origin_, line, what); }

private:
  std::string origin_;
};

}  // namespace arx::bank
