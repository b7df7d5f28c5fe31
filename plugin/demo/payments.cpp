// The payments of one demo company as its bank reports them: payer names and
// accounts, remittance texts written the way each customer's payables
// department writes them (with typos), duplicates, payments on account and
// money that is no customer payment; then the payment and allocation rows.
// Rules in docs/DEMO_DATA.md.
#include <algorithm>

#include "demo/builder.hpp"
#include "demo/identifiers.hpp"
#include "demo/text.hpp"

namespace arx::demo::detail {
namespace {

struct payment_record {
  sys_days date{};
  size_t order = 0;
  int group = -1;
  int cust = -1;  // -1: customer not identified
  int64_t amount = 0;
  std::string currency;
  std::optional<std::string> payer_name, payer_iban, remittance;
};

std::string_view kind_name(alloc_kind k) {
  switch (k) {
  case alloc_kind::payment: return "payment";
  case alloc_kind::discount: return "discount";
  case alloc_kind::write_off: return "write_off";
  case alloc_kind::deduction: return "deduction";
  }
  return "payment";
}

void typo(std::string &s, prng &r) {
  std::vector<size_t> swaps;
  for (size_t i = 0; i + 1 < s.size(); ++i)
    if (s[i] >= '0' && s[i] <= '9' && s[i + 1] >= '0' && s[i + 1] <= '9' && s[i] != s[i + 1]) swaps.push_back(i);
  if (!swaps.empty() && r.chance(600)) {
    const size_t i = swaps[r.below(swaps.size())];
    std::swap(s[i], s[i + 1]);
  } else if (s.size() > 3) {
    s.erase(r.below(s.size()), 1);
  }
}

}  // namespace

std::string company_builder::mention(const doc &d, int format, const cust &c, prng &r) const {
  const invoice &iv = out_.invoices[d.row];
  if (c.rem_structured && iv.payment_reference && iv.payment_reference->starts_with("RF") &&
      d.kind != doc_kind::credit_note) {
    if (r.chance(500)) return *iv.payment_reference;
    std::string spaced;
    for (size_t i = 0; i < iv.payment_reference->size(); ++i) {
      if (i > 0 && i % 4 == 0) spaced += ' ';
      spaced += (*iv.payment_reference)[i];
    }
    return spaced;
  }
  const std::string year = std::to_string(d.year), seq6 = zero_padded(static_cast<uint64_t>(d.seq), 6),
                    seq = std::to_string(d.seq);
  switch (format) {
  case 0: return iv.number;
  case 1: return cat(year, "-", seq6);
  case 2: return cat(d.prefix, "-", year, "-", seq);
  case 3: return seq;
  case 4: return cat(d.prefix, year, seq6);
  case 5: return cat(year, "/", seq);
  default: return seq6;
  }
}

std::optional<std::string> company_builder::remittance(const group &g, prng &r) const {
  const cust &c = custs_[static_cast<size_t>(g.cust)];
  if (r.chance(30)) return std::nullopt;
  const std::string_view lang = c.lang;
  std::vector<const doc *> paid, credits;
  std::vector<std::string> legacy;
  int64_t discount_percent = 0, deduction = 0;
  int part = 0, parts = 0;
  for (const auto &a : g.allocs) {
    const item &it = items_[static_cast<size_t>(a.item)];
    switch (a.kind) {
    case alloc_kind::payment:
      if (it.doc < 0) legacy.push_back(it.legacy);
      else if (a.amount < 0) credits.push_back(&docs_[static_cast<size_t>(it.doc)]);
      else {
        paid.push_back(&docs_[static_cast<size_t>(it.doc)]);
        if (a.parts > 0) part = a.part, parts = a.parts;
      }
      break;
    case alloc_kind::discount:
      discount_percent = *out_.invoices[docs_[static_cast<size_t>(it.doc)].row].cash_discount_percent;
      break;
    case alloc_kind::deduction: deduction += a.amount; break;
    case alloc_kind::write_off: break;
    }
  }
  const int format = r.chance(100) ? r.index(7) : c.rem_format;
  static constexpr std::string_view separators[] = {", ", " ", "/", " + ", "; "};
  static constexpr std::string_view keywords_de[] = {"Rechnung", "Rg.", "Re.", "RG-NR", "Rechnungsnr.", ""};
  static constexpr std::string_view keywords_en[] = {"Invoice", "Inv", "INV NO", "Inv.", "Payment of invoice", ""};
  static constexpr std::string_view keywords_nl[] = {"Factuur",  "fact.", "factuurnr",
                                                     "Fact nr",  "Betaling factuur", ""};
  const std::string_view keyword = lang == "de"   ? keywords_de[c.rem_keyword]
                                   : lang == "nl" ? keywords_nl[c.rem_keyword]
                                                  : keywords_en[c.rem_keyword];
  std::string text;
  if (paid.size() > 6 && r.chance(500)) {
    text = cat(pick_text(lang, "Zahlungsavis vom ", "Remittance advice ", "Betalingsspecificatie "),
               date_text(g.date, lang == "de" ? '.' : lang == "nl" ? '-' : '/'),
               pick_text(lang, " per E-Mail", " sent by e-mail", " per e-mail"));
  } else {
    std::vector<std::string> mentions;
    for (const doc *d : paid) mentions.push_back(mention(*d, format, c, r));
    if (!mentions.empty() && r.chance(25)) typo(mentions[r.below(mentions.size())], r);
    if (!mentions.empty()) text = std::string(keyword);
    for (size_t i = 0; i < mentions.size(); ++i) {
      text += i == 0 ? std::string_view(text.empty() ? "" : " ") : separators[c.rem_separator];
      text += mentions[i];
    }
    if (parts > 0)
      text += r.chance(500) ? cat(" ", pick_text(lang, "Teilzahlung", "part payment", "deelbetaling"))
                            : cat(" ", pick_text(lang, "Rate ", "instalment ", "termijn "), std::to_string(part),
                                  "/", std::to_string(parts));
    if (discount_percent > 0)
      text += cat(" ", pick_text(lang, "abzgl. ", "less ", "minus "), percent_text(discount_percent, lang),
                  pick_text(lang, "% Skonto", "% discount", "% betalingskorting"));
    for (const doc *d : credits)
      text += cat(" ", pick_text(lang, "abzgl. Gutschrift ", "less credit note ", "minus creditnota "),
                  mention(*d, format, c, r));
    if (deduction > 0)
      text += cat(" ", pick_text(lang, "abzgl. ", "less ", "minus "), amount_text(deduction, lang),
                  pick_text(lang, " Reklamation", " short delivery", " i.v.m. schade"));
    for (const auto &l : legacy)
      text += cat(text.empty() ? "" : " ",
                  pick_text(lang, "Saldo Altsystem ", "Balance b/f ", "Saldo oud systeem "), l);
  }
  if (c.rem_customer_number)
    text += cat(text.empty() ? "" : " ", pick_text(lang, "Kd-Nr. ", "Cust. no. ", "Klantnr. "), c.row.number);
  if (c.rem_sepa) text = "SVWZ+" + text;
  if (c.currency == "USD") text = cat(r.chance(500) ? "ACH CCD PMT " : "WIRE TRF ", text);
  if (c.rem_upper) text = upper(ascii_fold(text));
  if (text.empty()) return std::nullopt;
  return utf8_prefix(std::move(text), 140);
}

std::string company_builder::payer_name(const cust &c, prng &r) const {
  const int roll = r.index(100);
  if (roll < 62) return c.row.name;
  if (roll < 80) return upper(ascii_fold(c.row.name));
  if (roll < 90) return c.base_name;
  if (roll < 95) return utf8_prefix(c.row.name, 27);
  return upper(ascii_fold(c.base_name));
}

std::optional<std::string> company_builder::payer_iban(const cust &c, prng &r) const {
  if (c.ibans.empty() || r.chance(40)) return random_iban(c.cs->code, r);  // an account not on file
  return r.chance(930) ? c.ibans.front() : c.ibans.back();
}

void company_builder::emit_payments() {
  prng r = stream(opt_.seed, static_cast<uint64_t>(index_), 6);
  std::vector<payment_record> records;
  records.reserve(groups_.size() + 16);
  for (size_t gi = 0; gi < groups_.size(); ++gi) {
    const group &g = groups_[gi];
    const cust &c = custs_[static_cast<size_t>(g.cust)];
    payment_record p;
    p.date = g.date;
    p.order = records.size();
    p.group = static_cast<int>(gi);
    p.amount = g.total;
    p.currency = c.currency;
    p.remittance = remittance(g, r);
    if (g.unknown_payer) {
      // Paid from an account we do not know, under a name that differs.
      p.payer_name = r.chance(500) ? upper(ascii_fold(c.base_name)) : utf8_prefix(upper(ascii_fold(c.row.name)), 27);
      p.payer_iban = random_iban(c.cs->code, r);
    } else {
      p.cust = g.cust;
      if (spec_.country == "GB" && c.cs->code == "GB" && r.chance(60)) {
        // A cheque paid in at the branch: no payer account, a cheque number.
        std::string cheque = "CHQ " + r.digits(6, true);
        if (p.remittance && r.chance(500)) cheque += " " + *p.remittance;
        p.remittance = std::move(cheque);
      } else {
        p.payer_name = payer_name(c, r);
        p.payer_iban = payer_iban(c, r);
      }
    }
    records.push_back(std::move(p));
  }

  // Payments nobody has applied: duplicates, payments on account, and money
  // that is not a customer payment at all.
  const size_t applied = records.size();
  for (size_t i = 0; i < applied; ++i) {
    const group &g = groups_[static_cast<size_t>(records[i].group)];
    const cust &c = custs_[static_cast<size_t>(g.cust)];
    if (g.unapplied || g.date < as_of_ - days{120} || !r.chance(c.prof == profile::erratic ? 60 : 6)) continue;
    const sys_days when = next_business(g.date + days{r.between(2, 15)});
    if (when > as_of_) continue;
    payment_record dup = records[i];
    dup.date = when;
    dup.order = records.size();
    dup.group = -1;
    records.push_back(std::move(dup));
  }
  const sys_days last = prev_business(as_of_);
  auto recent_day = [&] { return prev_business(last - days{r.between(0, 59)}); };
  const uint32_t on_account = 1 + opt_.customers / 150;
  for (uint32_t k = 0; k < on_account; ++k) {
    const cust &c = custs_[r.below(custs_.size())];
    payment_record p;
    p.date = recent_day();
    p.order = records.size();
    p.cust = static_cast<int>(&c - custs_.data());
    p.amount = r.between(5, 100) * 10000;
    p.currency = c.currency;
    p.payer_name = payer_name(c, r);
    p.payer_iban = payer_iban(c, r);
    p.remittance = cat(pick_text(c.lang, "Anzahlung Bestellung ", "Payment on account PO ", "Vooruitbetaling order "),
                       "45" + r.digits(8));
    records.push_back(std::move(p));
  }
  for (int k = 0; k < 2; ++k) {
    payment_record p;
    p.date = recent_day();
    p.order = records.size();
    p.amount = r.between(5000, 900000);
    p.currency = std::string(spec_.currency);
    p.payer_name = std::string(k == 0 ? spec_.tax_office : spec_.insurer);
    p.payer_iban = random_iban(spec_.country, r);
    const auto period = ymd(p.date - days{r.between(20, 50)});  // the month the refund is for
    p.remittance = k == 0 ? cat(spec_.tax_refund_text, " ", std::to_string(int(period.year())), "/",
                                zero_padded(unsigned(period.month()), 2))
                          : cat(spec_.insurer_text, " ", r.digits(7, true));
    records.push_back(std::move(p));
  }

  std::sort(records.begin(), records.end(), [](const payment_record &a, const payment_record &b) {
    return a.date != b.date ? a.date < b.date : a.order < b.order;
  });
  int64_t sequence = 0;
  for (const auto &p : records) {
    payment row;
    row.id = ++ids_.payment;
    row.company_id = company_id_;
    if (p.cust >= 0) row.customer_id = custs_[static_cast<size_t>(p.cust)].row.id;
    row.value_date = ymd(p.date);
    row.currency = p.currency;
    row.amount = p.amount;
    row.payer_name = p.payer_name;
    row.payer_iban = p.payer_iban;
    const auto v = ymd(p.date);
    row.bank_reference = cat(spec_.country, zero_padded(static_cast<uint64_t>(int(v.year()) % 100), 2),
                             zero_padded(unsigned(v.month()), 2), zero_padded(unsigned(v.day()), 2),
                             zero_padded(static_cast<uint64_t>(++sequence), 7));
    row.remittance_text = p.remittance;
    out_.payments.push_back(std::move(row));
    if (p.group < 0 || groups_[static_cast<size_t>(p.group)].unapplied) continue;
    for (const auto &a : groups_[static_cast<size_t>(p.group)].allocs)
      out_.allocations.push_back({++ids_.allocation, out_.payments.back().id, items_[static_cast<size_t>(a.item)].id,
                                  a.amount, std::string(kind_name(a.kind))});
  }
  for (const auto &[i, amount] : write_offs_)
    out_.allocations.push_back({++ids_.allocation, std::nullopt, items_[static_cast<size_t>(i)].id, amount,
                                std::string(kind_name(alloc_kind::write_off))});
}

}  // namespace arx::demo::detail
