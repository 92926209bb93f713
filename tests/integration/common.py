"""What the integration tests share: where the programs are, the CSV route
(the `vipcare` command on a data folder), and turning a data folder of
DESIGN §10 into a till's SQLite database or a back office's PostgreSQL
tables.

Run with Debian's Python (/usr/bin/python3: python3-psycopg2 for the
back-office batch) against a build tree:

    VIPCARE_BUILD=build /usr/bin/python3 -m unittest discover -v -s tests/integration

VIPCARE_BUILD is the meson build directory (default: build); the tests use
its cli/vipcare, examples/pos-sqlite/pos-sqlite and lib/libvipcare.so.1.
"""

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from decimal import Decimal

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.abspath(os.environ.get("VIPCARE_BUILD") or os.path.join(TOP, "build"))
VIPCARE = os.path.join(BUILD, "cli", "vipcare")
POS_SQLITE = os.path.join(BUILD, "examples", "pos-sqlite", "pos-sqlite")
LIBRARY = os.path.join(BUILD, "lib", "libvipcare.so.1")
DATA = os.path.join(TOP, "tests", "data", "integration")
POS_SCHEMA = os.path.join(TOP, "examples", "pos-sqlite", "schema.sql")
ERP_SCHEMA = os.path.join(TOP, "examples", "erp-postgres", "schema.sql")
ERP_NIGHTLY = os.path.join(TOP, "examples", "erp-postgres", "nightly.py")

# The size of the generated mall the timing tests use (0: skip them).
MEMBERS = int(os.environ.get("VIPCARE_INTEGRATION_MEMBERS", "10000"))

CHANNELS = ("sms", "wechat", "phone", "email", "app")


def require(path, what):
    if not os.path.exists(path):
        raise RuntimeError("%s is missing: %s (set VIPCARE_BUILD to a build directory)" % (what, path))


def read_csv(path):
    """The rows of a CSV file as dicts (an absent file has none)."""
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(k, "") if isinstance(row, dict) else row[i] for i, k in enumerate(header)])


def minor(amount):
    """'12.50' -> 1250 (exact: DESIGN §2 money text)."""
    value = Decimal(amount) * 100
    if value != value.to_integral_value():
        raise ValueError("amount %r has more than 2 fraction digits" % amount)
    return int(value)


def vipcare(*args, rejects=True):
    """Runs the vipcare command; returns (stdout, stderr). With rejects, bad
    rows go to a throw-away rejects file, as the POS and ERP programs put
    them aside (the test data holds a refund that exceeds its sale)."""
    require(VIPCARE, "the vipcare command")
    cmd = [VIPCARE] + list(args)
    tmp = None
    if rejects:
        tmp = tempfile.NamedTemporaryFile(suffix=".csv", delete=False)
        tmp.close()
        cmd += ["--rejects", tmp.name]
    try:
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)
        if done.returncode != 0:
            raise RuntimeError("%s exited %d: %s" % (" ".join(cmd), done.returncode, done.stderr.strip()))
        rejected = read_csv(tmp.name) if tmp else []
        return done.stdout, done.stderr, rejected
    finally:
        if tmp:
            os.unlink(tmp.name)


def copy_folder(src, dst, files):
    """A data folder with only some of the files of @src (those present)."""
    os.makedirs(dst, exist_ok=True)
    for name in files:
        if os.path.exists(os.path.join(src, name)):
            shutil.copy(os.path.join(src, name), os.path.join(dst, name))
    return dst


def ts_key(text):
    """A CSV timestamp as comparable text: YYYY-MM-DDTHH:MM:SS."""
    text = text.replace(" ", "T")
    if "T" not in text:
        text += "T00:00"
    if len(text) == 16:
        text += ":00"
    return text


# ---------------------------------------------------------------- the till

def pos_member_row(c):
    """customers.csv -> a members row of examples/pos-sqlite/schema.sql."""
    consent = set(filter(None, c.get("consent", "").split(";")))
    row = {
        "card_no": c["customer_id"],
        "name": "Member " + c["customer_id"],  # a stand-in: pos-sqlite never reads it
        "birthday": c.get("birthday") or None,
        "joined_on": c.get("joined") or None,
        "marketing_opt_out": int(c.get("marketing_opt_out") or 0),
        "advisor": c.get("advisor") or None,
        "tier_override": c.get("override_tier") or None,
        "override_until": c.get("override_until") or None,
    }
    for ch in CHANNELS:
        row["consent_" + ch] = int(ch in consent)
    return row


