#!/usr/bin/python3
"""bench_checkout -- the cost of one checkout call from Python, against the
same call from C (bench/bench-checkout.c).

Loads a mall shaped like bench-checkout's (customers C00000000 ..., two
years of transactions from 2025-01-01, one in fifty a refund), then times,
one call at a time over random customers:

  checkout   Engine.checkout(): the C call plus building the Checkout
             (every benefit's decision as Python values)
  ctypes     the bare C call through ctypes (vipcare_engine_checkout on
             the engine's handle, bytes id, int timestamp): the FFI cost
  redeem     Engine.redeem() of one free parking hour (refusals included,
             as in the C benchmark)

and prints median and 99th percentile in microseconds. Compare with

  bench-checkout --customers N --transactions M --calls K

from a build of the library (same sizes). Small by default: a few seconds.

    VIPCARE_LIBRARY=build/lib/libvipcare.so.1 /usr/bin/python3 bindings/python/bench_checkout.py
"""

import argparse
import ctypes
import datetime
import os
import random
import sys
import time
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import vipcare  # noqa: E402
from vipcare._clib import lib  # noqa: E402

START = datetime.datetime(2025, 1, 1)
SPAN = 730 * 86400


def report(what, samples):
    samples.sort()
    n = len(samples)
    print("%-9s median %.2f us, p99 %.2f us (%d calls)" % (what, samples[n // 2] / 1000, samples[int(n * 0.99)] / 1000, n))
    return samples[n // 2] / 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=20000)
    parser.add_argument("--transactions", type=int, default=100000)
    parser.add_argument("--calls", type=int, default=20000)
    args = parser.parse_args()
    rng = random.Random(20251123)
    engine = vipcare.Engine()
    t0 = time.perf_counter()
    for i in range(args.customers):
        engine.add_customer(id="C%08d" % i, birthday=(1 + rng.randrange(12), 1 + rng.randrange(28)))

    def rows():
        for i in range(args.transactions):
            x = rng.getrandbits(64)
            who = rng.randrange(args.customers // 20 + 1) if x % 5 == 0 else rng.randrange(args.customers)
            yield {"id": "T%010d" % i, "customer": "C%08d" % who,
                   "ts": START + datetime.timedelta(seconds=SPAN * i // args.transactions),
                   "amount": Decimal(1000 + rng.randrange(400000)).scaleb(-2),
                   "kind": "refund" if x % 50 == 7 else "sale"}

    engine.add_transactions(rows())
    print("libvipcare %s from %s: %d customers, %d transactions loaded in %.1f s" % (
        vipcare.library_version, vipcare.library_path, engine.customer_count, engine.transaction_count,
        time.perf_counter() - t0))

    till = START + datetime.timedelta(seconds=SPAN - 3600)
    ids = ["C%08d" % rng.randrange(args.customers) for _ in range(args.calls)]
    clock = time.perf_counter_ns

    samples = []
    for cid in ids:
        t = clock()
        engine.checkout(cid, till)
        samples.append(clock() - t)
    full = report("checkout", samples)

    handle = engine._h
    out = engine._checkout_handle()
    till_c = int((till - datetime.datetime(1970, 1, 1)).total_seconds())
    raw_ids = [cid.encode() for cid in ids]
    call = lib.vipcare_engine_checkout
    samples = []
    for cid in raw_ids:
        t = clock()
        call(handle, cid, till_c, out)
        samples.append(clock() - t)
    bare = report("ctypes", samples)

    samples = []
    for k, cid in enumerate(ids):
        t = clock()
        try:
            engine.redeem("R%09d" % k, cid, "free_parking_hours", till, 1)
        except vipcare.RefusedError:
            pass
        samples.append(clock() - t)
    report("redeem", samples)
    print("redemptions recorded %d" % engine.redemption_count)
    print("checkout: %.2f us of it is the bare ctypes call, %.2f us building the Python result" % (bare, full - bare))
    engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
