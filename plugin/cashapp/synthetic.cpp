#include "cashapp/synthetic.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <set>
#include <sstream>
#include <unordered_map>

#include "core/money.hpp"
#include "core/text.hpp"
#include "demo/names.hpp"

namespace arx::cashapp::synthetic {
namespace {

// splitmix64: small, fast and the same on every platform (the standard
// distributions are not), so a seed means the same data everywhere.
class rng {
public:
  explicit rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t below(uint64_t n) { return n ? next() % n : 0; }
  int64_t between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo + 1))); }
  bool chance(int percent) { return below(100) < static_cast<uint64_t>(percent); }
  template <class L> std::string_view pick(const L &list) { return list[below(std::size(list))]; }

private:
  uint64_t s_;
};

std::string upper_ascii(std::string_view s) {
  // How banks print names: upper case, umlauts spelled out.
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xC3 && i + 1 < s.size()) {
      const unsigned char d = static_cast<unsigned char>(s[++i]);
      switch (d) {
        case 0xA4: case 0x84: out += "AE"; break;
        case 0xB6: case 0x96: out += "OE"; break;
        case 0xBC: case 0x9C: out += "UE"; break;
        case 0x9F: out += "SS"; break;
        case 0xA9: case 0xA8: case 0x89: out += "E"; break;
        default: out += "?"; break;
      }
      continue;
    }
    out += static_cast<char>(std::toupper(c));
  }
  return out;
}

std::string bank_spelling(rng &r, const std::string &name) {
  std::string n = name;
  if (r.chance(30)) {
    // Without the legal form.
    for (std::string_view form : {" GmbH & Co. KG", " GmbH", " B.V.", " Ltd", " AG", " KG", " N.V.", " BV", " NV",
                                  " Limited", " PLC", " LLP", " V.O.F.", " BVBA", " GesmbH"}) {
      const auto at = n.rfind(form);
      if (at != std::string::npos && at + form.size() == n.size()) {
        n.erase(at);
        break;
      }
    }
  }
  if (r.chance(55)) n = upper_ascii(n);
  if (r.chance(20) && n.size() > 27) n = std::string(core::utf8_prefix(n, 27));  // old 27-character fields
  while (!n.empty() && n.back() == ' ') n.pop_back();
  return n;
}

std::string random_iban(rng &r, const char *country) {
  std::string s = country;
  s += std::to_string(10 + r.below(89));
  for (int i = 0; i < 18; ++i) s += static_cast<char>('0' + r.below(10));
  return s;
}

std::string printed_number(int64_t seq) {
  std::string digits = std::to_string(seq);
  return "RE-2026-" + std::string(digits.size() < 7 ? 7 - digits.size() : 0, '0') + digits;
}

// A typing or reading error in an invoice number.
std::string damaged(rng &r, const std::string &number) {
  std::string n = number;
  std::vector<size_t> digits;
  for (size_t i = 8; i < n.size(); ++i)
    if (std::isdigit(static_cast<unsigned char>(n[i]))) digits.push_back(i);
  const uint64_t how = r.below(100);
  if (how < 35 && !digits.empty()) {
    const size_t at = digits[r.below(digits.size())];
    n[at] = static_cast<char>('0' + (n[at] - '0' + 1 + r.below(9)) % 10);
  } else if (how < 60 && digits.size() > 1) {
    const size_t k = r.below(digits.size() - 1);
    std::swap(n[digits[k]], n[digits[k + 1]]);
    if (n == number) n[digits[k]] = static_cast<char>('0' + (n[digits[k]] - '0' + 1) % 10);
  } else if (how < 80) {
    // OCR of a scanned remittance: 0 read as O, 1 as I, 5 as S, 8 as B.
    for (size_t i : digits) {
      char &c = n[i];
      if (c == '0') { c = 'O'; break; }
      if (c == '1') { c = 'I'; break; }
      if (c == '5') { c = 'S'; break; }
      if (c == '8') { c = 'B'; break; }
    }
  } else if (how < 90) {
    n = n.substr(3);  // without the prefix: "2026-0012345"
  } else {
    // Without the leading zeros of the sequence: "RE 2026 12345".
    std::string seq = n.substr(8);
    seq.erase(0, std::min(seq.find_first_not_of('0'), seq.size() - 1));
    n = "RE 2026 " + seq;
  }
  return n;
}

constexpr int64_t common_amounts[] = {11900, 23800, 59500, 119000, 5950, 29750, 47600, 35700};

}  // namespace

std::string_view scenario_name(scenario s) noexcept {
  static constexpr std::string_view names[] = {"exact_reference", "typo_reference", "name_and_amount", "other_payer",
                                               "several_invoices", "partial", "discount", "short_payment",
                                               "over_payment", "decoy", "no_match"};
  return names[static_cast<size_t>(s)];
}

