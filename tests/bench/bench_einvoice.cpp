// arx_bench_einvoice: how fast arx writes e-invoices, single-threaded.
//
// For German invoices of 10, 100, 1,000 and 10,000 lines (two VAT rates, a
// document-level allowance, an RF creditor reference) it measures
//   * generation: compute_totals() + write_ubl() (Peppol BIS 3) and
//     compute_totals() + write_cii() (XRechnung 3.0 CII), document in,
//     XML text out;
//   * the floor: pugi::xml_document::save() of an already-built DOM of the
//     very same document into a string, with the writers' flags. That is the
//     part of generation no model-to-DOM code can avoid; ours / floor says
//     how much arx adds on top of serialising.
// Every case runs `--repetitions` times (default 5), each repetition at least
// `--min-time` seconds (default 0.5); the table and the JSON (`--out`) give
// the median and the min/max over the repetitions. Generation and floor
// repetitions alternate, and a pair during which another process took our
// CPU (thread CPU time < 90 % of wall time) is run again. See
// docs/BENCHMARKS.md.
//
// A benchmark, not a test: it asserts nothing about time. It does check that
// the floor's DOM writes exactly the bytes the writer wrote, so both measure
// the same document.
#include <pugixml.hpp>

#include <nlohmann/json.hpp>

#include "machine.hpp"

#include <sched.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "einvoice/cii.hpp"
#include "einvoice/compute.hpp"
#include "einvoice/document.hpp"
#include "core/rf_reference.hpp"
#include "einvoice/ubl.hpp"

// Documents, parties and allowances are written with designated initializers;
// the fields they leave out are empty, which the missing-field warning would
// otherwise ask to spell out.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#ifndef ARX_BENCH_BUILD_TYPE
#define ARX_BENCH_BUILD_TYPE "unknown"
#endif
#ifndef ARX_BENCH_CXX_FLAGS
#define ARX_BENCH_CXX_FLAGS ""
#endif
#ifndef ARX_BENCH_DEFAULT_OUT
#define ARX_BENCH_DEFAULT_OUT "build/bench/einvoice.json"
#endif

namespace {

namespace ei = arx::einvoice;
using json = nlohmann::json;

// ------------------------------------------------------------------ options

struct options {
  std::string out = ARX_BENCH_DEFAULT_OUT;
  int repetitions = 5;
  double min_time = 0.5;                  // seconds per repetition
  std::vector<std::size_t> sizes{10, 100, 1000, 10000};
  std::string samples_dir;                // --write-samples: the 10-line XML, for validate-einvoice
  int pin_cpu = -1;                       // --pin CPU: sched_setaffinity to one CPU
};

[[noreturn]] void usage(int status) {
  std::fprintf(status == 0 ? stdout : stderr,
               "usage: arx_bench_einvoice [--out FILE] [--repetitions N] [--min-time SECONDS]\n"
               "                          [--lines N,N,...] [--pin CPU] [--write-samples DIR]\n"
               "  --out FILE          results as JSON (default %s)\n"
               "  --repetitions N     repetitions per case (default 5)\n"
               "  --min-time SECONDS  minimum duration of one repetition (default 0.5)\n"
               "  --lines N,...       invoice sizes in lines (default 10,100,1000,10000; 10 and 1000\n"
               "                      are needed for the headline figures)\n"
               "  --pin CPU           run on that CPU only (default: wherever the scheduler puts it)\n"
               "  --write-samples DIR also write the generated 10-line UBL and CII documents there\n",
               ARX_BENCH_DEFAULT_OUT);
  std::exit(status);
}

options parse_options(int argc, char **argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "arx_bench_einvoice: %s needs a value\n", argv[i]);
        usage(2);
      }
      return argv[++i];
    };
    try {
      if (arg == "--out") o.out = value();
      else if (arg == "--repetitions") o.repetitions = std::stoi(value());
      else if (arg == "--min-time") o.min_time = std::stod(value());
      else if (arg == "--pin") o.pin_cpu = std::stoi(value());
      else if (arg == "--write-samples") o.samples_dir = value();
      else if (arg == "--lines") {
        o.sizes.clear();
        std::stringstream list(value());
        for (std::string item; std::getline(list, item, ',');) o.sizes.push_back(std::stoul(item));
      } else if (arg == "-h" || arg == "--help") usage(0);
      else {
        std::fprintf(stderr, "arx_bench_einvoice: unknown argument '%s'\n", argv[i]);
        usage(2);
      }
    } catch (const std::logic_error &) {  // stoi/stod/stoul: not a number
      std::fprintf(stderr, "arx_bench_einvoice: bad value for %s\n", std::string(arg).c_str());
      usage(2);
    }
  }
  if (o.repetitions < 1 || o.min_time <= 0 || o.sizes.empty() ||
      std::any_of(o.sizes.begin(), o.sizes.end(), [](std::size_t n) { return n == 0; }))
    usage(2);
  return o;
}

