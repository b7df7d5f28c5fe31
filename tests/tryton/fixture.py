#!/usr/bin/python3
"""The Tryton 6.0 company arx's Tryton tests and benchmark run against.

Run by scripts/lib/tryton.sh (arx_tryton_template) on a database where the
accounting modules are activated; runs trytond in-process (proteus for the
set-up wizards, the trytond API for the bulk records) and needs Debian's
/usr/bin/python3. Everything is deterministic: fixed seed, fixed dates, and
Tryton's "today" pinned to --as-of (2026-12-07) while the script runs, so
post dates and payment-term checks do not depend on the clock.

What it builds (docs/TRYTON.md, "Test database"):
  - company TRY01 "Tryton Demo GmbH" (Berlin, DE, VAT id, e-mail, EUR, an IBAN)
  - the minimal English chart with account codes, fiscal years with move and
    invoice sequences (RE-YYYY-00001 invoices, GS-YYYY-00001 credit notes)
  - 19 % VAT, payment terms Net 30 (default) and Net 14
  - a statement journal on the company's bank account (validation "amount")
  - dunning procedure with levels at 7/21/35 days, fees on levels 2 and 3
  - --parties customers C0001.. and --invoices posted customer invoices, plus
    --credit-notes posted credit notes and --drafts draft invoices

Prints a JSON summary on stdout (and to --summary FILE); progress on stderr.
"""

import argparse
import datetime
import json
import random
import sys
import time
from decimal import Decimal

AS_OF = datetime.date(2026, 12, 7)
STEP = "start"


def log(message):
    print("[fixture] %s" % message, file=sys.stderr, flush=True)


def fail(message):
    print("[fixture] FAILED in step '%s': %s" % (STEP, message), file=sys.stderr, flush=True)
    sys.exit(1)


def step(name):
    global STEP
    STEP = name
    log(name)


# ---- identifiers with correct check digits ---------------------------------

def iban(country, bban):
    """An IBAN for COUNTRY and BBAN with its ISO 13616 mod-97 check digits."""
    rearranged = bban + country + "00"
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    check = 98 - int(numeric) % 97
    return "%s%02d%s" % (country, check, bban)


def de_vat(base8):
    """A German VAT id (USt-IdNr.) DE + 8 digits + the ISO 7064 MOD 11,10 check digit."""
    product = 10
    for digit in base8:
        total = (int(digit) + product) % 10 or 10
        product = (2 * total) % 11
    return "DE%s%d" % (base8, (11 - product) % 10)


def first_valid(candidates, is_valid):
    """The first candidate IS_VALID accepts (for non-German VAT ids, whose check
    digits stdnum knows; some number ranges admit no check digit at all)."""
    for candidate in candidates:
        if is_valid(candidate):
            return candidate
    raise ValueError("no valid number among the candidates")


# ---- deterministic master data ------------------------------------------------

COUNTRIES = {
    "DE": ("Germany", "DEU", "276"),
    "AT": ("Austria", "AUT", "040"),
    "NL": ("Netherlands", "NLD", "528"),
}
# (postal code, city, country)
CITIES = [
    ("50667", "Köln", "DE"), ("80331", "München", "DE"), ("20095", "Hamburg", "DE"),
    ("60311", "Frankfurt am Main", "DE"), ("70173", "Stuttgart", "DE"),
    ("04109", "Leipzig", "DE"), ("28195", "Bremen", "DE"), ("90402", "Nürnberg", "DE"),
    ("1010", "Wien", "AT"), ("8010", "Graz", "AT"),
    ("1012 AB", "Amsterdam", "NL"), ("3011 AD", "Rotterdam", "NL"),
]
STREETS = {"DE": ["Hauptstraße", "Bahnhofstraße", "Industriestraße", "Lindenweg", "Am Markt",
                  "Gartenstraße", "Schillerstraße", "Ringstraße"],
           "AT": ["Mariahilfer Straße", "Herrengasse", "Annenstraße"],
           "NL": ["Keizersgracht", "Damrak", "Coolsingel"]}
NAME_FIRST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
              "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann",
              "Brandt", "Vermeulen", "de Vries", "Huber", "Gruber"]
NAME_TRADE = ["Maschinenbau", "Elektrotechnik", "Logistik", "Bau", "Metallwerk", "Druckerei",
              "Software", "Feinkost", "Holzbau", "Medizintechnik", "Textil", "Kunststoff"]
