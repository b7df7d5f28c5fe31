// What the bank-file conformance tests (camt, MT940, BAI2) share: reading a
// sample, naming a parameterized test after its file, and the checks every
// parsed or refused sample must pass.
#pragma once

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "bank/statement.hpp"

namespace arx::test {

inline std::string read_file(const std::filesystem::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The test name of a sample: its path with every character that is not a
// letter or digit as '_'.
inline std::string sample_test_name(const ::testing::TestParamInfo<std::string> &info) {
  std::string s = info.param;
  for (char &c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

// A refusal of sample `name` names the file and the line first, then says why.
inline void expect_refused_at(const std::string &message, const std::string &name, int line,
                              const std::string &because) {
  EXPECT_EQ(message.rfind(name + ": line " + std::to_string(line) + ": ", 0), 0u) << message;
  EXPECT_NE(message.find(because), std::string::npos) << message;
}

// Every line of a statement is a positive amount in the statement's currency
// (the direction is a field of its own).
inline void expect_amounts_in_statement_currency(const bank::statement &s) {
  for (const auto &l : s.lines) {
    EXPECT_EQ(l.amount.currency(), s.currency);
    EXPECT_FALSE(l.amount.is_negative());
  }
}

}  // namespace arx::test
