#include "einvoice/compute.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/money.hpp"

namespace arx::einvoice {

namespace {

using core::money;

int64_t pow10(int n) {
  int64_t v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

[[noreturn]] void reject(std::string message) { throw error(ARX_E_VALIDATION, std::move(message)); }

std::string percent_text(const std::optional<int64_t> &percent) {
  return percent ? core::format_scaled(*percent, 2) + " %" : std::string("no rate");
}

// round(quantity x unit price) in minor units: both inputs are scaled by 10^4,
// so the exact product is quantity x price / 10^8 currency units.
int64_t line_gross(const line &l, const std::string &currency, int exponent) {
  if (exponent > 4) invalid_argument("currency " + currency + " has more than 4 decimals");
  const money quantity(l.quantity, currency);  // read as "minor units at scale 4" below
  // quantity/10^4 x price/10^4 x 10^exponent = quantity x price(text) / 10^(4 - exponent)
  return quantity.multiply(core::format_scaled(l.unit_price, 4), pow10(4 - exponent)).minor();
}

// round(base x percent / 100), percent in hundredths.
int64_t percent_of(int64_t base, int64_t percent, const std::string &currency) {
  return money(base, currency).multiply(core::format_scaled(percent, 2), 100).minor();
}

// The rate rules of each category (BR-S-05, BR-Z-05, BR-E-05, BR-AE-05,
// BR-IC-05, BR-G-05, BR-O-05, BR-AF-05, BR-AG-05).
void check_category(const std::string &where, const std::string &category, const std::optional<int64_t> &percent) {
  if (!is_vat_category(category)) {
    reject(where + ": VAT category '" + category + "' is not one of S, Z, E, AE, K, G, O, L, M (UNTDID 5305)");
  }
  if (category == "O") {
    if (percent) reject(where + ": VAT category O (not subject to VAT) must not have a VAT rate (BR-O-05)");
    return;
  }
  if (!percent) reject(where + ": VAT category " + category + " needs a VAT rate (BT-152 / BT-96 / BT-103)");
  if (*percent < 0) reject(where + ": VAT rate " + percent_text(percent) + " is negative");
  if (category == "S" && *percent == 0) {
    reject(where + ": VAT category S (standard rate) needs a rate above zero (BR-S-05)");
  }
  if ((category == "Z" || category == "E" || category == "AE" || category == "K" || category == "G") &&
      *percent != 0) {
    static const std::array<std::pair<const char *, const char *>, 5> rule{{
        {"Z", "BR-Z-05"}, {"E", "BR-E-05"}, {"AE", "BR-AE-05"}, {"K", "BR-IC-05"}, {"G", "BR-G-05"}}};
    const char *id = "";
    for (const auto &[c, r] : rule)
      if (category == c) id = r;
    reject(where + ": VAT category " + category + " must have the rate 0, not " + percent_text(percent) + " (" +
           id + ")");
  }
}

void check_allowance(const std::string &where, const allowance_charge &ac, const std::string &currency,
                     int exponent) {
  const char *noun = ac.is_charge ? "charge" : "allowance";
  if (ac.amount < 0) {
    reject(where + ": " + noun + " amount " + core::format_minor(ac.amount, exponent) + " is negative");
  }
  if (ac.percent.has_value() != ac.base_amount.has_value()) {
    reject(where + ": " + noun + " states " + (ac.percent ? "a percentage without its base amount"
                                                          : "a base amount without its percentage") +
           " (PEPPOL-EN16931-R041/R042)");
  }
  if (ac.percent && ac.base_amount) {
    const int64_t expected = percent_of(*ac.base_amount, *ac.percent, currency);
    if (expected != ac.amount) {
      reject(where + ": " + noun + " amount " + core::format_minor(ac.amount, exponent) + " differs from " +
             core::format_minor(*ac.base_amount, exponent) + " x " + percent_text(ac.percent) + " = " +
             core::format_minor(expected, exponent) + " (PEPPOL-EN16931-R040)");
    }
  }
  if (!ac.reason && !ac.reason_code) {
    reject(where + ": " + noun + " needs a reason or a reason code (BR-33/BR-38, BR-42/BR-44)");
  }
}

int64_t add(int64_t a, int64_t b, const char *what) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) invalid_argument(std::string("amount overflow while summing ") + what);
  return r;
}

}  // namespace

bool is_vat_category(std::string_view c) noexcept {
  return c == "S" || c == "Z" || c == "E" || c == "AE" || c == "K" || c == "G" || c == "O" || c == "L" ||
         c == "M";
}

exemption_default default_exemption(std::string_view category) {
  if (category == "AE") return {"Reverse charge", "VATEX-EU-AE"};
  if (category == "K") return {"Intra-community supply", "VATEX-EU-IC"};
  if (category == "G") return {"Export outside the EU", "VATEX-EU-G"};
  if (category == "O") return {"Not subject to VAT", "VATEX-EU-O"};
  if (category == "E") return {"Exempt from VAT", ""};
  return {};
}

