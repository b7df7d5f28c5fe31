#!/usr/bin/python3
"""Scores and reports one run of scripts/bench-tryton: reads the step files
the driver left in its work directory, counts the cash applications of both
sides against the truth of make_statement.py, and writes the run's JSON
(machine, sizes, per comparison the figures of both sides and the ratio,
and a `summary` array of {"metric", "value", "unit"}).

A bank line is *applied* when the matcher gave at least one invoice cash
from it (Tryton: a statement line with an invoice; arx: an applied line with
a payment allocation). It is *right* when the invoices and the cash each
received are exactly the truth's (what stays on account aside), *wrong*
when applied otherwise: to an invoice the line does not pay ("wrong
invoice"), or to the right invoices with other amounts ("wrong amount").
"""

import argparse
import json
import os
import platform
import subprocess
from decimal import Decimal


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def classify(truth_alloc, applied):
    """truth_alloc and applied: {invoice number: Decimal cash}."""
    if not applied:
        return "not_applied"
    if applied == truth_alloc:
        return "right"
    if set(applied) - set(truth_alloc):
        return "wrong_invoice"
    return "wrong_amount"


def tally(truth, decided):
    """decided: {bank_reference: {invoice: Decimal}} of the lines a matcher applied."""
    lines = truth["lines"]
    matchable = sum(1 for t in lines.values() if t["allocations"])
    counts = {"lines": len(lines), "matchable": matchable, "applied": 0, "right": 0, "wrong": 0,
              "wrong_invoice": 0, "wrong_amount": 0}
    by_scenario = {}
    for ref, t in lines.items():
        want = {k: Decimal(v) for k, v in t["allocations"].items()}
        outcome = classify(want, decided.get(ref, {}))
        s = by_scenario.setdefault(t["scenario"], {"lines": 0, "right": 0, "wrong": 0, "not_applied": 0})
        s["lines"] += 1
        if outcome == "not_applied":
            s["not_applied"] += 1
            continue
        counts["applied"] += 1
        if outcome == "right":
            counts["right"] += 1
            s["right"] += 1
        else:
            counts["wrong"] += 1
            counts[outcome] += 1
            s["wrong"] += 1
    counts["applied_share"] = round(counts["applied"] / len(lines), 4)
    counts["right_share"] = round(counts["right"] / len(lines), 4)
    counts["right_share_of_matchable"] = round(counts["right"] / matchable, 4) if matchable else None
    counts["by_scenario"] = dict(sorted(by_scenario.items()))
    return counts


def tryton_decisions(rules):
    decided, on_account = {}, 0
    for ref, lines in rules["origins"].items():
        got = {}
        for l in lines:
            if l["invoice"]:
                got[l["invoice"]] = got.get(l["invoice"], Decimal(0)) + Decimal(l["amount"])
            else:
                on_account += 1
        if got:
            decided[ref] = got
    return decided, on_account


def arx_decisions(results):
    decided, statuses = {}, {}
    for line in results["lines"]:
        statuses[line["status"]] = statuses.get(line["status"], 0) + 1
        if line["status"] != "applied":
            continue
        got = {}
        for a in line.get("allocations", []):
            if a.get("kind") == "payment" and a.get("invoice_number"):
                got[a["invoice_number"]] = got.get(a["invoice_number"], Decimal(0)) + Decimal(a["amount"])
        if got:
            decided[line["bank_reference"]] = got
    return decided, statuses


def machine(work):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for l in f:
            if l.startswith("model name"):
                cpu = l.split(":", 1)[1].strip()
                break
    info = {"cpu_model": cpu, "nproc": os.cpu_count(), "kernel": platform.release(),
            "python": platform.python_version()}
    for name in ("load_average_at_start", "date", "build_type", "tryton", "postgresql"):
        path = os.path.join(work, "machine." + name)
        if os.path.exists(path):
            with open(path) as f:
                info[name] = f.read().strip()
    return info


