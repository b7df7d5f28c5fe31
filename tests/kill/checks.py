"""The invariants of exactly-once, checked on what the database and the
receiving ends hold after every round of the kill campaign.

Each check adds to a Report: violations (each one names what and where) and
figures. A violation is one of:
  duplicate  -- something happened twice (a payment applied twice, two notices
                for one customer and date, a fee booked twice, a message or
                file received twice);
  lost       -- something that should have happened did not (a bank line not
                imported or never decided, a payment without its allocations,
                a notice without its document, a sent job that never arrived,
                a job still queued after the round's delivery run);
  wrong      -- anything else inconsistent (an open item that is not its
                original less its allocations, a digest that does not match).
"""

import collections
import datetime
import decimal

from receivers import access_point, mails, portal_files, print_room, stray_temporaries

D = decimal.Decimal


class Report:
    def __init__(self):
        self.violations = []  # (capability, kind, text)
        self.checks = collections.Counter()  # what was checked, by name: how many objects

    def check(self, name, n=1):
        self.checks[name] += n

    def bad(self, capability, kind, text):
        self.violations.append((capability, kind, text))

    def count(self, capability=None, kind=None):
        return sum(1 for c, k, _ in self.violations
                   if (capability is None or c == capability) and (kind is None or k == kind))


def dec(x):
    return D(x) if x not in (None, "") else D(0)


# ---- the ERP's books ---------------------------------------------------------

def open_items(ledger, rep, company_id):
    """Every open item's open amount is its original amount less its allocations."""
    m = ledger.money
    items = ledger.rows("SELECT id, %s, %s FROM erp_open_item WHERE company_id = %d"
                        % (m("original_amount"), m("open_amount"), company_id))
    alloc = collections.defaultdict(D)
    for item, amount in ledger.rows(
            "SELECT a.open_item_id, %s FROM erp_payment_allocation a JOIN erp_open_item o ON o.id = a.open_item_id "
            "WHERE o.company_id = %d" % (m("a.amount"), company_id)):
        alloc[item] += dec(amount)
    for item, original, open_amount in items:
        rep.check("open item = original - allocations")
        if dec(original) - alloc[item] != dec(open_amount):
            rep.bad("cash application", "wrong",
                    "open item %s: original %s less allocations %s is %s, but the ERP says %s open"
                    % (item, original, alloc[item], dec(original) - alloc[item], open_amount))
    return len(items)


# ---- cash application ----------------------------------------------------------

