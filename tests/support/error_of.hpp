// Runs a call that must fail and returns the message of the arx::error it
// throws, expecting the error's status; a test failure (and "") when it throws
// something else or nothing:
//
//   EXPECT_THAT(error_of(ARX_E_PARSE, [&] { parse_mt940(text, "unit.sta"); }), HasSubstr("line 5"));
#pragma once

#include <exception>
#include <string>

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace arx::test {

template <class F> std::string error_of(arx_status expected, F &&f) {
  try {
    f();
  } catch (const arx::error &e) {
    EXPECT_EQ(e.status(), expected) << e.what();
    return e.what();
  } catch (const std::exception &e) {
    ADD_FAILURE() << "expected arx::error, got std::exception: " << e.what();
    return {};
  }
  ADD_FAILURE() << "expected arx::error, nothing was thrown";
  return {};
}

}  // namespace arx::test
