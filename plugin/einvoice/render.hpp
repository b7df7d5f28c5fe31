// Rendering one document of an ERP invoice without delivering it: read it
// (from_erp), compute its totals (compute), give it its structured payment
// reference, write it in the requested syntax (ubl, cii) or as a PDF.
#pragma once

#include <string>

#include "db/context.hpp"

namespace arx::einvoice {

// format: "ubl" (Peppol BIS 3 UBL), "xrechnung-ubl", "xrechnung-cii", "cii"
// (EN 16931 CII) or "pdf" (plugin/pdf, in the customer's language when it is
// de, en or nl, else in the company's general.default_language). Throws
// arx::error: ARX_E_INVALID_ARGUMENT for an unknown format, ARX_E_NOT_FOUND,
// ARX_E_VALIDATION when the ERP data cannot make a valid document.
std::string render(db::context &ctx, const std::string &company, const std::string &number,
                   const std::string &format);

}  // namespace arx::einvoice