// ---------------------------------------------------------- the documents

ei::party german_seller() {
  ei::party p{.name = "Rheinwerk Antriebstechnik GmbH", .trading_name = "Rheinwerk", .vat_id = "DE811907980",
              .tax_registration_id = "133/5781/0245", .legal_id = "HRB 40218", .street = "Hafenstraße 27",
              .city = "Köln", .postcode = "50668", .country = "DE",
              .endpoint = ei::electronic_address{"9930", "DE811907980"}, .contact_name = "Sabine Kröger",
              .contact_phone = "+49 221 9876540", .contact_email = "debitoren@rheinwerk-antriebe.de"};
  return p;
}

ei::party german_buyer() {
  ei::party p{.name = "Brandt & Söhne Fördertechnik KG", .vat_id = "DE264198337", .legal_id = "HRA 7731",
              .street = "Industriering 4", .city = "Dortmund", .postcode = "44147", .country = "DE",
              .endpoint = ei::electronic_address{"9930", "DE264198337"}, .contact_name = "Thomas Brandt",
              .contact_email = "rechnungseingang@brandt-foerdertechnik.de"};
  return p;
}

struct article {
  const char *name;
  const char *unit;
  int64_t price;       // scale 4
  int64_t vat_percent; // hundredths
};

// A machine-parts supplier's catalogue: most at 19 %, books and manuals at 7 %.
constexpr std::array<article, 8> catalogue{{
    {"Zahnriemen HTD 8M-1200, 30 mm", "C62", 483900, 1900},
    {"Kugellager 6205-2RS", "C62", 68500, 1900},
    {"Montage vor Ort", "HUR", 945000, 1900},
    {"Hydrauliköl HLP 46", "LTR", 42750, 1900},
    {"Stahlwelle 1.4301, Ø 25 mm", "MTR", 1287500, 1900},
    {"Wartungshandbuch Antriebe, 3. Auflage", "C62", 598000, 700},
    {"Sicherungsringe DIN 471, 50 Stück", "H87", 1290, 1900},
    {"Normenkatalog DIN-Taschenbuch 22", "C62", 1299000, 700},
}};
constexpr std::array<int64_t, 5> quantities{10000, 40000, 25000, 120000, 7500};  // scale 4

