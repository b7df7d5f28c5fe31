// What the unit tests share: table-driven checks of text functions and the
// pieces of e-invoice documents that several suites build.
//
//   expect_each(fold_name, {
//       {"Müller", "muller"},
//       {"Mueller", "muller"},
//   });
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "core/date.hpp"
#include "einvoice/document.hpp"

namespace arx::test {

// One row of a table: a text going in and what must come out (a text unless
// the table says otherwise: expect_each<tokens>(name_tokens, ...)).
template <class Out = std::string_view> struct text_case {
  std::string_view in;
  Out out;
};

// Expects f(in) == out for every row; a failure names the row's input.
template <class Out = std::string_view, class F>
void expect_each(F &&f, std::initializer_list<text_case<Out>> rows) {
  for (const text_case<Out> &row : rows) EXPECT_EQ(f(row.in), row.out) << "for \"" << row.in << '"';
}

inline core::date ymd(int y, unsigned m, unsigned d) {
  return core::date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

// An invoice line of `quantity` (scaled by 10^4) units "C62" at `price`
// (scaled by 10^4) with its net amount in minor units and its VAT category.
inline einvoice::line make_line(std::string id, std::string name, int64_t quantity, int64_t price, int64_t net,
                                std::string category, std::optional<int64_t> percent) {
  einvoice::line l;
  l.id = std::move(id);
  l.name = std::move(name);
  l.quantity = quantity;
  l.unit_code = "C62";
  l.unit_price = price;
  l.net_amount = net;
  l.tax_category = std::move(category);
  l.tax_percent = percent;
  return l;
}

}  // namespace arx::test