ledger_rows make_ledger(size_t customers, size_t items, uint64_t seed, core::date as_of) {
  namespace w = arx::demo::words;
  rng r(seed);
  ledger_rows rows;
  std::set<std::string> names;
  rows.customers.reserve(customers);
  for (size_t i = 0; i < customers; ++i) {
    std::string name;
    for (int attempt = 0; attempt < 8 && (name.empty() || names.count(name)); ++attempt) {
      const uint64_t style = r.below(10);
      if (style < 6) {
        name = std::string(r.pick(w::german_surnames));
        if (attempt > 0) name += " & " + std::string(r.pick(w::german_surnames));
        if (r.chance(60) || attempt > 2) name += " " + std::string(r.pick(w::german_places));
        name += " " + std::string(r.pick(w::german_trades)) + " " + std::string(r.pick(w::german_forms));
      } else if (style < 8) {
        name = std::string(r.pick(w::dutch_surnames));
        if (attempt > 0) name += " & " + std::string(r.pick(w::dutch_surnames));
        if (r.chance(60) || attempt > 2) name += " " + std::string(r.pick(w::dutch_places));
        name += " " + std::string(r.pick(w::dutch_trades)) + " " + std::string(r.pick(w::dutch_forms));
      } else {
        name = std::string(r.pick(w::english_surnames));
        if (attempt > 0) name += " & " + std::string(r.pick(w::english_surnames));
        if (r.chance(60) || attempt > 2) name += " " + std::string(r.pick(w::british_places));
        name += " " + std::string(r.pick(w::english_trades)) + " " + std::string(r.pick(w::british_forms));
      }
    }
    if (names.count(name)) name += " " + std::to_string(i);  // the rare leftover stays unique
    names.insert(name);
    ledger_customer c;
    c.id = static_cast<int64_t>(i + 1);
    c.number = "K" + std::to_string(100000 + i);
    c.name = name;
    if (r.chance(85)) c.iban = random_iban(r, "DE");
    rows.customers.push_back(std::move(c));
  }
  rows.items.reserve(items);
  for (size_t i = 0; i < items; ++i) {
    ledger_item it;
    it.id = static_cast<int64_t>(i + 1);
    it.customer_id = static_cast<int64_t>(1 + r.below(customers));
    it.number = printed_number(static_cast<int64_t>(i + 1));
    it.open_minor = r.chance(25) ? common_amounts[r.below(std::size(common_amounts))]
                                 : r.between(2000, 2500000);
    it.issue_date = core::add_days(as_of, -static_cast<int>(r.below(90)));
    it.due_date = core::add_days(it.issue_date, 30);
    if (r.chance(15)) {
      it.discount_basis_points = 200;
      it.discount_date = core::add_days(it.issue_date, 14);
    }
    rows.items.push_back(std::move(it));
  }
  return rows;
}