// round(quantity x price), both at scale 4, to cents (half away from zero;
// the operands are positive).
int64_t cents(int64_t quantity_e4, int64_t price_e4) {
  // At most 120 units x 1,299.00 EUR here: the product (scale 8) fits int64.
  return (quantity_e4 * price_e4 + 500'000) / 1'000'000;
}

// An invoice of `n_lines` lines between two German companies: Peppol BIS 3
// (UBL) or XRechnung 3.0 (CII), 19 % and 7 % VAT, a 2 % loyalty allowance on
// the 19 % goods, payment by SEPA transfer against an RF reference. The same
// n gives the same document, byte for byte.
ei::document make_invoice(std::size_t n_lines, ei::specification spec) {
  using namespace std::chrono;
  ei::document d;
  d.type = ei::document_type::invoice;
  d.spec = spec;
  d.number = "RE-2026-" + std::to_string(100000 + n_lines);
  d.issue_date = arx::core::date{year{2026}, month{11}, day{30}};
  d.due_date = arx::core::add_days(d.issue_date, 30);
  d.delivery_date = arx::core::add_days(d.issue_date, -3);
  d.currency = "EUR";
  d.buyer_reference = "04011000-58231-07";
  d.order_reference = "BE-2026-4471";
  d.contract_reference = "RV-2024-118";
  d.notes.push_back("Vielen Dank für Ihren Auftrag.");
  d.notes.push_back("Es gelten unsere Allgemeinen Geschäftsbedingungen (Stand 01/2026).");
  d.seller = german_seller();
  d.buyer = german_buyer();
  d.payment.means_code = "58";
  d.payment.iban = "DE89370400440532013000";
  d.payment.account_name = d.seller.name;
  d.payment.bic = "COBADEFFXXX";
  d.payment.remittance = arx::core::make_rf_reference(arx::core::rf_payload_from_number(d.number));
  d.payment.terms = "Zahlbar innerhalb von 30 Tagen ohne Abzug.";

  d.lines.reserve(n_lines);
  int64_t base_19 = 0;
  for (std::size_t i = 0; i < n_lines; ++i) {
    const article &a = catalogue[(i * 5 + i / 8) % catalogue.size()];
    ei::line l;
    l.id = std::to_string(i + 1);
    l.name = a.name;
    if (i % 3 == 0) l.description = std::string("Lieferung gemäß Bestellung, Position ") + std::to_string(10 * (i + 1));
    l.order_line_reference = std::to_string(10 * (i + 1));
    l.quantity = quantities[i % quantities.size()];
    l.unit_code = a.unit;
    l.unit_price = a.price;
    l.net_amount = cents(l.quantity, l.unit_price);
    l.tax_category = "S";
    l.tax_percent = a.vat_percent;
    if (a.vat_percent == 1900) base_19 += l.net_amount;
    d.lines.push_back(std::move(l));
  }

  ei::allowance_charge loyalty;
  loyalty.base_amount = base_19;
  loyalty.percent = 200;  // 2.00 %
  loyalty.amount = (base_19 * 200 + 5000) / 10000;
  loyalty.reason = "Treuerabatt";
  loyalty.reason_code = "95";
  loyalty.tax_category = "S";
  loyalty.tax_percent = 1900;
  d.allowances_charges.push_back(loyalty);

  ei::compute_totals(d);
  return d;
}

// --------------------------------------------------------------- measuring

// Keeps the compiler from dropping work whose result is otherwise unused.
volatile std::size_t g_sink = 0;

struct string_writer final : pugi::xml_writer {
  std::string out;
  void write(const void *data, std::size_t size) override { out.append(static_cast<const char *>(data), size); }
};

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct repetition {
  double seconds = 0;      // wall (steady_clock)
  double cpu_seconds = 0;  // this thread's CPU time
  std::uint64_t iterations = 0;
};

repetition run_batch(const std::function<void()> &body, std::uint64_t iterations) {
  const double cpu0 = thread_cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < iterations; ++i) body();
  const auto t1 = std::chrono::steady_clock::now();
  return {std::chrono::duration<double>(t1 - t0).count(), thread_cpu_seconds() - cpu0, iterations};
}

// How many iterations make one repetition last at least `min_time`: grow
// the batch until it takes a tenth of that, then scale up (with 20 % slack).
std::uint64_t calibrate(const std::function<void()> &body, double min_time) {
  std::uint64_t n = 1;
  for (;;) {
    const repetition r = run_batch(body, n);
    if (r.seconds >= min_time / 10 || n >= (1ULL << 40)) {
      const double per = r.seconds / static_cast<double>(n);
      return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(min_time * 1.2 / std::max(per, 1e-12)));
    }
    n *= 4;
  }
}

struct stats {
  double median = 0, min = 0, max = 0;
};

stats stats_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  const double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  return {median, v.front(), v.back()};
}

json to_json(const stats &s) { return {{"median", s.median}, {"min", s.min}, {"max", s.max}}; }

