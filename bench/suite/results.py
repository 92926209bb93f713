"""Results of libvipcare's benchmark suite (bench/suite/run.sh): the
check that every peer found what vipcare found, and the markdown table.

    results.py flatten-kpi KPI.json          vipcare's KPI JSON as kpi.txt lines
    results.py compare REFERENCE_DIR RUN_DIR  exit 1 when the results differ
    results.py table --raw RAW.tsv --machine MACHINE.txt --library DIR

kpi.txt holds one `name value` line per figure, money in integer minor
units: members, active, sales_net, sales_count, the numerator and
denominator of avg_ticket, repurchase_rate, churn_rate and
vip_sales_share, tier_distribution.TIER and avg_ticket.TIER.{customers,
sales_net, sales_count}. scores.csv is customer_id,tier,net_spend,visits
in customer id order (bytewise).

Standard library only; runs under any Python 3.9 or later.
"""
import argparse
import json
import os
import re
import statistics
import sys

TARGETS_AT = 1_000_000


# ------------------------------------------------------------ checking

def cents(text):
    """A money string of the KPI JSON ("-12.30") in minor units, exactly."""
    match = re.fullmatch(r"(-?)(\d+)\.(\d\d)", text)
    if not match:
        raise ValueError(f"not an amount with 2 fraction digits: {text!r}")
    value = int(match.group(2)) * 100 + int(match.group(3))
    return -value if match.group(1) else value


def flatten_kpi(path):
    with open(path, encoding="utf-8") as f:
        kpi = json.load(f)
    avg = kpi["avg_ticket"]
    lines = [
        ("members", kpi["members"]),
        ("active", kpi["active"]),
        ("sales_net", cents(kpi["sales_net"])),
        ("sales_count", kpi["sales_count"]),
        ("avg_ticket.num", cents(avg["num"])),
        ("avg_ticket.den", avg["den"]),
    ]
    for name in ("repurchase_rate", "churn_rate"):
        lines += [(f"{name}.num", kpi[name]["num"]), (f"{name}.den", kpi[name]["den"])]
    share = kpi["vip_sales_share"]
    lines += [("vip_sales_share.num", cents(share["num"])), ("vip_sales_share.den", cents(share["den"]))]
    lines += [(f"tier_distribution.{tier}", n) for tier, n in kpi["tier_distribution"].items()]
    for field in ("customers", "sales_net", "sales_count"):
        for tier, row in avg["per_tier"].items():
            value = cents(row[field]) if field == "sales_net" else row[field]
            lines.append((f"avg_ticket.{tier}.{field}", value))
    return "".join(f"{name} {value}\n" for name, value in lines)


def read_kpi(path):
    figures = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            parts = line.split()
            if len(parts) != 2:
                raise ValueError(f"{path}:{number}: not a `name value` line")
            figures[parts[0]] = int(parts[1])
    return figures


