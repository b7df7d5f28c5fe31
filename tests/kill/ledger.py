"""Reading the ledger directly: the reference ERP's tables and arx's own, on
SQLite (the sqlite3 module, on the database file) or PostgreSQL (psql over
TCP, the password from the connection string through PGPASSWORD, never the
command line). The kill harness reads through here and never through arx, so
what it checks is what the database holds, not what arx reports.

Amounts come back as decimal.Decimal: the ERP's DECIMAL columns are read as
text with two decimals (SQLite stores them with NUMERIC affinity, so they are
formatted with printf('%.2f') in SQL before they reach Python); arx's own
amounts are decimal text already.
"""

import csv
import decimal
import io
import os
import sqlite3
import subprocess

D = decimal.Decimal


def parse_odbc(conn):
    """'DRIVER=...;Server=h;Port=p;...' -> dict with lower-case keys."""
    out = {}
    for part in conn.split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip().lower()] = v.strip()
    return out


class Ledger:
    def __init__(self, kind, conn):
        self.kind = kind  # 'sqlite' | 'postgresql'
        self.conn = conn
        p = parse_odbc(conn)
        if kind == "sqlite":
            self.path = p["database"]
        else:
            self.pg = p
            self.psql = "/usr/lib/postgresql/15/bin/psql"
            if not os.path.exists(self.psql):
                self.psql = "psql"

    def money(self, col):
        """An ERP amount column as exact text with two decimals."""
        if self.kind == "sqlite":
            return "printf('%%.2f', %s)" % col
        return "CAST(%s AS TEXT)" % col

    def rows(self, sql):
        """Every row of a query as a tuple of strings (None for NULL)."""
        if self.kind == "sqlite":
            # Read-write, not mode=ro: after a kill the first reader must roll
            # back the killed writer's hot journal, as any SQLite connection
            # does; the harness itself never writes.
            db = sqlite3.connect(self.path, timeout=60)
            try:
                out = []
                for r in db.execute(sql):
                    out.append(tuple(None if v is None else str(v) for v in r))
                return out
            finally:
                db.close()
        # psql --csv writes NULL as an empty unquoted field and '' as "";
        # a marker keeps the two apart.
        env = dict(os.environ, PGPASSWORD=self.pg["pwd"], PGCONNECT_TIMEOUT="10")
        cmd = [self.psql, "-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1", "-P", "null=\x01NULL\x01",
               "-h", self.pg["server"], "-p", self.pg["port"], "-U", self.pg["uid"], "-d", self.pg["database"],
               "-c", sql]
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("psql failed on %r: %s" % (sql, r.stderr.strip()))
        data = list(csv.reader(io.StringIO(r.stdout)))
        return [tuple(None if v == "\x01NULL\x01" else v for v in row) for row in data[1:]]

    def execute(self, statements):
        """The ERP's own writes (the harness standing in for the ERP posting
        invoices), all in one transaction."""
        if self.kind == "sqlite":
            db = sqlite3.connect(self.path, timeout=60)
            try:
                with db:
                    for sql in statements:
                        db.execute(sql)
            finally:
                db.close()
            return
        env = dict(os.environ, PGPASSWORD=self.pg["pwd"], PGCONNECT_TIMEOUT="10")
        cmd = [self.psql, "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-h", self.pg["server"], "-p", self.pg["port"],
               "-U", self.pg["uid"], "-d", self.pg["database"], "-f", "-"]
        r = subprocess.run(cmd, env=env, input=";\n".join(statements) + ";\n", capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("psql failed: %s" % r.stderr.strip())

    def value(self, sql):
        r = self.rows(sql)
        return r[0][0] if r else None

    def count(self, sql):
        return int(self.value(sql) or 0)
