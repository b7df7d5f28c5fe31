// The e-invoice document model: an invoice or credit note in EN 16931 terms
// (business terms BT-n / groups BG-n), independent of the syntax it is written
// in. The generators (UBL 2.1, CII D16B) write this model; build_document()
// fills it from the ERP and compute_totals() derives every total and the VAT
// breakdown by the EN 16931 calculation rules (BR-CO-*).
//
// Units: amounts are int64 minor units of `currency` (or `tax_currency` where
// named); quantities and unit prices are scaled by 10^4 (DECIMAL(18,4));
// percentages are hundredths (19.00 % = 1900).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"

namespace arx::einvoice {

enum class document_type {
  invoice,     // UNTDID 1001 code 380, UBL <Invoice>
  credit_note  // 381, UBL <CreditNote>
};

// Which specification a document follows (its CustomizationID, BT-24).
enum class specification {
  peppol_bis3,  // urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0
  xrechnung_3,  // urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0
  en16931       // urn:cen.eu:en16931:2017 (plain EN 16931, e.g. CII for Factur-X/ZUGFeRD)
};

struct electronic_address {
  std::string scheme; // EAS code, e.g. "0088" (GLN), "9930" (DE VAT), "EM" (e-mail)
  std::string id;
};

struct party {
  std::string name;                               // BT-27 / BT-44
  std::optional<std::string> trading_name;        // BT-28 / BT-45
  std::optional<std::string> vat_id;              // BT-31 / BT-48, with country prefix
  std::optional<std::string> tax_registration_id; // BT-32 (seller's national tax number)
  std::optional<std::string> legal_id;            // BT-30 / BT-47 (trade register number)
  std::optional<std::string> street;              // BT-35 / BT-50
  std::optional<std::string> city;                // BT-37 / BT-52
  std::optional<std::string> postcode;            // BT-38 / BT-53
  std::string country;                            // BT-40 / BT-55, ISO 3166-1 alpha-2
  std::optional<electronic_address> endpoint;     // BT-34 / BT-49
  std::optional<std::string> contact_name;        // BT-41 / BT-56
  std::optional<std::string> contact_phone;       // BT-42 / BT-57
  std::optional<std::string> contact_email;       // BT-43 / BT-58
  // Added for the generators: the ISO 6523 ICD scheme of legal_id (BT-30-1 /
  // BT-47-1), e.g. "0106" (Dutch KvK), "0190" (Dutch OIN), "0002" (SIREN).
  std::optional<std::string> legal_id_scheme;
};

// A document- or line-level allowance (discount) or charge (BG-20/21, BG-27/28).
struct allowance_charge {
  bool is_charge = false;
  int64_t amount = 0;                    // BT-92/99/136/141, >= 0
  std::optional<int64_t> base_amount;    // BT-93/100/137/142
  std::optional<int64_t> percent;        // BT-94/101/138/143, hundredths
  std::optional<std::string> reason;     // BT-97/104/139/144
  std::optional<std::string> reason_code;// BT-98/105/140/145 (UNTDID 5189 / 7161)
  // Document level only: the VAT category and rate it falls under (BT-95/96, BT-102/103).
  std::string tax_category;
  std::optional<int64_t> tax_percent;
};

struct line {
  std::string id;                        // BT-126
  std::string name;                      // BT-153
  std::optional<std::string> description;// BT-154
  int64_t quantity = 0;                  // BT-129, scale 4; negative allowed on invoices only as a correction
  std::string unit_code;                 // BT-130, UN/ECE Rec 20 (C62, HUR, KGM, ...)
  int64_t unit_price = 0;                // BT-146 net price, scale 4, >= 0
  std::vector<allowance_charge> allowances_charges; // BG-27 / BG-28
  int64_t net_amount = 0;                // BT-131 = round(qty x price) - allowances + charges
  std::string tax_category;              // BT-151: S, Z, E, AE, K, G, O, L, M
  std::optional<int64_t> tax_percent;    // BT-152 (absent for O)
  std::optional<std::string> order_line_reference; // BT-132
};

// One row of the VAT breakdown (BG-23), per category and rate.
struct vat_breakdown {
  std::string category;                  // BT-118
  std::optional<int64_t> percent;        // BT-119
  int64_t taxable_amount = 0;            // BT-116
  int64_t tax_amount = 0;                // BT-117
  std::optional<std::string> exemption_reason;      // BT-120
  std::optional<std::string> exemption_reason_code; // BT-121 (VATEX-...)
};

struct totals {
  int64_t line_net = 0;          // BT-106 sum of line nets
  int64_t allowances = 0;        // BT-107 document allowances
  int64_t charges = 0;           // BT-108 document charges
  int64_t tax_exclusive = 0;     // BT-109 = 106 - 107 + 108
  int64_t tax = 0;               // BT-110 sum of BT-117
  std::optional<int64_t> tax_in_tax_currency; // BT-111, in tax_currency
  int64_t tax_inclusive = 0;     // BT-112 = 109 + 110
  int64_t prepaid = 0;           // BT-113
  int64_t rounding = 0;          // BT-114
  int64_t payable = 0;           // BT-115 = 112 - 113 + 114
};

struct payment_instructions {
  std::string means_code = "58";             // BT-81, UNTDID 4461: 58 SEPA credit transfer, 30 credit transfer
  std::optional<std::string> remittance;     // BT-83: the structured creditor reference (ISO 11649 RF...)
  std::optional<std::string> iban;           // BT-84
  std::optional<std::string> account_name;   // BT-85
  std::optional<std::string> bic;            // BT-86
  std::optional<std::string> terms;          // BT-20 payment terms text (cash discount, ...)
};

struct document {
  document_type type = document_type::invoice;
  specification spec = specification::peppol_bis3;
  std::string number;                         // BT-1
  core::date issue_date;                      // BT-2
  std::optional<core::date> due_date;         // BT-9
  std::string currency;                       // BT-5
  std::optional<std::string> tax_currency;    // BT-6, when VAT is accounted in another currency
  // Exchange rate tax_currency per 1 currency unit, scaled by 10^6, used to
  // compute BT-111 when tax_currency is set.
  std::optional<int64_t> tax_currency_rate_e6;
  std::vector<std::string> notes;             // BT-22
  std::optional<std::string> buyer_reference; // BT-10 (Leitweg-ID for XRechnung)
  std::optional<std::string> order_reference; // BT-13
  std::optional<std::string> contract_reference; // BT-12
  std::optional<std::string> preceding_invoice;  // BT-25 (credit notes: the corrected invoice)
  std::optional<core::date> preceding_invoice_date; // BT-26
  party seller;
  party buyer;
  payment_instructions payment;
  std::vector<line> lines;
  std::vector<allowance_charge> allowances_charges; // document level
  std::vector<vat_breakdown> vat;             // filled by compute_totals
  totals sums;                                // filled by compute_totals
  // The VAT total the ERP booked (minor units, as a positive document), when
  // read from an ERP: compute_totals adopts it where it is the EN 16931
  // figure rounded another way (compute.hpp), so that the e-invoice states
  // what the ledger holds.
  std::optional<int64_t> erp_tax;
  bool erp_tax_adopted = false;               // set by compute_totals
  // Added for the generators: delivery information (BG-13). Intra-community
  // supplies (category K) need a delivery date (BT-72) and the deliver-to
  // country (BT-80) (BR-IC-11, BR-IC-12). Of deliver_to only name (BT-70),
  // street, city, postcode and country (BG-15: BT-75, BT-77, BT-78, BT-80)
  // are used.
  std::optional<core::date> delivery_date;    // BT-72
  std::optional<party> deliver_to;            // BT-70, BG-15
};

}  // namespace arx::einvoice
