"""Shared helpers of the binding's tests: amounts written as in the C
tests (minor units), and one-line sales and refunds."""

import datetime
import decimal

import vipcare


def m(minor):
    """An amount given in minor units, as the C tests write it."""
    return decimal.Decimal(minor).scaleb(-2)


def d(text):
    return datetime.date.fromisoformat(text)


GOLD = m(1000000)        # 10,000.00
PLATINUM = m(5000000)    # 50,000.00
DIAMOND = m(10000000)    # 100,000.00


def sale(engine, txn_id, customer, when, amount):
    engine.add_transaction(id=txn_id, customer=customer, ts=when, amount=amount)


def refund(engine, txn_id, customer, when, amount, original):
    engine.add_transaction(id=txn_id, customer=customer, ts=when, amount=amount, kind="refund",
                           original=original)


def engine_with(**settings):
    """An engine whose policy is the default one with some settings changed."""
    policy = vipcare.Policy()
    for key, value in settings.items():
        policy[key] = value
    return vipcare.Engine(policy)
