// The invoice posting hook's commands: validate and post an ERP invoice,
// render one of its documents, deliver it again, attach a file to it.
#include <fstream>
#include <iterator>

#include "commands.hpp"

namespace arx::cli {

namespace {

arx::host::invoice_ref invoice_of(const po::variables_map &vm, const std::vector<std::string> &args) {
  arx::host::invoice_ref ref;
  ref.company = required_company(vm);
  ref.invoice_number = args[0];
  return ref;
}

int run_invoice_validate(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  s.emit(s.context().invoice_validate(invoice_of(vm, args)), print_generic);
  return 0;
}

int run_invoice_post(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  s.emit(s.context().invoice_post(invoice_of(vm, args)), print_generic);
  return 0;
}

// Writes one document of an invoice to --out (atomically: a temp file renamed
// into place), or to standard output when --out is "-".
int run_invoice_render(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  const std::string format = vm["format"].as<std::string>();
  const std::string out = vm["out"].as<std::string>();
  write_document(s, out, s.context().invoice_render(invoice_of(vm, args), format), format);
  return 0;
}

int run_invoice_resend(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  s.emit(s.context().invoice_resend(invoice_of(vm, args), optional_value(vm, "channel"), optional_value(vm, "to")),
         print_generic);
  return 0;
}

int run_invoice_attach(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  std::ifstream in(args[1], std::ios::binary);
  if (!in) throw arx::host::error(ARX_E_NOT_FOUND, "cannot read " + args[1]);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string name = optional_value(vm, "name").value_or(args[1].substr(args[1].find_last_of('/') + 1));
  s.emit(s.context().invoice_attach(invoice_of(vm, args), name, data, optional_value(vm, "content-type")),
         print_generic);
  return 0;
}

} // namespace

std::vector<command> invoice_commands() {
  return {
    {"invoice validate", "NUMBER --company CODE", "Check an ERP invoice before it is posted", 1, 1,
     run_invoice_validate, {company_required}},
    {"invoice post", "NUMBER --company CODE",
     "Process an invoice the ERP has posted (documents and their delivery)", 1, 1,
     run_invoice_post, {company_required}},
    {"invoice render", "NUMBER --company CODE --format F --out FILE",
     "Write one document of an invoice (ubl, xrechnung-ubl, xrechnung-cii, cii, pdf) without delivering it", 1, 1,
     run_invoice_render,
     {company_required, required("format", "F", "ubl, xrechnung-ubl, xrechnung-cii, cii or pdf"),
      required("out", "FILE", "the file to write, - for stdout")}},
    {"invoice resend", "NUMBER --company CODE [--channel CH] [--to ADDRESS]",
     "Deliver a posted invoice again, with the files stored for it", 1, 1, run_invoice_resend,
     {company_required,
      value("channel", "CH", "peppol, xrechnung, email, print or portal (default: the channel it went out by)"),
      value("to", "ADDRESS", "another recipient (e.g. e-mail address)")}},
    {"invoice attach", "NUMBER FILE --company CODE [--name NAME] [--content-type T]",
     "Store a file with an invoice (e.g. a proof of delivery); resends carry it", 2, 2, run_invoice_attach,
     {company_required, value("name", "NAME", "file name to store (default: FILE's name)"),
      value("content-type", "T", "MIME type, e.g. application/pdf")}},
  };
}

} // namespace arx::cli
