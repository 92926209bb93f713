"""Objects freed in every order, explicitly, by the garbage collector and
at interpreter exit, without a crash; a closed object refuses to be used."""

import gc
import itertools
import os
import subprocess
import sys
import unittest

import vipcare

from .helpers import GOLD, m, sale

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_all():
    """One of every handle-owning object, the dependent ones made from the
    engine: a policy, an engine, a customer and a transaction record, a
    score cursor (mid-walk) and an agenda."""
    policy = vipcare.Policy()
    policy["retain_days"] = 10
    engine = vipcare.Engine(policy)
    customer = vipcare.Customer("A", birthday=(3, 1), consent={"sms"})
    engine.add_customer(customer)
    txn = vipcare.Transaction("T1", "A", "2025-03-01T10:00", GOLD)
    engine.add_transaction(txn)
    sale(engine, "T2", "B", "2025-03-02T10:00", m(100))
    engine.checkout("A", "2025-03-05T10:00")  # makes the engine's checkout list
    engine.score("A", "2025-03-05")           # and its score
    cursor = engine.scores("2025-03-05")
    next(cursor)
    agenda = engine.agenda("2025-03-01", "2025-03-31")
    return {"policy": policy, "engine": engine, "customer": customer, "txn": txn, "cursor": cursor,
            "agenda": agenda}


def use(objects):
    """Uses whatever is still open: the results must still be right."""
    if not objects["cursor"].closed:
        rest = list(objects["cursor"])
        assert [s.customer for s in rest] == ["B"], rest
    if not objects["agenda"].closed:
        assert objects["agenda"][0].customer == "A"
        assert len(objects["agenda"]) == 5, list(objects["agenda"])
    if not objects["engine"].closed:
        assert objects["engine"].score("A", "2025-03-05").tier == "gold"
    if not objects["customer"].closed:
        assert objects["customer"].id == "A"
    if not objects["txn"].closed:
        assert objects["txn"].amount == GOLD
    if not objects["policy"].closed:
        assert objects["policy"]["retain_days"] == 10


class LifetimeTest(unittest.TestCase):
    def test_close_in_every_order(self):
        names = sorted(make_all())
        count = 0
        for order in itertools.permutations(names):
            objects = make_all()
            for name in order:
                objects[name].close()
                use(objects)
                objects[name].close()  # twice is harmless
            count += 1
        self.assertEqual(count, 720)

    def test_del_in_every_order_with_gc(self):
        names = sorted(make_all())
        for order in itertools.permutations(names, 3):
            objects = make_all()
            for name in order:
                del objects[name]
                gc.collect()
                # the ones left still work
                for rest in ("engine", "cursor", "agenda"):
                    if rest in objects and rest != "cursor":
                        if rest == "engine":
                            self.assertEqual(objects["engine"].score("A", "2025-03-05").tier, "gold")
                        else:
                            self.assertEqual(len(objects["agenda"]), 5)
            del objects
            gc.collect()

    def test_dependents_outlive_their_engine(self):
        engine = vipcare.Engine()
        sale(engine, "T1", "A", "2025-03-01T10:00", GOLD)
        sale(engine, "T2", "B", "2025-03-01T10:00", m(100))
        cursor = engine.scores("2025-03-05")
        agenda = engine.agenda("2025-03-01", "2025-03-31")
        del engine
        gc.collect()
        self.assertEqual([(s.customer, s.tier) for s in cursor], [("A", "gold"), ("B", "member")])
        self.assertEqual(agenda[0].customer, "A")

    def test_cycles_are_collected(self):
        # objects in a reference cycle are freed by the collector, whatever
        # order it picks
        for _ in range(50):
            objects = make_all()
            holder = {"objects": objects}
            holder["self"] = holder
            for obj in objects.values():
                obj.cycle = holder
            del objects, holder
        gc.collect()
        self.assertEqual(gc.garbage, [])

    def test_closed_objects_refuse_to_work(self):
        objects = make_all()
        for obj in objects.values():
            obj.close()
            self.assertTrue(obj.closed)
        with self.assertRaisesRegex(ValueError, "this Engine is closed"):
            objects["engine"].score("A", "2025-03-05")
        with self.assertRaisesRegex(ValueError, "this Policy is closed"):
            objects["policy"]["window_days"]
        with self.assertRaisesRegex(ValueError, "this Customer is closed"):
            objects["customer"].id
        with self.assertRaisesRegex(ValueError, "this Agenda is closed"):
            objects["agenda"][0]
        self.assertEqual(list(objects["cursor"]), [])
        with vipcare.Engine() as engine:
            pass
        self.assertTrue(engine.closed)
        with self.assertRaises(ValueError):
            vipcare.Engine(objects["policy"])

    def test_left_for_interpreter_exit(self):
        code = ("import vipcare, sys\n"
                "from tests.test_lifetime import make_all\n"
                "objects = make_all()\n"
                "keep = [objects['cursor'], objects['agenda'], objects['engine'], objects['policy']]\n"
                "sys.modules['__main__'].keep = keep\n"
                "print('ok')\n")
        env = dict(os.environ, PYTHONPATH=HERE)
        result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
                                cwd=HERE)
        self.assertEqual((result.returncode, result.stdout, result.stderr), (0, "ok\n", ""))


if __name__ == "__main__":
    unittest.main()
