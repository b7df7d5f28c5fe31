#include "einvoice/render.hpp"

#include "core/error.hpp"
#include "einvoice/cii.hpp"
#include "einvoice/compute.hpp"
#include "einvoice/from_erp.hpp"
#include "einvoice/rf_reference.hpp"
#include "einvoice/ubl.hpp"

namespace arx::einvoice {

std::string render(runtime::context &ctx, const std::string &company, const std::string &number,
                   const std::string &format) {
  specification spec;
  bool cii = false;
  if (format == "ubl") spec = specification::peppol_bis3;
  else if (format == "xrechnung-ubl") spec = specification::xrechnung_3;
  else if (format == "xrechnung-cii") spec = specification::xrechnung_3, cii = true;
  else if (format == "cii") spec = specification::en16931, cii = true;
  else if (format == "pdf") throw error(ARX_E_NOT_IMPLEMENTED, "PDF invoices are not implemented yet");
  else
    throw error(ARX_E_INVALID_ARGUMENT,
                "unknown document format '" + format + "' (ubl, xrechnung-ubl, xrechnung-cii, cii, pdf)");

  auto e = read_document(ctx, company, number, spec);
  if (!e.doc.payment.remittance) e.doc.payment.remittance = make_rf_reference(rf_payload_from_number(e.doc.number));
  compute_totals(e.doc);
  return cii ? write_cii(e.doc) : write_ubl(e.doc);
}

}  // namespace arx::einvoice
