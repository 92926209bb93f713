"""The KPIs of a synthetic mall computed on a local Dask cluster of 2
worker processes, merged, equal the single-process KPIs exactly.

    VIPCARE_LIBRARY=build/lib/libvipcare.so.1 /usr/bin/python3 -m unittest -v examples/distributed/test_kpi_dask.py
"""

import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import kpi_dask  # noqa: E402
import mall  # noqa: E402
import vipcare  # noqa: E402

HEADER = os.path.join(HERE, "..", "..", "include", "vipcare", "kpi.h")


class DaskKpiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not vipcare.kpi_available():
            if os.path.exists(HEADER):
                raise AssertionError("include/vipcare/kpi.h declares the KPI calls but %s does not export %s"
                                     % (vipcare.library_path, ", ".join(vipcare._lib.missing())))
            raise unittest.SkipTest("this libvipcare has no KPI calls")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.folder = cls.tmp.name
        mall.generate(cls.folder, members=1500, seed=11)
        # worker processes import kpi_dask and mall by name
        os.environ["PYTHONPATH"] = os.pathsep.join([HERE, os.environ.get("PYTHONPATH", "")])
        cls.client, cls.cluster = kpi_dask.local_cluster(workers=2)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        cls.tmp.cleanup()

    def test_two_worker_processes(self):
        info = self.client.scheduler_info()["workers"]
        self.assertEqual(len(info), 2)
        pids = set(self.client.run(os.getpid).values())
        self.assertEqual(len(pids), 2)
        self.assertNotIn(os.getpid(), pids)

    def test_merged_equals_single_process(self):
        single = kpi_dask.single_state(self.folder, "2025-01-01", "2025-12-31")
        for partitions in (2, 3, 7):
            merged = kpi_dask.distributed_state(self.client, self.folder, partitions, "2025-01-01", "2025-12-31")
            self.assertEqual(bytes(merged), bytes(single), partitions)
            self.assertEqual(merged.as_dict(), single.as_dict())
        kpis = single.as_dict()
        # a real mall, not an empty one: the partitions had work to do
        self.assertGreater(kpis["members"], 1000)
        self.assertGreater(kpis["sales_count"], 5000)
        self.assertGreater(kpis["service"]["opened"], 100)

    def test_every_partition_holds_customers(self):
        sizes = []
        for k in range(3):
            with mall.load(self.folder, k, 3) as engine:
                sizes.append(engine.customer_count)
        with mall.load(self.folder) as engine:
            self.assertEqual(sum(sizes), engine.customer_count)
        self.assertTrue(all(s > 300 for s in sizes), sizes)

    def test_a_quarter_under_another_policy(self):
        policy = "[program]\nlapse_days = 60\n[tier.gold]\nmin_spend = 5000\n"
        single = kpi_dask.single_state(self.folder, "2025-04-01", "2025-06-30", policy)
        merged = kpi_dask.distributed_state(self.client, self.folder, 4, "2025-04-01", "2025-06-30", policy)
        self.assertEqual(bytes(merged), bytes(single))
        default = kpi_dask.single_state(self.folder, "2025-04-01", "2025-06-30")
        self.assertNotEqual(bytes(default), bytes(single))


if __name__ == "__main__":
    unittest.main()
