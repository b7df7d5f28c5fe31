#!/usr/bin/python3
"""The "Kill anywhere" table of docs/RELIABILITY.md from the campaign's JSON
summaries (scripts/killtest writes one per database):

    /usr/bin/python3 tests/kill/table.py docs/reliability/kill-*.json
"""

import json
import sys

CAPS = (("cash application", "payments", None), ("dunning", None, "notices"), ("delivery", None, None))


def main(paths):
    print("| database | capability | mode | kills | restarts | payments | notices | documents | duplicates | lost "
          "| uncertain (received / not) |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for path in paths:
        s = json.load(open(path))
        mode = "consuming receivers" if s.get("pickup") else "folders kept"
        for cap, _, _ in CAPS:
            c = s["capabilities"][cap]
            payments = c.get("payments", "")
            notices = c.get("notices", "")
            documents = c.get("documents", "")
            uncertain = ("%d (%d / %d)" % (c["uncertain"], c["uncertain received"], c["uncertain not received"])
                         if cap == "delivery" else "")
            print("| %s | %s | %s | %d | %d | %s | %s | %s | %d | %d | %s |"
                  % (s["database"], cap, mode, c["kills"], c["restarts"], payments, notices, documents,
                     c["duplicates"], c["lost"], uncertain))


if __name__ == "__main__":
    main(sys.argv[1:])