void compute_totals(document &doc) {
  const std::string &cur = doc.currency;
  const int e = core::currency_exponent(cur);
  if (e > 4) invalid_argument("currency " + cur + " has more than 4 decimals");

  std::vector<vat_breakdown> groups;
  auto group_for = [&](const std::string &category, const std::optional<int64_t> &percent) -> vat_breakdown & {
    for (auto &g : groups)
      if (g.category == category && g.percent == percent) return g;
    vat_breakdown g;
    g.category = category;
    g.percent = percent;
    groups.push_back(std::move(g));
    return groups.back();
  };

  if (doc.lines.empty()) reject("document " + doc.number + " has no lines (BR-16)");

  totals t;
  t.prepaid = doc.sums.prepaid;
  t.rounding = doc.sums.rounding;

  for (const line &l : doc.lines) {
    const std::string where = "line " + l.id;
    check_category(where, l.tax_category, l.tax_percent);
    int64_t expected = line_gross(l, cur, e);
    for (std::size_t i = 0; i < l.allowances_charges.size(); ++i) {
      const allowance_charge &ac = l.allowances_charges[i];
      check_allowance(where + ", " + (ac.is_charge ? "charge " : "allowance ") + std::to_string(i + 1), ac, cur, e);
      expected = add(expected, ac.is_charge ? ac.amount : -ac.amount, "line allowances and charges");
    }
    if (expected != l.net_amount) {
      reject(where + ": net amount " + core::format_minor(l.net_amount, e) + " " + cur +
             " differs from quantity x price - allowances + charges = " + core::format_minor(expected, e) +
             " (EN 16931 BT-131, PEPPOL-EN16931-R120)");
    }
    vat_breakdown &g = group_for(l.tax_category, l.tax_percent);
    g.taxable_amount = add(g.taxable_amount, l.net_amount, "line net amounts");
    t.line_net = add(t.line_net, l.net_amount, "line net amounts");
  }

  for (std::size_t i = 0; i < doc.allowances_charges.size(); ++i) {
    const allowance_charge &ac = doc.allowances_charges[i];
    const std::string where =
        std::string("document ") + (ac.is_charge ? "charge " : "allowance ") + std::to_string(i + 1);
    check_category(where, ac.tax_category, ac.tax_percent);
    check_allowance(where, ac, cur, e);
    vat_breakdown &g = group_for(ac.tax_category, ac.tax_percent);
    if (ac.is_charge) {
      g.taxable_amount = add(g.taxable_amount, ac.amount, "document charges");
      t.charges = add(t.charges, ac.amount, "document charges");
    } else {
      g.taxable_amount = add(g.taxable_amount, -ac.amount, "document allowances");
      t.allowances = add(t.allowances, ac.amount, "document allowances");
    }
  }

  // "Not subject to VAT" excludes every other category (BR-O-11 .. BR-O-14).
  if (groups.size() > 1) {
    for (const auto &g : groups) {
      if (g.category == "O") {
        reject("document " + doc.number +
               ": VAT category O (not subject to VAT) cannot be mixed with other VAT categories (BR-O-11)");
      }
    }
  }

  for (auto &g : groups) {
    g.tax_amount = g.percent ? percent_of(g.taxable_amount, *g.percent, cur) : 0;  // BR-CO-17
    const exemption_default d = default_exemption(g.category);
    if (!d.reason.empty()) g.exemption_reason = d.reason;
    if (!d.code.empty()) g.exemption_reason_code = d.code;
    t.tax = add(t.tax, g.tax_amount, "VAT amounts");
  }
  doc.erp_tax_adopted = false;
  if (doc.erp_tax && *doc.erp_tax != t.tax) {
    vat_breakdown *taxed = nullptr;
    int taxed_rows = 0;
    for (auto &g : groups)
      if (g.percent && *g.percent > 0) taxed = &g, ++taxed_rows;
    if (taxed_rows == 1 && doc.allowances_charges.empty()) {
      // Every rounding of each line's exact VAT, down or up, summed: the
      // ERP's figure must lie in between (a document rounded half to even
      // lies there too).
      int64_t low = 0, high = 0;
      for (const line &l : doc.lines) {
        if (l.tax_category != taxed->category || l.tax_percent != taxed->percent) continue;
        // net x percent / 10^4 (percent in hundredths), exactly and without
        // overflow: split net at 10^4.
        const int64_t pct = *taxed->percent;
        const int64_t whole = (l.net_amount / 10000) * pct, part = (l.net_amount % 10000) * pct;
        int64_t down = whole + part / 10000;
        const bool exact = part % 10000 == 0;
        if (!exact && part < 0) --down;
        low += down;
        high += exact ? down : down + 1;
      }
      const int64_t diff = *doc.erp_tax - t.tax;
      if (*doc.erp_tax >= low && *doc.erp_tax <= high && std::llabs(diff) < pow10(e)) {
        taxed->tax_amount = add(taxed->tax_amount, diff, "VAT amounts");
        t.tax = *doc.erp_tax;
        doc.erp_tax_adopted = true;
      }
    }
  }

  t.tax_exclusive = add(add(t.line_net, -t.allowances, "totals"), t.charges, "totals");  // BR-CO-13
  t.tax_inclusive = add(t.tax_exclusive, t.tax, "totals");                               // BR-CO-15
  t.payable = add(add(t.tax_inclusive, -t.prepaid, "totals"), t.rounding, "totals");     // BR-CO-16

  if (doc.tax_currency) {
    if (*doc.tax_currency == cur) {
      reject("document " + doc.number + ": VAT accounting currency " + cur +
             " equals the invoice currency; leave it unset (PEPPOL-EN16931-R005)");
    }
    if (!doc.tax_currency_rate_e6 || *doc.tax_currency_rate_e6 <= 0) {
      reject("document " + doc.number + ": VAT accounting currency " + *doc.tax_currency +
             " needs a positive exchange rate to compute the VAT total in it (BR-53)");
    }
    const int te = core::currency_exponent(*doc.tax_currency);
    if (te > 6) invalid_argument("currency " + *doc.tax_currency + " has more than 6 decimals");
    // tax/10^e x rate/10^6 x 10^te, rounded half away from zero.
    t.tax_in_tax_currency =
        money(t.tax, *doc.tax_currency).multiply(core::format_scaled(*doc.tax_currency_rate_e6, 6 - te), pow10(e))
            .minor();
  }

  doc.vat = std::move(groups);
  doc.sums = t;
}

}  // namespace arx::einvoice
