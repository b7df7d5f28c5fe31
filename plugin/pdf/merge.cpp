#include "pdf/merge.hpp"

#include <memory>

// qpdf 11: arx uses std::shared_ptr only, never the old PointerHolder.
#define POINTERHOLDER_TRANSITION 4
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include "core/error.hpp"

namespace arx::pdf {

std::string merge_pdfs(const std::vector<std::string> &pdfs) {
  if (pdfs.empty()) invalid_argument("merge_pdfs: no PDFs to merge");
  try {
    QPDF out;
    out.emptyPDF();
    QPDFPageDocumentHelper out_pages(out);
    // The inputs stay open until the output is written: qpdf copies their
    // pages' objects lazily.
    std::vector<std::unique_ptr<QPDF>> inputs;
    inputs.reserve(pdfs.size());
    for (size_t i = 0; i < pdfs.size(); ++i) {
      const std::string name = "input " + std::to_string(i);
      try {
        auto in = std::make_unique<QPDF>();
        in->setSuppressWarnings(true);
        in->processMemoryFile(name.c_str(), pdfs[i].data(), pdfs[i].size());
        auto pages = QPDFPageDocumentHelper(*in).getAllPages();
        if (pages.empty()) invalid_argument("merge_pdfs: input " + std::to_string(i) + " has no pages");
        for (auto &page : pages) out_pages.addPage(page, false);
        inputs.push_back(std::move(in));
      } catch (const arx::error &) {
        throw;
      } catch (const std::exception &e) {
        invalid_argument("merge_pdfs: input " + std::to_string(i) + " is not a readable PDF: " + e.what());
      }
    }
    QPDFWriter w(out);
    w.setOutputMemory();
    w.setStaticID(false);
    w.write();
    auto buffer = w.getBufferSharedPointer();
    return std::string(reinterpret_cast<const char *>(buffer->getBuffer()), buffer->getSize());
  } catch (const arx::error &) {
    throw;
  } catch (const std::exception &e) {
    fail(ARX_E_INTERNAL, std::string("merge_pdfs: writing the merged PDF failed: ") + e.what());
  }
}

}  // namespace arx::pdf
