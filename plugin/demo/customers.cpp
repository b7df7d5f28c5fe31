// The customers of one demo company: name, address, tax identity and
// Peppol id, language, currency, bank accounts on file, payment terms, and
// the habits the settlement and remittance texts follow (payment profile,
// payment runs, how the payables department writes what it pays). Rules in
// docs/DEMO_DATA.md.
#include <map>

#include "demo/builder.hpp"
#include "demo/identifiers.hpp"
#include "demo/text.hpp"

namespace arx::demo::detail {

void company_builder::make_customers() {
  prng r = stream(opt_.seed, static_cast<uint64_t>(index_), 1);
  weighted countries;
  for (const auto &w : spec_.customer_countries) countries.add(w.weight);
  std::map<std::string, int> names_used;
  custs_.reserve(opt_.customers);
  for (uint32_t i = 0; i < opt_.customers; ++i) {
    cust c;
    const std::string_view code = spec_.customer_countries[static_cast<size_t>(countries.pick(r))].country;
    c.cs = &country(code);
    const bool domestic = code == spec_.country;
    c.tax = domestic ? treatment::domestic
            : (c.cs->eu && spec_.country != "GB") ? treatment::intra_eu
                                                  : treatment::export_;
    const bool public_sector = code == "DE" && spec_.country == "DE" && r.chance(40);

    c.row.id = ++ids_.customer;
    c.row.company_id = company_id_;
    c.row.number = "C" + std::to_string(10001 + i);
    if (public_sector) {
      const auto &town = r.pick(words::german_cities);
      c.base_name = cat("Stadtwerke ", town.name);
      c.row.name = c.base_name + " GmbH";
    } else {
      for (int attempt = 0;; ++attempt) {
        auto [name, base] = business_name(*c.cs, r);
        if (names_used.count(name) == 0 || attempt >= 8) {
          if (names_used[name]++ > 0) name += cat(" (", std::to_string(names_used[name]), ")");
          c.row.name = std::move(name);
          c.base_name = std::move(base);
          break;
        }
      }
    }
    c.row.country = std::string(code);

    // Tax identity and Peppol participant id.
    identity id = identity_for(code, r);
    const uint32_t vat_per_mille = !id.vat_id ? 0 : c.tax == treatment::intra_eu ? 1000
                                                : public_sector                    ? 500
                                                : domestic                         ? 750
                                                                                   : 800;
    const bool has_vat = r.chance(vat_per_mille);
    if (has_vat) c.row.vat_id = id.vat_id;
    if (public_sector) {
      c.buyer_reference = leitweg_id(r);
      c.row.peppol_id = "0204:" + *c.buyer_reference;
    } else if (r.chance(c.cs->peppol_per_mille)) {
      if (id.peppol_from_vat && !has_vat)
        c.row.peppol_id = "0088:" + gln(code == "GB" ? "50" : code == "NL" ? "87" : "40", r);
      else c.row.peppol_id = id.peppol_id;
    }

    // Language: the country's, English for some foreign customers; NULL now and then.
    c.lang = std::string(c.cs->language);
    if (!domestic && c.lang != "en" && r.chance(100)) c.lang = "en";
    if (!r.chance(30)) c.row.language = c.lang;
    else c.lang = std::string(spec_.language);

    // Address (missing for a few) and mailbox (missing for some).
    if (!r.chance(10)) {
      const auto &town = r.pick(c.cs->cities);
      c.row.street = street_for(*c.cs, r);
      c.row.city = std::string(town.name);
      c.row.postcode = postcode_for(code, town, r);
    }
    if (!r.chance(80)) c.row.email = cat(r.pick(c.cs->mailboxes), "@", slug(c.base_name), ".example");

    // Billing currency: the company's, USD for US customers, EUR for the UK company's EU customers.
    c.currency = code == "US"                                ? "USD"
                 : spec_.country == "GB" && code != "GB" ? "EUR"
                                                             : std::string(spec_.currency);
    c.bank_charges = code == "US" || (spec_.country == "GB" && code != "GB");

    // Payment behaviour.
    static constexpr uint32_t profile_weights[] = {280, 230, 160, 120, 60, 90, 60};
    weighted profiles;
    for (uint32_t w : profile_weights) profiles.add(w);
    c.prof = static_cast<profile>(profiles.pick(r));
    c.late_mean = static_cast<int>(r.between(4, 35));
    c.late_spread = static_cast<int>(r.between(1, 10));
    if (c.prof == profile::batch) {
      const int k = r.index(3);
      c.runs = k == 0 ? run_kind::weekly : k == 1 ? run_kind::biweekly : run_kind::semi_monthly;
      static constexpr unsigned run_days[] = {2, 4, 5};
      c.run_day = std::chrono::weekday{run_days[r.below(3)]};
      c.run_anchor = next_business(start_ + days{r.between(0, 13)});
      while (std::chrono::weekday{c.run_anchor} != c.run_day) c.run_anchor += days{1};
    } else if (c.prof == profile::erratic) {
      c.runs = run_kind::random;
      for (sys_days t = start_; t <= as_of_ + days{400}; t += days{r.between(4, 30)})
        c.random_runs.push_back(next_business(t));
    }

    // Terms: 14/30/45/60 days; NULL for a few (the company default of 30 applies).
    static constexpr int terms[] = {14, 30, 45, 60};
    static constexpr uint32_t term_weights[] = {200, 500, 150, 150};
    weighted tw;
    for (uint32_t w : term_weights) tw.add(w);
    c.terms = public_sector ? 30 : terms[tw.pick(r)];
    if (code == "US" && c.terms == 14) c.terms = 30;
    if (!r.chance(30)) c.row.payment_terms_days = c.terms;
    else c.terms = 30;

    const uint32_t discount_per_mille = c.prof == profile::discount_taker ? 1000
                                        : c.prof == profile::prompt       ? 300
                                        : c.prof == profile::batch || c.prof == profile::chronic ? 200
                                                                                                 : 100;
    c.discount_terms = r.chance(discount_per_mille);
    if (r.chance(100)) {
      c.discount_percent = 300;
      c.discount_days = 8;
    }
    c.rebate_per_mille = static_cast<int>(r.between(0, 30) * 5);
    static constexpr uint32_t order_rates[] = {0, 500, 900, 1000};
    c.order_ref_per_mille = r.pick(order_rates);
    c.order_style = r.index(4);
    if (!public_sector && r.chance(150)) {
      if (c.lang == "de") {
        static constexpr std::string_view refs[] = {"Abt. Instandhaltung", "z. Hd. Einkauf", "Werk 2"};
        c.buyer_reference = r.chance(500) ? "KST " + r.digits(4, true) : std::string(r.pick(refs));
      } else if (c.lang == "nl") {
        static constexpr std::string_view refs[] = {"t.a.v. Inkoop", "Afd. Onderhoud", "Vestiging Noord"};
        c.buyer_reference = r.chance(500) ? "Kostenplaats " + r.digits(4, true) : std::string(r.pick(refs));
      } else {
        static constexpr std::string_view refs[] = {"Attn: Maintenance", "Attn: Purchasing", "Plant 3"};
        c.buyer_reference = r.chance(500) ? "Cost centre " + r.digits(4, true) : std::string(r.pick(refs));
      }
    }

    // Bank accounts on file: none for some, two for some; US banks have no IBAN.
    if (code != "US") {
      const int roll = r.index(100);
      const int n = roll < 8 ? 0 : roll < 80 ? 1 : 2;
      for (int k = 0; k < n; ++k) c.ibans.push_back(*random_iban(code, r));
    }

    // Remittance habits.
    static constexpr uint32_t format_weights[] = {350, 150, 100, 80, 120, 80, 120};
    weighted fw;
    for (uint32_t w : format_weights) fw.add(w);
    c.rem_keyword = r.index(6);
    c.rem_format = fw.pick(r);
    c.rem_separator = r.index(5);
    c.rem_upper = r.chance(200);
    c.rem_customer_number = r.chance(150);
    c.rem_sepa = code == "DE" && r.chance(120);
    c.rem_structured = r.chance(350);

    // Order volume: a few key accounts buy most.
    const int tier = r.index(1000);
    cust_weights_.add(tier < 80 ? 25 : tier < 330 ? 6 : 1);
    custs_.push_back(std::move(c));
  }

  for (const auto &c : custs_) {
    out_.customers.push_back(c.row);
    for (const auto &iban : c.ibans) out_.bank_accounts.push_back({++ids_.bank_account, c.row.id, iban});
  }
}

}  // namespace arx::demo::detail
