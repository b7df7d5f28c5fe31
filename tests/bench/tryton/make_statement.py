#!/usr/bin/python3
"""A camt.053 bank statement paying open invoices of the Tryton benchmark
database, with the truth of every line, for scripts/bench-tryton.

Reads the posted, unpaid customer invoices of the database (psycopg2, read
only) and writes N credit lines that pay them the ways customers pay, in a
fixed mix (per mille, --mix prints it). Each invoice is paid at most once.
Same database and seed, same file.

The truth file (JSON) gives for each line, keyed by its bank reference
(AcctSvcrRef, which arx keeps as the Tryton origin's number): the scenario,
the customer who paid (null for a stranger), the cash each invoice should
receive ({number: "amount"}) and what is left on account. A line counts as
right when a matcher gives exactly these invoices exactly these amounts.
"""

import argparse
import datetime
import json
import random
import re
import sys
from decimal import Decimal
from xml.sax.saxutils import escape

import psycopg2

# scenario: per mille
MIX = [
    ("exact_number", 400),        # the invoice number as issued, the open amount
    ("number_in_text", 60),       # the number inside longer text ("Rg. ... vom ..., Kd-Nr. ...")
    ("several_invoices", 80),     # one payment for 2-4 invoices of one customer, each named
    ("partial", 50),              # part of a named invoice ("Teilzahlung")
    ("short_payment", 50),        # a named invoice less bank charges
    ("over_payment", 30),         # a named invoice plus a little; the rest stays on account
    ("number_mistyped", 90),      # the number without prefix or dashes, or one digit swapped
    ("name_and_amount", 80),      # no reference: the payer's name and the open amount
    ("order_reference", 40),      # only the customer's own order reference (the invoice's reference)
    ("other_payer", 40),          # a factoring company pays, naming the invoice
    ("stranger", 80),             # pays nothing of ours
]

STRANGERS = ["Finanzamt Berlin", "Stadtwerke Leipzig", "Hans Meier", "Allianz Versicherung AG",
             "Deutsche Post AG", "J. van Dijk", "Amazon Payments Europe", "Krankenkasse West"]
STRANGER_TEXTS = ["Erstattung Kaution", "Rueckzahlung Vorschuss", "Gutschrift Bonus 2026",
                  "Miete Dezember", "Schadensregulierung 88123", ""]
