#!/usr/bin/python3
"""Kill anywhere: arx's exactly-once promise under SIGKILL at random moments.

A campaign fills a reference-ERP ledger (`arx demo`), then works through rounds
of one business week each. A round posts a few invoices, imports a day's bank
statement and applies it (`arx statement import`, `arx cashapp run`), runs
dunning as of the round's date and runs delivery (`arx delivery run`: e-mail to
the loopback SMTP sink, e-invoices to the access point folder, the portal
folder, print batches). Every one of these is a separate `arx` process that the
harness SIGKILLs after a random delay drawn within the command's measured
duration, restarting the same command after each kill until it completes.

After every round the harness reads the database and the receiving ends
directly (tests/kill/checks.py) and checks exactly-once: every bank line
imported and decided once, no payment booked twice or lost, every open item its
original less its allocations, one notice per customer and date with its fee
booked once, every delivered job received exactly once, jobs left 'uncertain'
received at most once and reported apart, nothing left queued.

Deterministic from --seed: the ledger, the bank files, the posted invoices and
every command's kill schedule (whether to kill, after how long) come from
streams seeded by (seed, round, command); where a kill lands inside the run
depends on the machine's timing, which is what the campaign samples.

Exit status: 0 when every check held, 1 when any violation was found, 2 on
wrong usage or when the setup failed.
"""

import argparse
import collections
import datetime
import hashlib
import json
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import checks  # noqa: E402
from ledger import Ledger  # noqa: E402
from receivers import SmtpSink, pickup  # noqa: E402

COMPANY = "DE01"
PHASES = ("post", "import", "cashapp", "dunning", "delivery")
CAPABILITY = {"post": "delivery", "import": "cash application", "cashapp": "cash application",
              "dunning": "dunning", "delivery": "delivery"}
# Chance to kill the first attempt of a command, and each restart after a kill.
KILL_FIRST = {"post": 0.15, "import": 0.9, "cashapp": 0.9, "dunning": 0.9, "delivery": 0.9}
KILL_AGAIN = 0.5
MAX_KILLS_PER_COMMAND = 4
ATTEMPT_TIMEOUT = 600  # seconds: an attempt that runs longer hangs


def log(msg):
    print("[killtest] " + msg, file=sys.stderr, flush=True)


class Failure(Exception):
    """A command failed without being killed: a restart did not complete."""


class Arx:
    """Runs one `arx` command as its own process, and kills it when told."""

    def __init__(self, binary, plugin, conn, workdir):
        self.binary = binary
        self.plugin = plugin
        self.env = dict(os.environ, ARX_DB=conn, ARX_PLUGIN=plugin)
        self.env.pop("ARX_BUSINESS_DATE", None)
        self.workdir = workdir

    def argv(self, args, as_of):
        return [self.binary, "--as-of", as_of, "--json"] + list(args)

    def attempt(self, args, as_of, kill_after=None):
        """(outcome, seconds, rc, stdout, stderr); outcome 'killed' | 'done' | 'failed'."""
        t0 = time.monotonic()
        p = subprocess.Popen(self.argv(args, as_of), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=self.env, cwd=self.workdir)
        try:
            out, err = p.communicate(timeout=kill_after if kill_after is not None else ATTEMPT_TIMEOUT)
        except subprocess.TimeoutExpired:
            if kill_after is None:
                p.kill()
                out, err = p.communicate()
                raise Failure("arx %s hung for %d s" % (" ".join(args), ATTEMPT_TIMEOUT))
            os.kill(p.pid, signal.SIGKILL)
            out, err = p.communicate()
        seconds = time.monotonic() - t0
        out, err = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        if p.returncode == -signal.SIGKILL:
            return "killed", seconds, p.returncode, out, err
        return ("done" if p.returncode == 0 else "failed"), seconds, p.returncode, out, err

    def run(self, args, as_of):
        """A command that is not part of the campaign (setup, probes): must succeed."""
        outcome, _, rc, out, err = self.attempt(args, as_of)
        if outcome != "done":
            raise Failure("arx %s failed (status %s): %s" % (" ".join(args), rc, err.strip() or out.strip()))
        return json.loads(out) if out.strip().startswith(("{", "[")) else out


