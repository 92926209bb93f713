#!/usr/bin/python3
"""checkout -- a short session at a mall's till, from Python: sales are
recorded, the cashier scans member cards, the POS shows each customer's
tier and the benefits usable right now, and some are used (a retry of the
same redemption id spends nothing more).

It plays the same session as examples/checkout.c and prints exactly what
that program prints.

    VIPCARE_LIBRARY=build/lib/libvipcare.so.1 /usr/bin/python3 examples/python/checkout.py
"""

import os
import sys
from decimal import Decimal

# Run from the source tree: the package is in bindings/python.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bindings", "python"))

import vipcare  # noqa: E402


def screen(engine, customer, when):
    """The checkout screen for one scanned card."""
    shown = engine.checkout(customer, when)
    print("\n[%s] card %s, tier %s" % (when, customer, shown.tier or "none (unknown card)"))
    for benefit in shown:
        line = "  %-3s %-22s" % ("yes" if benefit.eligible else "no", benefit.name)
        if not benefit.eligible:
            line += " " + benefit.reason
        elif benefit.left is None:
            line += " unlimited"
        else:
            line += " %d left" % benefit.left
        if benefit.period_end is not None:
            line += " (until %s)" % benefit.period_end.isoformat()
        print(line)


def use(engine, redemption, customer, benefit, when, quantity):
    try:
        answer = engine.redeem(redemption, customer, benefit, when, quantity)
    except vipcare.RefusedError as refusal:
        print("  -> %s x%d for %s: refused, %s" % (benefit, quantity, customer, refusal))
        return
    print("  -> %s x%d for %s: done%s, %d left" % (
        benefit, quantity, customer, " (already recorded: a retry)" if answer.replayed else "",
        answer.decision.left))


def main():
    with vipcare.Engine() as engine:
        # LIN was born in December; WANG has just joined
        engine.add_customer(id="LIN", birthday=(12, 8))
        engine.add_transaction(id="T1", customer="LIN", ts="2025-03-02T14:00", amount=Decimal("42000.00"))
        engine.add_transaction(id="T2", customer="LIN", ts="2025-09-12T18:30", amount=Decimal("15000.00"))
        engine.add_transaction(id="T3", customer="WANG", ts="2025-12-01T11:00", amount=Decimal("380.00"))

        print('libvipcare %s checkout session, policy "%s"' % (vipcare.library_version, engine.policy.name))
        screen(engine, "LIN", "2025-12-06T10:15")
        use(engine, "TILL3-0001", "LIN", "free_parking_hours", "2025-12-06T10:16", 2)
        use(engine, "TILL3-0001", "LIN", "free_parking_hours", "2025-12-06T10:16", 2)
        use(engine, "TILL3-0002", "LIN", "free_parking_hours", "2025-12-06T10:17", 2)
        use(engine, "TILL3-0003", "LIN", "birthday_coupon", "2025-12-06T10:18", 1)
        screen(engine, "LIN", "2025-12-06T16:40")
        screen(engine, "WANG", "2025-12-06T11:02")
        use(engine, "TILL3-0004", "WANG", "welcome_gift", "2025-12-06T11:03", 1)
        use(engine, "TILL3-0005", "WANG", "free_parking_hours", "2025-12-06T11:03", 1)
        screen(engine, "GUEST", "2025-12-06T12:00")
    return 0


if __name__ == "__main__":
    sys.exit(main())
