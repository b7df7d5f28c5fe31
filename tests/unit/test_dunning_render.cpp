// Unit tests for plugin/dunning/render: the built-in templates in de, en, nl
// with real values, verbatim insertion, the template check (ctemplate syntax,
// arx's names), an admin's own template, templates that must not mix up in
// ctemplate or across threads, and the letter PDF read back with pdftotext /
// pdfinfo.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <thread>
#include <vector>

#include "core/date.hpp"
#include "core/error.hpp"
#include "dunning/render.hpp"
#include "pdf_reader.hpp"

namespace {

using namespace arx;
using namespace arx::dunning;

using test::pdf_pages;
using test::pdf_text;

size_t count(const std::string &haystack, const std::string &needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

// Each of `parts` is in `text` / none of them is.
void expect_in(const std::string &text, std::initializer_list<std::string> parts) {
  for (const auto &p : parts) EXPECT_NE(text.find(p), std::string::npos) << "'" << p << "' is missing in\n" << text;
}
void expect_not_in(const std::string &text, std::initializer_list<std::string> parts) {
  for (const auto &p : parts) EXPECT_EQ(text.find(p), std::string::npos) << "'" << p << "' is in\n" << text;
}

core::date d(const char *s) { return core::parse_date(s); }

party_text seller() {
  return {.name = "Nordlicht Maschinenbau GmbH", .street = "Hafenstraße 12", .postcode = "20457", .city = "Hamburg",
          .country = "DE", .vat_id = "DE123456789", .email = "ar@nordlicht.example", .phone = "+49 40 123456",
          .iban = "DE89370400440532013000", .bic = "COBADEFFXXX"};
}

// A customer without VAT id, contact or account.
party_text customer(const std::string &name = "Van Dijk Installatietechniek B.V.") {
  return {.name = name, .street = "Kanaalweg 7", .postcode = "3526 KL", .city = "Utrecht", .country = "NL",
          .vat_id = "", .email = "", .phone = "", .iban = "", .bic = ""};
}

notice_item item(const std::string &number, const char *due, int64_t open, int days, int level, int64_t interest = 0) {
  notice_item it;
  it.open_item_id = static_cast<int64_t>(std::hash<std::string>{}(number) & 0xffffff);
  it.invoice_number = number;
  it.kind = open < 0 ? "credit_note" : "invoice";
  it.due_date = d(due);
  it.issue_date = core::add_days(d(due), -30);
  it.open_amount = open;
  it.days_overdue = days;
  it.level = level;
  it.escalated = level > 0;
  it.interest = interest;
  return it;
}

// As of 2026-11-20: two overdue invoices, a credit, one item not yet due.
// 1,190.00 + 2,380.50 - 50.00 = 3,520.50 overdue; fee 7.50, interest 12.34.
notice make_notice(const std::string &language, int level, bool charges) {
  notice n;
  n.customer_id = 7;
  n.customer_number = "K-10042";
  n.currency = "EUR";
  n.exponent = 2;
  n.level = level;
  n.procedure_code = "STANDARD";
  n.channel = "both";
  n.language = language;
  n.as_of = d("2026-11-20");
  n.pay_by = d("2026-12-04");
  n.interest_rate = "10.27";
  n.items.push_back(item("RE-2026-0815", "2026-10-05", 119000, 46, level, charges ? 1000 : 0));
  n.items.push_back(item("RE-2026-0907", "2026-10-28", 238050, 23, level, charges ? 234 : 0));
  n.items.push_back(item("GS-2026-0011", "2026-10-30", -5000, 21, 0));
  n.items.push_back(item("RE-2026-1120", "2026-12-10", 50000, -20, 0));
  n.overdue_total = 119000 + 238050 - 5000;
  n.fee = charges ? 750 : 0;
  n.interest = charges ? 1234 : 0;
  n.total_due = n.overdue_total + n.fee + n.interest;
  return n;
}

struct expected {
  const char *language;
  const char *titles[3];  // reminder, second_reminder, final_notice
  const char *overdue, *fee, *interest, *total_with, *total_without, *rate;
  const char *pay_by, *due_first, *not_due_amount;
  const char *days_46;    // how an item line says "46 days overdue"
  const char *disregard;  // "disregard if paid in the last days"
  const char *further;    // final notice: further steps
};

const std::array<expected, 3> languages{{
    {"de",
     {"Zahlungserinnerung", "1. Mahnung", "Letzte Mahnung"},
     "3.520,50 EUR", " 7,50 EUR", " 12,34 EUR", "3.540,34 EUR", "3.520,50 EUR", "10,27 %",
     "04.12.2026", "05.10.2026", "500,00 EUR", "46 Tage überfällig", "in den letzten Tagen bereits veranlasst",
     "weitere Schritte"},
    {"en",
     {"Payment reminder", "Second reminder", "Final notice"},
     "3,520.50 EUR", " 7.50 EUR", " 12.34 EUR", "3,540.34 EUR", "3,520.50 EUR", "10.27%",
     "4 Dec 2026", "5 Oct 2026", "500.00 EUR", "46 days overdue", "in the last few days, please disregard",
     "further steps"},
    {"nl",
     {"Betalingsherinnering", "Tweede herinnering", "Laatste aanmaning"},
     "3.520,50 EUR", " 7,50 EUR", " 12,34 EUR", "3.540,34 EUR", "3.520,50 EUR", "10,27 %",
     "04-12-2026", "05-10-2026", "500,00 EUR", "46 dagen te laat", "in de afgelopen dagen al gedaan",
     "nadere stappen"},
}};

}  // namespace

TEST(DunningRender, builtin_template_names_are_the_three_levels) {
  EXPECT_EQ(builtin_template_names(), (std::vector<std::string>{"reminder", "second_reminder", "final_notice"}));
  for (const auto &name : builtin_template_names())
    for (const char *lang : {"de", "en", "nl"}) EXPECT_NO_THROW(check_template(builtin_template(name, lang))) << name << lang;
}

TEST(DunningRender, unknown_builtin_template_names_name_and_language) {
  for (const auto &[name, lang] : {std::pair{"reminder", "fr"}, std::pair{"friendly_nudge", "de"}}) {
    try {
      builtin_template(name, lang);
      FAIL() << name << "/" << lang;
    } catch (const error &e) {
      EXPECT_EQ(e.status(), ARX_E_NOT_FOUND);
      EXPECT_NE(std::string(e.what()).find(std::string("'") + name + "'"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(std::string("'") + lang + "'"), std::string::npos) << e.what();
    }
  }
}

TEST(DunningRender, builtin_templates_render_real_values_in_all_languages) {
  const std::array<const char *, 3> names{"reminder", "second_reminder", "final_notice"};
  for (const auto &x : languages) {
    for (size_t level = 0; level < names.size(); ++level) {
      SCOPED_TRACE(std::string(x.language) + " " + names[level]);
      const notice n = make_notice(x.language, static_cast<int>(level) + 1, true);
      const rendered r = render_notice(n, builtin_template(names[level], x.language), seller(), customer());
      EXPECT_EQ(r.subject.rfind(x.titles[level], 0), 0u) << r.subject;
      EXPECT_NE(r.subject.find("K-10042"), std::string::npos) << r.subject;
      EXPECT_NE(r.subject.find("Nordlicht Maschinenbau GmbH"), std::string::npos) << r.subject;
      EXPECT_EQ(r.subject.find('\n'), std::string::npos);

      const std::string &b = r.body;
      EXPECT_EQ(b.find("{{"), std::string::npos) << b;
      EXPECT_EQ(b.back(), '\n');
      const bool en = x.language == std::string("en");
      expect_in(b, {// the overdue items with due date, amount and days, the credit, the totals
                    "RE-2026-0815", "RE-2026-0907", "GS-2026-0011", x.due_first, en ? "1,190.00 EUR" : "1.190,00 EUR",
                    en ? "-50.00 EUR" : "-50,00 EUR", x.days_46, x.overdue, x.total_with, x.fee, x.interest, x.rate,
                    x.pay_by,
                    // how to pay: account and the invoice numbers as reference (credits are not)
                    "DE89 3704 0044 0532 0130 00", "COBADEFFXXX", "RE-2026-0815, RE-2026-0907", x.disregard,
                    // the item not yet due is listed for information, not as overdue
                    "RE-2026-1120: " + std::string(x.not_due_amount),
                    // signed by the company
                    "\nNordlicht Maschinenbau GmbH\n"});
      EXPECT_EQ(b.find(" -20 "), std::string::npos) << b;
      if (level == 2) {
        EXPECT_NE(b.find(x.further), std::string::npos) << b;
        EXPECT_GE(count(b, x.pay_by), 2u) << "the deadline is stated with what follows it\n" << b;
      } else {
        EXPECT_EQ(b.find(x.further), std::string::npos) << b;
      }
    }
  }
}

TEST(DunningRender, fee_and_interest_sentences_only_when_charged) {
  for (const auto &x : languages) {
    for (const auto &name : builtin_template_names()) {
      SCOPED_TRACE(std::string(x.language) + " " + name);
      const template_text t = builtin_template(name, x.language);
      const std::string with = render_notice(make_notice(x.language, 2, true), t, seller(), customer()).body;
      const std::string without = render_notice(make_notice(x.language, 2, false), t, seller(), customer()).body;
      expect_in(with, {x.fee, x.rate, x.interest});
      expect_not_in(without, {x.fee, x.rate, x.interest, " 0,00 EUR", " 0.00 EUR"});
      expect_in(without, {x.total_without});
      // the sentences are left out as whole lines
      EXPECT_EQ(without.find("\n\n\n"), std::string::npos) << without;
      EXPECT_LT(without.size(), with.size());
    }
  }
}

TEST(DunningRender, values_are_inserted_verbatim) {
  const std::string name = "O'Brien & Söhne <GmbH>";
  party_text s = seller();
  s.name = "Smith & \"Sons\" Ltd";
  template_text t;
  t.subject = "Reminder for {{customer_name}}";
  t.body = "A {{customer_name}}\n{{#customer_name}}B {{customer_name}}{{/customer_name}}\nC {{company_name}}\n";
  const rendered r = render_notice(make_notice("en", 1, false), t, s, customer(name));
  EXPECT_EQ(r.subject, "Reminder for " + name);
  EXPECT_EQ(r.body, "A " + name + "\nB " + name + "\nC Smith & \"Sons\" Ltd\n");
  for (const char *entity : {"&amp;", "&#39;", "&lt;", "&gt;", "&quot;", "&#x2F;"})
    EXPECT_EQ(r.body.find(entity), std::string::npos) << entity;

  // the built-in templates too, and the letter (plain text to pango, no markup)
  const rendered b = render_notice(make_notice("de", 1, false), builtin_template("reminder", "de"), s, customer(name));
  EXPECT_NE(b.subject.find("Smith & \"Sons\" Ltd"), std::string::npos) << b.subject;
  EXPECT_NE(b.body.find("Smith & \"Sons\" Ltd"), std::string::npos) << b.body;
  const std::string text = pdf_text(b.letter_pdf);
  EXPECT_NE(text.find(name), std::string::npos) << text;
  EXPECT_NE(text.find("Smith & \"Sons\" Ltd"), std::string::npos) << text;
}

TEST(DunningRender, subject_is_one_line_whatever_the_values) {
  template_text t;
  t.subject = "Reminder {{customer_name}}\n{{customer_number}}";
  t.body = "x\n";
  const rendered r =
      render_notice(make_notice("en", 1, false), t, seller(), customer("Evil\r\nBcc: victim@example.org"));
  EXPECT_EQ(r.subject, "Reminder Evil Bcc: victim@example.org K-10042");
}

TEST(DunningRender, check_template_refuses_unknown_names_and_broken_syntax) {
  struct refused {
    const char *subject, *body, *expect;
  };
  const std::vector<refused> cases{
      {"Hi {{customer_name}}", "Dear {{customer_nmae}}\n", "unknown variable 'customer_nmae'"},
      {"Hi {{total}}", "ok\n", "subject, line 1: unknown variable 'total'"},
      {"Hi", "x\n{{invoice_number}}\n", "'invoice_number' is a value of an item"},
      {"Hi", "{{#items}}\n{{invoice_number}}\n", "section 'items' is not closed"},
      {"Hi", "{{#items}}{{invoice_number}}{{/items_not_due}}", "{{/items_not_due}} closes section 'items'"},
      {"Hi", "text{{/has_fee}}", "{{/has_fee}} closes no open section"},
      {"Hi", "Dear {{customer_name\n", "is not closed"},
      {"Hi", "Dear {{customer_name}\n", "is not closed with '}}'"},
      // mustache that ctemplate does not have, and ctemplate that arx refuses
      {"Hi", "Dear {{{customer_name}}}\n", "triple braces"},
      {"Hi", "Dear {{&customer_name}}\n", "write {{customer_name}}, values are never escaped"},
      {"Hi", "{{^has_fee}}no fee{{/has_fee}}", "use {{#no_fee}}...{{/no_fee}}"},
      {"Hi", "{{#items}}{{^is_credit}}x{{/is_credit}}{{/items}}", "use {{#not_credit}}"},
      {"Hi", "{{^items_not_due}}x{{/items_not_due}}", "use {{#no_items_not_due}}"},
      {"Hi", "Dear {{customer_name:h}}", "modifiers (':h'"},
      {"Hi", "Dear {{customer_name:x-evil=1}}", "modifiers"},
      {"Hi", "{{%AUTOESCAPE context=\"HTML\"}}x", "pragmas"},
      {"Hi", "Dear {{ company_name }}", "spaces inside the marker {{ company_name }}: write {{company_name}}"},
      {"Hi", "{{# items}}{{/items}}", "write {{#items}}"},
      {"Hi", "{{>footer}}", "includes"},
      {"Hi", "{{=<% %>=}}", "delimiters"},
      {"Hi", "{{BI_NEWLINE}}", "'BI_NEWLINE'"},
      {"Hi", "{{#items}}{{#items_separator}}, {{/items_separator}}{{/items}}", "unknown section 'items_separator'"},
      {"Hi", "{{items}}", "'items' is a list"},
      {"Hi", "fee: {{has_fee}}", "'has_fee' is a yes/no value"},
      {"Hi", "{{#items}}{{#items_not_due}}{{/items_not_due}}{{/items}}", "cannot be used inside"},
      {"Hi", "{{#unknown_flag}}x{{/unknown_flag}}", "unknown section 'unknown_flag'"},
      {"Hi", "{{customer.name}}", "'customer.name'"},
      {"Hi", "x {{}} y", "empty marker"},
      {"", "x", "subject is empty"},
      {"Hi", "  \n", "body is empty"},
  };
  for (const auto &c : cases) {
    try {
      check_template({c.subject, c.body});
      ADD_FAILURE() << "accepted: " << c.body;
    } catch (const error &e) {
      EXPECT_EQ(e.status(), ARX_E_CONFIG) << e.what();
      EXPECT_NE(std::string(e.what()).find(c.expect), std::string::npos) << e.what();
    }
  }
  // the line is named
  try {
    check_template({"Hi", "line one\nline two\n{{oops}}\n"});
    ADD_FAILURE();
  } catch (const error &e) {
    EXPECT_NE(std::string(e.what()).find("body, line 3"), std::string::npos) << e.what();
  }
  try {  // a comment over two lines counts both
    check_template({"Hi", "{{! one\ntwo }}\n{{#has_fee}}\n{{oops}}{{/has_fee}}\n"});
    ADD_FAILURE();
  } catch (const error &e) {
    EXPECT_NE(std::string(e.what()).find("body, line 4: unknown variable 'oops'"), std::string::npos) << e.what();
  }
  // and an admin's template with every kind of tag is accepted
  EXPECT_NO_THROW(check_template(
      {"{{customer_number}}",
       "{{! note }}\n{{#items}}{{invoice_number}} {{level}} {{interest}}{{#is_credit}}C{{/is_credit}}{{/items}}\n"
       "{{#no_fee}}no fee{{/no_fee}}{{#bic}}{{bic}}{{/bic}}{{total_due}}{{level}}{{! a\nlonger comment }}\r\n"}));
  // render_notice checks too
  EXPECT_THROW(render_notice(make_notice("de", 1, false), {"x", "{{nope}}"}, seller(), customer()), error);
}

TEST(DunningRender, account_lines_only_when_the_seller_has_an_account) {
  party_text s = seller();
  s.iban.clear();
  s.bic.clear();
  const rendered without = render_notice(make_notice("de", 1, false), builtin_template("reminder", "de"), s, customer());
  EXPECT_EQ(without.body.find("IBAN"), std::string::npos) << without.body;
  EXPECT_EQ(without.body.find("BIC"), std::string::npos) << without.body;
  EXPECT_EQ(without.body.find("Konto"), std::string::npos) << without.body;
  EXPECT_NE(without.body.find("bis zum 04.12.2026 zu überweisen."), std::string::npos) << without.body;
  EXPECT_EQ(without.body.find("\n\n\n"), std::string::npos) << without.body;
  s.iban = "NL91ABNA0417164300";  // an IBAN without a BIC
  const rendered iban_only = render_notice(make_notice("nl", 1, false), builtin_template("reminder", "nl"), s, customer());
  EXPECT_NE(iban_only.body.find("\nIBAN: NL91 ABNA 0417 1643 00\n\n"), std::string::npos) << iban_only.body;
  EXPECT_EQ(iban_only.body.find("BIC"), std::string::npos) << iban_only.body;
}

TEST(DunningRender, admin_template_overrides_the_builtin) {
  template_text t;
  t.subject = "Offene Posten {{customer_number}}: {{total_due}}";
  t.body =
      "{{! an admin's own wording }}\r\n"
      "Hallo {{customer_name}},\r\n"
      "\r\n"
      "{{#items}}\r\n"
      "* {{invoice_number}} | {{due_date}} | {{open_amount}} | {{days_overdue}} | Stufe {{level}}"
      "{{#is_credit}} (Gutschrift){{/is_credit}}\r\n"
      "{{/items}}\r\n"
      "{{#no_fee}}\r\n"
      "Keine Gebühr.\r\n"
      "{{/no_fee}}\r\n"
      "{{#no_items_not_due}}\r\n"
      "Nichts weiter offen.\r\n"
      "{{/no_items_not_due}}\r\n"
      "{{#items_not_due}}\r\n"
      "später: {{invoice_number}} {{open_amount}}\r\n"
      "{{/items_not_due}}\r\n"
      "Zahlbar bis {{pay_by}} an {{company_name}}, Stufe {{level}}.\r\n";
  check_template(t);
  const rendered r = render_notice(make_notice("de", 2, false), t, seller(), customer());
  EXPECT_EQ(r.subject, "Offene Posten K-10042: 3.520,50 EUR");
  EXPECT_EQ(r.body,
            "Hallo Van Dijk Installatietechniek B.V.,\n"
            "\n"
            "* RE-2026-0815 | 05.10.2026 | 1.190,00 EUR | 46 | Stufe 2\n"
            "* RE-2026-0907 | 28.10.2026 | 2.380,50 EUR | 23 | Stufe 2\n"
            "* GS-2026-0011 | 30.10.2026 | -50,00 EUR | 21 | Stufe 0 (Gutschrift)\n"
            "Keine Gebühr.\n"
            "später: RE-2026-1120 500,00 EUR\n"
            "Zahlbar bis 04.12.2026 an Nordlicht Maschinenbau GmbH, Stufe 2.\n");

  // The letter: the text around the items, the tables where the template
  // lists the items, each item once.
  const std::string text = pdf_text(r.letter_pdf);
  EXPECT_NE(text.find("Offene Posten K-10042: 3.520,50 EUR"), std::string::npos) << text;
  EXPECT_NE(text.find("Hallo Van Dijk Installatietechniek B.V.,"), std::string::npos) << text;
  EXPECT_NE(text.find("Zahlbar bis 04.12.2026 an Nordlicht"), std::string::npos) << text;
  for (const char *number : {"RE-2026-0815", "RE-2026-0907", "GS-2026-0011", "RE-2026-1120"})
    EXPECT_EQ(count(text, number), 1u) << number << "\n" << text;
  EXPECT_EQ(text.find("* RE-2026"), std::string::npos) << text;
  EXPECT_EQ(text.find("später:"), std::string::npos) << text;
  EXPECT_LT(text.find("Hallo"), text.find("RE-2026-0815"));
  EXPECT_LT(text.find("RE-2026-0815"), text.find("Überfälliger Betrag"));
  EXPECT_LT(text.find("Keine Gebühr."), text.find("RE-2026-1120"));
  EXPECT_LT(text.find("RE-2026-1120"), text.find("Zahlbar bis 04.12.2026 an"));
}

TEST(DunningRender, letter_with_250_items_runs_over_pages_with_every_number) {
  notice n = make_notice("de", 2, true);
  n.items.clear();
  n.overdue_total = 0;
  n.interest = 0;
  for (int i = 1; i <= 250; ++i) {
    char number[16];
    std::snprintf(number, sizeof number, "RE-%05d", i);
    const int64_t amount = 10000 + i;  // 100.01 .. 102.50
    n.items.push_back(item(number, "2026-09-30", amount, 51, 2, 100));
    n.overdue_total += amount;
    n.interest += 100;
  }
  for (int i = 1; i <= 3; ++i) n.items.push_back(item("ND-" + std::to_string(i), "2026-12-15", 20000, -25, 0));
  n.total_due = n.overdue_total + n.fee + n.interest;

  const rendered r = render_notice(n, builtin_template("second_reminder", "de"), seller(), customer());
  EXPECT_EQ(count(r.body, "\n- Rechnung RE-"), 250u);
  // 250 numbers are too long for a transfer's reference: customer number and date
  EXPECT_NE(r.body.find("Verwendungszweck bitte K-10042 2026-11-20 an"), std::string::npos) << r.body;

  const int pages = pdf_pages(r.letter_pdf);
  EXPECT_GE(pages, 4);
  const std::string text = pdf_text(r.letter_pdf);
  for (int i = 1; i <= 250; ++i) {
    char number[16];
    std::snprintf(number, sizeof number, "RE-%05d", i);
    ASSERT_EQ(count(text, number), 1u) << number;
  }
  for (const char *nd : {"ND-1", "ND-2", "ND-3"}) EXPECT_EQ(count(text, nd), 1u) << nd;
  EXPECT_NE(text.find("1. Mahnung - Kundennummer K-10042"), std::string::npos);
  EXPECT_NE(text.find("1. Mahnung - Kundennummer K-10042 - Nordlicht Maschinenbau GmbH (Fortsetzung)"),
            std::string::npos);
  EXPECT_NE(text.find("Seite 1 von " + std::to_string(pages)), std::string::npos);
  EXPECT_NE(text.find("Seite " + std::to_string(pages) + " von " + std::to_string(pages)), std::string::npos);
  // table header on the continuation pages, totals at the end
  EXPECT_GE(count(text, "Fällig am"), static_cast<size_t>(pages - 1));
  // 250 x 100.00 + (1 + ... + 250) cents = 25,313.75; fee 7.50; interest 250.00
  EXPECT_NE(text.find("25.313,75 EUR"), std::string::npos) << text;
  EXPECT_NE(text.find("Mahngebühr"), std::string::npos);
  EXPECT_NE(text.find("Verzugszinsen (10,27 % p. a.)"), std::string::npos);
  EXPECT_NE(text.find("Zu zahlender Betrag"), std::string::npos);
  EXPECT_NE(text.find("25.571,25 EUR"), std::string::npos) << text;
  EXPECT_NE(text.find("noch nicht fällig und nicht Gegenstand dieser"), std::string::npos) << text;
  EXPECT_NE(text.find("Mit freundlichen Grüßen"), std::string::npos);
  EXPECT_LT(text.rfind("RE-00250"), text.find("Zu zahlender Betrag"));
}

TEST(DunningRender, letter_languages_and_fields) {
  for (const auto &x : languages) {
    const notice n = make_notice(x.language, 3, true);
    const rendered r = render_notice(n, builtin_template("final_notice", x.language), seller(), customer());
    ASSERT_EQ(r.letter_pdf.rfind("%PDF-", 0), 0u);
    const int pages = pdf_pages(r.letter_pdf);
    EXPECT_GE(pages, 1);
    EXPECT_LE(pages, 2) << x.language;
    const std::string text = pdf_text(r.letter_pdf);
    // the closing and the signature stay on one page (pdftotext ends pages with \f)
    const size_t signature = text.rfind("Nordlicht Maschinenbau GmbH\n");
    ASSERT_NE(signature, std::string::npos) << text;
    const size_t closing = text.rfind(x.language == std::string("de")   ? "Mit freundlichen Grüßen"
                                      : x.language == std::string("en") ? "Yours sincerely"
                                                                        : "Hoogachtend,");
    ASSERT_NE(closing, std::string::npos) << text;
    EXPECT_EQ(text.find('\f', closing), text.find('\f', signature)) << text;
    EXPECT_NE(text.find(x.titles[2]), std::string::npos) << text;
    EXPECT_NE(text.find("Van Dijk Installatietechniek B.V."), std::string::npos) << text;
    EXPECT_NE(text.find("Nordlicht Maschinenbau GmbH"), std::string::npos) << text;
    EXPECT_NE(text.find(x.pay_by), std::string::npos) << text;
    EXPECT_NE(text.find(x.total_with), std::string::npos) << text;
    EXPECT_NE(text.find(x.further), std::string::npos) << text;
  }
  EXPECT_THROW(render_notice(make_notice("fr", 1, false), builtin_template("reminder", "en"), seller(), customer()),
               error);
}

TEST(DunningRender, admin_templates_never_mix_up) {
  // ctemplate caches parsed templates by key: two admin templates rendered one
  // after the other, with the same subject, each give their own text
  const notice n = make_notice("en", 1, true);
  const rendered a = render_notice(n, {"Open items {{customer_number}}", "first {{total_due}}\n"}, seller(), customer());
  const rendered b = render_notice(n, {"Open items {{customer_number}}", "second {{fee}}\n"}, seller(), customer());
  const rendered a2 = render_notice(n, {"Open items {{customer_number}}", "first {{total_due}}\n"}, seller(), customer());
  EXPECT_EQ(a.body, "first 3,540.34 EUR\n");
  EXPECT_EQ(b.body, "second 7.50 EUR\n");
  EXPECT_EQ(a2.body, a.body);
  // a refused template leaves nothing behind that a later one could meet
  EXPECT_THROW(check_template({"x", "{{#items}}\n"}), error);
  EXPECT_EQ(render_notice(n, {"x", "{{#items}}{{invoice_number}};{{/items}}\n"}, seller(), customer()).body,
            "RE-2026-0815;RE-2026-0907;GS-2026-0011;\n");
}

TEST(DunningRender, parallel_renders_match_the_sequential_ones) {
  // several arx contexts render in their own threads
  const std::vector<std::pair<notice, template_text>> jobs{
      {make_notice("de", 1, true), builtin_template("reminder", "de")},
      {make_notice("en", 2, false), builtin_template("second_reminder", "en")},
      {make_notice("nl", 3, true), builtin_template("final_notice", "nl")},
      {make_notice("de", 2, false), {"{{customer_number}}", "{{#items}}{{invoice_number}} {{level}}\n{{/items}}"}},
  };
  std::vector<std::string> expected;
  for (const auto &[n, t] : jobs) {
    const rendered r = render_notice(n, t, seller(), customer());
    expected.push_back(r.subject + "\n" + r.body);
  }
  std::vector<std::string> failures(jobs.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < jobs.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 3; ++round) {
        const rendered r = render_notice(jobs[i].first, jobs[i].second, seller(), customer());
        if (r.subject + "\n" + r.body != expected[i]) failures[i] = r.subject + "\n" + r.body;
      }
    });
  }
  for (auto &t : threads) t.join();
  for (size_t i = 0; i < jobs.size(); ++i) EXPECT_EQ(failures[i], "") << i;
}
