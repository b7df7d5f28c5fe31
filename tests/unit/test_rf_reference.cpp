// Unit tests for plugin/einvoice/rf_reference: ISO 11649 creditor references.
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "core/rf_reference.hpp"

namespace {

using arx::core::format_rf_reference;
using arx::core::is_valid_rf_reference;
using arx::core::make_rf_reference;
using arx::core::rf_payload_from_number;

// An independent reading of the check: the whole reference rearranged
// (first four characters to the end), written out as a decimal string
// (A = 10 ... Z = 35) and reduced modulo 97 digit by digit.
int mod97_of_rearranged(const std::string &ref) {
  const std::string moved = ref.substr(4) + ref.substr(0, 4);
  std::string digits;
  for (char c : moved) {
    if (c >= 'A' && c <= 'Z') digits += std::to_string(c - 'A' + 10);
    else digits.push_back(c);
  }
  int rem = 0;
  for (char d : digits) rem = (rem * 10 + (d - '0')) % 97;
  return rem;
}

TEST(rf_reference, iso_11649_published_example) {
  // The standard's own example: RF18 5390 0754 7034.
  EXPECT_EQ(make_rf_reference("539007547034"), "RF18539007547034");
  EXPECT_TRUE(is_valid_rf_reference("RF18 5390 0754 7034"));
  EXPECT_TRUE(is_valid_rf_reference("RF18539007547034"));
  // Leading zeros are part of the payload and give the same check digits.
  EXPECT_EQ(make_rf_reference("000000000539007547034"), "RF18000000000539007547034");
}

TEST(rf_reference, made_references_satisfy_the_mod97_check) {
  for (const char *payload : {"1", "A", "Z", "INV20260042", "2026000017", "ABCDEFGHIJKLMNOPQRSTU",
                              "999999999999999999999", "X0Y1Z2"}) {
    const std::string ref = make_rf_reference(payload);
    EXPECT_EQ(ref.substr(0, 2), "RF") << payload;
    EXPECT_EQ(ref.substr(4), payload);
    EXPECT_EQ(mod97_of_rearranged(ref), 1) << ref;
    EXPECT_TRUE(is_valid_rf_reference(ref)) << ref;
    EXPECT_TRUE(is_valid_rf_reference(format_rf_reference(ref))) << ref;
  }
}

TEST(rf_reference, lower_case_payload_is_upper_cased) {
  EXPECT_EQ(make_rf_reference("inv20260042"), make_rf_reference("INV20260042"));
  const std::string ref = make_rf_reference("INV20260042");
  std::string lower;
  for (char c : ref) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  EXPECT_TRUE(is_valid_rf_reference(lower));
}

// MOD 97-10 detects every substitution of a digit by another digit and of a
// letter by another letter (a letter by a digit changes the length of the
// decimal expansion and is not guaranteed to be caught).
TEST(rf_reference, every_same_kind_substitution_is_detected) {
  const std::string ref = make_rf_reference("INV20260042");
  const std::string digits = "0123456789", letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (std::size_t i = 2; i < ref.size(); ++i) {
    const bool is_digit = ref[i] >= '0' && ref[i] <= '9';
    for (char c : is_digit ? digits : letters) {
      if (c == ref[i]) continue;
      std::string bad = ref;
      bad[i] = c;
      EXPECT_FALSE(is_valid_rf_reference(bad)) << bad;
    }
  }
}

TEST(rf_reference, adjacent_transpositions_are_detected) {
  const std::string ref = make_rf_reference("539007547034");
  for (std::size_t i = 4; i + 1 < ref.size(); ++i) {
    if (ref[i] == ref[i + 1]) continue;
    std::string bad = ref;
    std::swap(bad[i], bad[i + 1]);
    EXPECT_FALSE(is_valid_rf_reference(bad)) << bad;
  }
}

TEST(rf_reference, malformed_text_is_invalid) {
  EXPECT_FALSE(is_valid_rf_reference(""));
  EXPECT_FALSE(is_valid_rf_reference("RF18"));
  EXPECT_FALSE(is_valid_rf_reference("XX18539007547034"));
  EXPECT_FALSE(is_valid_rf_reference("RFAB539007547034"));
  EXPECT_FALSE(is_valid_rf_reference("RF18-5390-0754-7034"));
  EXPECT_FALSE(is_valid_rf_reference("R F18539007547034"));
  // 26 characters: one more than ISO 11649 allows.
  EXPECT_FALSE(is_valid_rf_reference(make_rf_reference("ABCDEFGHIJKLMNOPQRSTU") + "0"));
}

TEST(rf_reference, payload_rules) {
  EXPECT_THROW(make_rf_reference(""), arx::error);
  EXPECT_THROW(make_rf_reference("ABCDEFGHIJKLMNOPQRSTUV"), arx::error);  // 22
  EXPECT_THROW(make_rf_reference("INV-1"), arx::error);
  try {
    make_rf_reference("INV/1");
    FAIL() << "expected arx::error";
  } catch (const arx::error &e) {
    EXPECT_EQ(e.status(), ARX_E_INVALID_ARGUMENT);
    EXPECT_NE(std::string(e.what()).find("position 4"), std::string::npos) << e.what();
  }
}

TEST(rf_reference, payload_from_document_number) {
  EXPECT_EQ(rf_payload_from_number("INV-2026/0042"), "INV20260042");
  EXPECT_EQ(rf_payload_from_number("re 2026-17"), "RE202617");
  EXPECT_THROW(rf_payload_from_number("--/--"), arx::error);
  EXPECT_THROW(rf_payload_from_number("2026-0000000000000000042"), arx::error);  // 23 digits
}

TEST(rf_reference, print_format_groups_of_four) {
  EXPECT_EQ(format_rf_reference("RF18539007547034"), "RF18 5390 0754 7034");
  EXPECT_EQ(format_rf_reference("rf18 53900754 7034"), "RF18 5390 0754 7034");
  const std::string shortest = make_rf_reference("1");
  EXPECT_EQ(format_rf_reference(shortest), shortest.substr(0, 4) + " 1");
  EXPECT_THROW(format_rf_reference("RF19539007547034"), arx::error);
}

}  // namespace