struct result {
  std::string name;     // "ubl/generate", "ubl/floor", ...
  std::string format;   // "ubl" | "cii"
  std::string kind;     // "generate" | "floor"
  std::size_t lines = 0;
  std::size_t bytes = 0;
  std::uint64_t iterations = 0;  // per repetition
  stats docs_per_s, lines_per_s, us_per_doc, ns_per_line;  // wall clock (steady_clock)
  stats cpu_us_per_doc;          // this thread's CPU time per document
  double cpu_share = 0;          // CPU time / wall time over the kept repetitions (< 0.9: the machine was busy)
  int discarded = 0;             // repetitions run again because the machine was busy
};

struct series {
  std::uint64_t iterations = 0;  // per repetition
  std::vector<double> per_doc;      // wall seconds, one per repetition
  std::vector<double> per_doc_cpu;  // CPU seconds, one per repetition
  double wall = 0, cpu = 0;         // summed over the repetitions
  void add(const repetition &rep) {
    per_doc.push_back(rep.seconds / static_cast<double>(rep.iterations));
    per_doc_cpu.push_back(rep.cpu_seconds / static_cast<double>(rep.iterations));
    wall += rep.seconds;
    cpu += rep.cpu_seconds;
  }
};

result make_result(const std::string &format, const std::string &kind, std::size_t lines, std::size_t bytes,
                   const series &s) {
  std::vector<double> docs, line_rate, us, ns_line;
  for (const double per_doc : s.per_doc) {
    docs.push_back(1 / per_doc);
    line_rate.push_back(static_cast<double>(lines) / per_doc);
    us.push_back(per_doc * 1e6);
    ns_line.push_back(per_doc * 1e9 / static_cast<double>(lines));
  }
  result res;
  res.name = format + "/" + kind;
  res.format = format;
  res.kind = kind;
  res.lines = lines;
  res.bytes = bytes;
  res.iterations = s.iterations;
  res.docs_per_s = stats_of(docs);
  res.lines_per_s = stats_of(line_rate);
  res.us_per_doc = stats_of(us);
  res.ns_per_line = stats_of(ns_line);
  std::vector<double> cpu_us;
  for (const double c : s.per_doc_cpu) cpu_us.push_back(c * 1e6);
  res.cpu_us_per_doc = stats_of(cpu_us);
  res.cpu_share = s.wall > 0 ? s.cpu / s.wall : 0;
  return res;
}

// Generation and its floor, repetitions interleaved (generate, floor,
// generate, floor, ...) so that both see the same conditions on a shared
// machine; the ratio is taken per repetition pair.
struct pair_result {
  result generate, floor;
  stats ratio;  // generate time / floor time per document
};

pair_result measure_pair(const std::string &format, std::size_t lines, std::size_t bytes,
                         const std::function<void()> &generate, const std::function<void()> &floor,
                         const options &o) {
  series g, f;
  g.iterations = calibrate(generate, o.min_time);
  f.iterations = calibrate(floor, o.min_time);
  std::vector<double> ratios;
  // A pair in which either side got less than 90 % of a CPU (another process
  // ran on our core) is thrown away and run again, with at most
  // 3 x repetitions extra tries; after those, pairs are kept as they come and
  // the cpu column shows it.
  int discarded = 0;
  for (int r = 0, tries = 0; r < o.repetitions; ++tries) {
    const repetition rg = run_batch(generate, g.iterations);
    const repetition rf = run_batch(floor, f.iterations);
    const bool busy = rg.cpu_seconds < 0.9 * rg.seconds || rf.cpu_seconds < 0.9 * rf.seconds;
    if (busy && tries < 4 * o.repetitions) {
      ++discarded;
      continue;
    }
    g.add(rg);
    f.add(rf);
    ratios.push_back(g.per_doc.back() / f.per_doc.back());
    ++r;
  }
  pair_result p{make_result(format, "generate", lines, bytes, g), make_result(format, "floor", lines, bytes, f),
                stats_of(ratios)};
  p.generate.discarded = p.floor.discarded = discarded;
  return p;
}

// ----------------------------------------------------------- machine facts

using arx::bench::cpu_model;
using arx::bench::load_average;
using arx::bench::utc_now;