class Campaign:
    def __init__(self, args, db_kind, conn, workdir):
        self.a = args
        self.db_kind = db_kind
        self.workdir = workdir
        self.arx = Arx(args.arx, args.plugin, conn, workdir)
        self.ledger = Ledger(db_kind, conn)
        self.dirs = {k: os.path.join(workdir, k) for k in ("mail", "outbound", "portal", "print")}
        if args.pickup:
            self.dirs["picked outbound"] = os.path.join(workdir, "picked", "outbound")
            self.dirs["picked print"] = os.path.join(workdir, "picked", "print")
        self.pickups = 0
        self.sink = SmtpSink(args.root, self.dirs["mail"])
        self.base = datetime.date.fromisoformat(args.base_date)
        self.estimate = {}          # phase -> seconds a whole run takes (measured)
        self.kills = collections.Counter()
        self.restarts = collections.Counter()
        self.attempts = collections.Counter()
        self.commands = collections.Counter()
        self.landing = collections.defaultdict(collections.Counter)  # phase -> where the kill landed
        self.deciles = collections.defaultdict(lambda: [0] * 10)    # phase -> kills per tenth of the run
        self.failures = []
        self.statements = []
        self.dunning_dates = []
        self.clock = 0              # the delivery run's clock (--now), strictly increasing
        self.report = None
        self.figures = {}
        self.round = 0
        self.rounds = 0
        self.seconds = 0.0

    # ---- setup -------------------------------------------------------------------

    def setup(self):
        for d in self.dirs.values():
            shutil.rmtree(d, ignore_errors=True)
        shutil.rmtree(os.path.join(self.workdir, "picked"), ignore_errors=True)
        for d in ("outbound", "portal", "print"):
            os.makedirs(self.dirs[d])
        port = self.sink.start()
        as_of = self.base.isoformat()
        log("%s: arx demo --seed %d --customers %d --invoices %d (as of %s)"
            % (self.db_kind, self.a.seed, self.a.customers, self.a.invoices, as_of))
        self.arx.run(["demo", "--seed", str(self.a.seed), "--customers", str(self.a.customers),
                      "--invoices", str(self.a.invoices)], as_of)
        for key, value in (("invoice.delivery_channels", "peppol,email,print"),
                           ("delivery.smtp_url", "smtp://127.0.0.1:%d" % port),
                           # The loopback sink speaks no TLS (arx asks for STARTTLS by default).
                           ("delivery.smtp_starttls", "false"),
                           ("delivery.outbound_dir", self.dirs["outbound"]),
                           ("delivery.print_dir", self.dirs["print"]),
                           ("delivery.portal_dir", self.dirs["portal"])):
            self.arx.run(["config", "set", key, value, "--company", COMPANY, "--reason", "kill harness"], as_of)
        self.company_id = int(self.ledger.value("SELECT id FROM erp_company WHERE code = '%s'" % COMPANY))
        # The ERP's invoices that new ones are copied from each round (their
        # customers and lines), and every fifth customer takes its invoices in
        # the portal, so every channel has work.
        rows = self.ledger.rows(
            "SELECT i.id, c.number FROM erp_invoice i JOIN erp_customer c ON c.id = i.customer_id "
            "WHERE i.company_id = %d AND i.state = 'posted' AND i.kind = 'invoice' AND i.currency = 'EUR' "
            "ORDER BY i.id" % self.company_id)
        self.templates = [int(r[0]) for r in rows]
        portal = sorted({r[1] for r in rows})[::5][:8]
        for customer in portal:
            self.arx.run(["delivery", "preference", customer, "--company", COMPANY, "--channels", "portal,email"],
                         as_of)
        self.baseline_payment = int(self.ledger.value(
            "SELECT COALESCE(MAX(id), 0) FROM erp_payment WHERE company_id = %d" % self.company_id))
        # The ERP's own fee documents from before arx dunned anybody.
        self.baseline_invoice = int(self.ledger.value("SELECT COALESCE(MAX(id), 0) FROM erp_invoice"))
        rep = checks.Report()
        n = checks.open_items(self.ledger, rep, self.company_id)
        if rep.violations:
            raise Failure("the demo ledger itself breaks the open-item invariant: %s" % rep.violations[:3])
        log("%s: ledger ready: %d open items of %s, %d invoices to copy from; SMTP sink on port %d"
            % (self.db_kind, n, COMPANY, len(self.templates), port))

    # ---- one command, killed and restarted until it completes ----------------------

    def command(self, phase, args, as_of, stream, ok=None):
        """Runs `arx args` with the kill schedule of `stream` until it completes.
        ok(rc, stdout) may accept a non-zero status as a completed outcome."""
        rng = random.Random("%d/%s" % (self.a.seed, stream))
        self.commands[phase] += 1
        kills = 0
        refusals = 0
        while True:
            chance = KILL_FIRST[phase] if kills == 0 else KILL_AGAIN
            kill_after = None
            estimate = self.estimate.get(phase)
            draw_kill, draw_at = rng.random(), rng.random()
            if estimate is not None and self.kill_budget_left() and kills < MAX_KILLS_PER_COMMAND and draw_kill < chance:
                kill_after = draw_at * estimate
            self.attempts[phase] += 1
            if phase == "delivery":
                self.clock = max(int(time.time()), self.clock) + 1000  # past every lease and backoff so far
                run_args = list(args) + ["--now", str(self.clock)]
            else:
                run_args = list(args)
            outcome, seconds, rc, out, err = self.arx.attempt(run_args, as_of, kill_after)
            if phase == "delivery" and self.a.pickup:
                # The access point and the print room take what is complete
                # before the run is restarted.
                self.pickups = pickup(self.dirs["outbound"], self.dirs["print"], self.dirs["picked outbound"],
                                      self.dirs["picked print"], self.pickups)
            if outcome == "killed":
                kills += 1
                self.kills[phase] += 1
                self.restarts[phase] += 1
                self.deciles[phase][min(9, int(10 * draw_at))] += 1
                self.landing[phase][self.where(phase, stream)] += 1
                continue
            if outcome == "done" or (ok is not None and ok(rc, out)):
                if kills == 0:
                    # A whole run from a fresh start: it measures the command.
                    old = self.estimate.get(phase)
                    self.estimate[phase] = seconds if old is None else 0.5 * old + 0.5 * seconds
                return out
            refusals += 1
            self.failures.append({"round": self.round, "phase": phase, "command": "arx " + " ".join(run_args),
                                  "as_of": as_of, "status": rc, "after_kills": kills,
                                  "stderr": err.strip()[-2000:]})
            log("round %d: arx %s exited %d after %d kill(s): %s"
                % (self.round, " ".join(run_args), rc, kills, err.strip()[-500:]))
            if refusals >= 3:
                raise Failure("arx %s keeps failing after a kill (status %d): %s"
                              % (" ".join(run_args), rc, err.strip()[-500:]))

    def kill_budget_left(self):
        return sum(self.kills.values()) < self.a.kills

    def where(self, phase, stream):
        """What the killed process had done, read from the database: where the kill landed."""
        L, c = self.ledger, self.company_id
        try:
            if phase == "post":
                n = L.count("SELECT COUNT(*) FROM arx_delivery_job WHERE idempotency_key LIKE '%%/post' AND "
                            "invoice_id = (SELECT id FROM erp_invoice WHERE company_id = %d AND number = '%s')"
                            % (c, stream.split("/")[-1]))
                return "job written" if n else "nothing written"
            if phase == "import":
                ref = self.statements[-1]["ref"]
                n = L.count("SELECT COUNT(*) FROM arx_bank_statement WHERE statement_ref = '%s'" % ref)
                return "imported" if n else "not imported"
            if phase == "cashapp":
                sid = self.statements[-1]["ref"]
                new = L.count("SELECT COUNT(*) FROM arx_bank_line l JOIN arx_bank_statement s ON s.id = l.statement_id "
                              "WHERE s.statement_ref = '%s' AND l.state = 'new'" % sid)
                return "statement undecided" if new else "statement decided"
            if phase == "dunning":
                d = self.dunning_dates[-1]
                st = L.value("SELECT state FROM arx_dunning_run WHERE company_id = %d AND CAST(as_of AS TEXT) LIKE '%s%%'"
                             % (c, d))
                if st is None:
                    return "no run yet"
                if st == "completed":
                    return "completed"
                waiting = L.count("SELECT COUNT(*) FROM arx_dunning_notice n JOIN arx_dunning_run r ON r.id = n.run_id "
                                  "WHERE r.company_id = %d AND CAST(r.as_of AS TEXT) LIKE '%s%%' AND n.state = 'decided'"
                                  % (c, d))
                return "%s, %s" % (st, "composing" if waiting else "nothing to compose")
            if phase == "delivery":
                states = dict(L.rows("SELECT state, COUNT(*) FROM arx_delivery_job WHERE state IN "
                                     "('queued', 'claimed', 'sending') GROUP BY state"))
                sending = dict(L.rows("SELECT CASE WHEN channel = 'email' THEN 'email' ELSE 'files' END, COUNT(*) "
                                      "FROM arx_delivery_job WHERE state = 'sending' GROUP BY 1"))
                if sending.get("files"):
                    return "files or print batch in transfer"
                if sending.get("email"):
                    return "e-mail in the SMTP conversation"
                if states.get("claimed"):
                    return "job claimed"
                return "between jobs" if states.get("queued") else "all delivered"
        except Exception as e:  # a probe is a figure, never a verdict
            return "unknown (%s)" % e
        return "unknown"

    # ---- a round -------------------------------------------------------------------

    def round_date(self, k):
        return (self.base + datetime.timedelta(days=7 * k)).isoformat()

    def new_invoices(self, k, as_of):
        """The ERP posts post_per_round invoices as of `as_of`, each a copy of
        an older invoice of the same customer (lines, amounts, references),
        with its open item; ids below the reference ERP's counters (10^12)."""
        rng = random.Random("%d/%d/invoices" % (self.a.seed, k))
        due = (datetime.date.fromisoformat(as_of) + datetime.timedelta(days=30)).isoformat()
        numbers, sql = [], []
        for i in range(self.a.post_per_round):
            src = rng.choice(self.templates)
            new = 900_000_000 + k * 1000 + i
            number = "KT-%04d-%03d" % (k, i)
            numbers.append(number)
            sql.append(
                "INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, due_date, currency, "
                "net_amount, tax_amount, gross_amount, state, buyer_reference, order_reference) "
                "SELECT %d, company_id, customer_id, '%s', 'invoice', '%s', '%s', currency, net_amount, tax_amount, "
                "gross_amount, 'posted', buyer_reference, order_reference FROM erp_invoice WHERE id = %d"
                % (new, number, as_of, due, src))
            sql.append(
                "INSERT INTO erp_invoice_line (id, invoice_id, line_no, description, quantity, unit_code, unit_price, "
                "net_amount, tax_category, tax_percent) SELECT %d + line_no, %d, line_no, description, quantity, "
                "unit_code, unit_price, net_amount, tax_category, tax_percent FROM erp_invoice_line WHERE invoice_id = %d"
                % (900_000_000_000 + new * 100, new, src))
            sql.append(
                "INSERT INTO erp_open_item (id, company_id, customer_id, invoice_id, due_date, currency, "
                "original_amount, open_amount) SELECT %d, company_id, customer_id, id, due_date, currency, "
                "gross_amount, gross_amount FROM erp_invoice WHERE id = %d" % (new, new))
        self.ledger.execute(sql)
        return numbers

    def do_round(self, k):
        self.round = k
        as_of = self.round_date(k)
        # Posting: the ERP posts a few invoices (copies of older ones, dated
        # today); arx's post hook writes their documents and delivery jobs.
        for number in self.new_invoices(k, as_of):
            self.command("post", ["invoice", "post", number, "--company", COMPANY], as_of,
                         "%d/post/%s" % (k, number), ok=post_refused)
        # Cash application: the day's bank file, imported and applied.
        path = os.path.join(self.workdir, "statement-%03d.xml" % k)
        try:
            self.arx.run(["demo", "statement", "--company", COMPANY, "--lines", str(self.a.lines),
                          "--seed", str(self.a.seed * 1000 + k), "--out", path], as_of)
        except Failure as e:
            if "no open invoices" in str(e):
                path = None
            else:
                raise
        if path:
            self.statements.append(read_camt(path, k))
            self.command("import", ["statement", "import", path], as_of, "%d/import" % k)
            self.command("cashapp", ["cashapp", "run", "--company", COMPANY], as_of, "%d/cashapp" % k)
        # Dunning as of the round's date.
        self.dunning_dates.append(as_of)
        self.command("dunning", ["dunning", "run", "--company", COMPANY, "--summary"], as_of, "%d/dunning" % k)
        # Delivery: the outbox worked off, then (unkilled) again while jobs wait
        # for a retry, so a round leaves nothing queued that is due.
        self.command("delivery", ["delivery", "run"], as_of, "%d/delivery" % k)
        for _ in range(3):
            waiting = self.ledger.count("SELECT COUNT(*) FROM arx_delivery_job WHERE state IN ('queued', 'claimed')")
            if not waiting:
                break
            self.clock = max(self.clock, int(time.time())) + 2 * 86400
            self.arx.run(["delivery", "run", "--now", str(self.clock)], as_of)
            if self.a.pickup:
                self.pickups = pickup(self.dirs["outbound"], self.dirs["print"], self.dirs["picked outbound"],
                                      self.dirs["picked print"], self.pickups)

    def check(self):
        rep = checks.Report()
        L, c = self.ledger, self.company_id
        f = collections.Counter()
        f["open items"] = checks.open_items(L, rep, c)
        f.update(checks.cash_application(L, rep, c, self.statements, self.baseline_payment))
        f.update(checks.dunning(L, rep, c, self.dunning_dates, self.baseline_invoice))
        f.update(checks.delivery(L, rep, self.dirs, self.round))
        return rep, f

    def run(self):
        started = time.monotonic()
        k = 0
        self.rounds = 0
        try:
            self.setup()  # starts the SMTP sink: stopped below however the campaign ends
            while True:
                t0 = time.monotonic()
                self.do_round(k)
                rep, f = self.check()
                self.report, self.figures = rep, f
                self.rounds = k + 1
                log("%s round %d (%s): kills %d (%s), %d checks, %d violations, %.1f s"
                    % (self.db_kind, k, self.round_date(k), sum(self.kills.values()),
                       " ".join("%s %d" % (p, self.kills[p]) for p in PHASES),
                       sum(rep.checks.values()), len(rep.violations), time.monotonic() - t0))
                for v in rep.violations[:10]:
                    log("  VIOLATION %s/%s: %s" % v)
                if rep.violations and not self.a.keep_going:
                    break
                k += 1
                if not self.kill_budget_left() or k >= self.a.max_rounds:
                    break
                if self.a.max_seconds and time.monotonic() - started > self.a.max_seconds:
                    log("%s: stopping after %d s (--max-seconds)" % (self.db_kind, self.a.max_seconds))
                    break
        finally:
            self.sink.stop()
        self.seconds = time.monotonic() - started
        return self.summary()

    def negative_control(self):
        """Proves the checks can fail: after the campaign, one duplicate of each
        kind is planted where a defect would put it (a second copy of a
        received e-mail, a second booking of an applied payment, a fee document
        no notice owns) and the checks must report each."""
        L, c = self.ledger, self.company_id
        planted = {}
        names = sorted(n for n in os.listdir(self.dirs["mail"]) if n.endswith(".eml"))
        if names:
            last = int(names[-1].split(".")[0])
            shutil.copy(os.path.join(self.dirs["mail"], names[0]), os.path.join(self.dirs["mail"], "%06d.eml" % (last + 1)))
            planted["delivery"] = "duplicate"
        pid = L.value("SELECT MIN(payment_id) FROM arx_cashapp_decision WHERE company_id = %d AND status = 'applied' "
                      "AND shadow = 0 AND superseded = 0" % c)
        sql = []
        if pid:
            sql += ["INSERT INTO erp_payment (id, company_id, customer_id, value_date, currency, amount, payer_name, "
                    "payer_iban, bank_reference, remittance_text) SELECT 950000000, company_id, customer_id, value_date, "
                    "currency, amount, payer_name, payer_iban, bank_reference, remittance_text FROM erp_payment "
                    "WHERE id = %s" % pid,
                    "INSERT INTO erp_payment_allocation (id, payment_id, open_item_id, amount, kind) SELECT 950000000, "
                    "950000000, open_item_id, amount, kind FROM erp_payment_allocation WHERE payment_id = %s "
                    "ORDER BY id LIMIT 1" % pid]
            planted["cash application"] = "duplicate"
        sql.append("INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, due_date, currency, "
                   "net_amount, tax_amount, gross_amount, state) SELECT 950000001, company_id, customer_id, "
                   "'KT-PLANTED-FEE', 'fee', issue_date, due_date, currency, net_amount, tax_amount, gross_amount, "
                   "'posted' FROM erp_invoice WHERE id = %d" % self.templates[0])
        planted["dunning"] = "duplicate"
        L.execute(sql)
        rep, _ = self.check()
        caught = {cap: rep.count(cap, kind) > 0 for cap, kind in planted.items()}
        if not names:
            # Nothing reached the SMTP server: the e-mail channel was never
            # exercised, so the campaign proves nothing about it.
            log("negative control: no e-mail was received in the whole campaign, so none could be planted")
            caught["delivery"] = False
        for cap, ok in caught.items():
            log("negative control: a planted %s in %s %s" % (planted[cap], cap, "was reported" if ok else "WAS MISSED"))
        return caught

    def summary(self):
        rep, f = self.report, self.figures
        violations = rep.violations if rep else []
        per_cap = {}
        for cap, phases in (("cash application", ("import", "cashapp")), ("dunning", ("dunning",)),
                            ("delivery", ("post", "delivery"))):
            per_cap[cap] = {
                "kills": sum(self.kills[p] for p in phases),
                "restarts": sum(self.restarts[p] for p in phases),
                "duplicates": rep.count(cap, "duplicate") if rep else 0,
                "lost": rep.count(cap, "lost") if rep else 0,
                "wrong": rep.count(cap, "wrong") if rep else 0,
            }
        per_cap["cash application"]["payments"] = f.get("applied", 0)
        per_cap["cash application"]["bank lines"] = f.get("lines", 0)
        per_cap["dunning"]["notices"] = f.get("notices", 0)
        per_cap["dunning"]["fee documents"] = f.get("fee documents", 0)
        per_cap["delivery"]["documents"] = f.get("sent", 0)
        per_cap["delivery"]["uncertain"] = f.get("uncertain", 0)
        per_cap["delivery"]["uncertain received"] = f.get("uncertain received", 0)
        per_cap["delivery"]["uncertain not received"] = f.get("uncertain not received", 0)
        return {
            "database": self.db_kind,
            "seed": self.a.seed,
            "pickup": self.a.pickup,
            "rounds": self.rounds,
            "business_dates": [self.round_date(0), self.round_date(max(0, self.rounds - 1))],
            "kills": sum(self.kills.values()),
            "kills_per_phase": {p: self.kills[p] for p in PHASES},
            "restarts": sum(self.restarts.values()),
            "commands": {p: self.commands[p] for p in PHASES},
            "attempts": {p: self.attempts[p] for p in PHASES},
            "measured_seconds": {p: round(v, 3) for p, v in self.estimate.items()},
            "kills_per_tenth_of_run": {p: self.deciles[p] for p in PHASES},
            "kill_landed": {p: dict(self.landing[p]) for p in PHASES},
            "capabilities": per_cap,
            "figures": dict(f),
            "checks": dict(rep.checks) if rep else {},
            "checks_total": sum(rep.checks.values()) if rep else 0,
            "violations": [{"capability": c, "kind": k, "what": t} for c, k, t in violations],
            "failed_restarts": self.failures,
            "seconds": round(self.seconds, 1),
        }