def pos_order_lines(txn):
    """A sale's amount as the lines of a till's order: the main line (in
    the sale's category), an accessory, and a discount line, summing to
    the amount; small amounts are one line."""
    amount = minor(txn["amount"])
    category = txn.get("category") or None
    if amount < 300:
        return [(category, amount)]
    return [(category, amount - amount // 3 + 100), ("accessories", amount // 3), ("discount", -100)]


class TillDatabase:
    """A till's SQLite database (examples/pos-sqlite/schema.sql), filled
    the way a till fills it: an order with its lines in one transaction."""

    def __init__(self, path):
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)
        with open(POS_SCHEMA, encoding="utf-8") as f:
            self.db.executescript(f.read())
        self.next_order = 1

    def close(self):
        self.db.close()

    def add_members(self, customers):
        cols = ["card_no", "name", "birthday", "joined_on", "consent_sms", "consent_wechat", "consent_phone",
                "consent_email", "consent_app", "marketing_opt_out", "advisor", "tier_override", "override_until"]
        rows = [pos_member_row(c) for c in customers]
        self.db.execute("BEGIN")
        self.db.executemany("INSERT INTO members (%s) VALUES (%s)" % (", ".join(cols), ", ".join("?" * len(cols))),
                            [[r[k] for k in cols] for r in rows])
        self.db.execute("COMMIT")

    def add_transactions_bulk(self, txns):
        """The same as add_transactions(), many rows per statement: a
        generated mall's history (the timing tests)."""
        orders, lines, refunds = [], [], []
        next_id = self.db.execute("SELECT coalesce(max(order_id), 0) + 1 FROM orders").fetchone()[0]
        for t in txns:
            if (t.get("kind") or "sale") == "sale":
                orders.append((next_id, t["txn_id"], t["customer_id"], t.get("store") or None, t["ts"]))
                for n, (category, amount) in enumerate(pos_order_lines(t), 1):
                    lines.append((next_id, n, "SKU%d" % n, category, amount, amount))
                next_id += 1
            else:
                refunds.append((t["txn_id"], t.get("ref_txn_id") or None, t["customer_id"], t.get("store") or None,
                                t["ts"], minor(t["amount"])))
        self.db.execute("BEGIN")
        self.db.executemany("INSERT INTO orders (order_id, receipt_no, card_no, store, terminal, closed_at)"
                            " VALUES (?, ?, ?, ?, 'T1', ?)", orders)
        self.db.executemany("INSERT INTO order_lines (order_id, line_no, sku, category, qty, unit_price, amount)"
                            " VALUES (?, ?, ?, ?, 1, ?, ?)", lines)
        self.db.executemany("INSERT INTO refunds (receipt_no, original_receipt_no, card_no, store, refunded_at,"
                            " amount) VALUES (?, ?, ?, ?, ?, ?)", refunds)
        self.db.execute("COMMIT")
        return len(orders), len(refunds)

    def add_transactions(self, txns, no_card=()):
        """Sales become orders with lines, refunds rows of refunds, in the
        given order, each in its own transaction as a till writes them.
        Refunds whose id is in @no_card are written without a card (the
        program takes the original order's)."""
        self.db.execute("BEGIN")
        for t in txns:
            if (t.get("kind") or "sale") == "sale":
                self.add_order(t["txn_id"], t["customer_id"], t["ts"], pos_order_lines(t), t.get("store"))
            else:
                card = None if t["txn_id"] in no_card else t["customer_id"]
                self.db.execute(
                    "INSERT INTO refunds (receipt_no, original_receipt_no, card_no, store, refunded_at, amount)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (t["txn_id"], t.get("ref_txn_id") or None, card, t.get("store") or None, t["ts"],
                     minor(t["amount"])))
        self.db.execute("COMMIT")

    def add_order(self, receipt, card, closed_at, lines, store=None):
        cur = self.db.execute(
            "INSERT INTO orders (receipt_no, card_no, store, terminal, closed_at) VALUES (?, ?, ?, 'T1', ?)",
            (receipt, card, store or None, closed_at))
        order_id = cur.lastrowid
        for n, (category, amount) in enumerate(lines, 1):
            self.db.execute(
                "INSERT INTO order_lines (order_id, line_no, sku, category, qty, unit_price, amount)"
                " VALUES (?, ?, ?, ?, 1, ?, ?)", (order_id, n, "SKU%d" % n, category, amount, amount))
        return order_id

    def add_redemptions(self, redemptions):
        """Redemptions granted elsewhere (a data folder's history, another
        till): their positions are left to the schema's trigger."""
        self.db.execute("BEGIN")
        for r in redemptions:
            self.db.execute(
                "INSERT INTO redemptions (redemption_id, card_no, benefit, redeemed_at, qty) VALUES (?, ?, ?, ?, ?)",
                (r["redemption_id"], r["customer_id"], r["benefit"], r["ts"], int(r.get("qty") or 1)))
        self.db.execute("COMMIT")

    def query(self, sql, args=()):
        return self.db.execute(sql, args).fetchall()


