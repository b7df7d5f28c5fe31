#include "dunning/render.hpp"

#include <ctemplate/template_cache.h>
#include <ctemplate/template_dictionary.h>
#include <ctemplate/template_enums.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "core/error.hpp"
#include "core/money.hpp"
#include "pdf/dunning_letter.hpp"
#include "pdf/format.hpp"
#include "pdf/letter.hpp"

namespace arx::dunning {
namespace {

// ------------------------------------------------------------ built-ins
//
// Shared pieces of the built-in bodies, per language. The item lines, the
// payment account and the items not yet due read the same in every level.

struct pieces {
  const char *item;       // one line of the items section
  const char *account;    // the IBAN block, inside {{#iban}}
  const char *not_due;    // "{1}": the document name ("dieser Mahnung")
  const char *not_due_item;
};

constexpr pieces de_pieces{
    "{{#items}}\n"
    "- {{kind}} {{invoice_number}}: {{open_amount}}{{#not_credit}}, fällig am {{due_date}}, "
    "{{days_overdue}} Tage überfällig{{/not_credit}}\n"
    "{{/items}}\n",
    "{{#iban}}\n"
    "\n"
    "Kontoinhaber: {{company_name}}\n"
    "IBAN: {{iban}}\n"
    "{{#bic}}\n"
    "BIC: {{bic}}\n"
    "{{/bic}}\n"
    "{{/iban}}\n",
    "{{#has_items_not_due}}\n"
    "\n"
    "Zu Ihrer Information: Die folgenden Posten sind noch nicht fällig und nicht Gegenstand {1}:\n",
    "{{#items_not_due}}\n"
    "- {{kind}} {{invoice_number}}: {{open_amount}}, fällig am {{due_date}}\n"
    "{{/items_not_due}}\n"
    "{{/has_items_not_due}}\n",
};

constexpr pieces en_pieces{
    "{{#items}}\n"
    "- {{kind}} {{invoice_number}}: {{open_amount}}{{#not_credit}}, due {{due_date}}, "
    "{{days_overdue}} days overdue{{/not_credit}}\n"
    "{{/items}}\n",
    "{{#iban}}\n"
    "\n"
    "Account holder: {{company_name}}\n"
    "IBAN: {{iban}}\n"
    "{{#bic}}\n"
    "BIC: {{bic}}\n"
    "{{/bic}}\n"
    "{{/iban}}\n",
    "{{#has_items_not_due}}\n"
    "\n"
    "For your information, the following items are not yet due and are not part of {1}:\n",
    "{{#items_not_due}}\n"
    "- {{kind}} {{invoice_number}}: {{open_amount}}, due {{due_date}}\n"
    "{{/items_not_due}}\n"
    "{{/has_items_not_due}}\n",
};

constexpr pieces nl_pieces{
    "{{#items}}\n"
    "- {{kind}} {{invoice_number}}: {{open_amount}}{{#not_credit}}, vervaldatum {{due_date}}, "
    "{{days_overdue}} dagen te laat{{/not_credit}}\n"
    "{{/items}}\n",
    "{{#iban}}\n"
    "\n"
    "Ten name van: {{company_name}}\n"
    "IBAN: {{iban}}\n"
    "{{#bic}}\n"
    "BIC: {{bic}}\n"
    "{{/bic}}\n"
    "{{/iban}}\n",
    "{{#has_items_not_due}}\n"
    "\n"
    "Ter informatie: de volgende posten zijn nog niet vervallen en maken geen deel uit van {1}:\n",
    "{{#items_not_due}}\n"
    "- {{kind}} {{invoice_number}}: {{open_amount}}, vervaldatum {{due_date}}\n"
    "{{/items_not_due}}\n"
    "{{/has_items_not_due}}\n",
};

// A body: {I} the item lines, {A} the account block, {N} the items not yet due.
std::string assemble(std::string_view text, const pieces &p, std::string_view document) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}') {
      const char c = text[i + 1];
      if (c == 'I' || c == 'A' || c == 'N') {
        if (c == 'I') out += p.item;
        if (c == 'A') out += p.account;
        if (c == 'N') out += pdf::fill(p.not_due, document) + p.not_due_item;
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

struct builtin {
  const char *name;
  const char *language;
  const char *subject;
  const char *body;
  const char *document;  // for "not part of {1}"
};

// Bodies end with the sign-off; {I}, {A}, {N} are filled by assemble().
constexpr std::array<builtin, 9> builtins{{
    {"reminder", "de", "Zahlungserinnerung - Kundennummer {{customer_number}} - {{company_name}}",
     R"~(Sehr geehrte Damen und Herren,

sicher ist es Ihrer Aufmerksamkeit entgangen, dass die folgenden Posten Ihres Kundenkontos {{customer_number}} zum {{as_of}} noch offen sind:

{I}
Der überfällige Betrag beläuft sich auf {{overdue_total}}.
{{#has_fee}}
Für diese Zahlungserinnerung berechnen wir eine Gebühr von {{fee}}.
{{/has_fee}}
{{#has_interest}}
Für den Zahlungsverzug berechnen wir Zinsen von {{interest_rate}} pro Jahr, insgesamt {{interest}}.
{{/has_interest}}

Wir bitten Sie, den Betrag von {{total_due}} bis zum {{pay_by}}{{#iban}} auf unser unten genanntes Konto{{/iban}} zu überweisen. Geben Sie als Verwendungszweck bitte {{payment_reference}} an.
{A}{N}
Sollten Sie die Zahlung in den letzten Tagen bereits veranlasst haben, betrachten Sie dieses Schreiben bitte als gegenstandslos. Bei Fragen zu den aufgeführten Rechnungen stehen wir Ihnen gern zur Verfügung.

Mit freundlichen Grüßen

{{company_name}}
Debitorenbuchhaltung
)~",
     "dieser Zahlungserinnerung"},
    {"second_reminder", "de", "1. Mahnung - Kundennummer {{customer_number}} - {{company_name}}",
     R"~(Sehr geehrte Damen und Herren,

trotz unserer Zahlungserinnerung konnten wir für die folgenden Posten Ihres Kundenkontos {{customer_number}} bis zum {{as_of}} keinen Zahlungseingang feststellen:

{I}
Der überfällige Betrag beläuft sich auf {{overdue_total}}.
{{#has_fee}}
Für diese Mahnung berechnen wir eine Mahngebühr von {{fee}}.
{{/has_fee}}
{{#has_interest}}
Für die Dauer des Zahlungsverzugs berechnen wir Verzugszinsen von {{interest_rate}} pro Jahr; für die aufgeführten Posten sind das {{interest}}.
{{/has_interest}}

Bitte überweisen Sie den Gesamtbetrag von {{total_due}} bis spätestens {{pay_by}}{{#iban}} auf unser unten genanntes Konto{{/iban}}. Geben Sie als Verwendungszweck bitte {{payment_reference}} an.
{A}{N}
Sollten Sie die Zahlung in den letzten Tagen bereits veranlasst haben, betrachten Sie dieses Schreiben bitte als gegenstandslos. Gibt es einen Grund, aus dem die Rechnungen noch nicht bezahlt sind, sprechen Sie uns bitte an, damit wir gemeinsam eine Lösung finden.

Mit freundlichen Grüßen

{{company_name}}
Debitorenbuchhaltung
)~",
     "dieser Mahnung"},
    {"final_notice", "de", "Letzte Mahnung - Kundennummer {{customer_number}} - {{company_name}}",
     R"~(Sehr geehrte Damen und Herren,

trotz unserer Zahlungserinnerung und Mahnung sind die folgenden Posten Ihres Kundenkontos {{customer_number}} weiterhin unbezahlt (Stand {{as_of}}):

{I}
Der überfällige Betrag beläuft sich auf {{overdue_total}}.
{{#has_fee}}
Für diese Mahnung berechnen wir eine Mahngebühr von {{fee}}.
{{/has_fee}}
{{#has_interest}}
Für die Dauer des Zahlungsverzugs berechnen wir Verzugszinsen von {{interest_rate}} pro Jahr; für die aufgeführten Posten sind das {{interest}}.
{{/has_interest}}

Wir fordern Sie hiermit letztmalig auf, den Gesamtbetrag von {{total_due}} so zu überweisen, dass er spätestens am {{pay_by}} {{#iban}}auf unserem unten genannten Konto {{/iban}}eingeht. Geben Sie als Verwendungszweck bitte {{payment_reference}} an.
{A}
Ist der Betrag bis zum {{pay_by}} nicht vollständig bei uns eingegangen, werden wir ohne weitere Ankündigung weitere Schritte einleiten und die Forderung einem Inkassounternehmen oder unserem Rechtsanwalt zur gerichtlichen Geltendmachung übergeben. Die dadurch entstehenden Kosten gehen zu Ihren Lasten.
{N}
Sollten Sie die Zahlung in den letzten Tagen bereits veranlasst haben, betrachten Sie dieses Schreiben bitte als gegenstandslos. Haben Sie Einwände gegen die Forderung, setzen Sie sich bitte umgehend mit uns in Verbindung.

Mit freundlichen Grüßen

{{company_name}}
Debitorenbuchhaltung
)~",
     "dieser Mahnung"},
    {"reminder", "en", "Payment reminder - customer number {{customer_number}} - {{company_name}}",
     R"~(Dear Sir or Madam,

Our records show that the following items on your account {{customer_number}} were still unpaid on {{as_of}}:

{I}
The overdue amount is {{overdue_total}}.
{{#has_fee}}
We charge a reminder fee of {{fee}}.
{{/has_fee}}
{{#has_interest}}
Interest on late payment at {{interest_rate}} per year amounts to {{interest}}.
{{/has_interest}}

This may simply have been overlooked. We would be grateful if you could transfer {{total_due}} by {{pay_by}}{{#iban}} to the account below{{/iban}}, quoting {{payment_reference}} as the payment reference.
{A}{N}
If you have made the payment in the last few days, please disregard this reminder. If you have any questions about these invoices, please do not hesitate to contact us.

Kind regards

{{company_name}}
Accounts Receivable
)~",
     "this reminder"},
    {"second_reminder", "en", "Second reminder - customer number {{customer_number}} - {{company_name}}",
     R"~(Dear Sir or Madam,

Despite our payment reminder, we have not yet received payment for the following items on your account {{customer_number}} (as of {{as_of}}):

{I}
The overdue amount is {{overdue_total}}.
{{#has_fee}}
For this second reminder we charge a fee of {{fee}}.
{{/has_fee}}
{{#has_interest}}
We charge interest on late payment at {{interest_rate}} per year; for the items listed this amounts to {{interest}}.
{{/has_interest}}

Please transfer the total amount of {{total_due}} by {{pay_by}} at the latest{{#iban}} to the account below{{/iban}}, quoting {{payment_reference}} as the payment reference.
{A}{N}
If you have made the payment in the last few days, please disregard this letter. If there is a reason why these invoices have not been paid, please get in touch with us so that we can resolve the matter together.

Kind regards

{{company_name}}
Accounts Receivable
)~",
     "this reminder"},
    {"final_notice", "en", "Final notice - customer number {{customer_number}} - {{company_name}}",
     R"~(Dear Sir or Madam,

Despite our previous reminders, the following items on your account {{customer_number}} remain unpaid (as of {{as_of}}):

{I}
The overdue amount is {{overdue_total}}.
{{#has_fee}}
We charge a fee of {{fee}} for this notice.
{{/has_fee}}
{{#has_interest}}
We charge interest on late payment at {{interest_rate}} per year; for the items listed this amounts to {{interest}}.
{{/has_interest}}

This is our final request for payment: the total amount of {{total_due}} must reach us by {{pay_by}} at the latest. Please transfer it{{#iban}} to the account below{{/iban}}, quoting {{payment_reference}} as the payment reference.
{A}
If full payment has not reached us by {{pay_by}}, we will take further steps without any further notice, including handing the claim over to a debt collection agency or our lawyers for legal action. All costs arising from this will be charged to you.
{N}
If you have made the payment in the last few days, please disregard this notice. If you dispute any of the items, please contact us immediately.

Yours sincerely

{{company_name}}
Accounts Receivable
)~",
     "this notice"},
    {"reminder", "nl", "Betalingsherinnering - klantnummer {{customer_number}} - {{company_name}}",
     R"~(Geachte heer, mevrouw,

Uit onze administratie blijkt dat de volgende posten op uw klantnummer {{customer_number}} per {{as_of}} nog niet zijn betaald:

{I}
Het vervallen bedrag is {{overdue_total}}.
{{#has_fee}}
Voor deze herinnering brengen wij {{fee}} aan kosten in rekening.
{{/has_fee}}
{{#has_interest}}
Over de vervallen bedragen berekenen wij een rente van {{interest_rate}} per jaar; dat is in totaal {{interest}}.
{{/has_interest}}

Mogelijk is deze betaling aan uw aandacht ontsnapt. Wij verzoeken u vriendelijk het bedrag van {{total_due}} uiterlijk {{pay_by}} over te maken{{#iban}} op onderstaande rekening{{/iban}}, onder vermelding van {{payment_reference}}.
{A}{N}
Heeft u de betaling in de afgelopen dagen al gedaan, dan kunt u deze herinnering als niet verzonden beschouwen. Heeft u vragen over deze facturen, neem dan gerust contact met ons op.

Met vriendelijke groet,

{{company_name}}
Debiteurenadministratie
)~",
     "deze herinnering"},
    {"second_reminder", "nl", "Tweede herinnering - klantnummer {{customer_number}} - {{company_name}}",
     R"~(Geachte heer, mevrouw,

Ondanks onze eerdere betalingsherinnering hebben wij voor de volgende posten op uw klantnummer {{customer_number}} nog geen betaling ontvangen (stand per {{as_of}}):

{I}
Het vervallen bedrag is {{overdue_total}}.
{{#has_fee}}
Voor deze tweede herinnering brengen wij {{fee}} aan administratiekosten in rekening.
{{/has_fee}}
{{#has_interest}}
Over de vervallen bedragen berekenen wij vertragingsrente van {{interest_rate}} per jaar; voor de genoemde posten is dat {{interest}}.
{{/has_interest}}

Wij verzoeken u dringend het totaalbedrag van {{total_due}} uiterlijk {{pay_by}} over te maken{{#iban}} op onderstaande rekening{{/iban}}, onder vermelding van {{payment_reference}}.
{A}{N}
Heeft u de betaling in de afgelopen dagen al gedaan, dan kunt u deze brief als niet verzonden beschouwen. Is er een reden waarom deze facturen nog niet zijn betaald, neem dan contact met ons op, zodat wij samen een oplossing kunnen vinden.

Met vriendelijke groet,

{{company_name}}
Debiteurenadministratie
)~",
     "deze herinnering"},
    {"final_notice", "nl", "Laatste aanmaning - klantnummer {{customer_number}} - {{company_name}}",
     R"~(Geachte heer, mevrouw,

Ondanks onze eerdere herinneringen zijn de volgende posten op uw klantnummer {{customer_number}} nog steeds niet betaald (stand per {{as_of}}):

{I}
Het vervallen bedrag is {{overdue_total}}.
{{#has_fee}}
Voor deze aanmaning brengen wij {{fee}} aan kosten in rekening.
{{/has_fee}}
{{#has_interest}}
Over de vervallen bedragen berekenen wij vertragingsrente van {{interest_rate}} per jaar; voor de genoemde posten is dat {{interest}}.
{{/has_interest}}

Dit is onze laatste aanmaning. Wij sommeren u het totaalbedrag van {{total_due}} zo over te maken dat het uiterlijk {{pay_by}} {{#iban}}op onderstaande rekening {{/iban}}is bijgeschreven, onder vermelding van {{payment_reference}}.
{A}
Hebben wij het volledige bedrag op {{pay_by}} niet ontvangen, dan zullen wij zonder verdere aankondiging nadere stappen ondernemen en de vordering uit handen geven aan een incassobureau of onze advocaat. De kosten die daaruit voortvloeien, waaronder de buitengerechtelijke incassokosten, komen voor uw rekening.
{N}
Heeft u de betaling in de afgelopen dagen al gedaan, dan kunt u deze aanmaning als niet verzonden beschouwen. Bent u het met een van de posten niet eens, neem dan direct contact met ons op.

Hoogachtend,

{{company_name}}
Debiteurenadministratie
)~",
     "deze aanmaning"},
}};

// ------------------------------------------------------------ the template language
//
// Google's ctemplate (Debian's libctemplate) parses and expands the
// templates. arx scans the markers first, so that an admin's mistake is
// refused naming the part, the line and the name: only the names below, in
// the scope they exist in, balanced sections, and none of what a plain-text
// notice has no use for or where ctemplate would change a value (modifiers,
// includes, pragmas such as AUTOESCAPE, delimiter changes). Without an
// AUTOESCAPE pragma ctemplate works in TC_MANUAL mode: {{x}} inserts the value
// as it is. arx also drops the blanks and the line break of a line holding
// only section or comment markers before ctemplate sees the text, which is
// then parsed with DO_NOT_STRIP (STRIP_BLANK_LINES would also drop the blank
// lines between paragraphs).

enum class value_type { text, flag, list };

struct name_info {
  const char *name;
  value_type type;
};

constexpr std::array<name_info, 23> top_names{{
    {"customer_name", value_type::text},     {"customer_number", value_type::text},
    {"company_name", value_type::text},      {"as_of", value_type::text},
    {"pay_by", value_type::text},            {"level", value_type::text},
    {"currency", value_type::text},          {"overdue_total", value_type::text},
    {"fee", value_type::text},               {"interest", value_type::text},
    {"interest_rate", value_type::text},     {"total_due", value_type::text},
    {"iban", value_type::text},              {"bic", value_type::text},
    {"payment_reference", value_type::text}, {"has_fee", value_type::flag},
    {"no_fee", value_type::flag},            {"has_interest", value_type::flag},
    {"no_interest", value_type::flag},       {"has_items_not_due", value_type::flag},
    {"no_items_not_due", value_type::flag},  {"items", value_type::list},
    {"items_not_due", value_type::list},
}};

constexpr std::array<name_info, 10> item_names{{
    {"invoice_number", value_type::text},
    {"kind", value_type::text},
    {"issue_date", value_type::text},
    {"due_date", value_type::text},
    {"open_amount", value_type::text},
    {"days_overdue", value_type::text},
    {"level", value_type::text},
    {"interest", value_type::text},
    {"is_credit", value_type::flag},
    {"not_credit", value_type::flag},
}};

const name_info *find_name(std::string_view name, bool in_list) {
  if (in_list)
    for (const auto &n : item_names)
      if (name == n.name) return &n;
  for (const auto &n : top_names)
    if (name == n.name) return &n;
  return nullptr;
}

bool is_item_name(std::string_view name) {
  return std::any_of(item_names.begin(), item_names.end(), [&](const name_info &n) { return name == n.name; });
}

// The section that says the opposite, for the hint when a mustache inverted
// section {{^x}} is refused.
const char *opposite(std::string_view name) {
  static constexpr std::array<std::pair<const char *, const char *>, 5> pairs{{
      {"has_fee", "no_fee"},
      {"has_interest", "no_interest"},
      {"has_items_not_due", "no_items_not_due"},
      {"items_not_due", "no_items_not_due"},
      {"is_credit", "not_credit"},
  }};
  for (const auto &[yes, no] : pairs) {
    if (name == yes) return no;
    if (name == no && std::string_view(yes) != "items_not_due") return yes;
  }
  return nullptr;
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

struct token {
  enum class kind { text, variable, section, close, comment };
  kind k = kind::text;
  std::string name;  // variables, sections, closes
  int line = 1;
  size_t begin = 0, end = 0;  // the range in the source
};

// Finds the markers of one part ("subject", "body") and checks them.
struct scanner {
  std::string_view part;

  [[noreturn]] void refuse(int line, const std::string &what) const {
    throw error(ARX_E_CONFIG, "dunning template " + std::string(part) + ", line " + std::to_string(line) + ": " + what);
  }

  std::string checked_name(std::string_view raw, int line, const std::string &marker, std::string_view sigil) const {
    const std::string name = trim(raw);
    if (name.empty()) refuse(line, "empty marker " + marker);
    if (const auto colon = name.find(':'); colon != std::string::npos)
      refuse(line, "modifiers ('" + name.substr(colon) + "' in " + marker +
                       ") are not supported: values are inserted as they are, write {{" + std::string(sigil) +
                       name.substr(0, colon) + "}}");
    for (char c : name)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
        refuse(line, "'" + name + "' in " + marker + " is not a variable name (lower-case letters, digits, _)");
    if (name.size() != raw.size())
      refuse(line, "spaces inside the marker " + marker + ": write {{" + std::string(sigil) + name + "}}");
    return name;
  }

  std::vector<token> tokenize(std::string_view src) const {
    std::vector<token> out;
    int line = 1;
    size_t pos = 0;
    auto advance = [&](size_t to) {
      line += static_cast<int>(std::count(src.begin() + static_cast<std::ptrdiff_t>(pos),
                                          src.begin() + static_cast<std::ptrdiff_t>(to), '\n'));
      pos = to;
    };
    while (pos < src.size()) {
      const size_t open = src.find("{{", pos);
      if (open == std::string_view::npos) {
        out.push_back({token::kind::text, {}, line, pos, src.size()});
        break;
      }
      if (open > pos) {
        out.push_back({token::kind::text, {}, line, pos, open});
        advance(open);
      }
      if (src.compare(open, 3, "{{{") == 0)
        refuse(line, "triple braces ('{{{') are mustache, not ctemplate: write {{name}}, values are never escaped");
      const size_t close = src.find("}}", open + 2);
      if (close == std::string_view::npos) {
        const std::string_view start = src.substr(open, std::min<size_t>(20, src.size() - open));
        refuse(line, "the marker '" + std::string(start.substr(0, start.find('\n'))) + "' is not closed with '}}'");
      }
      const std::string_view inner = src.substr(open + 2, close - open - 2);
      const std::string marker = "{{" + std::string(inner) + "}}";
      token t{token::kind::variable, {}, line, open, close + 2};
      const char sigil = inner.empty() ? '\0' : inner[0];
      switch (sigil) {
      case '\0':
        refuse(line, "empty marker {{}}");
      case '!':
        t.k = token::kind::comment;
        break;
      case '#':
        t.k = token::kind::section;
        t.name = checked_name(inner.substr(1), line, marker, "#");
        break;
      case '/':
        t.k = token::kind::close;
        t.name = checked_name(inner.substr(1), line, marker, "/");
        break;
      case '^': {
        const char *o = opposite(trim(inner.substr(1)));
        refuse(line, "inverted sections (" + marker + ") do not exist in ctemplate: " +
                         (o ? "use {{#" + std::string(o) + "}}...{{/" + o + "}}"
                            : std::string("use one of the sections no_fee, no_interest, no_items_not_due, not_credit")));
      }
      case '>':
        refuse(line, "template includes (" + marker + ") are not supported");
      case '=':
        refuse(line, "changing the delimiters (" + marker + ") is not supported");
      case '%':
        refuse(line, "pragmas (" + marker + ") are not supported: values are inserted as they are");
      case '&':
        refuse(line, marker + " is mustache, not ctemplate: write {{" + trim(inner.substr(1)) +
                         "}}, values are never escaped");
      default:
        t.name = checked_name(inner, line, marker, "");
      }
      out.push_back(std::move(t));
      advance(close + 2);
    }
    return out;
  }

  // Names known in their scope, sections balanced, lists not nested.
  void validate(const std::vector<token> &tokens) const {
    std::vector<const token *> open;
    auto in_list = [&] {
      return std::any_of(open.begin(), open.end(), [](const token *t) {
        const auto *n = find_name(t->name, false);
        return n && n->type == value_type::list;
      });
    };
    for (const auto &t : tokens) {
      switch (t.k) {
      case token::kind::text:
      case token::kind::comment:
        break;
      case token::kind::variable: {
        const name_info *n = find_name(t.name, in_list());
        if (!n) {
          if (is_item_name(t.name))
            refuse(t.line, "'" + t.name + "' is a value of an item: use it inside {{#items}} or {{#items_not_due}}");
          refuse(t.line, "unknown variable '" + t.name + "'");
        }
        if (n->type == value_type::list)
          refuse(t.line, "'" + t.name + "' is a list: use {{#" + t.name + "}}...{{/" + t.name + "}}");
        if (n->type == value_type::flag)
          refuse(t.line, "'" + t.name + "' is a yes/no value: use {{#" + t.name + "}}...{{/" + t.name + "}}");
        break;
      }
      case token::kind::section: {
        const bool list_scope = in_list();
        const name_info *n = find_name(t.name, list_scope);
        if (!n) {
          if (is_item_name(t.name))
            refuse(t.line, "'" + t.name + "' is a value of an item: use it inside {{#items}} or {{#items_not_due}}");
          refuse(t.line, "unknown section '" + t.name + "'");
        }
        if (n->type == value_type::list && list_scope)
          refuse(t.line, "the list '" + t.name + "' cannot be used inside another list's section");
        open.push_back(&t);
        break;
      }
      case token::kind::close:
        if (open.empty()) refuse(t.line, "{{/" + t.name + "}} closes no open section");
        if (open.back()->name != t.name)
          refuse(t.line, "{{/" + t.name + "}} closes section '" + open.back()->name + "' opened on line " +
                             std::to_string(open.back()->line));
        open.pop_back();
        break;
      }
    }
    if (!open.empty())
      refuse(open.back()->line,
             "section '" + open.back()->name + "' is not closed (missing {{/" + open.back()->name + "}})");
  }
};

// A line holding only section, close or comment markers and blanks leaves
// nothing behind, not even its line break (as in mustache): its text is
// dropped. Text tokens are first cut after each line break.
std::vector<token> strip_standalone(const std::vector<token> &tokens, std::string_view src) {
  std::vector<token> cut;
  for (const auto &t : tokens) {
    if (t.k != token::kind::text) {
      cut.push_back(t);
      continue;
    }
    int line = t.line;
    for (size_t start = t.begin; start < t.end;) {
      const size_t nl = src.find('\n', start);
      const size_t end = nl == std::string_view::npos || nl >= t.end ? t.end : nl + 1;
      cut.push_back({token::kind::text, {}, line++, start, end});
      start = end;
    }
  }
  auto line_end = [&](const token &t) { return t.k == token::kind::text && src[t.end - 1] == '\n'; };
  std::vector<token> out;
  for (size_t begin = 0; begin < cut.size();) {
    size_t end = begin;  // one past the line's last token
    while (end < cut.size() && !line_end(cut[end])) ++end;
    if (end < cut.size()) ++end;
    bool marker = false, content = false;
    for (size_t i = begin; i < end; ++i) {
      const token &t = cut[i];
      if (t.k == token::kind::variable) content = true;
      else if (t.k == token::kind::text)
        content |= src.substr(t.begin, t.end - t.begin).find_first_not_of(" \t\n") != std::string_view::npos;
      else marker = true;
    }
    for (size_t i = begin; i < end; ++i)
      if (!(marker && !content && cut[i].k == token::kind::text)) out.push_back(cut[i]);
    begin = end;
  }
  return out;
}

// Template source with LF line ends and without other control characters
// (tab stays).
std::string normalise_newlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if ((u >= 0x20 && u != 0x7f) || s[i] == '\n' || s[i] == '\t') {
      out += s[i];
    }
  }
  return out;
}

// In the letter the item sections give way to the tables: each
// {{#items}}...{{/items}} becomes this character, which neither a template
// nor a value can contain (both lose their control characters).
constexpr char items_place = '\x01';
constexpr char items_not_due_place = '\x02';

// One part of a template, checked, ready for ctemplate.
struct checked_part {
  std::string_view part;
  std::string src;            // normalised
  std::vector<token> tokens;  // standalone lines stripped

  // What ctemplate parses: the admin's own text less the standalone lines'
  // blanks and breaks; for the letter with the item sections replaced.
  std::string source(bool letter = false) const {
    std::string out;
    for (size_t i = 0; i < tokens.size(); ++i) {
      const token &t = tokens[i];
      if (letter && t.k == token::kind::section && (t.name == "items" || t.name == "items_not_due")) {
        out += t.name == "items" ? items_place : items_not_due_place;
        // to the matching close: sections are balanced, lists do not nest
        for (int depth = 0; ++i < tokens.size();) {
          if (tokens[i].k == token::kind::section) ++depth;
          if (tokens[i].k == token::kind::close && depth-- == 0) break;
        }
        continue;
      }
      out.append(src, t.begin, t.end - t.begin);
    }
    return out;
  }
};

checked_part check_part(std::string_view part, std::string_view raw) {
  checked_part p{part, normalise_newlines(raw), {}};
  const scanner s{part};
  auto tokens = s.tokenize(p.src);
  s.validate(tokens);
  p.tokens = strip_standalone(tokens, p.src);
  return p;
}

// One template parsed by ctemplate into a cache of its own: no key is shared
// with another template or another thread (arx contexts may render in
// parallel), nothing is kept after the call, and the frozen cache expands
// from memory only, never from a file. What ctemplate keeps globally (its
// lock-guarded table of marker names) only ever holds the names above.
class parsed_template {
 public:
  parsed_template(const std::string &source, std::string_view part) : part_(part) {
    if (!cache_.StringToTemplateCache(key, source, ctemplate::DO_NOT_STRIP))
      throw error(ARX_E_CONFIG, "dunning template " + part_ + ": ctemplate cannot parse it");
    cache_.Freeze();
  }

  std::string expand(const ctemplate::TemplateDictionary &d) const {
    std::string out;
    if (!cache_.ExpandNoLoad(key, ctemplate::DO_NOT_STRIP, &d, nullptr, &out))
      throw error(ARX_E_INTERNAL, "dunning template " + part_ + ": ctemplate could not expand it");
    return out;
  }

 private:
  static constexpr const char *key = "arx-dunning-notice";
  std::string part_;
  ctemplate::TemplateCache cache_;
};

void check_source(const template_text &t) {
  if (trim(t.subject).empty()) throw error(ARX_E_CONFIG, "dunning template subject is empty");
  if (trim(t.body).empty()) throw error(ARX_E_CONFIG, "dunning template body is empty");
}

// The letter's parts: the text, split where the item sections were.
std::vector<pdf::letter_part> letter_parts(std::string_view s) {
  std::vector<pdf::letter_part> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] != items_place && s[i] != items_not_due_place) continue;
    if (i > start) parts.push_back({pdf::letter_part::kind::text, std::string(s.substr(start, i - start))});
    if (i < s.size())
      parts.push_back(
          {s[i] == items_place ? pdf::letter_part::kind::items : pdf::letter_part::kind::items_not_due, {}});
    start = i + 1;
  }
  return parts;
}

// ------------------------------------------------------------ the data

// ERP text without control characters (tab and newline stay).
std::string clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f) continue;
    out += c;
  }
  return out;
}

// A text value is a variable and a section of the same name (ctemplate keeps
// them apart), the section shown when the text is not empty.
void put(ctemplate::TemplateDictionary &d, const char *name, std::string_view value) {
  const std::string v = clean(value);
  d.SetValue(name, v);
  if (!v.empty()) d.ShowSection(name);
}

// A yes/no value: one of two sections is shown.
void put_flag(ctemplate::TemplateDictionary &d, const char *yes, const char *no, bool value) {
  d.ShowSection(value ? yes : no);
}

std::string payment_reference(const notice &n) {
  std::string refs;
  for (const auto &it : n.items) {
    if (pdf::listed_not_due(it) || it.open_amount <= 0 || it.invoice_number.empty()) continue;
    refs += (refs.empty() ? "" : ", ") + it.invoice_number;
  }
  if (refs.empty() || refs.size() > 140) return n.customer_number + " " + core::format_date(n.as_of);
  return refs;
}

// The notice's values; an item's section dictionary inherits the top ones
// (its own level and interest win inside {{#items}}).
void fill(ctemplate::TemplateDictionary &d, const notice &n, const party_text &seller, const party_text &customer,
          const pdf::labels &l) {
  auto amount = [&](int64_t v) { return pdf::format_amount(v, n.currency, l, true); };
  put(d, "customer_name", customer.name);
  put(d, "customer_number", n.customer_number);
  put(d, "company_name", seller.name);
  put(d, "as_of", pdf::format_date(n.as_of, l));
  put(d, "pay_by", pdf::format_date(n.pay_by, l));
  put(d, "level", std::to_string(n.level));
  put(d, "currency", n.currency);
  put(d, "overdue_total", amount(n.overdue_total));
  put(d, "fee", amount(n.fee));
  put(d, "interest", amount(n.interest));
  put(d, "interest_rate", pdf::format_interest_rate(n.interest_rate, l));
  put(d, "total_due", amount(n.total_due));
  put(d, "iban", pdf::group4(seller.iban));
  put(d, "bic", seller.bic);
  put(d, "payment_reference", payment_reference(n));
  put_flag(d, "has_fee", "no_fee", n.fee > 0);
  put_flag(d, "has_interest", "no_interest", n.interest > 0);
  bool not_due = false;
  for (const auto &it : n.items) {
    const bool listed = pdf::listed_not_due(it);
    not_due = not_due || listed;
    ctemplate::TemplateDictionary &m = *d.AddSectionDictionary(listed ? "items_not_due" : "items");
    put(m, "invoice_number", it.invoice_number);
    put(m, "kind", pdf::item_kind_text(it.kind, l));
    put(m, "issue_date", it.issue_date ? pdf::format_date(*it.issue_date, l) : "");
    put(m, "due_date", it.due_date ? pdf::format_date(*it.due_date, l) : "");
    put(m, "open_amount", amount(it.open_amount));
    put(m, "days_overdue", std::to_string(it.days_overdue));
    put(m, "level", std::to_string(it.level));
    put(m, "interest", amount(it.interest));
    put_flag(m, "is_credit", "not_credit", it.open_amount < 0);
  }
  put_flag(d, "has_items_not_due", "no_items_not_due", not_due);
}

std::string one_line(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string finish_body(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  const auto first = s.find_first_not_of('\n');
  s.erase(0, first == std::string::npos ? s.size() : first);
  return s + "\n";
}

std::optional<std::string> opt(const std::string &s) {
  if (s.empty()) return std::nullopt;
  return s;
}

einvoice::party to_party(const party_text &p) {
  einvoice::party out;
  out.name = clean(p.name);
  out.street = opt(clean(p.street));
  out.postcode = opt(clean(p.postcode));
  out.city = opt(clean(p.city));
  out.country = clean(p.country);
  out.vat_id = opt(clean(p.vat_id));
  out.contact_email = opt(clean(p.email));
  out.contact_phone = opt(clean(p.phone));
  return out;
}

}  // namespace

template_text builtin_template(const std::string &name, const std::string &language) {
  for (const auto &b : builtins) {
    if (name != b.name || language != b.language) continue;
    const pieces &p = language == "de" ? de_pieces : language == "nl" ? nl_pieces : en_pieces;
    return {b.subject, assemble(b.body, p, b.document)};
  }
  std::string names;
  for (const auto &n : builtin_template_names()) names += (names.empty() ? "" : ", ") + n;
  throw error(ARX_E_NOT_FOUND, "no built-in dunning template '" + name + "' in language '" + language +
                                   "' (templates: " + names + "; languages: de, en, nl)");
}

std::vector<std::string> builtin_template_names() { return {"reminder", "second_reminder", "final_notice"}; }

void check_template(const template_text &t) {
  check_source(t);
  for (const auto &p : {check_part("subject", t.subject), check_part("body", t.body)})
    parsed_template(p.source(), p.part);
}

rendered render_notice(const notice &n, const template_text &t, const party_text &seller,
                       const party_text &customer) {
  const pdf::labels &l = pdf::labels_for(n.language);
  core::currency_exponent(n.currency);  // throws for an unknown currency
  check_source(t);
  const checked_part subject = check_part("subject", t.subject);
  const checked_part body = check_part("body", t.body);
  ctemplate::TemplateDictionary data("arx dunning notice");
  fill(data, n, seller, customer, l);

  rendered r;
  r.subject = one_line(parsed_template(subject.source(), subject.part).expand(data));
  r.body = finish_body(parsed_template(body.source(), body.part).expand(data));

  pdf::dunning_letter letter;
  letter.seller = to_party(seller);
  letter.customer = to_party(customer);
  letter.title = r.subject;
  letter.body = letter_parts(parsed_template(body.source(true), body.part).expand(data));
  r.letter_pdf = pdf::render_dunning_letter_pdf(n, letter);
  return r;
}

}  // namespace arx::dunning