FACTORS = ["Nordfactoring GmbH", "Crefo Factoring AG", "Eurofactor Deutschland"]
UMLAUTS = {"ä": "AE", "ö": "OE", "ü": "UE", "Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "SS"}


def iban(country, bban):
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return "%s%02d%s" % (country, 98 - int(numeric) % 97, bban)


def bank_spelling(name, rng):
    """The payer's name as banks pass it on: upper case, umlauts spelled out, often cut."""
    text = "".join(UMLAUTS.get(c, c) for c in name).upper()
    return text[:27] if rng.random() < 0.5 else text


def pg_params(odbc):
    parts = dict(p.split("=", 1) for p in odbc.split(";") if "=" in p)
    return {"host": parts["Server"], "port": int(parts["Port"]), "user": parts["Uid"],
            "password": parts["Pwd"], "dbname": parts["Database"]}


def read_invoices(odbc):
    conn = psycopg2.connect(**pg_params(odbc))
    with conn.cursor() as cur:
        cur.execute("""
            SELECT i.number, i.reference, p.code, p.name, SUM(l.debit - l.credit), MIN(l.maturity_date),
                   (SELECT MIN(n.number_compact) FROM "bank_account-party_party" o
                      JOIN bank_account_number n ON n.account = o.account AND n.type = 'iban'
                     WHERE o.owner = p.id)
              FROM account_invoice i
              JOIN party_party p ON p.id = i.party
              JOIN account_move_line l ON l.move = i.move AND l.account = i.account
             WHERE i.type = 'out' AND i.state = 'posted' AND l.reconciliation IS NULL
             GROUP BY i.id, i.number, i.reference, p.id, p.code, p.name
             ORDER BY i.number""")
        rows = cur.fetchall()
        cur.execute("""SELECT n.number_compact FROM account_statement_journal j
                         JOIN bank_account_number n ON n.account = j.bank_account AND n.type = 'iban'""")
        own = cur.fetchone()[0]
    conn.close()
    invoices = [{"number": r[0], "reference": r[1], "code": r[2], "name": r[3], "open": Decimal(r[4]),
                 "due": r[5], "iban": r[6]} for r in rows if Decimal(r[4]) > 0]
    return invoices, own


def mistype(number, rng):
    """RE-2026-00123 as customers mistype it: no prefix, no dashes, spaces, or two digits swapped."""
    m = re.fullmatch(r"([A-Z]+)-(\d{4})-(\d+)", number)
    prefix, year, serial = m.groups()
    kind = rng.randrange(4)
    if kind == 0:
        return "%s-%s" % (year, serial)
    if kind == 1:
        return "%s%s%s" % (prefix, year, serial)
    if kind == 2:
        return "%s %s %s" % (prefix, year, serial)
    digits = list(serial)
    for _ in range(10):
        i = rng.randrange(len(digits) - 1)
        if digits[i] != digits[i + 1]:
            digits[i], digits[i + 1] = digits[i + 1], digits[i]
            break
    return "%s-%s-%s" % (prefix, year, "".join(digits))


def make_lines(invoices, count, seed, as_of):
    rng = random.Random(seed)
    pool = invoices[:]
    rng.shuffle(pool)
    by_customer = {}
    for inv in pool:
        by_customer.setdefault(inv["code"], []).append(inv)
    used = set()

    def take(predicate=lambda inv: True):
        while pool:
            inv = pool.pop()
            if inv["number"] not in used and predicate(inv):
                used.add(inv["number"])
                return inv
        return None

    kinds = [k for k, share in MIX for _ in range(share)]
    lines = []
    for n in range(count):
        kind = rng.choice(kinds)
        line = {"bank_reference": "BTB%08d" % (n + 1), "scenario": kind, "customer": None,
                "allocations": {}, "on_account": "0.00"}
        inv = take() if kind != "stranger" else None
        if kind != "stranger" and inv is None:
            kind = line["scenario"] = "stranger"
        payer, payer_iban, text = None, None, ""
        if inv:
            payer = bank_spelling(inv["name"], rng) if rng.random() < 0.6 else inv["name"]
            payer_iban = inv["iban"] or iban("DE", "%08d%010d" % (50010517, rng.randrange(10 ** 9)))
            line["customer"] = inv["code"]
        amount = inv["open"] if inv else None
        if kind == "exact_number":
            text = rng.choice(["%s", "Rechnung %s", "RE-Nr. %s", "%s Danke"]) % inv["number"]
            line["allocations"] = {inv["number"]: amount}
        elif kind == "number_in_text":
            text = "Rg. %s vom %s Kd-Nr. %s" % (inv["number"], inv["due"].strftime("%d.%m.%Y"), inv["code"])
            line["allocations"] = {inv["number"]: amount}
        elif kind == "several_invoices":
            group = [inv]
            others = [o for o in by_customer[inv["code"]] if o["number"] not in used]
            for other in others[:rng.randint(1, 3)]:
                used.add(other["number"])
                group.append(other)
            amount = sum(g["open"] for g in group)
            text = "Rechnungen " + ", ".join(g["number"] for g in group)
            line["allocations"] = {g["number"]: g["open"] for g in group}
            if len(group) == 1:
                line["scenario"] = "exact_number"
        elif kind == "partial":
            amount = (inv["open"] * Decimal(rng.choice([30, 40, 50, 60])) / 100).quantize(Decimal("0.01"))
            text = "Teilzahlung %s" % inv["number"]
            line["allocations"] = {inv["number"]: amount}
        elif kind == "short_payment":
            amount = inv["open"] - Decimal(rng.choice(["1.50", "2.50", "3.90", "5.00"]))
            text = inv["number"]
            line["allocations"] = {inv["number"]: amount}
        elif kind == "over_payment":
            extra = Decimal(rng.choice(["0.50", "5.00", "10.00", "19.00"]))
            amount = inv["open"] + extra
            text = "%s" % inv["number"]
            line["allocations"] = {inv["number"]: inv["open"]}
            line["on_account"] = extra
        elif kind == "number_mistyped":
            text = "Rechnung %s" % mistype(inv["number"], rng)
            line["allocations"] = {inv["number"]: amount}
        elif kind == "name_and_amount":
            text = rng.choice(["Zahlung", "Ueberweisung", "", "Begleichung offener Posten"])
            line["allocations"] = {inv["number"]: amount}
        elif kind == "order_reference":
            text = "Ihre Bestellung %s" % inv["reference"]
            line["allocations"] = {inv["number"]: amount}
        elif kind == "other_payer":
            payer = rng.choice(FACTORS)
            payer_iban = iban("DE", "%08d%010d" % (60050101, 7400000000 + FACTORS.index(payer)))
            text = "%s fuer %s" % (inv["number"], inv["name"][:30])
            line["allocations"] = {inv["number"]: amount}
        else:  # stranger
            payer = rng.choice(STRANGERS)
            payer_iban = iban("DE", "%08d%010d" % (12030000, rng.randrange(10 ** 9)))
            text = rng.choice(STRANGER_TEXTS)
            amount = Decimal(rng.randint(1500, 250000)) / 100
        line["amount"] = amount
        line["payer"] = payer
        line["payer_iban"] = payer_iban
        line["remittance"] = text
        lines.append(line)
    return lines


def camt053(lines, own_iban, statement_id, as_of):
    day = as_of.isoformat()
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">',
           "<BkToCstmrStmt><GrpHdr><MsgId>MSG-%s</MsgId><CreDtTm>%sT06:00:00</CreDtTm></GrpHdr>"
           % (statement_id, day),
           "<Stmt><Id>%s</Id><CreDtTm>%sT06:00:00</CreDtTm>" % (statement_id, day),
           "<Acct><Id><IBAN>%s</IBAN></Id><Ccy>EUR</Ccy></Acct>" % own_iban]
    for line in lines:
        party = "<Dbtr><Nm>%s</Nm></Dbtr>" % escape(line["payer"])
        if line["payer_iban"]:
            party += "<DbtrAcct><Id><IBAN>%s</IBAN></Id></DbtrAcct>" % line["payer_iban"]
        remittance = ("<RmtInf><Ustrd>%s</Ustrd></RmtInf>" % escape(line["remittance"][:140])
                      if line["remittance"] else "")
        out.append(
            '<Ntry><Amt Ccy="EUR">%s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
            "<BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt><AcctSvcrRef>%s</AcctSvcrRef>"
            "<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
            "<RltdPties>%s</RltdPties>%s</TxDtls></NtryDtls></Ntry>"
            % (line["amount"], day, day, line["bank_reference"], party, remittance))
    out.append("</Stmt></BkToCstmrStmt></Document>")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="psqlODBC connection string of the Tryton database")
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--as-of", default="2026-12-07")
    parser.add_argument("--out", help="the camt.053 file")
    parser.add_argument("--truth", help="the truth file (JSON)")
    parser.add_argument("--mix", action="store_true", help="print the scenario mix and exit")
    args = parser.parse_args()
    if args.mix:
        print(json.dumps(dict(MIX)))
        return
    if not (args.db and args.out and args.truth):
        parser.error("--db, --out and --truth are required")
    as_of = datetime.date.fromisoformat(args.as_of)
    invoices, own = read_invoices(args.db)
    if not invoices:
        sys.exit("make_statement: the database has no open customer invoices")
    lines = make_lines(invoices, args.lines, args.seed, as_of)
    statement_id = "BENCH-%s-%d" % (as_of.isoformat(), args.seed)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(camt053(lines, own, statement_id, as_of))
    truth = {"statement": statement_id, "seed": args.seed, "open_invoices": len(invoices),
             "mix_per_mille": dict(MIX),
             "lines": {l["bank_reference"]: {
                 "scenario": l["scenario"], "customer": l["customer"], "amount": str(l["amount"]),
                 "allocations": {k: str(v) for k, v in l["allocations"].items()},
                 "on_account": str(l["on_account"])} for l in lines}}
    with open(args.truth, "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=1)
    counts = {}
    for l in lines:
        counts[l["scenario"]] = counts.get(l["scenario"], 0) + 1
    print(json.dumps({"lines": len(lines), "scenarios": counts, "statement": statement_id}))


if __name__ == "__main__":
    main()
