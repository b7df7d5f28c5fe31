// The documents of one demo company: its catalogue, opening balances taken
// over from a former system, and fifteen months of invoices, credit notes and
// late-payment fees with their lines, VAT and totals. Rules in
// docs/DEMO_DATA.md.
#include <algorithm>
#include <map>

#include "demo/builder.hpp"
#include "demo/identifiers.hpp"
#include "demo/text.hpp"

namespace arx::demo::detail {

using words::item_kind;

namespace {

int64_t draw_quantity(const words::product_type &t, prng &r) {
  int64_t hi = t.qty_hi;
  if (r.chance(600)) hi = std::max(t.qty_lo, t.qty_lo + (t.qty_hi - t.qty_lo) / 4);  // most orders are small
  return t.qty_lo + t.qty_step * r.between(0, (hi - t.qty_lo) / t.qty_step);
}

std::string_view product_name(const words::product_type &t, std::string_view lang) {
  return pick_text(lang, t.de, t.en, t.nl);
}

}  // namespace

void company_builder::make_catalogue() {
  prng r = stream(opt_.seed, static_cast<uint64_t>(index_), 2);
  for (const auto &t : words::products) {
    for (std::string_view spec : t.specs) {
      int64_t cents = r.between(t.price_lo, t.price_hi);
      int64_t price = cents * 100;
      if (t.price_hi < 100) price += r.between(0, 99);  // sub-cent unit prices for small parts
      else if (cents >= 10000) price = cents / 100 * 10000;  // whole units for big items
      catalogue_item ci{&t, spec, price};
      switch (t.kind) {
      case item_kind::goods: goods_.push_back(ci); break;
      case item_kind::service: services_.push_back(ci); break;
      case item_kind::manual: manuals_.push_back(ci); break;
      case item_kind::reduced_uk: reduced_.push_back(ci); break;
      default: break;
      }
    }
  }
}

company_builder::tax_code company_builder::tax_for(const cust &c, item_kind k) const {
  if (c.tax == treatment::export_) return {"G", 0};
  if (c.tax == treatment::intra_eu) return {k == item_kind::service ? "AE" : "K", 0};
  switch (k) {
  case item_kind::manual:
    if (spec_.country == "GB") return {"Z", 0};
    return {"S", spec_.reduced_rate};
  case item_kind::insurance: return {"E", 0};
  case item_kind::reduced_uk: return {"S", spec_.reduced_rate};
  default: return {"S", spec_.standard_rate};
  }
}

void company_builder::add_line(std::string description, int64_t quantity, std::string_view unit, int64_t price, tax_code tax) {
  invoice_line l;
  l.id = ++ids_.line;
  l.invoice_id = out_.invoices.back().id;
  l.line_no = static_cast<int32_t>(out_.lines.size() - docs_.back().first_line + 1);
  l.description = std::move(description);
  l.quantity = quantity;
  l.unit_code = std::string(unit);
  l.unit_price = price;
  l.net_amount = div_round(mul(quantity, price), 1000000);  // scale 4 x scale 4 -> cents
  l.tax_category = std::string(tax.category);
  l.tax_percent = tax.percent;
  out_.lines.push_back(std::move(l));
}

void company_builder::regular_lines(const cust &c, sys_days issue, prng &r) {
  static constexpr uint32_t count_weights[] = {250, 200, 160, 120, 90, 70, 50, 30, 20, 10};
  static const weighted counts = [] {
    weighted w;
    for (uint32_t v : count_weights) w.add(v);
    return w;
  }();
  int goods_lines = counts.pick(r) + 1;
  const bool service = c.tax != treatment::export_ && r.chance(120);
  const bool manual = r.chance(60);
  const bool reduced = spec_.country == "GB" && c.tax == treatment::domestic && r.chance(40);
  const bool insurance = spec_.country != "GB" && c.tax == treatment::domestic && r.chance(50);
  const bool freight = r.chance(350);
  const int extras = service + manual + reduced + insurance + freight;
  goods_lines = std::max(1, std::min(goods_lines, 10 - extras));
  const std::string_view lang = c.lang;

  auto priced = [&](const catalogue_item &ci) { return div_round(mul(ci.price, 1000 - c.rebate_per_mille), 1000); };
  int64_t goods_net = 0;
  for (int i = 0; i < goods_lines; ++i) {
    const catalogue_item &ci = goods_[r.below(goods_.size())];
    add_line(cat(product_name(*ci.type, lang), " ", ci.spec), draw_quantity(*ci.type, r), ci.type->unit, priced(ci),
             tax_for(c, item_kind::goods));
    goods_net += out_.lines.back().net_amount;
  }
  if (service) {
    const catalogue_item &ci = services_[r.below(services_.size())];
    const sys_days visit = prev_business(issue - days{r.between(1, 10)});
    const std::string when = cat(pick_text(lang, ", Einsatz am ", ", visit on ", ", bezoek op "),
                                 date_text(visit, lang == "de" ? '.' : lang == "nl" ? '-' : '/'));
    add_line(cat(product_name(*ci.type, lang), when), draw_quantity(*ci.type, r), ci.type->unit, priced(ci),
             tax_for(c, item_kind::service));
  }
  if (manual) {  // books keep their list price (fixed book prices in DE and NL)
    const catalogue_item &ci = manuals_[r.below(manuals_.size())];
    add_line(cat(product_name(*ci.type, lang), ", ", ci.spec), draw_quantity(*ci.type, r), ci.type->unit, ci.price,
             tax_for(c, item_kind::manual));
  }
  if (reduced) {
    const catalogue_item &ci = reduced_[r.below(reduced_.size())];
    add_line(cat(product_name(*ci.type, lang), ", ", ci.spec), draw_quantity(*ci.type, r), ci.type->unit,
             priced(ci), tax_for(c, item_kind::reduced_uk));
  }
  if (freight)
    add_line(std::string(pick_text(lang, "Fracht und Verpackung", "Freight and packing", "Vracht en verpakking")),
             10000, "C62", r.between(15, 180) * 10000, tax_for(c, item_kind::freight));
  if (insurance)
    add_line(std::string(pick_text(lang, "Transportversicherung", "Transit insurance", "Transportverzekering")),
             10000, "C62", std::max<int64_t>(500, goods_net * 3 / 1000) * 100, tax_for(c, item_kind::insurance));
}

// Credit note lines: returned quantities or a price reduction on the referenced invoice.
void company_builder::credit_lines(const cust &c, const doc &ref, prng &r) {
  const std::string_view lang = c.lang;
  const std::string &ref_number = out_.invoices[ref.row].number;
  if (r.chance(300)) {
    const invoice_line src = out_.lines[ref.first_line];
    const int64_t amount = std::max<int64_t>(100, div_round(mul(src.net_amount, r.between(3, 10)), 100));
    add_line(cat(pick_text(lang, "Preisnachlass zu ", "Price reduction on ", "Prijskorting op "), ref_number), -10000,
             "C62", amount * 100, tax_code{*src.tax_category, src.tax_percent});
    return;
  }
  const size_t n = ref.line_count;
  const size_t take = std::min<size_t>(n, static_cast<size_t>(r.between(1, 2)));
  const size_t first = r.below(n);
  for (size_t k = 0; k < take; ++k) {
    const invoice_line src = out_.lines[ref.first_line + (first + k) % n];
    int64_t q = src.quantity;
    if (q >= 20000) q = r.between(1, q / 10000) * 10000;
    add_line(cat(pick_text(lang, "Rücksendung: ", "Return: ", "Retour: "), *src.description), -q, *src.unit_code,
             src.unit_price, tax_code{*src.tax_category, src.tax_percent});
  }
}

// Net, tax per VAT category and rate (EN 16931 BT-116/BT-117), gross.
void company_builder::total(invoice &inv, size_t first_line) {
  struct rate_group {
    std::string category;
    std::optional<int64_t> percent;
    int64_t net;
  };
  std::vector<rate_group> rate_groups;
  int64_t net = 0;
  for (size_t i = first_line; i < out_.lines.size(); ++i) {
    const invoice_line &l = out_.lines[i];
    net += l.net_amount;
    auto it = std::find_if(rate_groups.begin(), rate_groups.end(), [&](const rate_group &g) {
      return g.category == *l.tax_category && g.percent == l.tax_percent;
    });
    if (it == rate_groups.end()) rate_groups.push_back({*l.tax_category, l.tax_percent, l.net_amount});
    else it->net += l.net_amount;
  }
  int64_t tax = 0;
  for (const auto &g : rate_groups) tax += div_round(mul(g.net, g.percent.value_or(0)), 10000);
  inv.net_amount = net;
  inv.tax_amount = tax;
  inv.gross_amount = net + tax;
}

std::string company_builder::purchase_order(const cust &c, sys_days issue, prng &r) const {
  switch (c.order_style) {
  case 0: return "45" + r.digits(8);
  case 1: return "PO-" + r.digits(5, true);
  case 2: return cat("B", std::to_string(int(ymd(issue).year()) % 100), "-", r.digits(4, true));
  default: return cat(pick_text(c.lang, "Best. ", "Order ", "Bestelling "), r.digits(6, true));
  }
}

void company_builder::make_opening_balances() {
  prng r = stream(opt_.seed, static_cast<uint64_t>(index_), 3);
  const uint32_t n = std::max<uint32_t>(1, opt_.customers / 100);
  for (uint32_t i = 0; i < n; ++i) {
    item it;
    it.cust = r.index(custs_.size());
    it.due = start_ - days{r.between(10, 90)};
    it.original = r.between(15000, 2500000);
    it.legacy = "OP" + r.digits(7, true);
    items_.push_back(std::move(it));
  }
}

void company_builder::make_documents() {
  prng r = stream(opt_.seed, static_cast<uint64_t>(index_), 4);
  std::vector<sys_days> business_days;
  for (sys_days d = start_; d <= as_of_; d += days{1})
    if (!weekend(d)) business_days.push_back(d);
  if (business_days.empty()) business_days.push_back(prev_business(as_of_));
  std::vector<sys_days> issue_days(opt_.invoices);
  for (auto &d : issue_days) d = business_days[r.below(business_days.size())];
  std::sort(issue_days.begin(), issue_days.end());

  std::map<std::pair<int, int>, int64_t> counters;  // (series, year) -> last number
  int64_t drafts = 0;
  docs_.reserve(issue_days.size());
  items_.reserve(items_.size() + issue_days.size());

  for (const sys_days issue : issue_days) {
    const int ci = cust_weights_.pick(r);
    cust &c = custs_[static_cast<size_t>(ci)];
    doc d;
    d.cust = ci;
    d.issue = issue;

    // Fee for a long overdue invoice of a chronically late customer,
    // credit note for a recent invoice, or a new invoice.
    if (c.prof == profile::chronic && r.chance(120)) {
      for (auto it = c.posted.rbegin(); it != c.posted.rend() && it - c.posted.rbegin() < 20; ++it) {
        doc &cand = docs_[static_cast<size_t>(*it)];
        const sys_days due = sys_days{*row(cand).due_date};
        if (cand.kind == doc_kind::invoice && !cand.fee_date && due <= issue - days{30} && due >= issue - days{200}) {
          d.kind = doc_kind::fee;
          d.ref = *it;
          cand.fee_date = issue;
          break;
        }
      }
    }
    if (d.kind == doc_kind::invoice && r.chance(55)) {
      for (auto it = c.posted.rbegin(); it != c.posted.rend() && it - c.posted.rbegin() < 5; ++it) {
        doc &cand = docs_[static_cast<size_t>(*it)];
        if (cand.kind == doc_kind::invoice && cand.issue >= issue - days{120} && cand.issue < issue &&
            cand.credited == 0) {
          d.kind = doc_kind::credit_note;
          d.ref = *it;
          break;
        }
      }
    }

    std::string state = "posted";
    if (d.kind == doc_kind::invoice) {
      if (issue >= as_of_ - days{9} && r.chance(150)) state = "draft";
      else if (r.chance(15)) state = "cancelled";
    }

    invoice inv;
    inv.id = ++ids_.invoice;
    inv.company_id = company_id_;
    inv.customer_id = c.row.id;
    inv.issue_date = ymd(issue);
    inv.currency = c.currency;
    inv.state = state;
    inv.buyer_reference = c.buyer_reference;
    if (state == "draft") {
      inv.number = cat(spec_.draft_prefix, "-", zero_padded(static_cast<uint64_t>(++drafts), 6));
    } else {
      const int series = d.kind == doc_kind::credit_note ? 1 : 0;
      d.prefix = std::string(series == 1 ? spec_.credit_prefix : spec_.invoice_prefix);
      d.year = int(ymd(issue).year());
      d.seq = ++counters[{series, d.year}];
      inv.number = cat(d.prefix, "-", std::to_string(d.year), "-", zero_padded(static_cast<uint64_t>(d.seq), 6));
    }

    docs_.push_back(d);
    out_.invoices.push_back(std::move(inv));
    doc &dd = docs_.back();
    dd.row = out_.invoices.size() - 1;
    dd.first_line = out_.lines.size();
    invoice &iv = out_.invoices.back();

    switch (dd.kind) {
    case doc_kind::invoice: {
      iv.kind = "invoice";
      regular_lines(c, issue, r);
      if (state != "draft") iv.due_date = ymd(issue + days{c.terms});
      if (r.chance(c.order_ref_per_mille)) iv.order_reference = purchase_order(c, issue, r);
      if (c.discount_terms && state != "draft") {
        iv.cash_discount_percent = c.discount_percent;
        iv.cash_discount_date = ymd(issue + days{c.discount_days});
      }
      break;
    }
    case doc_kind::credit_note: {
      iv.kind = "credit_note";
      doc &ref = docs_[static_cast<size_t>(dd.ref)];
      credit_lines(c, ref, r);
      iv.due_date = iv.issue_date;
      iv.order_reference = out_.invoices[ref.row].number;
      break;
    }
    case doc_kind::fee: {
      iv.kind = "fee";
      const invoice &ref = out_.invoices[docs_[static_cast<size_t>(dd.ref)].row];
      int64_t fee = 4000;
      if (spec_.country == "GB") fee = ref.gross_amount < 100000 ? 4000 : ref.gross_amount < 1000000 ? 7000 : 10000;
      add_line(cat(pick_text(c.lang, "Verzugspauschale zu Rechnung ", "Late payment compensation, invoice ",
                             "Vergoeding incassokosten, factuur "),
                   ref.number),
               10000, "C62", fee * 100, tax_code{"O", std::nullopt});
      iv.due_date = ymd(issue + days{14});
      iv.order_reference = ref.number;
      break;
    }
    }
    dd.line_count = out_.lines.size() - dd.first_line;
    total(iv, dd.first_line);

    if (dd.kind == doc_kind::credit_note) {
      doc &ref = docs_[static_cast<size_t>(dd.ref)];
      if (-iv.gross_amount + ref.credited > out_.invoices[ref.row].gross_amount)
        internal_fault("credit note " + iv.number + " exceeds its invoice");
      ref.credited += -iv.gross_amount;
    }

    // Payment reference the customer is asked to quote.
    if (state == "posted" && dd.kind != doc_kind::credit_note) {
      if (spec_.reference_style == 1)
        iv.payment_reference =
            creditor_reference(std::to_string(dd.year) + zero_padded(static_cast<uint64_t>(dd.seq), 6));
      else if (spec_.reference_style == 0 ? !r.chance(50) : r.chance(600)) iv.payment_reference = iv.number;
    }

    if (state == "posted") {
      item it;
      it.doc = static_cast<int>(docs_.size() - 1);
      it.cust = ci;
      it.due = sys_days{*iv.due_date};
      it.original = iv.gross_amount;
      dd.item = static_cast<int>(items_.size());
      items_.push_back(std::move(it));
      if (dd.kind == doc_kind::invoice) c.posted.push_back(static_cast<int>(docs_.size() - 1));
    }
  }
}

}  // namespace arx::demo::detail