def post_refused(rc, out):
    """`invoice post` refuses an invoice no channel can take (status 1 with its findings): a completed outcome."""
    try:
        return rc == 1 and json.loads(out).get("status") == "blocked"
    except ValueError:
        return False


def read_camt(path, k):
    """The statement id and the lines (bank reference, amount) of a camt.053 file, as the bank wrote them."""
    root = ET.parse(path).getroot()
    ns = {"c": root.tag[1:].split("}")[0]} if root.tag.startswith("{") else {}
    p = "c:" if ns else ""
    stmt = root.find(".//%sStmt" % p, ns)
    ref = stmt.find("%sId" % p, ns).text
    lines = []
    for e in stmt.findall("%sNtry" % p, ns):
        amount = e.find("%sAmt" % p, ns).text
        r = e.find("%sAcctSvcrRef" % p, ns)
        if r is None:
            r = e.find("%sNtryRef" % p, ns)
        lines.append({"ref": r.text if r is not None else None, "amount": amount})
    return {"round": k, "ref": ref, "lines": lines, "file": os.path.basename(path)}


def print_summary(s):
    log("==== %s: %d rounds, %d kills, %d restarts, %d checks, %d violations, %.0f s"
        % (s["database"], s["rounds"], s["kills"], s["restarts"], s["checks_total"], len(s["violations"]),
           s["seconds"]))
    log("  kills per phase: " + ", ".join("%s %d" % kv for kv in s["kills_per_phase"].items()))
    for p, dec in s["kills_per_tenth_of_run"].items():
        if sum(dec):
            log("  %-8s kills per tenth of its run: %s   landed: %s" % (p, dec, s["kill_landed"][p]))
    for cap, c in s["capabilities"].items():
        log("  %-16s %s" % (cap, ", ".join("%s %s" % kv for kv in c.items())))
    for v in s["violations"][:20]:
        log("  VIOLATION %(capability)s/%(kind)s: %(what)s" % v)
    for fr in s["failed_restarts"][:10]:
        log("  FAILED RESTART round %(round)d %(command)s (status %(status)s): %(stderr)s" % fr)