NAME_FORM = {"DE": ["GmbH", "KG", "GmbH & Co. KG", "AG", "e.K."],
             "AT": ["GmbH", "KG"], "NL": ["B.V.", "N.V."]}
LINE_TEXTS = ["Wartungsvertrag (Monat)", "Beratungsstunden", "Ersatzteile",
              "Lizenzgebühr", "Installation vor Ort", "Schulung", "Versandkosten",
              "Software-Support", "Materiallieferung", "Reparatur"]
# Banks: (party code, name, BIC, country, bank code for the BBAN)
BANKS = [
    ("B001", "Demo Bank Berlin", "DEMODEBBXXX", "DE", "10020030"),
    ("B002", "Beispielbank Köln", "BSPKDEKKXXX", "DE", "37050060"),
    ("B003", "Musterbank München", "MSTRDEMMXXX", "DE", "70080090"),
]
# Customers deliberately incomplete, for arx's bad-input tests (by position
# in each block of 30: C0007, C0013, C0021, then C0037, C0043, C0051, ...).
NO_EMAIL = {7, 21}          # no e-mail contact mechanism
EMPTY_ADDRESS = {13, 21}    # one address record with no street, postal code, city or country


def customer_specs(count, rng):
    """The customers' data, in code order."""
    width = max(4, len(str(count)))
    specs = []
    for n in range(1, count + 1):
        position = (n - 1) % 30 + 1
        postal, city, country = CITIES[rng.randrange(len(CITIES))]
        form = rng.choice(NAME_FORM[country])
        name = "%s %s %s" % (rng.choice(NAME_FIRST), rng.choice(NAME_TRADE), form)
        code = "C%0*d" % (width, n)
        slug = code.lower()
        spec = {
            "code": code,
            "name": name,
            "lang": "de" if country in ("DE", "AT") and n % 5 != 0 else "en",
            "country": country,
            "street": "%s %d" % (rng.choice(STREETS[country]), rng.randrange(1, 120)),
            "postal_code": postal,
            "city": city,
            "email": "buchhaltung@%s.example" % slug,
            "vat": None,
            "iban": None,
            "bank": None,
            "payment_term": "net14" if n % 4 == 0 else "net30",
        }
        if position in NO_EMAIL:
            spec["email"] = None
        if position in EMPTY_ADDRESS:
            spec.update(street=None, postal_code=None, city=None, country=None)
        if n % 2 == 1 and country == "DE":
            spec["vat"] = de_vat("%08d" % (21000000 + n * 37))
        elif n % 2 == 1 and country in ("AT", "NL"):
            spec["vat"] = ("foreign", country, n)  # completed with stdnum below
        if n % 3 == 0:
            bank = BANKS[1 + n % 2]
            spec["bank"] = bank[0]
            spec["iban"] = iban("DE", bank[4] + "%010d" % (4711000000 + n))
        specs.append(spec)
    return specs


# ---- main ------------------------------------------------------------------------

def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="trytond config file")
    parser.add_argument("--database", required=True)
    parser.add_argument("--summary", help="also write the JSON summary to this file")
    parser.add_argument("--parties", type=int, default=30, help="customers C0001.. (30)")
    parser.add_argument("--invoices", type=int, default=120, help="posted customer invoices (120)")
    parser.add_argument("--credit-notes", type=int, default=2, help="posted credit notes (2)")
    parser.add_argument("--drafts", type=int, default=2, help="draft invoices (2)")
    parser.add_argument("--first-date", default="2026-09-01", help="earliest invoice date")
    parser.add_argument("--last-date", default="2026-11-30", help="latest invoice date")
    parser.add_argument("--batch", type=int, default=25,
                        help="invoices per transaction when posting (25; Tryton's own "
                             "numbering gets slower per invoice in bigger batches)")
    parser.add_argument("--fast-numbers", action="store_true",
                        help="number the invoices in the script instead of in Tryton's post "
                             "(same numbers, sequences advanced the same; for big runs)")
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args()
    args.first_date = datetime.date.fromisoformat(args.first_date)
    args.last_date = datetime.date.fromisoformat(args.last_date)
    if args.parties < 1 or args.invoices < 0 or args.last_date < args.first_date:
        parser.error("need --parties >= 1, --invoices >= 0 and --first-date <= --last-date")
    if args.last_date > AS_OF:
        parser.error("--last-date must not be after %s" % AS_OF)
    if args.credit_notes > args.invoices:
        parser.error("--credit-notes cannot exceed --invoices")
    return args