def export_redemptions(db_path, path):
    """The redemptions table, in the order it was written, as a
    redemptions.csv of DESIGN §10: the CSV route's view of the till."""
    db = sqlite3.connect(db_path)
    try:
        rows = db.execute("SELECT redemption_id, card_no, benefit, redeemed_at, qty FROM redemptions"
                          " ORDER BY seq").fetchall()
    finally:
        db.close()
    write_csv(path, ["redemption_id", "customer_id", "benefit", "ts", "qty"], rows)
    return rows


class PosServer:
    """pos-sqlite serve: one engine kept across commands (the till's
    process); each answer ends with a line '.'."""

    def __init__(self, db_path, every=3600, fmt="json"):
        require(POS_SQLITE, "pos-sqlite")
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen([POS_SQLITE, "--db", db_path, "--format", fmt, "serve", str(every)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
                                     text=True, bufsize=1)

    def ask(self, line):
        """Sends one command; returns its answer (without the final '.')."""
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        lines = []
        while True:
            got = self.proc.stdout.readline()
            if got == "":
                raise RuntimeError("pos-sqlite serve ended (exit %s) during %r: %s"
                                   % (self.proc.poll(), line, self.errors()))
            if got == ".\n":
                return "".join(lines)
            lines.append(got)

    def errors(self):
        self.stderr.seek(0)
        return self.stderr.read()

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("quit\n")
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        return self.proc.returncode

    def __del__(self):
        self.stderr.close()


def pos(db_path, *args, fmt="json", check=True):
    """One-shot pos-sqlite: (exit status, stdout, stderr)."""
    require(POS_SQLITE, "pos-sqlite")
    done = subprocess.run([POS_SQLITE, "--db", db_path, "--format", fmt] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=600)
    if check and done.returncode != 0:
        raise RuntimeError("pos-sqlite %s exited %d: %s" % (" ".join(args), done.returncode, done.stderr.strip()))
    return done.returncode, done.stdout, done.stderr


def generate_mall(members, out):
    """`vipcare generate`: a synthetic mall in @out (the timing tests)."""
    require(VIPCARE, "the vipcare command")
    subprocess.run([VIPCARE, "generate", "--out", out, "--members", str(members)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
    return out


# ---------------------------------------------------------------- the back office

PG_BIN = os.environ.get("VIPCARE_PG_BIN", "/usr/lib/postgresql/15/bin")


class PgCluster:
    """A PostgreSQL server of its own: initdb and pg_ctl in a temporary
    folder, listening on a Unix socket in that folder only (no TCP port).
    As root, the server runs as the postgres user (initdb refuses root);
    the folder is made under VIPCARE_PG_ROOT when set (the CI stage checks
    afterwards that nothing is left running there). stop() is safe to call
    any number of times, also from atexit and signal handlers."""

    def __init__(self):
        for tool in ("initdb", "pg_ctl", "psql"):
            require(os.path.join(PG_BIN, tool), "PostgreSQL's %s (Debian: postgresql)" % tool)
        parent = os.environ.get("VIPCARE_PG_ROOT") or None
        self.root = tempfile.mkdtemp(prefix="vipcare-pg-", dir=parent)
        self.data = os.path.join(self.root, "data")
        self.socket = os.path.join(self.root, "socket")
        self.log = os.path.join(self.root, "server.log")
        self.started = False
        os.mkdir(self.socket)
        self.owner = None
        if os.geteuid() == 0:
            self.owner = "postgres"
            for path in (self.root, self.socket):
                shutil.chown(path, self.owner, self.owner)

    def _as_owner(self, argv):
        return (["runuser", "-u", self.owner, "--"] if self.owner else []) + argv

    def _run(self, argv, **kw):
        return subprocess.run(self._as_owner(argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=kw.pop("timeout", 120), **kw)

    def start(self):
        done = self._run([os.path.join(PG_BIN, "initdb"), "-D", self.data, "-U", "postgres", "--auth=trust",
                          "-E", "UTF8", "--locale=C", "--no-sync"])
        if done.returncode != 0:
            raise RuntimeError("initdb failed:\n" + done.stdout)
        # fsync off: a throw-away test cluster; no TCP: the socket alone
        options = "-k %s -c listen_addresses='' -c fsync=off -c full_page_writes=off" % self.socket
        self.started = True
        done = self._run([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-l", self.log, "-w", "-t", "60",
                          "-o", options, "start"])
        if done.returncode != 0:
            log = open(self.log).read() if os.path.exists(self.log) else ""
            raise RuntimeError("pg_ctl start failed:\n%s\n%s" % (done.stdout, log))

    def running(self):
        if not os.path.exists(os.path.join(self.data, "postmaster.pid")):
            return False
        return self._run([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "status"]).returncode == 0

    def stop(self):
        """Stops the server (fast, then immediate) and removes the folder."""
        if self.started and os.path.isdir(self.data):
            for mode in ("fast", "immediate"):
                if not self.running():
                    break
                self._run([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-m", mode, "-w", "-t", "60", "stop"])
            self.started = False
        if not self.running():
            shutil.rmtree(self.root, ignore_errors=True)

    def dsn(self, dbname):
        return "host=%s dbname=%s user=postgres" % (self.socket, dbname)

    def psql(self, dbname, sql, csv_out=False, stdin=None):
        """Runs SQL through psql (the output as text; --csv with csv_out)."""
        argv = [os.path.join(PG_BIN, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.socket,
                "-U", "postgres", "-d", dbname]
        argv += ["--csv"] if csv_out else ["-A", "-t"]
        done = subprocess.run(argv + ["-c", sql], input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=600)
        if done.returncode != 0:
            raise RuntimeError("psql: %s: %s" % (sql[:80], done.stderr.strip()))
        return done.stdout

    def create_database(self, dbname):
        self.psql("postgres", "CREATE DATABASE %s" % dbname)
        with open(ERP_SCHEMA, encoding="utf-8") as f:
            self.psql(dbname, f.read())


def erp_member_row(c):
    """customers.csv -> a members row of examples/erp-postgres/schema.sql
    (a full-date birthday keeps its year, for the batch to check)."""
    consent = set(filter(None, c.get("consent", "").split(";")))
    birthday = c.get("birthday") or ""
    year = month = day = None
    if len(birthday) == 5:
        month, day = int(birthday[:2]), int(birthday[3:])
    elif birthday:
        year, month, day = int(birthday[:4]), int(birthday[5:7]), int(birthday[8:10])
    return [c["customer_id"], "Member " + c["customer_id"], year, month, day, c.get("joined") or None] + \
        [ch in consent for ch in CHANNELS] + \
        [c.get("marketing_opt_out") == "1", c.get("advisor") or None, c.get("override_tier") or None,
         c.get("override_until") or None]


def load_erp(cluster, dbname, folder):
    """A data folder of DESIGN §10 into the back office's input tables."""
    def copy(table, columns, rows):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for row in rows:
            writer.writerow(["" if v is None else ("t" if v is True else "f" if v is False else v) for v in row])
        cluster.psql(dbname, "COPY %s (%s) FROM STDIN WITH (FORMAT csv)" % (table, ", ".join(columns)),
                     stdin=out.getvalue())

    copy("members", ["member_id", "full_name", "birth_year", "birth_month", "birth_day", "joined_on"]
         + ["consent_" + ch for ch in CHANNELS] + ["marketing_opt_out", "advisor_id", "tier_override",
                                                   "override_until"],
         (erp_member_row(c) for c in read_csv(os.path.join(folder, "customers.csv"))))
    copy("orders", ["order_id", "member_id", "ordered_at", "kind", "amount", "store_id", "category",
                    "original_order_id"],
         ([t["txn_id"], t["customer_id"], t["ts"], "return" if t.get("kind") == "refund" else "sale", t["amount"],
           t.get("store") or None, t.get("category") or None, t.get("ref_txn_id") or None]
          for t in read_csv(os.path.join(folder, "transactions.csv"))))
    copy("care_log", ["member_id", "kind", "occasion", "contacted_on", "outcome"],
         ([r["customer_id"], r["kind"], r["occasion"], r["date"], r["outcome"]]
          for r in read_csv(os.path.join(folder, "care.csv"))))
    copy("survey_responses", ["member_id", "answered_at", "kind", "score"],
         ([r["customer_id"], r["ts"], r["kind"], r["score"]] for r in read_csv(os.path.join(folder, "surveys.csv"))))
    copy("service_requests", ["request_id", "member_id", "kind", "opened_at", "first_response_at", "resolved_at"],
         ([r["request_id"], r["customer_id"], r["kind"], r["opened"], r.get("first_response") or None,
           r.get("resolved") or None] for r in read_csv(os.path.join(folder, "service.csv"))))


def nightly(dsn, *args):
    """examples/erp-postgres/nightly.py --json: (exit status, summary or None, stderr)."""
    env = dict(os.environ, VIPCARE_LIBRARY=LIBRARY, PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(["/usr/bin/python3", ERP_NIGHTLY, "--dsn", dsn, "--json"] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, timeout=900)
    summary = json.loads(done.stdout) if done.returncode == 0 else None
    return done.returncode, summary, done.stderr