std::vector<payment> make_payments(const ledger_rows &rows, size_t count, uint64_t seed, core::date on,
                                   const std::string &currency) {
  rng r(seed ^ 0x5EEDu);
  const int exponent = core::currency_exponent(currency);
  std::vector<payment> out;
  out.reserve(count);
  std::unordered_map<int64_t, const ledger_customer *> customer;
  std::unordered_map<int64_t, std::vector<size_t>> items_of;
  for (const auto &c : rows.customers) customer[c.id] = &c;
  for (size_t i = 0; i < rows.items.size(); ++i) items_of[rows.items[i].customer_id].push_back(i);
  std::vector<bool> used(rows.items.size(), false);

  auto free_item = [&](auto &&accept) -> std::optional<size_t> {
    for (int tries = 0; tries < 200; ++tries) {
      const size_t i = r.below(rows.items.size());
      if (!used[i] && rows.items[i].open_minor > 0 && accept(rows.items[i])) return i;
    }
    return std::nullopt;
  };
  auto any = [](const ledger_item &) { return true; };
  // The share of each scenario, per mille.
  constexpr int mix[scenario_count] = {300, 120, 120, 80, 80, 50, 50, 50, 40, 40, 70};

  auto text_for = [&](const std::string &number) {
    switch (r.below(4)) {
      case 0: return number;
      case 1: return "Rechnung " + number;
      case 2: return "Rg.-Nr. " + number + " vom " + core::format_date(on);
      default: return "Invoice " + number + " thank you";
    }
  };

  while (out.size() < count) {
    uint64_t roll = r.below(1000);
    size_t k = 0;
    while (k + 1 < scenario_count && roll >= static_cast<uint64_t>(mix[k])) roll -= static_cast<uint64_t>(mix[k++]);
    const scenario kind = static_cast<scenario>(k);
    payment p;
    p.expected.kind = kind;
    auto &l = p.line;
    l.credit = true;
    l.booking_date = l.value_date = on;
    l.bank_reference = "B" + std::to_string(out.size() + 1);
    l.position = "synthetic " + std::to_string(out.size() + 1);
    auto as_money = [&](int64_t minor) { return core::money(minor, currency); };
    auto own_payer = [&](const ledger_customer &c, int iban_percent) {
      l.payer_name = bank_spelling(r, c.name);
      l.payer_account = !c.iban.empty() && r.chance(iban_percent) ? c.iban : random_iban(r, "DE");
    };
    auto take = [&](size_t i, int64_t applied) {
      used[i] = true;
      p.expected.allocations.emplace_back(rows.items[i].id, applied);
    };

    if (kind == scenario::no_match) {
      l.amount = as_money(r.between(500, 300000));
      l.payer_name = std::string(r.chance(50) ? "Privatkunde " : "Verein ") + std::string(1, static_cast<char>('A' + r.below(26))) + ". Muster";
      l.payer_account = random_iban(r, "DE");
      l.remittance = r.chance(50) ? "Mitgliedsbeitrag 2026" : "Erstattung Auslagen";
      p.expected.matchable = false;
      out.push_back(std::move(p));
      continue;
    }
    if (kind == scenario::several_invoices) {
      const auto first = free_item(any);
      if (!first) break;
      const ledger_item &f = rows.items[*first];
      std::vector<size_t> group = {*first};
      for (size_t j : items_of[f.customer_id])
        if (group.size() < static_cast<size_t>(2 + r.below(4)) && j != *first && !used[j]) group.push_back(j);
      if (group.size() < 2) continue;
      const ledger_customer &c = *customer[f.customer_id];
      own_payer(c, 70);
      int64_t total = 0;
      std::string text = "Rechnungen";
      for (size_t j : group) {
        total += rows.items[j].open_minor;
        text += " " + rows.items[j].number;
        take(j, rows.items[j].open_minor);
      }
      l.amount = as_money(total);
      l.remittance = text;
      p.expected.customer_id = c.id;
      p.expected.matchable = true;
      out.push_back(std::move(p));
      continue;
    }

    std::optional<size_t> chosen;
    if (kind == scenario::discount)
      chosen = free_item([&](const ledger_item &it) {
        return it.discount_basis_points > 0 && it.discount_date && core::days_between(*it.discount_date, on) <= 0;
      });
    else if (kind == scenario::short_payment)
      chosen = free_item([](const ledger_item &it) { return it.open_minor >= 40000; });
    else if (kind == scenario::decoy)
      chosen = free_item([](const ledger_item &it) {
        return std::find(std::begin(common_amounts), std::end(common_amounts), it.open_minor) != std::end(common_amounts);
      });
    else if (kind == scenario::partial)
      chosen = free_item([](const ledger_item &it) { return it.open_minor >= 10000; });
    else
      chosen = free_item(any);
    if (!chosen) continue;
    const ledger_item &it = rows.items[*chosen];
    const ledger_customer &c = *customer[it.customer_id];
    p.expected.customer_id = c.id;
    p.expected.matchable = true;
    switch (kind) {
      case scenario::exact_reference:
        own_payer(c, 70);
        l.amount = as_money(it.open_minor);
        l.remittance = text_for(it.number);
        take(*chosen, it.open_minor);
        break;
      case scenario::typo_reference:
        own_payer(c, 50);
        l.amount = as_money(it.open_minor);
        l.remittance = text_for(damaged(r, it.number));
        take(*chosen, it.open_minor);
        break;
      case scenario::name_and_amount:
        l.payer_name = bank_spelling(r, c.name);
        l.payer_account = random_iban(r, "NL");
        l.amount = as_money(it.open_minor);
        l.remittance = r.chance(50) ? "Zahlung" : "";
        take(*chosen, it.open_minor);
        break;
      case scenario::other_payer: {
        const ledger_customer &other = rows.customers[r.below(rows.customers.size())];
        l.payer_name = r.chance(50) ? "Nordfactor Finanz AG" : bank_spelling(r, other.name + " Holding");
        l.payer_account = random_iban(r, "DE");
        l.ultimate_payer = r.chance(50) ? c.name : "";
        l.amount = as_money(it.open_minor);
        l.remittance = text_for(it.number);
        take(*chosen, it.open_minor);
        break;
      }
      case scenario::partial: {
        own_payer(c, 70);
        const int64_t part = it.open_minor * r.between(30, 70) / 100;
        l.amount = as_money(part);
        l.remittance = "Teilzahlung " + it.number;
        take(*chosen, part);
        break;
      }
      case scenario::discount: {
        own_payer(c, 70);
        const int64_t discount = (it.open_minor * it.discount_basis_points + 5000) / 10000;
        l.amount = as_money(it.open_minor - discount);
        l.remittance = it.number + " abzgl. 2% Skonto";
        take(*chosen, it.open_minor);
        break;
      }
      case scenario::short_payment: {
        own_payer(c, 70);
        const int64_t tolerance = std::min<int64_t>(500, it.open_minor * 50 / 10000);
        l.amount = as_money(it.open_minor - r.between(1, tolerance));
        l.remittance = text_for(it.number) + " abzgl. Bankgebuehr";
        take(*chosen, it.open_minor);
        break;
      }
      case scenario::over_payment:
        own_payer(c, 70);
        l.amount = as_money(it.open_minor + r.between(100, 5000));
        l.remittance = text_for(it.number);
        take(*chosen, it.open_minor);
        break;
      case scenario::decoy:
        l.payer_name = bank_spelling(r, c.name);
        l.payer_account = !c.iban.empty() && r.chance(50) ? c.iban : random_iban(r, "BE");
        l.amount = as_money(it.open_minor);
        take(*chosen, it.open_minor);
        break;
      default: break;
    }
    (void)exponent;
    out.push_back(std::move(p));
  }
  return out;
}

