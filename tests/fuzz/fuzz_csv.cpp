// Fuzz target: the CSV lockbox format (plugin/bank/csv.cpp),
// and parse_file (format detection, then the parser it picks) on the same input.
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  arx::fuzz::run_bank_parser(data, size, arx::bank::parse_csv);
  arx::fuzz::run_bank_parser(data, size, arx::bank::parse_file);
  return 0;
}