json machine_facts(const options &o) {
  return {{"nproc", static_cast<long>(sysconf(_SC_NPROCESSORS_ONLN))},
          {"cpu_model", cpu_model()},
          {"date", utc_now()},
#ifdef __clang__
          {"compiler", std::string("clang ") + __VERSION__},
#else
          {"compiler", std::string("gcc ") + __VERSION__},
#endif
          {"build_type", ARX_BENCH_BUILD_TYPE},
          {"cxx_flags", ARX_BENCH_CXX_FLAGS},
          {"pugixml_version", PUGIXML_VERSION},
          {"load_average_at_start", load_average()},
          {"threads", 1},
          {"pinned_cpu", o.pin_cpu >= 0 ? json(o.pin_cpu) : json(nullptr)}};
}

// ------------------------------------------------------------------ report

const result *find(const std::vector<result> &rs, std::string_view format, std::string_view kind, std::size_t lines) {
  for (const result &r : rs)
    if (r.format == format && r.kind == kind && r.lines == lines) return &r;
  return nullptr;
}

void print_table(const std::vector<result> &rs) {
  std::printf("\n%-13s %6s %9s %24s %11s %10s %11s %5s\n", "case", "lines", "bytes", "docs/s median [min..max]",
              "us/doc", "ns/line", "cpu us/doc", "cpu");
  for (const result &r : rs) {
    char range[64];
    std::snprintf(range, sizeof range, "%.0f [%.0f..%.0f]", r.docs_per_s.median, r.docs_per_s.min, r.docs_per_s.max);
    std::printf("%-13s %6zu %9zu %24s %11.1f %10.1f %11.1f %4.0f%%\n", r.name.c_str(), r.lines, r.bytes, range,
                r.us_per_doc.median, r.ns_per_line.median, r.cpu_us_per_doc.median, 100 * r.cpu_share);
  }
  const bool busy = std::any_of(rs.begin(), rs.end(), [](const result &r) { return r.cpu_share < 0.9; });
  if (busy)
    std::printf("warning: some cases got less than 90 %% of a CPU (column cpu): the machine was busy and the wall\n"
                "         clock figures are too low; rerun on a quiet machine or compare the cpu us/doc column.\n");
}

}  // namespace

