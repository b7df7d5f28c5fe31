// Fuzz target: camt.052/053/054 (plugin/bank/camt.cpp),
// and parse_file (format detection, then the parser it picks) on the same input.
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  arx::fuzz::run_bank_parser(data, size, arx::bank::parse_camt);
  arx::fuzz::run_bank_parser(data, size, arx::bank::parse_file);
  return 0;
}