std::string camt053(const std::string &statement_id, const std::string &account, const std::string &currency,
                    const std::vector<payment> &payments, core::date on) {
  pugi::xml_document doc;
  auto root = doc.append_child("Document");
  root.append_attribute("xmlns") = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02";
  auto msg = root.append_child("BkToCstmrStmt");
  auto hdr = msg.append_child("GrpHdr");
  hdr.append_child("MsgId").text() = ("MSG-" + statement_id).c_str();
  hdr.append_child("CreDtTm").text() = (core::format_date(on) + "T06:00:00").c_str();
  auto st = msg.append_child("Stmt");
  st.append_child("Id").text() = statement_id.c_str();
  st.append_child("CreDtTm").text() = (core::format_date(on) + "T06:00:00").c_str();
  auto acct = st.append_child("Acct");
  acct.append_child("Id").append_child("IBAN").text() = account.c_str();
  acct.append_child("Ccy").text() = currency.c_str();
  const std::string day = core::format_date(on);
  for (const auto &p : payments) {
    const auto &l = p.line;
    auto e = st.append_child("Ntry");
    auto amt = e.append_child("Amt");
    amt.append_attribute("Ccy") = currency.c_str();
    amt.text() = l.amount.to_string().c_str();
    e.append_child("CdtDbtInd").text() = "CRDT";
    e.append_child("Sts").text() = "BOOK";
    e.append_child("BookgDt").append_child("Dt").text() = day.c_str();
    e.append_child("ValDt").append_child("Dt").text() = day.c_str();
    e.append_child("AcctSvcrRef").text() = l.bank_reference.c_str();
    auto tx = e.append_child("NtryDtls").append_child("TxDtls");
    tx.append_child("Refs").append_child("EndToEndId").text() = "NOTPROVIDED";
    auto parties = tx.append_child("RltdPties");
    parties.append_child("Dbtr").append_child("Nm").text() = l.payer_name.c_str();
    if (!l.payer_account.empty())
      parties.append_child("DbtrAcct").append_child("Id").append_child("IBAN").text() = l.payer_account.c_str();
    if (!l.ultimate_payer.empty()) parties.append_child("UltmtDbtr").append_child("Nm").text() = l.ultimate_payer.c_str();
    if (!l.remittance.empty())
      tx.append_child("RmtInf").append_child("Ustrd").text() = std::string(core::utf8_prefix(l.remittance, 140)).c_str();
  }
  std::ostringstream s;
  doc.save(s, "  ", pugi::format_default, pugi::encoding_utf8);
  return s.str();
}

void fill(ledger &l, const ledger_rows &rows) {
  for (const auto &c : rows.customers) {
    customer_info info;
    info.id = c.id;
    info.number = c.number;
    info.name = c.name;
    l.add_customer(std::move(info));
    if (!c.iban.empty()) l.add_account(c.iban, c.id, false);
  }
  for (const auto &it : rows.items) {
    open_item o;
    o.id = it.id;
    o.customer_id = it.customer_id;
    o.invoice_number = it.number;
    o.kind = "invoice";
    o.issue_date = it.issue_date;
    o.due_date = it.due_date;
    o.discount_basis_points = it.discount_basis_points;
    o.discount_date = it.discount_date;
    o.open_minor = it.open_minor;
    l.add_item(std::move(o));
  }
  l.finalize();
}

}  // namespace arx::cashapp::synthetic