def cash_application(ledger, rep, company_id, statements, baseline_payment_id):
    """statements: [{"ref": statement id, "lines": [{"ref", "amount"}, ...]}] as the harness wrote them."""
    m = ledger.money
    figures = collections.Counter()
    # Each statement imported once, with every line of the file.
    stmt_rows = ledger.rows("SELECT statement_ref, id, line_count FROM arx_bank_statement WHERE company_id = %d"
                            % company_id)
    by_ref = collections.defaultdict(list)
    for ref, sid, n in stmt_rows:
        by_ref[ref].append((sid, int(n)))
    line_rows = ledger.rows("SELECT statement_id, id, amount, bank_reference, state, credit FROM arx_bank_line "
                            "WHERE company_id = %d" % company_id)
    lines_of = collections.defaultdict(list)
    for sid, lid, amount, ref, state, credit in line_rows:
        lines_of[sid].append((lid, amount, ref, state, credit))
    for s in statements:
        rep.check("statement imported once")
        found = by_ref.get(s["ref"], [])
        if not found:
            rep.bad("cash application", "lost", "statement %s (round %d) was never imported" % (s["ref"], s["round"]))
            continue
        if len(found) > 1:
            rep.bad("cash application", "duplicate", "statement %s imported %d times" % (s["ref"], len(found)))
        sid = found[0][0]
        got = sorted((D(a), r) for _, a, r, _, _ in lines_of[sid])
        want = sorted((D(l["amount"]), l["ref"]) for l in s["lines"])
        rep.check("bank lines imported", len(want))
        if got != want:
            rep.bad("cash application", "lost" if len(got) < len(want) else "wrong",
                    "statement %s: the file has %d lines, the database %d (or other amounts/references)"
                    % (s["ref"], len(want), len(got)))
        figures["lines"] += len(got)

    # Live decisions in force: one per line at most, and every credit line decided.
    decisions = ledger.rows(
        "SELECT d.line_id, d.status, d.payment_id, d.on_account, l.amount, l.state FROM arx_cashapp_decision d "
        "JOIN arx_bank_line l ON l.id = d.line_id WHERE d.company_id = %d AND d.shadow = 0 AND d.superseded = 0"
        % company_id)
    per_line = collections.Counter(r[0] for r in decisions)
    for line, n in per_line.items():
        if n > 1:
            rep.bad("cash application", "duplicate", "bank line %s has %d live decisions" % (line, n))
    for sid, lines in lines_of.items():
        for lid, amount, ref, state, credit in lines:
            if credit != "1":
                continue
            rep.check("credit line decided")
            if state == "new" or lid not in per_line:
                rep.bad("cash application", "lost",
                        "bank line %s (%s, %s) was imported but never decided (state %s)" % (lid, ref, amount, state))

    # Applied lines: one payment each, its allocations covering the line.
    payments = {r[0]: r for r in ledger.rows(
        "SELECT id, %s, bank_reference FROM erp_payment WHERE company_id = %d AND id > %d"
        % (m("amount"), company_id, baseline_payment_id))}
    pay_alloc = collections.defaultdict(D)
    for pid, amount, kind in ledger.rows(
            "SELECT a.payment_id, %s, a.kind FROM erp_payment_allocation a JOIN erp_payment p ON p.id = a.payment_id "
            "WHERE p.company_id = %d AND p.id > %d" % (m("a.amount"), company_id, baseline_payment_id)):
        if kind == "payment":
            pay_alloc[pid] += dec(amount)
    erp_alloc = collections.defaultdict(collections.Counter)
    for pid, item, amount, kind in ledger.rows(
            "SELECT a.payment_id, a.open_item_id, %s, a.kind FROM erp_payment_allocation a JOIN erp_payment p "
            "ON p.id = a.payment_id WHERE p.company_id = %d AND p.id > %d" % (m("a.amount"), company_id,
                                                                            baseline_payment_id)):
        erp_alloc[pid][(item, dec(amount), kind)] += 1
    arx_alloc = collections.defaultdict(collections.Counter)
    for line, item, amount, kind in ledger.rows(
            "SELECT a.line_id, a.open_item_id, a.amount, a.kind FROM arx_cashapp_allocation a JOIN "
            "arx_cashapp_decision d ON d.line_id = a.line_id AND d.shadow = a.shadow AND d.generation = a.generation "
            "WHERE d.company_id = %d AND d.shadow = 0 AND d.superseded = 0 AND d.status = 'applied'" % company_id):
        arx_alloc[line][(item, dec(amount), kind)] += 1
    used = collections.Counter()
    for line, status, payment_id, on_account, amount, state in decisions:
        if status == "applied" and payment_id in payments:
            rep.check("ERP allocations are arx's decision")
            if erp_alloc[payment_id] != arx_alloc[line]:
                rep.bad("cash application", "wrong",
                        "bank line %s: arx decided allocations %s, the ERP booked %s on payment %s"
                        % (line, sorted(arx_alloc[line].elements()), sorted(erp_alloc[payment_id].elements()),
                           payment_id))
        if status != "applied":
            continue
        figures["applied"] += 1
        rep.check("applied line has its payment")
        if state != "applied":
            rep.bad("cash application", "wrong", "bank line %s: decision applied, line state %s" % (line, state))
        if payment_id is None or payment_id not in payments:
            rep.bad("cash application", "lost", "bank line %s was applied but its payment %s is not in the ERP"
                    % (line, payment_id))
            continue
        used[payment_id] += 1
        p = payments[payment_id]
        if dec(p[1]) != dec(amount):
            rep.bad("cash application", "wrong", "payment %s is %s, its bank line %s %s" % (payment_id, p[1], line, amount))
        if pay_alloc[payment_id] + dec(on_account) != dec(amount):
            rep.bad("cash application", "wrong",
                    "payment %s of bank line %s: allocations %s + on account %s != %s"
                    % (payment_id, line, pay_alloc[payment_id], dec(on_account), amount))
    for pid, n in used.items():
        if n > 1:
            rep.bad("cash application", "duplicate", "payment %s is the payment of %d bank lines" % (pid, n))
    for pid, p in payments.items():
        rep.check("payment belongs to one applied line")
        if pid not in used:
            rep.bad("cash application", "duplicate",
                    "payment %s (%s, bank reference %s) was booked in the ERP but no applied line owns it: "
                    "a second booking of a line" % (pid, p[1], p[2]))
    figures["payments"] = len(payments)
    return figures


