"""The core job in pandas (Debian 12's python3-pandas, run with
/usr/bin/python3): load customers.csv and transactions.csv, score every
member as of one date with the default tiers, and the KPIs of one period
that ends on that date.

    /usr/bin/python3 peer-pandas.py ASOF PERIOD_FROM

Run from a folder holding customers.csv and transactions.csv. Writes
scores.csv (customer_id,tier,net_spend,visits, by id) and kpi.txt
(`name value` lines: every KPI's numerator and denominator).

Vectorised throughout: the files are read with their columns typed (the
transactions' customer ids as a category, timestamps parsed by pandas'
ISO fast path), money is turned once into integer cents, and every figure
is a groupby or a mask, never a Python loop over rows.
"""
import sys

import numpy as np
import pandas as pd

TIERS = ["member", "gold", "platinum", "diamond"]


def main():
    asof = np.datetime64(sys.argv[1], "D")
    period_from = np.datetime64(sys.argv[2], "D")
    window_from = asof - 364  # 365 days ending on asof
    period_to = asof
    base_from, base_to = period_from - 90, period_from - 1  # lapse_days 90
    lapse_by = asof - 90

    # keep_default_na=False: an id such as "NA" stays an id; only an
    # empty date or tier is missing.
    customers = pd.read_csv(
        "customers.csv",
        usecols=["customer_id", "joined", "override_tier", "override_until"],
        dtype={"customer_id": str, "override_tier": str},
        keep_default_na=False,
        na_values={"joined": [""], "override_tier": [""], "override_until": [""]},
        parse_dates=["joined", "override_until"],
    )
    tx = pd.read_csv(
        "transactions.csv",
        usecols=["customer_id", "ts", "amount", "kind"],
        dtype={"customer_id": "category", "amount": "float64", "kind": "category"},
        keep_default_na=False,
        parse_dates=["ts"],
        infer_datetime_format=True,
    )

    # One row per customer and day: money in integer cents, a refund
    # subtracting from the day's net and never removing a visit.
    refund = (tx["kind"] == "refund").to_numpy()
    cents = np.rint(tx["amount"].to_numpy() * 100).astype(np.int64)
    ids = tx["customer_id"].cat.categories
    daily = (
        pd.DataFrame({
            "customer": tx["customer_id"].cat.codes.to_numpy(),
            "day": tx["ts"].to_numpy().astype("datetime64[D]"),
            "net": np.where(refund, -cents, cents),
            "sales": (~refund).astype(np.int64),
        })
        .groupby(["customer", "day"], sort=False, as_index=False)
        .sum()
    )
    del tx, refund, cents

    day, visit = daily["day"], daily["sales"] > 0
    in_window = (day >= window_from) & (day <= asof)
    in_period = (day >= period_from) & (day <= period_to)
    in_base = (day >= base_from) & (day <= base_to)
    activity = (
        pd.DataFrame({
            "customer": daily["customer"],
            "first_day": day,
            "window_net": daily["net"].where(in_window, 0),
            "window_visits": in_window & visit,
            "period_net": daily["net"].where(in_period, 0),
            "period_sales": daily["sales"].where(in_period, 0),
            "period_visits": in_period & visit,
            "churn_base": in_base & visit,
            "last_sale": day.where(visit & (day <= period_to)),
        })
        .groupby("customer", sort=False)
        .agg(
            first_day=("first_day", "min"),
            window_net=("window_net", "sum"),
            window_visits=("window_visits", "sum"),
            period_net=("period_net", "sum"),
            period_sales=("period_sales", "sum"),
            period_visits=("period_visits", "sum"),
            churn_base=("churn_base", "any"),
            last_sale=("last_sale", "max"),
        )
    )
    activity.index = ids[activity.index]
    activity.index.name = "customer_id"
    del daily

    # Customers of customers.csv, and those only seen in a transaction.
    m = customers.merge(activity, how="outer", left_on="customer_id", right_index=True)
    effective_joined = m[["joined", "first_day"]].min(axis=1)
    m = m[(effective_joined <= asof).to_numpy()]
    for column in ("window_net", "window_visits", "period_net", "period_sales", "period_visits"):
        m[column] = m[column].fillna(0).astype(np.int64)
    m["churn_base"] = m["churn_base"].fillna(False).astype(bool)

    # The default thresholds over the window (retain_days 0), unless a
    # manual override applies.
    net, visits = m["window_net"], m["window_visits"]
    metric_tier = np.select(
        [(net >= 10_000_000) & (visits >= 52), net >= 5_000_000, net >= 1_000_000], [3, 2, 1], 0)
    override = m["override_tier"].notna() & (
        m["override_until"].isna() | (m["override_until"] >= asof))
    rank = {name: i for i, name in enumerate(TIERS)}
    m["tier"] = np.where(override, m["override_tier"].map(rank), metric_tier).astype(np.int64)

    m = m.sort_values("customer_id")
    whole, cents = np.divmod(np.abs(m["window_net"].to_numpy()), 100)
    pd.DataFrame({
        "customer_id": m["customer_id"],
        "tier": np.array(TIERS, dtype=object)[m["tier"].to_numpy()],
        "net_spend": (pd.Series(np.where(m["window_net"] < 0, "-", ""), index=m.index)
                      + pd.Series(whole, index=m.index).astype(str) + "."
                      + pd.Series(cents, index=m.index).astype(str).str.zfill(2)),
        "visits": m["window_visits"],
    }).to_csv("scores.csv", index=False)

    active = m["period_sales"] > 0
    sales_net, sales_count = int(m["period_net"].sum()), int(m["period_sales"].sum())
    churned = m["churn_base"] & ~active & (m["last_sale"] <= lapse_by)
    lines = [
        ("members", len(m)),
        ("active", int(active.sum())),
        ("sales_net", sales_net),
        ("sales_count", sales_count),
        ("avg_ticket.num", sales_net),
        ("avg_ticket.den", sales_count),
        ("repurchase_rate.num", int((m["period_visits"] >= 2).sum())),
        ("repurchase_rate.den", int(active.sum())),
        ("churn_rate.num", int(churned.sum())),
        ("churn_rate.den", int(m["churn_base"].sum())),
        ("vip_sales_share.num", int(m.loc[m["tier"] >= 1, "period_net"].sum())),  # vip_min_tier gold
        ("vip_sales_share.den", sales_net),
    ]
    per_tier = m.groupby("tier").agg(
        customers=("tier", "size"), sales_net=("period_net", "sum"), sales_count=("period_sales", "sum"),
    ).reindex(range(len(TIERS)), fill_value=0)
    lines += [(f"tier_distribution.{name}", int(per_tier.at[i, "customers"])) for i, name in enumerate(TIERS)]
    for field in ("customers", "sales_net", "sales_count"):
        lines += [(f"avg_ticket.{name}.{field}", int(per_tier.at[i, field])) for i, name in enumerate(TIERS)]
    with open("kpi.txt", "w", encoding="utf-8") as out:
        out.writelines(f"{name} {value}\n" for name, value in lines)


if __name__ == "__main__":
    main()
