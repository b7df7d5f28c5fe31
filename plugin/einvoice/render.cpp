#include "einvoice/render.hpp"

#include <optional>

#include "config/store.hpp"
#include "core/error.hpp"
#include "einvoice/cii.hpp"
#include "einvoice/compute.hpp"
#include "einvoice/from_erp.hpp"
#include "core/rf_reference.hpp"
#include "einvoice/ubl.hpp"
#include "pdf/format.hpp"
#include "pdf/invoice_pdf.hpp"

namespace arx::einvoice {
namespace {

// The customer's language when arx has its texts (de, en, nl; "DE" and
// "de-AT" count as de), else the company's general.default_language, else
// English.
std::string document_language(db::context &ctx, const std::string &company,
                              const std::optional<std::string> &customer_language) {
  if (customer_language) {
    std::string code = customer_language->substr(0, customer_language->find_first_of("-_"));
    for (char &ch : code)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    if (pdf::is_language(code)) return code;
  }
  const std::string fallback = config::get(ctx, company, "general.default_language").value;
  return pdf::is_language(fallback) ? fallback : "en";
}

}  // namespace

std::string render(db::context &ctx, const std::string &company, const std::string &number,
                   const std::string &format) {
  specification spec = specification::en16931;
  bool cii = false, as_pdf = false;
  if (format == "ubl") spec = specification::peppol_bis3;
  else if (format == "xrechnung-ubl") spec = specification::xrechnung_3;
  else if (format == "xrechnung-cii") spec = specification::xrechnung_3, cii = true;
  else if (format == "cii") spec = specification::en16931, cii = true;
  else if (format == "pdf") as_pdf = true;
  else
    throw error(ARX_E_INVALID_ARGUMENT,
                "unknown document format '" + format + "' (ubl, xrechnung-ubl, xrechnung-cii, cii, pdf)");

  auto e = read_document(ctx, company, number, spec);
  if (!e.doc.payment.remittance) e.doc.payment.remittance = core::make_rf_reference(core::rf_payload_from_number(e.doc.number));
  compute_totals(e.doc);
  if (as_pdf) return pdf::render_invoice_pdf(e.doc, document_language(ctx, company, e.language));
  return cii ? write_cii(e.doc) : write_ubl(e.doc);
}

}  // namespace arx::einvoice