# ---- dunning -------------------------------------------------------------------

def dunning(ledger, rep, company_id, dates, baseline_invoice_id):
    m = ledger.money
    figures = collections.Counter()
    runs = {r[0]: r for r in ledger.rows(
        "SELECT CAST(as_of AS TEXT), id, state FROM arx_dunning_run WHERE company_id = %d" % company_id)}
    for d in dates:
        rep.check("dunning run completed")
        r = runs.get(d)
        if r is None:
            rep.bad("dunning", "lost", "no dunning run as of %s" % d)
        elif r[2] != "completed":
            rep.bad("dunning", "lost", "the dunning run as of %s is still %s" % (d, r[2]))
    notices = ledger.rows(
        "SELECT n.id, CAST(r.as_of AS TEXT), n.customer_id, n.customer_number, n.currency, n.channel, n.fee, "
        "n.interest, n.fee_invoice_id, n.state FROM arx_dunning_notice n JOIN arx_dunning_run r ON r.id = n.run_id "
        "WHERE n.company_id = %d" % company_id)
    per = collections.Counter((r[1][:10], r[2], r[4]) for r in notices)
    for (date, customer, ccy), n in per.items():
        rep.check("one notice per customer, currency and date")
        if n > 1:
            rep.bad("dunning", "duplicate", "customer %s has %d notices in %s as of %s" % (customer, n, ccy, date))
    # Fees and interest: one fee document per notice that charges any, none without a notice.
    fee_invoices = {r[0]: r for r in ledger.rows(
        "SELECT i.id, i.number, %s, i.customer_id FROM erp_invoice i WHERE i.company_id = %d AND i.kind = 'fee' "
        "AND i.id > %d" % (m("i.gross_amount"), company_id, baseline_invoice_id))}
    fee_items = collections.Counter(r[0] for r in ledger.rows(
        "SELECT invoice_id FROM erp_open_item WHERE company_id = %d AND invoice_id IN "
        "(SELECT id FROM erp_invoice WHERE company_id = %d AND kind = 'fee')" % (company_id, company_id)))
    owners = collections.Counter()
    jobs = collections.defaultdict(list)
    for key, state in ledger.rows("SELECT idempotency_key, state FROM arx_delivery_job WHERE company_id = %d "
                                  "AND purpose = 'dunning'" % company_id):
        jobs[key].append(state)
    for nid, date, cust, number, ccy, channel, fee, interest, fee_invoice, state in notices:
        figures["notices"] += 1
        charged = dec(fee) + dec(interest)
        rep.check("fee and interest booked once")
        if charged > 0:
            figures["fees"] += 1
            if fee_invoice is None or fee_invoice not in fee_invoices:
                rep.bad("dunning", "lost", "notice %s charges %s but its fee document %s is not in the ERP"
                        % (nid, charged, fee_invoice))
            else:
                owners[fee_invoice] += 1
                if dec(fee_invoices[fee_invoice][2]) != charged:
                    rep.bad("dunning", "wrong", "notice %s charges %s, its fee document %s is %s"
                            % (nid, charged, fee_invoices[fee_invoice][1], fee_invoices[fee_invoice][2]))
                if fee_items[fee_invoice] != 1:
                    rep.bad("dunning", "duplicate" if fee_items[fee_invoice] > 1 else "lost",
                            "fee document %s has %d open items" % (fee_invoices[fee_invoice][1], fee_items[fee_invoice]))
        rep.check("notice composed and queued")
        if state != "composed":
            rep.bad("dunning", "lost", "notice %s (%s as of %s) is still %s" % (nid, number, date[:10], state))
            continue
        if channel not in ("email", "letter", "both"):
            continue  # a call: a task for a collector, nothing to deliver
        # The notice's documents: one job per channel it goes by (an e-mail
        # without an address goes as a letter), keyed by company, date,
        # customer and currency.
        rep.check("notice has its delivery jobs")
        prefix = "/dunning/%s/%s/%s/" % (date[:10], number, ccy)
        found = [k for k in jobs if prefix in k]
        figures["notice documents"] += len(found)
        if not found:
            rep.bad("dunning", "lost", "notice %s (%s as of %s, %s) has no delivery job" % (nid, number, date[:10], channel))
        elif channel != "both" and len(found) > 1:
            rep.bad("dunning", "duplicate", "notice %s (%s as of %s) has %d delivery jobs: %s"
                    % (nid, number, date[:10], len(found), found))
    # An item is reminded once per date, and interest is charged once for
    # each day: the days charged over all its notices never exceed the days
    # from its due date to its last notice.
    items = ledger.rows(
        "SELECT ni.open_item_id, n.id, CAST(r.as_of AS TEXT), CAST(ni.due_date AS TEXT), ni.interest_days "
        "FROM arx_dunning_notice_item ni JOIN arx_dunning_notice n ON n.id = ni.notice_id "
        "JOIN arx_dunning_run r ON r.id = n.run_id WHERE n.company_id = %d" % company_id)
    per_item_date = collections.Counter((r[0], r[2][:10]) for r in items)
    for (item, date), n in per_item_date.items():
        rep.check("item on one notice per date")
        if n > 1:
            rep.bad("dunning", "duplicate", "open item %s is on %d notices as of %s" % (item, n, date))
    charged = collections.defaultdict(int)
    span = {}
    for item, nid, as_of, due, days in items:
        charged[item] += int(days or 0)
        if due:
            d = (datetime.date.fromisoformat(as_of[:10]) - datetime.date.fromisoformat(due[:10])).days
            span[item] = max(span.get(item, 0), d)
    for item, days in charged.items():
        rep.check("interest charged once per day")
        if days > max(span.get(item, 0), 0):
            rep.bad("dunning", "duplicate", "open item %s: interest charged for %d days, but only %d days passed "
                    "between its due date and its last notice" % (item, days, span.get(item, 0)))
    for fid, r in fee_invoices.items():
        rep.check("fee document owned by one notice")
        if owners[fid] != 1:
            rep.bad("dunning", "duplicate" if owners[fid] == 0 else "wrong",
                    "fee document %s (%s) is the fee of %d notices" % (r[1], r[2], owners[fid]))
    figures["fee documents"] = len(fee_invoices)
    return figures