int main(int argc, char **argv) try {
  const options o = parse_options(argc, argv);

  if (o.pin_cpu >= 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(o.pin_cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) {
      std::perror("arx_bench_einvoice: sched_setaffinity");
      return 2;
    }
  }

  const json machine = machine_facts(o);
  std::printf("arx_bench_einvoice: %s, %ld CPU(s), %s build, load %s\n", machine["cpu_model"].get<std::string>().c_str(),
              machine["nproc"].get<long>(), ARX_BENCH_BUILD_TYPE,
              machine["load_average_at_start"].get<std::string>().c_str());
  std::printf("%d repetition(s) of >= %.2f s per case, one thread\n", o.repetitions, o.min_time);

  std::vector<result> results;
  std::map<std::string, stats> ratio_stats;  // "ubl/10" -> ours / floor
  for (const std::string format : {"ubl", "cii"}) {
    const ei::specification spec = format == "ubl" ? ei::specification::peppol_bis3 : ei::specification::xrechnung_3;
    const bool ubl = format == "ubl";
    auto write = [ubl](const ei::document &d) { return ubl ? ei::write_ubl(d) : ei::write_cii(d); };
    for (const std::size_t n : o.sizes) {
      ei::document doc = make_invoice(n, spec);
      const std::string expected = write(doc);

      if (!o.samples_dir.empty() && n == 10) {
        std::filesystem::create_directories(o.samples_dir);
        std::ofstream(std::filesystem::path(o.samples_dir) / ("bench-10-lines-" + format + ".xml"),
                      std::ios::binary)
            << expected;
      }

      // The floor: the same document's DOM, built once, serialised with the
      // writers' flags into a string that has room for it.
      pugi::xml_document dom;
      const pugi::xml_parse_result parsed =
          dom.load_buffer(expected.data(), expected.size(), pugi::parse_default | pugi::parse_declaration);
      if (!parsed) throw std::runtime_error(std::string("cannot parse the generated ") + format + ": " + parsed.description());
      {
        string_writer check;
        dom.save(check, "  ", pugi::format_indent, pugi::encoding_utf8);
        if (check.out != expected)
          throw std::runtime_error("the floor's DOM does not write the bytes " + format + " wrote (" +
                                   std::to_string(n) + " lines)");
      }

      pair_result p = measure_pair(
          format, n, expected.size(),
          [&doc, &write] {  // generation: the totals and the XML, as posting does them
            ei::compute_totals(doc);
            const std::string xml = write(doc);
            g_sink = g_sink + xml.size();
          },
          [&dom, size = expected.size()] {
            string_writer w;
            w.out.reserve(size);
            dom.save(w, "  ", pugi::format_indent, pugi::encoding_utf8);
            g_sink = g_sink + w.out.size();
          },
          o);
      std::fprintf(stderr, "  %-4s %6zu lines: %10.0f docs/s, floor %10.0f docs/s, ratio %.2f (%d busy repetition(s) rerun)\n",
                   format.c_str(), n, p.generate.docs_per_s.median, p.floor.docs_per_s.median, p.ratio.median,
                   p.generate.discarded);
      ratio_stats[format + "/" + std::to_string(n)] = p.ratio;
      results.push_back(std::move(p.generate));
      results.push_back(std::move(p.floor));
    }
  }

  print_table(results);

  // ---- derived figures: ratios, linearity, the target
  json summary = json::array();
  json ratios = json::object(), linearity = json::object();
  constexpr double target = 20000;  // 10-line UBL invoices per second per core (the issue's target)
  for (const std::string format : {"ubl", "cii"}) {
    json per_format_ratio = json::object();
    json per_line = json::object();
    for (const std::size_t n : o.sizes) {
      const result *g = find(results, format, "generate", n);
      per_format_ratio[std::to_string(n)] = to_json(ratio_stats.at(format + "/" + std::to_string(n)));
      per_line[std::to_string(n)] = g->ns_per_line.median;
    }
    ratios[format] = per_format_ratio;
    json lin = {{"ns_per_line_median", per_line}};
    const result *small = find(results, format, "generate", 10);
    const result *large = find(results, format, "generate", 1000);
    if (small && large) lin["per_line_1000_over_10"] = large->ns_per_line.median / small->ns_per_line.median;
    // The marginal cost of a line between the two largest sizes: flat if
    // generation is linear, growing with n if something is quadratic.
    if (o.sizes.size() >= 2) {
      std::vector<std::size_t> s = o.sizes;
      std::sort(s.begin(), s.end());
      const result *a = find(results, format, "generate", s[s.size() - 2]);
      const result *b = find(results, format, "generate", s.back());
      const double marginal = (b->us_per_doc.median - a->us_per_doc.median) * 1e3 /
                              static_cast<double>(s.back() - s[s.size() - 2]);
      lin["marginal_ns_per_line_between"] = {s[s.size() - 2], s.back()};
      lin["marginal_ns_per_line"] = marginal;
      lin["per_line_largest_over_second_largest"] = b->ns_per_line.median / a->ns_per_line.median;
    }
    linearity[format] = lin;
  }

  std::printf("\nours / floor (time per document, median of the per-repetition ratios):\n");
  for (const std::string format : {"ubl", "cii"}) {
    std::printf("  %-4s", format.c_str());
    for (const std::size_t n : o.sizes) std::printf("  %zu lines %.2fx", n, ratios[format][std::to_string(n)]["median"].get<double>());
    std::printf("\n");
  }
  std::printf("per-line time of generation (ns/line, medians):\n");
  for (const std::string format : {"ubl", "cii"}) {
    std::printf("  %-4s", format.c_str());
    for (const std::size_t n : o.sizes) std::printf("  %zu: %.0f", n, linearity[format]["ns_per_line_median"][std::to_string(n)].get<double>());
    if (linearity[format].contains("per_line_1000_over_10"))
      std::printf("   (1000 vs 10: %.2fx)", linearity[format]["per_line_1000_over_10"].get<double>());
    std::printf("\n");
  }

  const result *ubl10 = find(results, "ubl", "generate", 10);
  const result *cii10 = find(results, "cii", "generate", 10);
  const result *ubl1k = find(results, "ubl", "generate", 1000);
  const result *cii1k = find(results, "cii", "generate", 1000);
  json target_json = nullptr;
  if (ubl10) {
    const bool met = ubl10->docs_per_s.median >= target;
    target_json = {{"metric", "10-line UBL invoices per second per core"},
                   {"target", target},
                   {"measured_median", ubl10->docs_per_s.median},
                   {"met", met}};
    std::printf("target: >= %.0f 10-line UBL invoices/s per core: %.0f measured (median) -> %s\n", target,
                ubl10->docs_per_s.median, met ? "met" : "NOT met");
  }
  auto headline = [&](const char *metric, const result *r, bool lines) {
    if (r)
      summary.push_back({{"metric", metric},
                         {"value", lines ? r->lines_per_s.median : r->docs_per_s.median},
                         {"unit", lines ? "lines/s" : "docs/s"}});
  };
  headline("UBL generation, 10 lines", ubl10, false);
  headline("CII generation, 10 lines", cii10, false);
  headline("UBL generation, 1000 lines", ubl1k, false);
  headline("CII generation, 1000 lines", cii1k, false);
  headline("UBL generation, 1000 lines", ubl1k, true);
  headline("CII generation, 1000 lines", cii1k, true);
  for (const std::string format : {"ubl", "cii"})
    for (const std::size_t n : {std::size_t{10}, std::size_t{1000}})
      if (ratios[format].contains(std::to_string(n)))
        summary.push_back({{"metric", format + " ours/floor, " + std::to_string(n) + " lines"},
                           {"value", ratios[format][std::to_string(n)]["median"]},
                           {"unit", "x"}});
  if (!target_json.is_null())
    summary.push_back({{"metric", "target >= 20000 10-line UBL docs/s/core"},
                       {"value", target_json["met"].get<bool>() ? "met" : "not met"},
                       {"unit", ""}});

  json cases = json::array();
  for (const result &r : results)
    cases.push_back({{"name", r.name},
                     {"format", r.format},
                     {"kind", r.kind},
                     {"lines", r.lines},
                     {"bytes", r.bytes},
                     {"iterations_per_repetition", r.iterations},
                     {"docs_per_s", to_json(r.docs_per_s)},
                     {"lines_per_s", to_json(r.lines_per_s)},
                     {"us_per_doc", to_json(r.us_per_doc)},
                     {"ns_per_line", to_json(r.ns_per_line)},
                     {"cpu_us_per_doc", to_json(r.cpu_us_per_doc)},
                     {"cpu_share", r.cpu_share},
                     {"discarded_repetitions", r.discarded}});

  const json report = {
      {"benchmark", "einvoice"},
      {"program", "arx_bench_einvoice"},
      {"machine", machine},
      {"settings", {{"repetitions", o.repetitions}, {"min_time_s", o.min_time}, {"lines", o.sizes}}},
      {"documents",
       {{"ubl", "Peppol BIS 3 invoice (write_ubl), compute_totals included"},
        {"cii", "XRechnung 3.0 CII invoice (write_cii), compute_totals included"},
        {"content", "German seller and buyer, 19 % and 7 % VAT, one 2 % document allowance, RF creditor "
                    "reference, SEPA transfer; every third line with a description, all with an order "
                    "line reference"},
        {"floor", "pugi::xml_document::save (indent, UTF-8) of the same document's DOM, built once, "
                  "into a std::string reserved to the output size"}}},
      {"cases", cases},
      {"ratio_ours_over_floor", ratios},
      {"linearity", linearity},
      {"target", target_json},
      {"summary", summary}};

  const std::filesystem::path out(o.out);
  if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path());
  std::ofstream file(out, std::ios::binary);
  file << report.dump(2) << '\n';
  if (!file) throw std::runtime_error("cannot write " + o.out);
  std::printf("results: %s\n", o.out.c_str());
  return g_sink == 0 ? 1 : 0;
} catch (const std::exception &e) {
  std::fprintf(stderr, "arx_bench_einvoice: %s\n", e.what());
  return 1;
}
