// Identifiers with check digits for the demo data (see identifiers.hpp).
#include "demo/identifiers.hpp"

#include "demo/common.hpp"
#include "demo/text.hpp"

namespace arx::demo::detail {
namespace {

// The remainder modulo 97 of the number written by `s`, letters counting
// A = 10 .. Z = 35 (ISO 13616, ISO 11649, ISO 7064 MOD 97-10).
int mod97(std::string_view s) {
  int r = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') r = (r * 10 + (c - '0')) % 97;
    else if (c >= 'A' && c <= 'Z') r = (r * 100 + (c - 'A' + 10)) % 97;
  }
  return r;
}

int luhn_check(std::string_view s) {
  int sum = 0;
  bool twice = true;
  for (auto it = s.rbegin(); it != s.rend(); ++it) {
    int d = *it - '0';
    if (twice && (d *= 2) > 9) d -= 9;
    sum += d;
    twice = !twice;
  }
  return (10 - sum % 10) % 10;
}

int gs1_check(std::string_view s) {
  int sum = 0;
  bool three = true;
  for (auto it = s.rbegin(); it != s.rend(); ++it) {
    sum += (*it - '0') * (three ? 3 : 1);
    three = !three;
  }
  return (10 - sum % 10) % 10;
}

char digit_char(int d) { return static_cast<char>('0' + d); }

// Bank code (first digit not zero) and account number, drawn in that order.
std::string bank_and_account(prng &r, int bank_digits, int account_digits) {
  std::string s = r.digits(bank_digits, true);
  s += r.digits(account_digits);
  return s;
}

std::string bban_for(std::string_view country, prng &r) {
  if (country == "DE") return bank_and_account(r, 8, 10);
  if (country == "AT") return bank_and_account(r, 5, 11);
  if (country == "CH") return bank_and_account(r, 5, 12);
  if (country == "NL") {
    static constexpr std::string_view banks[] = {"ABNA", "INGB", "RABO", "TRIO", "SNSB", "KNAB", "BUNQ"};
    return lettered_bank(r.pick(banks), r, 0, 10);
  }
  if (country == "BE") {
    const std::string base = r.digits(10, true);
    int64_t check = std::stoll(base) % 97;
    if (check == 0) check = 97;
    return base + zero_padded(static_cast<uint64_t>(check), 2);
  }
  if (country == "FR") {
    const std::string bank = r.digits(5, true), branch = r.digits(5), account = r.digits(11);
    const int64_t key =
        97 - (89 * std::stoll(bank) + 15 * std::stoll(branch) + 3 * std::stoll(account)) % 97;
    return bank + branch + account + zero_padded(static_cast<uint64_t>(key), 2);
  }
  if (country == "GB") {
    static constexpr std::string_view banks[] = {"NWBK", "BARC", "LOYD", "HBUK"};
    return lettered_bank(r.pick(banks), r, 6, 8);
  }
  if (country == "IE") {
    static constexpr std::string_view banks[] = {"AIBK", "BOFI"};
    return lettered_bank(r.pick(banks), r, 6, 8);
  }
  if (country == "DK") return bank_and_account(r, 4, 10);
  return {};
}

std::string austrian_vat_digits(prng &r) {
  const std::string d = r.digits(7, true);
  auto c = [&](int i) { return d[static_cast<size_t>(i - 1)] - '0'; };
  auto s = [](int x) { return x / 5 + (2 * x) % 10; };
  const int sum = s(c(2)) + s(c(4)) + s(c(6)) + c(1) + c(3) + c(5) + c(7);
  return d + digit_char((10 - (sum + 4) % 10) % 10);
}

// Belgian enterprise number: 0 + 7 digits + 97 - (first eight mod 97).
std::string belgian_enterprise_number(prng &r) {
  const std::string base = "0" + r.digits(7, true);
  return base + zero_padded(static_cast<uint64_t>(97 - std::stoll(base) % 97), 2);
}

std::string french_siren(prng &r) {
  const std::string d = r.digits(8, true);
  return d + digit_char(luhn_check(d));
}

std::string danish_cvr(prng &r) {
  static constexpr int w[] = {2, 7, 6, 5, 4, 3, 2};
  for (;;) {
    const std::string d = r.digits(7, true);
    int sum = 0;
    for (int i = 0; i < 7; ++i) sum += (d[static_cast<size_t>(i)] - '0') * w[i];
    const int check = (11 - sum % 11) % 11;
    if (check < 10) return d + digit_char(check);
  }
}

std::string irish_vat_body(prng &r) {
  const std::string d = r.digits(7, true);
  int sum = 0;
  for (int i = 0; i < 7; ++i) sum += (d[static_cast<size_t>(i)] - '0') * (8 - i);
  return d + "WABCDEFGHIJKLMNOPQRSTUV"[sum % 23];
}

std::string swiss_uid_digits(prng &r) {
  static constexpr int w[] = {5, 4, 3, 2, 7, 6, 5, 4};
  for (;;) {
    const std::string d = r.digits(8, true);
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (d[static_cast<size_t>(i)] - '0') * w[i];
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    if (check < 10) return d + digit_char(check);
  }
}

// German USt-IdNr digits: 8 digits and an ISO 7064 MOD 11,10 check digit.
std::string german_vat_digits(prng &r) {
  const std::string d = r.digits(8, true);
  int product = 10;
  for (char c : d) {
    int sum = (c - '0' + product) % 10;
    if (sum == 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const int check = 11 - product;
  return d + digit_char(check == 10 ? 0 : check);
}

// Dutch RSIN digits passing the eleven test.
std::string dutch_rsin(prng &r) {
  for (;;) {
    const std::string d = r.digits(8, true);
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (d[static_cast<size_t>(i)] - '0') * (9 - i);
    if (sum % 11 != 10) return d + digit_char(sum % 11);
  }
}

// UK VAT registration number: 7 digits and two mod-97 check digits.
std::string british_vat_digits(prng &r) {
  for (;;) {
    const std::string d = r.digits(7, true);
    int sum = 0;
    for (int i = 0; i < 7; ++i) sum += (d[static_cast<size_t>(i)] - '0') * (8 - i);
    const int check = 97 - sum % 97;
    if (check < 97) return d + zero_padded(static_cast<uint64_t>(check), 2);
  }
}

}  // namespace

std::string iban_of(std::string_view country, const std::string &bban) {
  const int check = 98 - mod97(cat(bban, country, "00"));
  return cat(country, zero_padded(static_cast<uint64_t>(check), 2), bban);
}

std::string lettered_bank(std::string_view bank, prng &r, int sort_digits, int account_digits) {
  std::string s(bank);
  if (sort_digits > 0) s += r.digits(sort_digits, true);
  s += r.digits(account_digits, sort_digits == 0);
  return s;
}

// A valid IBAN of the country; none for countries without IBANs (US).
std::optional<std::string> random_iban(std::string_view country, prng &r) {
  std::string bban = bban_for(country, r);
  if (bban.empty()) return std::nullopt;
  return iban_of(country, bban);
}

std::string gln(std::string_view prefix, prng &r) {
  const std::string d = cat(prefix, r.digits(12 - static_cast<int>(prefix.size())));
  return d + digit_char(gs1_check(d));
}

// German Leitweg-ID for public buyers: coarse-fine-check (ISO 7064 MOD 97-10).
std::string leitweg_id(prng &r) {
  std::string coarse = zero_padded(static_cast<uint64_t>(r.between(1, 16)), 2);
  coarse += r.digits(6);
  const std::string fine = r.digits(5, true);
  const int check = 98 - mod97(cat(coarse, fine, "00"));
  return cat(coarse, "-", fine, "-", zero_padded(static_cast<uint64_t>(check), 2));
}

// ISO 11649 creditor reference ("RF" + check + reference).
std::string creditor_reference(const std::string &reference) {
  const int check = 98 - mod97(cat(reference, "RF00"));
  return cat("RF", zero_padded(static_cast<uint64_t>(check), 2), reference);
}

identity identity_for(std::string_view code, prng &r) {
  // Countries whose VAT id is a prefix and a national number: the Peppol id
  // is the scheme and the same number (lower case), or another register.
  struct national {
    std::string_view country, vat_prefix, peppol_prefix;
    std::string (*number)(prng &);
    bool peppol_from_vat;
  };
  static constexpr national plain[] = {
      {"DE", "DE", "9930:de", german_vat_digits, true},       {"AT", "ATU", "9914:atu", austrian_vat_digits, true},
      {"BE", "BE", "0208:", belgian_enterprise_number, false}, {"DK", "DK", "0184:", danish_cvr, false},
      {"GB", "GB", "9932:gb", british_vat_digits, true},      {"IE", "IE", "9935:ie", irish_vat_body, true},
  };
  for (const national &n : plain)
    if (n.country == code) {
      const std::string number = n.number(r);
      return {cat(n.vat_prefix, number), cat(n.peppol_prefix, lower(number)), n.peppol_from_vat};
    }
  if (code == "CH") {
    const std::string d = swiss_uid_digits(r);
    return {cat("CHE-", d.substr(0, 3), ".", d.substr(3, 3), ".", d.substr(6, 3), " MWST"), "0183:che" + d, false};
  }
  if (code == "NL") return {cat("NL", dutch_rsin(r), "B01"), "0106:" + r.digits(8, true), false};
  if (code == "FR") {
    const std::string siren = french_siren(r);
    const std::string key = zero_padded(static_cast<uint64_t>((12 + 3 * (std::stoll(siren) % 97)) % 97), 2);
    const std::string siret = siren + r.digits(4);
    return {cat("FR", key, siren), cat("0009:", siret, std::string(1, digit_char(luhn_check(siret))))};
  }
  return {std::nullopt, "0060:" + r.digits(9, true), false};  // US: no VAT; D-U-N-S number
}

}  // namespace arx::demo::detail
