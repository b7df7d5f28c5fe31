// The three companies of the demo (a German, a Dutch and a British
// subsidiary of one drive-technology distributor): who they are, where their
// customers come from, how they number documents and ask to be paid.
// Internal to plugin/demo.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "demo/generator.hpp"

namespace arx::demo::detail {

struct country_weight {
  std::string_view country;
  uint32_t weight;
};

struct company_spec {
  std::string_view code, name, country, currency, language;
  std::string_view street, city, postcode, mailbox, domain;
  std::string_view bank_code, bic;
  int64_t standard_rate, reduced_rate;  // hundredths
  std::string_view invoice_prefix, credit_prefix, draft_prefix;
  int reference_style;  // 0: invoice number, 1: ISO 11649 RF reference, 2: invoice number or NULL
  std::span<const country_weight> customer_countries;
  std::string_view tax_office, tax_refund_text, insurer, insurer_text;
};

// Every company of the demo, in the order of their ids (1, 2, 3).
std::span<const company_spec> company_specs();

// The company's row; the same for every seed.
company make_company(const company_spec &s, int64_t id);

}  // namespace arx::demo::detail
