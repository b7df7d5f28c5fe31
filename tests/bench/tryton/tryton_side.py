#!/usr/bin/python3
"""Tryton's own side of scripts/bench-tryton, run with trytond in-process
(Debian's /usr/bin/python3) on a copy of the benchmark database.

  dunning  what the "Create Dunnings" wizard (account.dunning.create) does:
           Dunning.generate_dunnings(date=AS_OF) in one transaction, as the
           admin user in the company's context, timed with its commit; then,
           timed apart, what "Process Dunnings" does with the new dunnings
           (Dunning.process: draft -> waiting, fees booked where a level has
           one).
  rules    statement rules as a Tryton administrator would set them up (not
           timed), then Statement.apply_rules on the draft statements (the
           statement's "Apply Rules" button), timed with its commit; prints
           for every origin the statement lines the rules made.

Prints one JSON document on stdout; the server start (Pool.init) is not timed.
"""

import argparse
import datetime
import json
import sys
import time


def start(config_file, database):
    from trytond.config import config
    config.update_etc(config_file)
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    started = time.monotonic()
    Pool.start()
    pool = Pool(database)
    with Transaction().start(database, 0, readonly=True):
        pool.init()
    with Transaction().start(database, 0, readonly=True):
        User = pool.get("res.user")
        admin, = User.search([("login", "=", "admin")])
        admin_id = admin.id
    return pool, admin_id, time.monotonic() - started


def user_context(pool, database, admin_id):
    from trytond.transaction import Transaction
    with Transaction().start(database, admin_id, readonly=True):
        context = pool.get("res.user").get_preferences(context_only=True)
    return context


def dunning(args):
    from trytond.transaction import Transaction
    pool, admin_id, init_seconds = start(args.config, args.database)
    context = user_context(pool, args.database, admin_id)
    as_of = datetime.date.fromisoformat(args.as_of)

    t0 = time.monotonic()
    with Transaction().start(args.database, admin_id, context=context) as transaction:
        Dunning = pool.get("account.dunning")
        before = {d.id for d in Dunning.search([])}
        Dunning.generate_dunnings(date=as_of)
        transaction.commit()
    generate_seconds = time.monotonic() - t0

    with Transaction().start(args.database, admin_id, context=context, readonly=True):
        Dunning = pool.get("account.dunning")
        created = [d for d in Dunning.search([]) if d.id not in before]
        created_ids = [d.id for d in created]
        by_level = {}
        for d in created:
            key = "%d days" % d.level.overdue.days
            by_level[key] = by_level.get(key, 0) + 1
        parties = len({d.line.party.id for d in created})

    process_seconds = None
    if args.process:
        t0 = time.monotonic()
        with Transaction().start(args.database, admin_id, context=context) as transaction:
            Dunning = pool.get("account.dunning")
            Dunning.process(Dunning.browse(created_ids))
            transaction.commit()
        process_seconds = time.monotonic() - t0

    with Transaction().start(args.database, admin_id, context=context, readonly=True):
        Dunning = pool.get("account.dunning")
        states = {}
        for d in Dunning.browse(created_ids):
            states[d.state] = states.get(d.state, 0) + 1

    print(json.dumps({
        "as_of": args.as_of, "server_start_seconds": round(init_seconds, 3),
        "generate_seconds": round(generate_seconds, 3),
        "process_seconds": round(process_seconds, 3) if process_seconds is not None else None,
        "dunnings_created": len(created), "parties": parties, "by_level": by_level, "states": states}))


def rules(args):
    from decimal import Decimal
    from trytond.transaction import Transaction
    pool, admin_id, init_seconds = start(args.config, args.database)
    context = user_context(pool, args.database, admin_id)

    # The rules, in the order Tryton tries them (the first that matches an
    # origin makes its lines): the invoice number in the description; the
    # customer's own order reference, which Tryton's invoice name search also
    # finds; else, when the payer's bank account names a party, the cash on
    # that party's receivable account.
    with Transaction().start(args.database, admin_id, context=context) as transaction:
        Rule = pool.get("account.statement.rule")
        Company = pool.get("company.company")
        Account = pool.get("account.account")
        company, = Company.search([("party.code", "=", args.company)])
        receivable, = Account.search([("company", "=", company.id), ("type.receivable", "=", True),
                                      ("code", "=", "1400")])
        Rule.create([
            {"name": "Invoice number", "company": company.id, "sequence": 10,
             "description": r"(?P<invoice>RE-\d{4}-\d{5})",
             "lines": [("create", [{"sequence": 10, "amount": "pending"}])]},
            {"name": "Order reference", "company": company.id, "sequence": 20,
             "description": r"(?P<invoice>AUF-\d{6})",
             "lines": [("create", [{"sequence": 10, "amount": "pending"}])]},
            {"name": "Known payer on account", "company": company.id, "sequence": 30, "amount_low": Decimal("0.01"),
             "lines": [("create", [{"sequence": 10, "amount": "pending", "account": receivable.id}])]},
        ])
        transaction.commit()

    t0 = time.monotonic()
    with Transaction().start(args.database, admin_id, context=context) as transaction:
        Statement = pool.get("account.statement")
        statements = Statement.search([("state", "=", "draft")])
        Statement.apply_rules(statements)
        transaction.commit()
    apply_seconds = time.monotonic() - t0

    with Transaction().start(args.database, admin_id, context=context, readonly=True):
        Origin = pool.get("account.statement.origin")
        origins = {}
        for origin in Origin.search([("statement.state", "=", "draft")]):
            origins[origin.number] = [
                {"invoice": l.invoice.number if l.invoice else None, "amount": str(l.amount),
                 "party": l.party.code if l.party else None}
                for l in origin.lines]
    print(json.dumps({
        "server_start_seconds": round(init_seconds, 3), "apply_seconds": round(apply_seconds, 3),
        "statements": len(statements), "origins": origins}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["dunning", "rules"])
    parser.add_argument("--config", required=True, help="trytond config file")
    parser.add_argument("--database", required=True)
    parser.add_argument("--as-of", default="2026-12-07")
    parser.add_argument("--company", default="TRY01")
    parser.add_argument("--process", action="store_true", help="dunning: also time Dunning.process")
    args = parser.parse_args()
    {"dunning": dunning, "rules": rules}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())