def ratio(a, b):
    return round(a / b, 2) if a and b else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", required=True, help="the driver's work directory")
    parser.add_argument("--scale", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    w = lambda name: os.path.join(args.work, name)
    report = {"benchmark": "tryton", "scale": args.scale, "machine": machine(args.work)}
    if os.path.exists(w("fixture.json")):
        fx = load(w("fixture.json"))
        report["database"] = {"parties": fx["parties"]["count"], "posted_invoices": fx["invoices"]["posted"],
                              "open_receivable_lines": fx["receivable"]["open_lines"],
                              "overdue_lines": fx["receivable"]["overdue_lines"], "as_of": fx["as_of"],
                              "fixture_args": open(w("fixture.args")).read().split()}
    summary = []

    if os.path.exists(w("dunning.tryton.json")):
        t = load(w("dunning.tryton.json"))
        a = load(w("dunning.arx.json"))
        seconds = json.loads(open(w("dunning.arx.seconds")).read())
        recorded = load(w("dunning.arx.recorded.json"))
        d = {
            "tryton": {"what": "Dunning.generate_dunnings(date=as_of) as the account.dunning.create wizard, "
                               "with commit", **t},
            "arx": {"what": "arx --profile tryton dunning run --company TRY01 --as-of AS_OF --summary --json "
                            "(whole command: decide, book fees, record Tryton dunnings, queue documents)",
                    "seconds": seconds["run"], "install_seconds": seconds["install"],
                    "status": a.get("status"), "totals": a.get("totals"), "documents": a.get("documents"),
                    "phases": a.get("phases"), "recorded_in_tryton": recorded},
        }
        d["ratio_tryton_generate_over_arx"] = ratio(t["generate_seconds"], seconds["run"])
        phases = a.get("phases") or {}
        if phases.get("total") is not None and phases.get("compose") is not None:
            # What arx spends without composing the documents (letters, e-mails, invoice copies).
            d["arx"]["seconds_without_compose"] = round(phases["total"] - phases["compose"], 3)
            d["ratio_tryton_generate_over_arx_without_compose"] = ratio(
                t["generate_seconds"], phases["total"] - phases["compose"])
        if t.get("process_seconds") is not None:
            d["ratio_tryton_generate_and_process_over_arx"] = ratio(
                t["generate_seconds"] + t["process_seconds"], seconds["run"])
        report["dunning"] = d
        summary += [
            {"metric": "dunning: Tryton generate_dunnings", "value": t["generate_seconds"], "unit": "s"},
            {"metric": "dunning: arx dunning run", "value": round(seconds["run"], 3), "unit": "s"},
            {"metric": "dunning: ratio Tryton / arx", "value": d["ratio_tryton_generate_over_arx"], "unit": "x"},
            {"metric": "dunning: ratio Tryton / arx without compose",
             "value": d.get("ratio_tryton_generate_over_arx_without_compose"), "unit": "x"},
            {"metric": "dunning: Tryton dunnings created", "value": t["dunnings_created"], "unit": "dunnings"},
            {"metric": "dunning: Tryton dunnings recorded by arx", "value": recorded.get("dunnings"),
             "unit": "dunnings"},
        ]

    if os.path.exists(w("cash.truth.json")):
        truth = load(w("cash.truth.json"))
        rules = load(w("cash.tryton.json"))
        results = load(w("cash.arx.results.json"))
        run = load(w("cash.arx.run.json"))
        seconds = json.loads(open(w("cash.arx.seconds")).read())
        td, on_account = tryton_decisions(rules)
        ad, statuses = arx_decisions(results)
        tt = tally(truth, td)
        at = tally(truth, ad)
        arx_seconds = seconds["import"] + seconds["run"]
        c = {
            "bank_file": load(w("cash.statement.json")),
            "tryton": {"what": "account.statement.rule: invoice number regex, order reference regex, known payer "
                               "on account; Statement.apply_rules with commit (origins made by arx's import)",
                       "seconds": rules["apply_seconds"], "server_start_seconds": rules["server_start_seconds"],
                       "lines_on_account_without_invoice": on_account, **tt},
            "arx": {"what": "arx statement import + arx cashapp run (matching and booking: Tryton statement "
                            "lines, moves, reconciliations)",
                    "seconds": round(arx_seconds, 3), "import_seconds": round(seconds["import"], 3),
                    "run_seconds": round(seconds["run"], 3), "statuses": statuses,
                    "run_result": {k: v for k, v in run.items() if k != "lines_detail"}, **at},
        }
        c["ratio_tryton_over_arx_run"] = ratio(rules["apply_seconds"], seconds["run"])
        c["ratio_tryton_over_arx_import_and_run"] = ratio(rules["apply_seconds"], arx_seconds)
        report["cash_application"] = c
        summary += [
            {"metric": "cash: Tryton rules applied share", "value": tt["applied_share"], "unit": "share"},
            {"metric": "cash: Tryton rules right share", "value": tt["right_share"], "unit": "share"},
            {"metric": "cash: Tryton rules wrong", "value": tt["wrong"], "unit": "lines"},
            {"metric": "cash: Tryton apply_rules", "value": rules["apply_seconds"], "unit": "s"},
            {"metric": "cash: arx applied share", "value": at["applied_share"], "unit": "share"},
            {"metric": "cash: arx right share", "value": at["right_share"], "unit": "share"},
            {"metric": "cash: arx wrong", "value": at["wrong"], "unit": "lines"},
            {"metric": "cash: arx import + run", "value": round(arx_seconds, 3), "unit": "s"},
            {"metric": "cash: ratio Tryton / arx (import + run)", "value": c["ratio_tryton_over_arx_import_and_run"],
             "unit": "x"},
        ]
    report["summary"] = summary
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2, sort_keys=False)
        f.write("\n")
    for s in summary:
        print("  %-45s %s %s" % (s["metric"], s["value"], s["unit"]))


if __name__ == "__main__":
    main()
