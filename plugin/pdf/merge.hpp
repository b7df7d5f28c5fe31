// Print batches: many PDFs (invoices, statements) into one, with qpdf.
#pragma once

#include <string>
#include <vector>

namespace arx::pdf {

// One PDF holding every page of `pdfs`, in order. Throws arx::error
// (ARX_E_INVALID_ARGUMENT): for no input at all, and for an input that qpdf
// cannot read or that has no pages, naming its index (0-based) and qpdf's
// reason.
std::string merge_pdfs(const std::vector<std::string> &pdfs);

}  // namespace arx::pdf