def same_bytes(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


def first_difference(a, b):
    """The first differing line: its number, the customer id and the fields
    that differ (never a whole row)."""
    header = "customer_id,tier,net_spend,visits".split(",")
    with open(a, encoding="utf-8") as fa, open(b, encoding="utf-8") as fb:
        number = 0
        while True:
            number += 1
            x, y = fa.readline(), fb.readline()
            if x == y:
                if not x:
                    return "the files are equal"
                continue
            if not x or not y:
                return f"line {number}: {'the reference' if not x else 'the peer'}'s file ends first"
            fx, fy = x.rstrip("\n").split(","), y.rstrip("\n").split(",")
            if fx[:1] != fy[:1]:
                return f"line {number}: customer {fx[0]} in the reference, {fy[0]} in the peer's file"
            fields = [f"{header[i] if i < len(header) else i}: {fx[i] if i < len(fx) else ''} "
                      f"vs {fy[i] if i < len(fy) else ''}"
                      for i in range(max(len(fx), len(fy)))
                      if (fx[i] if i < len(fx) else None) != (fy[i] if i < len(fy) else None)]
            return f"line {number}, customer {fx[0]}: " + "; ".join(fields)


def compare(reference, run):
    problems = []
    for name in ("kpi.txt", "scores.csv"):
        if not os.path.exists(os.path.join(run, name)):
            problems.append(f"{name}: missing")
    if problems:
        print("\n".join(problems))
        return 1
    want, got = read_kpi(os.path.join(reference, "kpi.txt")), read_kpi(os.path.join(run, "kpi.txt"))
    for key in sorted(set(want) | set(got)):
        if want.get(key) != got.get(key):
            problems.append(f"kpi {key}: vipcare {want.get(key)}, peer {got.get(key)}")
    ref_scores, run_scores = os.path.join(reference, "scores.csv"), os.path.join(run, "scores.csv")
    if not same_bytes(ref_scores, run_scores):
        problems.append("scores.csv: " + first_difference(ref_scores, run_scores))
    print("\n".join(problems) if problems else "equal: every member's tier, net spend and visits, every KPI")
    return 1 if problems else 0


# ------------------------------------------------------------ the table

def read_raw(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            size, tool, run, phase, wall, peak, status = line.rstrip("\n").split("\t")
            rows.append({"size": int(size), "tool": tool, "run": int(run), "phase": phase,
                         "wall": float(wall), "peak": int(peak), "status": status})
    return rows


def read_machine(path):
    facts, sizes = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.fullmatch(r"(\d+) (transactions|bytes) (\d+)", line)
            if m:
                sizes.setdefault(int(m.group(1)), {})[m.group(2)] = int(m.group(3))
            elif "=" in line:
                key, value = line.split("=", 1)
                facts[key] = value
    return facts, sizes


def spread(values):
    """median, min, max."""
    return statistics.median(values), min(values), max(values)


def seconds(values):
    med, lo, hi = spread(values)
    return f"{med:.2f} s ({lo:.2f} .. {hi:.2f})" if len(values) > 1 else f"{med:.2f} s"


def mib(values_kib):
    med, lo, hi = spread([v / 1024 for v in values_kib])
    return f"{med:,.0f} MiB ({lo:,.0f} .. {hi:,.0f})" if len(values_kib) > 1 else f"{med:,.0f} MiB"


def core_job(rows, size, tool):
    """Per run: wall time and peak memory of the core job, or None when no
    run's results matched vipcare's. vipcare's job is one command, `kpi`
    with `--scores`: one load of the files for both."""
    mine = [r for r in rows if r["size"] == size and r["tool"] == tool and r["phase"] == "job"]
    good = [r for r in mine if r["status"] == "ok"]
    return {"wall": [r["wall"] for r in good], "peak": [r["peak"] for r in good],
            "bad": len(mine) - len(good), "statuses": sorted({r["status"] for r in mine} - {"ok"})} if mine else None


def parse_library(directory, size):
    """The figures of bench-score, bench-checkout, bench-agenda and
    bench-kpi at one size; absent ones are missing from the dict."""
    out = {}

    def text(name):
        path = os.path.join(directory, f"{name}-{size}.out")
        if not os.path.exists(path):
            return ""
        with open(path, encoding="utf-8") as f:
            return f.read()

    def median_line(blob, label):
        m = re.search(re.escape(label) + r"\s+median ([\d.]+) (s|us)\s+\(min ([\d.]+), max ([\d.]+)", blob)
        return (float(m.group(1)), float(m.group(3)), float(m.group(4))) if m else None

    def peak(name):
        path = os.path.join(directory, f"{name}-{size}.time")
        try:
            with open(path, encoding="utf-8") as f:
                return int(f.read().split()[-1])
        except (OSError, ValueError, IndexError):
            return None

    score = text("score")
    out["load"] = median_line(score, "load")
    out["recording"] = median_line(score, "of which recording")
    out["score_all"] = median_line(score, "score")
    out["cursor_open"] = median_line(score, "of which cursor open")
    out["score_one"] = median_line(score, "score one customer")
    m = re.search(r"engine memory ([\d.]+) MiB: ([\d.]+) bytes per customer, ([\d.]+) bytes per transaction", score)
    if m:
        out["engine_mib"], out["bytes_customer"], out["bytes_txn"] = map(float, m.groups())
    m = re.search(r": (\d+) customers, (\d+) transactions", score)
    if m:
        out["lib_transactions"] = int(m.group(2))
    checkout = text("checkout")
    m = re.search(r"checkout\s+median ([\d.]+) us, p99 ([\d.]+) us", checkout)
    if m:
        out["checkout"] = (float(m.group(1)), float(m.group(2)))
    m = re.search(r"redeem\s+median ([\d.]+) us, p99 ([\d.]+) us", checkout)
    if m:
        out["redeem"] = (float(m.group(1)), float(m.group(2)))
    agenda = text("agenda")
    m = re.search(r"first agenda after loading \(builds every summary\) ([\d.]+) s", agenda)
    if m:
        out["agenda_first"] = float(m.group(1))
    m = re.search(r"agenda of one day from the summaries: median ([\d.]+) s \(min ([\d.]+), max ([\d.]+)", agenda)
    if m:
        out["agenda"] = tuple(map(float, m.groups()))
    kpi = text("kpi")
    m = re.search(r"first KPIs after loading \(builds every summary\) ([\d.]+) s", kpi)
    if m:
        out["kpi_first"] = float(m.group(1))
    m = re.search(r"every KPI of one year: median ([\d.]+) s \(min ([\d.]+), max ([\d.]+)", kpi)
    if m:
        out["kpi"] = tuple(map(float, m.groups()))
    durability = text("durability")
    out["recording_modes"] = [
        (m.group(1).strip(), int(m.group(2)), float(m.group(4)), float(m.group(5)), float(m.group(6)))
        for m in re.finditer(r"^(\S.*?)\s+(\d+) sales\s+([\d.]+) s\s+([\d.]+) sales/s\s+([\d.]+) us/sale"
                             r"\s+journal\s+([\d.]+) B/sale$", durability, re.M)]
    m = re.search(r"^snapshot ([\d.]+) MB \(([\d.]+) bytes per transaction\)\s*\n"
                  r"save ([\d.]+) s \((\d+) MB/s\), load ([\d.]+) s \((\d+) transactions/s\)", durability, re.M)
    if m:
        out["snapshot"] = tuple(float(x) for x in m.groups())
    out["peak_score_kib"] = peak("score")
    return out


def triple(t, unit, digits=3):
    if not t:
        return "—"
    med, lo, hi = t
    return f"{med:.{digits}f} {unit} ({lo:.{digits}f} .. {hi:.{digits}f})"


def table(args):
    rows = read_raw(args.raw)
    facts, size_facts = read_machine(args.machine)
    sizes = sorted({r["size"] for r in rows})
    tools = [t for t in ("vipcare", "duckdb", "pandas", "sqlite") if any(r["tool"] == t for r in rows)]
    names = {"vipcare": "vipcare (kpi --scores)", "duckdb": "DuckDB", "pandas": "pandas", "sqlite": "SQLite"}
    out = []
    w = out.append

    memory_gib = int(facts.get("memory_kib", "0")) / 1048576
    w(f"# libvipcare benchmark suite, {facts.get('stamp', '')}".rstrip(", "))
    w("")
    w(f"- Machine: {facts.get('cpu', '?')}, {facts.get('cores', '?')} cores, {memory_gib:.1f} GiB; "
      f"{facts.get('os', '?')}, Linux {facts.get('kernel', '?')}; load average (1, 5, 15 min) "
      f"{facts.get('load_start', '?')} at the start, {facts.get('load_end', '?')} at the end.")
    if facts.get("tree"):
        w(f"- Tree: {facts['tree']}.")
    w(f"- Tools: {facts.get('vipcare', '?')} built with {facts.get('compiler', '?')} (release); "
      f"SQLite {facts.get('sqlite', '?')} (`sqlite3`, in memory); DuckDB {facts.get('duckdb', '?')} "
      f"(`@duckdb/node-api`, Node.js {facts.get('node', '?')}); pandas {facts.get('pandas', '?')} "
      f"(numpy {facts.get('numpy', '?')}, /usr/bin/python3).")
    w(f"- Data: `vipcare generate --members N --seed {facts.get('seed', '?')}`; the core job reads "
      f"customers.csv and transactions.csv, scores every member as of {facts.get('asof', '?')} and "
      f"computes the KPIs of {facts.get('period_from', '?')} .. {facts.get('asof', '?')}. Every figure is the "
      f"median of {facts.get('runs', '?')} runs, with (min .. max). A peer's run counts only when its results "
      f"equal vipcare's: every member's tier, net spend and visits, and every KPI's numerator and denominator.")
    w("")

    w("## The core job")
    w("")
    w("| members | transactions | CSV | tool | wall time | peak memory | vipcare is faster by | "
      "vipcare's share of the memory |")
    w("|---:|---:|---:|---|---|---|---:|---:|")
    medians = {}
    for size in sizes:
        sf = size_facts.get(size, {})
        label = (f"{size:,}", f"{sf.get('transactions', 0):,}", f"{sf.get('bytes', 0) / 1e6:,.0f} MB")
        ref = core_job(rows, size, "vipcare")
        for tool in tools:
            job = core_job(rows, size, tool)
            if not job:
                continue
            if not job["wall"]:
                w(f"| {' | '.join(label)} | {names[tool]} | no run counted (every run "
                  f"{' or '.join(job.get('statuses', []))}; see its run folder) | — | — | — |")
                continue
            wall, peak = statistics.median(job["wall"]), statistics.median(job["peak"])
            medians[(size, tool)] = (wall, peak)
            if tool == "vipcare":
                detail = seconds(job["wall"])
                ratio, share = "reference", "reference"
            else:
                detail = seconds(job["wall"])
                if job["bad"]:
                    detail += f"; {job['bad']} run(s) not counted ({' or '.join(job['statuses'])})"
                ref_wall, ref_peak = statistics.median(ref["wall"]), statistics.median(ref["peak"])
                ratio = f"{wall / ref_wall:.2f}×"
                share = f"{ref_peak / peak:.2f}"
            w(f"| {' | '.join(label)} | {names[tool]} | {detail} | {mib(job['peak'])} | {ratio} | {share} |")
        limits = []
        for tool, what in (("cat", "`cat` from the page cache"), ("scan", "a word-by-word pass in memory"),
                           ("memchr", "a memchr pass (every row's end) in memory")):
            times = [r["wall"] for r in rows if r["size"] == size and r["tool"] == tool]
            if times and sf.get("bytes"):
                t = statistics.median(times)
                limits.append(f"{what} {t:.3f} s ({sf['bytes'] / t / 1e9:.1f} GB/s)")
        if limits:
            w(f"| {' | '.join(label)} | the files' bytes | {'; '.join(limits)} | — | — | — |")
    w("")
    w("\"vipcare is faster by\" is the peer's median time over vipcare's (below 1: vipcare is slower); "
      "\"vipcare's share of the memory\" is vipcare's median peak over the peer's. vipcare's core job is "
      "one command, `vipcare kpi --scores`, which loads the files once for the scores and the KPIs.")
    w("")

    if len(sizes) > 1:
        w("## Growth")
        w("")
        w("| tool | " + " | ".join(f"{a:,} → {b:,} members (×{b / a:g})" for a, b in zip(sizes, sizes[1:])) + " |")
        w("|---|" + "---|" * (len(sizes) - 1))
        for tool in tools:
            cells = []
            for a, b in zip(sizes, sizes[1:]):
                if (a, tool) in medians and (b, tool) in medians:
                    (wa, pa), (wb, pb) = medians[(a, tool)], medians[(b, tool)]
                    cells.append(f"time ×{wb / wa:.2f}, peak memory ×{pb / pa:.2f}")
                else:
                    cells.append("—")
            w(f"| {names[tool]} | " + " | ".join(cells) + " |")
        w("")

    library = {size: parse_library(args.library, size) for size in sizes} if args.library else {}
    if any(any(v for v in lib.values()) for lib in library.values()):
        w("## The library alone (C API, bench/bench-*.c)")
        w("")
        w("Each program builds its own mall in memory (bench/bench-util.h: as many customers as members "
          "and as many transactions as the CSV, a fifth of them from the most loyal twentieth of the "
          "customers) and times the calls; no CSV is read.")
        w("")
        w("| members | recording | score every member | score one | checkout median / p99 | "
          "agenda of one day | KPIs of one year | engine memory |")
        w("|---:|---|---|---|---|---|---|---|")
        for size in sizes:
            lib = library[size]
            rate = "—"
            if lib.get("recording") and lib.get("lib_transactions"):
                med, lo, hi = lib["recording"]
                n = lib["lib_transactions"]
                rate = (f"{n / med / 1e6:.2f} M/s ({n / hi / 1e6:.2f} .. {n / lo / 1e6:.2f}); "
                        f"{med:.2f} s in the calls, load {lib['load'][0]:.2f} s")
            checkout = f"{lib['checkout'][0]:.2f} / {lib['checkout'][1]:.2f} µs" if lib.get("checkout") else "—"
            agenda = triple(lib.get("agenda"), "s")
            if lib.get("agenda_first") is not None:
                agenda += f"; first {lib['agenda_first']:.3f} s"
            kpi = triple(lib.get("kpi"), "s")
            if lib.get("kpi_first") is not None:
                kpi += f"; first {lib['kpi_first']:.3f} s"
            memory = (f"{lib['engine_mib']:,.0f} MiB ({lib['bytes_customer']:.0f} B/customer, "
                      f"{lib['bytes_txn']:.1f} B/transaction)") if lib.get("engine_mib") else "—"
            score_one = f"{lib['score_one'][0]:.1f} µs" if lib.get("score_one") else "—"
            w(f"| {size:,} | {rate} | {triple(lib.get('score_all'), 's')} | {score_one} | {checkout} | "
              f"{agenda} | {kpi} | {memory} |")
        w("")
        w("Recording is the transactions over the time spent inside `vipcare_engine_add_transactions()` "
          "(batches of 256, the vipcare command's) into an engine of that size; the load also adds the "
          "customers and makes every row through the record setters.")
        w("")
        if any(lib.get("recording_modes") or lib.get("snapshot") for lib in library.values()):
            w("### Durability (bench-durability)")
            w("")
            w("Recording into an engine of 1,000 customers, without a state folder and with the journal in "
              "each durability mode (the folder on the work folder's disk); a snapshot of the whole mall "
              "saved and loaded.")
            w("")
            w("| members | recording | sales | sales/s | µs per sale | journal bytes per sale |")
            w("|---:|---|---:|---:|---:|---:|")
            for size in sizes:
                for what, calls, rate, us, per in library[size].get("recording_modes", []):
                    w(f"| {size:,} | {what} | {calls:,} | {rate:,.0f} | {us:.2f} | {per:.1f} |")
            w("")
            w("| members | snapshot | bytes per transaction | save | load |")
            w("|---:|---:|---:|---|---|")
            for size in sizes:
                snap = library[size].get("snapshot")
                if snap:
                    mb, per, save, mbs, load, tps = snap
                    w(f"| {size:,} | {mb:,.1f} MB | {per:.1f} | {save:.2f} s ({mbs:,.0f} MB/s) | "
                      f"{load:.2f} s ({tps / 1e6:.2f} M transactions/s) |")
            w("")

    at = TARGETS_AT if TARGETS_AT in sizes else (max(sizes) if sizes else None)
    if at is not None:
        w(f"## Targets (issue 9) at {at:,} members")
        w("")
        w("| target | measured | met |")
        w("|---|---|---|")

        def verdict(ok):
            return "—" if ok is None else ("yes" if ok else "**no**")

        v, d, s = medians.get((at, "vipcare")), medians.get((at, "duckdb")), medians.get((at, "sqlite"))
        if v and d:
            w(f"| core job ≥ 5× faster than DuckDB | {d[0] / v[0]:.2f}× (vipcare {v[0]:.2f} s, DuckDB "
              f"{d[0]:.2f} s) | {verdict(d[0] / v[0] >= 5)} |")
            w(f"| peak memory ≤ 1/3 of DuckDB's | {v[1] / d[1]:.2f} of it (vipcare {v[1] / 1024:,.0f} MiB, "
              f"DuckDB {d[1] / 1024:,.0f} MiB) | {verdict(v[1] * 3 <= d[1])} |")
        if v and s:
            w(f"| core job ≥ 50× faster than SQLite | {s[0] / v[0]:.2f}× (SQLite {s[0]:.2f} s) | "
              f"{verdict(s[0] / v[0] >= 50)} |")
        lib = library.get(at, {})
        if lib.get("score_all"):
            w(f"| score every member from memory < 0.2 s | {lib['score_all'][0]:.3f} s | "
              f"{verdict(lib['score_all'][0] < 0.2)} |")
        if lib.get("recording") and lib.get("lib_transactions"):
            rate = lib["lib_transactions"] / lib["recording"][0]
            single = [m for m in lib.get("recording_modes", []) if m[0].startswith("no state folder")]
            extra = (f"; single calls without a journal into 1,000 customers: {single[0][2]:,.0f}/s"
                     if single else "")
            w(f"| recording ≥ 5,000,000 transactions/s | {rate:,.0f}/s in batches of 256 into the whole mall "
              f"(time inside the calls){extra} | {verdict(rate >= 5e6)} |")
        if lib.get("checkout"):
            w(f"| checkout < 2 µs median | {lib['checkout'][0]:.2f} µs (p99 {lib['checkout'][1]:.2f} µs) | "
              f"{verdict(lib['checkout'][0] < 2)} |")
        small = 100_000 if at == TARGETS_AT else None
        if small and (small, "vipcare") in medians and v:
            g = v[0] / medians[(small, "vipcare")][0]
            w(f"| {at:,} members ≤ 11× the time of {small:,} | ×{g:.2f} | {verdict(g <= 11)} |")
        w("")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("flatten-kpi")
    p.add_argument("json")
    p = sub.add_parser("compare")
    p.add_argument("reference")
    p.add_argument("run")
    p = sub.add_parser("table")
    p.add_argument("--raw", required=True)
    p.add_argument("--machine", required=True)
    p.add_argument("--library")
    args = parser.parse_args()
    if args.command == "flatten-kpi":
        sys.stdout.write(flatten_kpi(args.json))
        return 0
    if args.command == "compare":
        return compare(args.reference, args.run)
    sys.stdout.write(table(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