def main():
    args = parse_args()
    started = time.monotonic()
    rng = random.Random(args.seed)

    step("connecting (trytond in-process)")
    from proteus import config as proteus_config, Model, Wizard
    cfg = proteus_config.set_trytond(database=args.database, config_file=args.config)
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    import stdnum.eu.vat
    import stdnum.iban
    pool = Pool(args.database)
    # Tryton's today is the fixture's as-of date while the script runs.
    pool.get("ir.date").today = staticmethod(lambda timezone=None: AS_OF)

    step("checking the database (modules activated, no company yet)")
    Modules = Model.get("ir.module")
    missing = [m.name for m in Modules.find([
        ("name", "in", ["account_invoice", "account_statement", "account_dunning_fee",
                        "account_dunning_letter", "account_dunning_email", "bank"]),
        ("state", "!=", "activated")])]
    if missing:
        fail("modules not activated: %s" % ", ".join(missing))
    if Model.get("company.company").find([]):
        fail("the database already has a company: run the fixture on a fresh database")

    # ---- currency, countries, languages -----------------------------------
    step("currency EUR and countries")
    Currency = Model.get("currency.currency")
    eur = Currency.find([("code", "=", "EUR")])
    eur = eur[0] if eur else Currency(name="Euro", code="EUR", symbol="€", numeric_code="978",
                                       rounding=Decimal("0.01"), digits=2)
    eur.save()
    Country = Model.get("country.country")
    countries = {}
    for code, (name, code3, numeric) in COUNTRIES.items():
        found = Country.find([("code", "=", code)])
        country = found[0] if found else Country(name=name, code=code, code3=code3,
                                                 code_numeric=numeric)
        country.save()
        countries[code] = country
    Lang = Model.get("ir.lang")
    langs = {code: Lang.find([("code", "=", code)])[0] for code in ("de", "en")}

    # ---- company --------------------------------------------------------
    step("company TRY01")
    Party = Model.get("party.party")
    company_party = Party(name="Tryton Demo GmbH", code="TRY01", lang=langs["de"])
    address = company_party.addresses[0] if company_party.addresses else company_party.addresses.new()
    address.street = "Friedrichstraße 123"
    address.postal_code = "10117"
    address.city = "Berlin"
    address.country = countries["DE"]
    company_vat = de_vat("12345678")
    identifier = company_party.identifiers.new(type="eu_vat", code=company_vat)
    company_party.contact_mechanisms.new(type="email", value="buchhaltung@tryton-demo.example")
    company_party.contact_mechanisms.new(type="phone", value="+49 30 1234567")
    company_party.save()
    if not stdnum.eu.vat.is_valid(identifier.code):
        fail("company VAT id %s is not valid" % identifier.code)

    wizard = Wizard("company.company.config")
    wizard.execute("company")
    wizard.form.party = company_party
    wizard.form.currency = eur
    wizard.execute("add")
    User = Model.get("res.user")
    cfg._context = User.get_preferences(True, {})
    Company = Model.get("company.company")
    company, = Company.find([])

    # ---- chart of accounts -----------------------------------------------
    step("chart of accounts (account.account_template_root_en)")
    ModelData = Model.get("ir.model.data")
    AccountTemplate = Model.get("account.account.template")
    data, = ModelData.find([("module", "=", "account"), ("fs_id", "=", "account_template_root_en")])
    chart = Wizard("account.create_chart")
    chart.execute("account")
    chart.form.account_template = AccountTemplate(data.db_id)
    chart.form.company = company
    chart.execute("create_account")
    Account = Model.get("account.account")
    # The minimal chart has no codes; arx reports and tests name accounts by code.
    account_codes = {"Main Receivable": "1400", "Main Payable": "1600", "Main Revenue": "8400",
                     "Main Expense": "4000", "Main Cash": "1200", "Main Tax": "1776"}
    accounts = {}
    for name, code in account_codes.items():
        found = Account.find([("name", "=", name), ("company", "=", company.id)])
        if len(found) != 1:
            fail("the chart has %d accounts named %r" % (len(found), name))
        found[0].code = code
        found[0].save()
        accounts[name.split()[1].lower()] = found[0]
    chart.form.account_receivable = accounts["receivable"]
    chart.form.account_payable = accounts["payable"]
    chart.execute("create_properties")

    # ---- fiscal years, sequences, periods -----------------------------------
    step("fiscal years, sequences and periods")
    SequenceType = Model.get("ir.sequence.type")
    Sequence = Model.get("ir.sequence")
    SequenceStrict = Model.get("ir.sequence.strict")
    FiscalYear = Model.get("account.fiscalyear")
    move_type, = SequenceType.find([("name", "=", "Account Move")])
    invoice_type, = SequenceType.find([("name", "=", "Invoice")])
    fiscalyears, invoice_sequences = {}, {}
    for year in range(args.first_date.year, AS_OF.year + 1):
        post_move = Sequence(name="Buchungen %d" % year, sequence_type=move_type, company=company,
                             prefix="BU-%d-" % year, padding=6)
        post_move.save()
        out_invoice = SequenceStrict(name="Rechnungen %d" % year, sequence_type=invoice_type,
                                     company=company, prefix="RE-%d-" % year, padding=5)
        out_invoice.save()
        out_credit = SequenceStrict(name="Gutschriften %d" % year, sequence_type=invoice_type,
                                    company=company, prefix="GS-%d-" % year, padding=5)
        out_credit.save()
        incoming = SequenceStrict(name="Eingangsrechnungen %d" % year, sequence_type=invoice_type,
                                  company=company, prefix="ER-%d-" % year, padding=5)
        incoming.save()
        fiscalyear = FiscalYear(name=str(year), company=company,
                                start_date=datetime.date(year, 1, 1),
                                end_date=datetime.date(year, 12, 31),
                                post_move_sequence=post_move)
        seq = fiscalyear.invoice_sequences[0] if fiscalyear.invoice_sequences \
            else fiscalyear.invoice_sequences.new()
        seq.out_invoice_sequence = out_invoice
        seq.out_credit_note_sequence = out_credit
        seq.in_invoice_sequence = incoming
        seq.in_credit_note_sequence = incoming
        fiscalyear.save()
        fiscalyear.click("create_period")
        fiscalyears[year] = fiscalyear
        invoice_sequences[year] = {"out_invoice": out_invoice, "out_credit_note": out_credit}

    # ---- tax, payment terms ------------------------------------------------
    step("19 % VAT and payment terms")
    Tax = Model.get("account.tax")
    vat19 = Tax(name="USt 19 %", description="Umsatzsteuer 19 %", type="percentage",
                rate=Decimal("0.19"), invoice_account=accounts["tax"],
                credit_note_account=accounts["tax"], company=company)
    vat19.save()
    PaymentTerm = Model.get("account.invoice.payment_term")
    terms = {}
    for key, name, days in (("net30", "30 Tage netto", 30), ("net14", "14 Tage netto", 14)):
        term = PaymentTerm(name=name)
        line = term.lines.new(type="remainder")
        line.relativedeltas.new(days=days)
        term.save()
        terms[key] = term

    # ---- banks and the company's bank account ---------------------------------
    step("banks and the company's bank account")
    Bank = Model.get("bank")
    BankAccount = Model.get("bank.account")
    banks = {}
    for code, name, bic, country, _ in BANKS:
        bank_party = Party(name=name, code=code)
        bank_party.save()
        bank = Bank(party=bank_party, bic=bic)
        bank.save()
        banks[code] = bank
    company_iban = iban("DE", BANKS[0][4] + "0123456789")
    if not stdnum.iban.is_valid(company_iban):
        fail("company IBAN %s is not valid" % company_iban)
    company_bank_account = BankAccount(bank=banks["B001"], currency=eur)
    company_bank_account.owners.append(Party(company_party.id))
    company_bank_account.numbers.new(type="iban", number=company_iban)
    company_bank_account.save()

    # ---- journals ------------------------------------------------------------
    step("statement journal")
    Journal = Model.get("account.journal")
    revenue_journal, = Journal.find([("code", "=", "REV")])
    # Statement moves are numbered like the other journals' moves.
    bank_journal = Journal(name="Bank", code="BANK", type="statement", sequence=revenue_journal.sequence)
    bank_journal.save()
    StatementJournal = Model.get("account.statement.journal")
    statement_journal = StatementJournal(name="Demo Bank Berlin EUR", journal=bank_journal,
                                         currency=eur, company=company, validation="amount",
                                         bank_account=company_bank_account,
                                         account=accounts["cash"])
    statement_journal.save()

    # Write-off methods: arx books cash discounts, deductions and write-offs
    # with the method whose name holds the kind (docs/TRYTON.md).
    step("write-off methods")
    write_off_journal = Journal(name="Write-Off", code="WO", type="write-off", sequence=revenue_journal.sequence)
    write_off_journal.save()
    WriteOff = Model.get("account.move.reconcile.write_off")
    for name in ("Skonto / cash discount", "Kürzung / deduction", "Abschreibung / write-off"):
        WriteOff(company=company, name=name, journal=write_off_journal, credit_account=accounts["expense"],
                 debit_account=accounts["expense"]).save()

    # ---- dunning: fees and procedure -------------------------------------------
    step("dunning procedure and fees")
    ProductCategory = Model.get("product.category")
    category = ProductCategory(name="Mahngebühren", accounting=True,
                               account_revenue=accounts["revenue"])
    category.save()
    Uom = Model.get("product.uom")
    unit, = Uom.find([("name", "=", "Unit")])
    Template = Model.get("product.template")
    Fee = Model.get("account.dunning.fee")
    fees = {}
    for level, amount in ((2, Decimal("5.00")), (3, Decimal("10.00"))):
        template = Template(name="Mahngebühr Stufe %d" % level, type="service",
                            default_uom=unit, list_price=amount, account_category=category)
        template.save()
        fee = Fee(name="Mahngebühr %s EUR" % amount, product=template.products[0],
                  journal=revenue_journal, compute_method="list_price")
        fee.save()
        fees[level] = fee
    Procedure = Model.get("account.dunning.procedure")
    procedure = Procedure(name="Standard-Mahnverfahren")
    for number, days in ((1, 7), (2, 21), (3, 35)):
        level = procedure.levels.new(overdue=datetime.timedelta(days=days))
        level.send_email = number <= 2
        level.print_on_letter = number >= 2
        level.credit_limit = number == 3
        if number in fees:
            level.fee = fees[number]
    procedure.save()
    AccountConfig = Model.get("account.configuration")
    account_config = AccountConfig(1)
    account_config.default_dunning_procedure = procedure
    account_config.default_customer_payment_term = terms["net30"]
    account_config.save()
    # What the summary reports about the set-up, read now through proteus
    # (outside the trytond transactions below).
    setup_summary = {
        "company": {
            "id": company.id, "party_id": company_party.id, "party_code": "TRY01",
            "name": company_party.name, "vat": company_vat, "iban": company_iban,
            "bank_account_id": company_bank_account.id, "currency_id": eur.id,
            "currency": "EUR",
        },
        "accounts": {key: {"id": a.id, "code": account_codes[a.name], "name": a.name}
                     for key, a in accounts.items()},
        "tax_vat19_id": vat19.id,
        "payment_terms": {key: t.id for key, t in terms.items()},
        "journals": {
            "revenue": {"id": revenue_journal.id, "code": "REV"},
            "bank": {"id": bank_journal.id, "code": "BANK"},
            "write_off": {"id": write_off_journal.id, "code": "WO"},
            "statement": {"id": statement_journal.id, "name": statement_journal.name,
                          "validation": "amount",
                          "bank_account_id": company_bank_account.id},
        },
        "fiscal_years": {str(y): f.id for y, f in fiscalyears.items()},
        "dunning": {
            "procedure_id": procedure.id,
            "levels": [{"id": l.id, "overdue_days": l.overdue.days,
                        "fee_id": l.fee.id if l.fee else None}
                       for l in procedure.levels],
            "fees": {str(level): {"id": f.id, "amount": str(f.product.list_price)}
                     for level, f in fees.items()},
        },
        "banks": {code: {"id": b.id, "party_id": b.party.id} for code, b in banks.items()},
    }

    # ---- customers (trytond API) ---------------------------------------------------
    context = dict(cfg.context, _skip_warnings=True)
    admin_id = cfg.user
    ids = {"company": company.id, "eur": eur.id, "receivable": accounts["receivable"].id,
           "revenue": accounts["revenue"].id, "vat19": vat19.id,
           "revenue_journal": revenue_journal.id, "procedure": procedure.id,
           "terms": {k: t.id for k, t in terms.items()},
           "countries": {k: c.id for k, c in countries.items()},
           "langs": {k: l.id for k, l in langs.items()},
           "banks": {k: b.id for k, b in banks.items()}}

    step("%d customers" % args.parties)
    specs = customer_specs(args.parties, rng)
    for spec in specs:
        if isinstance(spec["vat"], tuple):
            _, country, n = spec["vat"]
            if country == "AT":
                candidates = ("ATU%08d" % (13000000 + n * 130 + i) for i in range(130))
            else:
                candidates = ("NL%09dB01" % (800000000 + n * 130 + i) for i in range(130))
            spec["vat"] = first_valid(candidates, stdnum.eu.vat.is_valid)
        if spec["vat"] and not stdnum.eu.vat.is_valid(spec["vat"]):
            fail("customer %s: VAT id %s is not valid" % (spec["code"], spec["vat"]))
        if spec["iban"] and not stdnum.iban.is_valid(spec["iban"]):
            fail("customer %s: IBAN %s is not valid" % (spec["code"], spec["iban"]))

    party_ids, address_ids = {}, {}
    with Transaction().start(args.database, admin_id, context=context):
        PartyM = pool.get("party.party")
        BankAccountM = pool.get("bank.account")
        for chunk_start in range(0, len(specs), 500):
            chunk = specs[chunk_start:chunk_start + 500]
            values = []
            for spec in chunk:
                address = {"street": spec["street"], "postal_code": spec["postal_code"],
                           "city": spec["city"],
                           "country": ids["countries"][spec["country"]] if spec["country"] else None}
                value = {
                    "name": spec["name"], "code": spec["code"], "lang": ids["langs"][spec["lang"]],
                    "addresses": [("create", [address])],
                    "customer_payment_term": ids["terms"][spec["payment_term"]],
                    "dunning_procedure": ids["procedure"],
                }
                if spec["email"]:
                    value["contact_mechanisms"] = [("create", [{"type": "email", "value": spec["email"]}])]
                if spec["vat"]:
                    value["identifiers"] = [("create", [{"type": "eu_vat", "code": spec["vat"]}])]
                values.append(value)
            parties = PartyM.create(values)
            accounts_values = []
            for spec, party in zip(chunk, parties):
                party_ids[spec["code"]] = party.id
                address_ids[spec["code"]] = party.addresses[0].id
                if spec["iban"]:
                    accounts_values.append({
                        "bank": ids["banks"][spec["bank"]], "currency": ids["eur"],
                        "owners": [("add", [party.id])],
                        "numbers": [("create", [{"type": "iban", "number": spec["iban"]}])]})
            BankAccountM.create(accounts_values)

    # ---- invoices (trytond API) ------------------------------------------------------
    step("%d invoices, %d credit notes, %d drafts" % (args.invoices, args.credit_notes, args.drafts))
    span = (args.last_date - args.first_date).days + 1
    total = args.invoices + args.drafts
    plan = []
    for k in range(total):
        spec = specs[k % len(specs)]
        lines = []
        for _ in range(rng.randint(1, 3)):
            lines.append({
                "type": "line", "description": rng.choice(LINE_TEXTS),
                "quantity": float(rng.randint(1, 10)),
                "unit_price": Decimal(rng.randint(40, 1800)) / 2,
                "account": ids["revenue"], "taxes": [("add", [ids["vat19"]])],
                "company": ids["company"], "currency": ids["eur"],
            })
        date = args.first_date + datetime.timedelta(days=rng.randrange(span))
        plan.append({
            "company": ids["company"], "type": "out", "party": party_ids[spec["code"]],
            "invoice_address": address_ids[spec["code"]], "currency": ids["eur"],
            "journal": ids["revenue_journal"], "account": ids["receivable"],
            "payment_term": ids["terms"][spec["payment_term"]],
            "invoice_date": date, "reference": "AUF-%06d" % (100000 + k),
            "lines": [("create", lines)],
        })
    # Numbers follow the invoice dates, as Tryton requires per sequence.
    posted_plan = sorted(plan[:args.invoices], key=lambda v: v["invoice_date"])
    draft_plan = plan[args.invoices:]

    if args.fast_numbers:
        # Tryton's post draws each number from the strict sequence, which
        # makes it recompute every invoice total of the batch per invoice.
        # Here the numbers come in the same order (by invoice date, per fiscal
        # year) and the sequences are advanced past them afterwards.
        next_number = {}
        for value in posted_plan:
            year = value["invoice_date"].year
            sequence = invoice_sequences[year]["out_invoice"]
            number = next_number.get(year, 1)
            value["number"] = "%s%0*d" % (sequence.prefix, sequence.padding, number)
            value["sequence"] = sequence.id
            next_number[year] = number + 1

    post_started = time.monotonic()
    posted_ids = []
    for start in range(0, len(posted_plan), args.batch):
        with Transaction().start(args.database, admin_id, context=context):
            Invoice = pool.get("account.invoice")
            # The report cache lives in trytond's file store, outside the
            # database (and outside its copies): no invoice PDFs/ODTs here.
            Invoice.print_invoice = lambda self: None
            invoices = Invoice.create(posted_plan[start:start + args.batch])
            Invoice.update_taxes(invoices)
            Invoice.post(invoices)
            posted_ids.extend(i.id for i in invoices)
        done = min(start + args.batch, len(posted_plan))
        elapsed = time.monotonic() - post_started
        log("posted %d/%d invoices (%.1f s, %.1f ms per invoice)"
            % (done, len(posted_plan), elapsed, 1000 * elapsed / done))

    if args.fast_numbers:
        with Transaction().start(args.database, admin_id, context=context):
            StrictSequence = pool.get("ir.sequence.strict")
            for year, number in next_number.items():
                sequence = StrictSequence(invoice_sequences[year]["out_invoice"].id)
                sequence.number_next = number
                sequence.save()

    credit_ids, draft_ids = [], []
    with Transaction().start(args.database, admin_id, context=context):
        Invoice = pool.get("account.invoice")
        Invoice.print_invoice = lambda self: None
        if args.credit_notes:
            # Credit the first invoices of every n-th customer, dated late November.
            step_n = max(1, len(posted_ids) // args.credit_notes)
            originals = Invoice.browse(posted_ids[::step_n][:args.credit_notes])
            credits = Invoice.credit(originals)
            for credit in credits:
                credit.invoice_date = min(AS_OF, datetime.date(2026, 11, 20))
                credit.reference = "Gutschrift zu %s" % next(
                    o.number for o in originals if o.party == credit.party)
            Invoice.save(credits)
            Invoice.update_taxes(credits)
            Invoice.post(credits)
            credit_ids = [c.id for c in credits]
        if draft_plan:
            drafts = Invoice.create(draft_plan)
            Invoice.update_taxes(drafts)
            draft_ids = [d.id for d in drafts]

    # ---- summary ---------------------------------------------------------------------
    step("summary")
    with Transaction().start(args.database, admin_id, context=context, readonly=True):
        Invoice = pool.get("account.invoice")
        Line = pool.get("account.move.line")
        open_lines = Line.search([
            ("account", "=", ids["receivable"]), ("reconciliation", "=", None),
            ("move.state", "=", "posted")])
        receivable_total = sum((l.debit - l.credit for l in open_lines), Decimal(0))
        overdue = [l for l in open_lines if l.maturity_date and l.maturity_date < AS_OF]
        posted = Invoice.browse(posted_ids)
        numbers = sorted(i.number for i in posted)
        summary = {
            "as_of": AS_OF.isoformat(),
            "seed": args.seed,
            "database": args.database,
            **setup_summary,
            "parties": {
                "count": len(specs),
                "first_code": specs[0]["code"], "last_code": specs[-1]["code"],
                "without_email": [s["code"] for s in specs if not s["email"]],
                "with_empty_address": [s["code"] for s in specs if not s["street"]],
                "with_vat": sum(1 for s in specs if s["vat"]),
                "with_bank_account": sum(1 for s in specs if s["iban"]),
                "ids": party_ids if len(party_ids) <= 100 else None,
            },
            "invoices": {
                "posted": len(posted_ids),
                "credit_notes": len(credit_ids),
                "drafts": len(draft_ids),
                "first_number": numbers[0] if numbers else None,
                "last_number": numbers[-1] if numbers else None,
                "credit_note_ids": credit_ids,
                "draft_ids": draft_ids,
                "date_range": [args.first_date.isoformat(), args.last_date.isoformat()],
            },
            "receivable": {
                "open_lines": len(open_lines),
                "overdue_lines": len(overdue),
                "total": str(receivable_total),
                "overdue_total": str(sum((l.debit - l.credit for l in overdue), Decimal(0))),
            },
        }
    text = json.dumps(summary, indent=2, ensure_ascii=False)
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as out:
            out.write(text + "\n")
    print(text)
    log("done in %.1f s" % (time.monotonic() - started))


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except BaseException as error:  # name the step, then the traceback
        import traceback
        traceback.print_exc()
        fail("%s: %s" % (type(error).__name__, error))