def main():
    ap = argparse.ArgumentParser(description="SIGKILL arx at random moments and check exactly-once.")
    ap.add_argument("--db", choices=("sqlite", "postgresql"), required=True)
    ap.add_argument("--conn", help="ODBC connection string (PostgreSQL: from ARX_TEST_PG_DB)")
    ap.add_argument("--arx", required=True, help="the arx CLI")
    ap.add_argument("--plugin", required=True, help="libarx.so of the same build")
    ap.add_argument("--root", required=True, help="the repository root")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--kills", type=int, default=30, help="kills to land (the campaign ends with its round)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--customers", type=int, default=60)
    ap.add_argument("--invoices", type=int, default=1200)
    ap.add_argument("--lines", type=int, default=8, help="bank lines per round")
    ap.add_argument("--post-per-round", type=int, default=6)
    ap.add_argument("--base-date", default="2026-03-02")
    ap.add_argument("--max-rounds", type=int, default=400)
    ap.add_argument("--max-seconds", type=int, default=0, help="stop after the round that passes this (0: no limit)")
    ap.add_argument("--pickup", action="store_true",
                    help="an access point and a print room that take complete files out of arx's folders after "
                         "every delivery attempt (default: the folders are the destination)")
    ap.add_argument("--negative-control", action="store_true",
                    help="after the campaign, plant one duplicate per capability and require the checks to report it")
    ap.add_argument("--keep-going", action="store_true", help="go on after a round with violations")
    ap.add_argument("--json-out", help="write the JSON summary here too")
    a = ap.parse_args()
    # The commands run inside the work folder.
    a.arx, a.plugin, a.root, a.workdir = (os.path.abspath(p) for p in (a.arx, a.plugin, a.root, a.workdir))
    conn = a.conn
    if a.db == "sqlite":
        conn = "DRIVER=SQLite3;Database=%s" % os.path.join(a.workdir, "erp.db")
    elif not conn:
        conn = os.environ.get("ARX_TEST_PG_DB")
        if not conn:
            ap.error("--db postgresql needs --conn or ARX_TEST_PG_DB")
    os.makedirs(a.workdir, exist_ok=True)
    if a.db == "sqlite":
        for suffix in ("", "-journal", "-wal", "-shm", ".arx-install-lock"):
            if os.path.exists(os.path.join(a.workdir, "erp.db" + suffix)):
                os.unlink(os.path.join(a.workdir, "erp.db" + suffix))
    c = Campaign(a, a.db, conn, a.workdir)
    try:
        s = c.run()
        if a.negative_control:
            s["negative_control"] = c.negative_control()
    except Failure as e:
        log("%s: %s" % (a.db, e))
        s = c.summary() if c.report is not None else {"database": a.db, "seed": a.seed, "error": str(e)}
        s["error"] = str(e)
    s["machine"] = {"host": platform.node(), "cpus": os.cpu_count(), "kernel": platform.release(),
                    "cpu": cpu_model()}
    s["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if "rounds" in s:
        print_summary(s)
    if a.json_out:
        with open(a.json_out, "w") as f:
            json.dump(s, f, indent=2)
            f.write("\n")
    print(json.dumps(s))
    if "error" in s:
        return 2 if "rounds" not in s else 1
    missed = [k for k, ok in s.get("negative_control", {}).items() if not ok]
    return 1 if s["violations"] or s["failed_restarts"] or missed else 0


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    sys.exit(main())
