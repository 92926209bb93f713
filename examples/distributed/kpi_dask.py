#!/usr/bin/python3
"""kpi_dask -- the KPIs of a mall too big for one machine, on Dask
distributed (Debian's python3-distributed).

The customers are partitioned by a hash of their id (mall.partition_of);
one task per partition runs in a worker process, loads libvipcare through
the Python package, loads its customers with all their records from the
data folder, computes the KPI state of the period and returns its bytes;
the states are merged into the KPIs of the whole mall. The merged state
is the same, byte for byte, as one engine holding every customer computes
(`--check` verifies it).

    # a local cluster of 2 worker processes, on a synthetic mall
    VIPCARE_LIBRARY=build/lib/libvipcare.so.1 /usr/bin/python3 examples/distributed/kpi_dask.py \\
        --generate /tmp/mall --members 5000 --from 2025-01-01 --to 2025-12-31 --check

    # a real cluster: the scheduler's address; the data folder must be
    # readable at the same path on every worker (see docs/scaling.md)
    /usr/bin/python3 examples/distributed/kpi_dask.py --scheduler tcp://10.0.0.5:8786 \\
        --data /shared/mall --partitions 64 --from 2025-01-01 --to 2025-12-31

Prints the KPIs as the `vipcare kpi --format json` command would.
"""

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import mall  # noqa: E402  (also puts bindings/python on sys.path)
import vipcare  # noqa: E402


def partition_state(folder, partition, partitions, start, end, policy_text=None):
    """Runs in a worker: the KPI state of one partition, as bytes (what
    travels between processes and machines: versioned, checksummed,
    little-endian)."""
    policy = vipcare.Policy.from_text(policy_text) if policy_text else None
    with mall.load(folder, partition, partitions, policy) as engine:
        with engine.kpi_state(start, end) as state:
            return bytes(state)


def distributed_state(client, folder, partitions, start, end, policy_text=None):
    """The merged KPI state of every partition, computed on a Dask cluster."""
    futures = [client.submit(partition_state, folder, k, partitions, start, end, policy_text, pure=False)
               for k in range(partitions)]
    return vipcare.KpiState.merged(client.gather(futures))


def single_state(folder, start, end, policy_text=None):
    """The KPI state of one engine holding every customer, in this process."""
    policy = vipcare.Policy.from_text(policy_text) if policy_text else None
    with mall.load(folder, 0, 1, policy) as engine:
        return engine.kpi_state(start, end)


def local_cluster(workers=2):
    """A Dask cluster of worker processes on this machine (loopback only)."""
    from distributed import Client, LocalCluster
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None)
    return Client(cluster), cluster


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="the data folder (DESIGN §10 files)")
    parser.add_argument("--generate", metavar="DIR", help="write a synthetic mall into DIR first and use it")
    parser.add_argument("--members", type=int, default=5000, help="members of the synthetic mall")
    parser.add_argument("--policy", help="a policy file (default: the default policy)")
    parser.add_argument("--from", dest="start", default="2025-01-01")
    parser.add_argument("--to", dest="end", default="2025-12-31")
    parser.add_argument("--scheduler", help="a running Dask scheduler's address (default: a local cluster)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster")
    parser.add_argument("--partitions", type=int, help="customer partitions (default: 2 per worker)")
    parser.add_argument("--check", action="store_true", help="also compute in one process and compare")
    args = parser.parse_args(argv)
    folder = args.generate or args.data
    if not folder:
        parser.error("give --data DIR or --generate DIR")
    if args.generate:
        mall.generate(args.generate, members=args.members)
    policy_text = open(args.policy, encoding="utf-8").read() if args.policy else None

    if args.scheduler:
        from distributed import Client
        client, cluster = Client(args.scheduler), None
    else:
        client, cluster = local_cluster(args.workers)
    try:
        workers = len(client.scheduler_info()["workers"])
        partitions = args.partitions or 2 * workers
        t0 = time.perf_counter()
        merged = distributed_state(client, folder, partitions, args.start, args.end, policy_text)
        print("%d partitions on %d workers: %.1f s" % (partitions, workers, time.perf_counter() - t0), file=sys.stderr)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    sys.stdout.write(merged.to_json())
    if args.check:
        t0 = time.perf_counter()
        single = single_state(folder, args.start, args.end, policy_text)
        same = bytes(single) == bytes(merged)
        print("one process: %.1f s; merged state %s the single-process state"
              % (time.perf_counter() - t0, "equals" if same else "DIFFERS FROM"), file=sys.stderr)
        if not same:
            return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except mall.BadRow as exc:
        print("kpi_dask: %s" % exc, file=sys.stderr)
        sys.exit(2)