# ---- delivery ------------------------------------------------------------------

def delivery(ledger, rep, dirs, round_no):
    """dirs: maildir, outbound, portal, print. Every job in a final state; every
    sent job received exactly once; uncertain ones at most once; nothing received
    that no job sent."""
    figures = collections.Counter()
    jobs = ledger.rows("SELECT id, idempotency_key, channel, state, customer_number, purpose FROM arx_delivery_job")
    docs = collections.defaultdict(list)
    for job, name, sha in ledger.rows(
            "SELECT jd.job_id, d.filename, d.sha256 FROM arx_delivery_job_document jd "
            "JOIN arx_document d ON d.id = jd.document_id"):
        docs[job].append((name, sha))
    got_mail, unkeyed = mails(dirs["mail"])
    got_ap = access_point(dirs["outbound"], dirs.get("picked outbound"))
    got_print, incomplete = print_room(dirs["print"], dirs.get("picked print"))
    got_portal = portal_files(dirs["portal"])
    known = set()
    for job, key, channel, state, customer, purpose in jobs:
        known.add(key)
        figures["jobs"] += 1
        figures["state " + state] += 1
        if channel == "email":
            arrived = len(got_mail.get(key, []))
        elif channel in ("peppol", "xrechnung"):
            entries = got_ap.get(key, [])
            # Each arrival (the outbound folder, or one pickup) must hold every
            # document of the job; arrivals are counted.
            per_arrival = collections.defaultdict(set)
            for arrival, document, actual, named in entries:
                per_arrival[arrival].add(document)
                if actual is None:
                    rep.bad("delivery", "lost", "job %s (%s): manifest of %s without its e-invoice" % (job, key, document))
                elif actual != named:
                    rep.bad("delivery", "wrong", "job %s (%s): %s does not have the digest its manifest names"
                            % (job, key, document))
            arrived = len(per_arrival)
            if any(len(d) != len(docs[job]) for d in per_arrival.values()):
                arrived = -1
        elif channel == "portal":
            present = [(customer, n) in got_portal and got_portal[(customer, n)] == sha for n, sha in docs[job]]
            arrived = 1 if present and all(present) else (0 if not any(present) else -1)
        elif channel == "print":
            arrived = len(got_print.get(key, []))
        else:
            arrived = 0
        rep.check("job in a final state")
        if state in ("queued", "claimed", "sending"):
            rep.bad("delivery", "lost", "job %s (%s, %s) is still %s after round %d's delivery run"
                    % (job, key, channel, state, round_no))
            continue
        if arrived == -1:
            rep.bad("delivery", "lost", "job %s (%s, %s): only some of its documents are in place" % (job, key, channel))
            continue
        if state == "sent":
            figures["sent"] += 1
            rep.check("sent job received exactly once")
            if arrived == 0:
                rep.bad("delivery", "lost", "job %s (%s, %s) is sent but nothing arrived" % (job, key, channel))
            elif arrived > 1:
                rep.bad("delivery", "duplicate", "job %s (%s, %s) arrived %d times" % (job, key, channel, arrived))
        elif state == "uncertain":
            figures["uncertain"] += 1
            figures["uncertain received" if arrived else "uncertain not received"] += 1
            rep.check("uncertain job received at most once")
            if arrived > 1:
                rep.bad("delivery", "duplicate", "uncertain job %s (%s) arrived %d times" % (job, key, arrived))
        else:  # failed, fell_back
            rep.check("failed job not received twice")
            if arrived > 1:
                rep.bad("delivery", "duplicate", "job %s (%s, %s, %s) arrived %d times" % (job, key, channel, state, arrived))
    for key in got_mail:
        if key not in known:
            rep.bad("delivery", "duplicate", "a message with delivery key %s arrived that no job sent" % key)
    for key in got_ap:
        if key not in known:
            rep.bad("delivery", "duplicate", "an e-invoice with delivery key %s arrived that no job sent" % key)
    for key in got_print:
        if key not in known:
            rep.bad("delivery", "duplicate", "a letter with delivery key %s was printed that no job sent" % key)
    if unkeyed:
        rep.bad("delivery", "wrong", "%d messages without an X-Arx-Delivery-Key header: %s" % (len(unkeyed), unkeyed[:3]))
    # File and print jobs a killed run left 'sending' that the next run found
    # transferred (or completed from their staged files) and recorded.
    figures["file and print jobs recorded after a stopped transfer"] = ledger.count(
        "SELECT COUNT(*) FROM arx_delivery_job WHERE state = 'sent' AND channel <> 'email' "
        "AND proof LIKE '%after a stopped run%'")
    figures["received mails"] = sum(len(v) for v in got_mail.values())
    figures["print batches"] = len({p for v in got_print.values() for p in v})
    figures["incomplete print batches"] = len(incomplete)
    figures["stray temporary files"] = len(stray_temporaries(dirs["outbound"], dirs["portal"], dirs["print"]))
    return figures
