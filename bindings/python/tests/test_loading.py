"""Finding and loading the library: by SONAME, through VIPCARE_LIBRARY
(a file or its directory), and the version check."""

import os
import subprocess
import sys
import unittest

import vipcare

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_python(code, **env):
    environment = dict(os.environ)
    environment.update(env)
    environment["PYTHONPATH"] = HERE
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=60)


class LoadingTest(unittest.TestCase):
    def test_version(self):
        major, minor, patch = map(int, vipcare.library_version.split("."))
        self.assertEqual(vipcare.library_version_number, major * 10000 + minor * 100 + patch)
        self.assertEqual(major, 1)
        self.assertGreaterEqual(vipcare.library_version_number, vipcare.WRITTEN_FOR)
        self.assertTrue(vipcare.library_path.endswith("libvipcare.so.1"))

    def test_environment_variable_file_and_directory(self):
        path = os.environ.get("VIPCARE_LIBRARY")
        if not path:
            self.skipTest("VIPCARE_LIBRARY is not set: the library came by SONAME")
        real = path if not os.path.isdir(path) else os.path.join(path, "libvipcare.so.1")
        for value in (real, os.path.dirname(real)):
            result = run_python("import vipcare; print(vipcare.library_path, vipcare.library_version)",
                                VIPCARE_LIBRARY=value)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stdout.split(), [os.path.join(os.path.dirname(real), "libvipcare.so.1"), "1.0.0"])

    def test_by_soname_through_the_loader(self):
        path = os.environ.get("VIPCARE_LIBRARY")
        if not path:
            self.skipTest("VIPCARE_LIBRARY is not set")
        directory = path if os.path.isdir(path) else os.path.dirname(path)
        result = run_python("import vipcare; print(vipcare.library_path)", VIPCARE_LIBRARY="",
                            LD_LIBRARY_PATH=directory)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "libvipcare.so.1")

    def test_a_missing_library_is_a_clear_import_error(self):
        result = run_python("import vipcare", VIPCARE_LIBRARY="/nonexistent/libvipcare.so.1")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("LibraryNotFound", result.stderr)
        self.assertIn("VIPCARE_LIBRARY=/nonexistent/libvipcare.so.1", result.stderr)

    def test_a_library_too_old_is_refused(self):
        # The same library, with the package claiming to need 1.1.0.
        code = ("import vipcare._clib as c\n"
                "c.WRITTEN_FOR = 10100\n"
                "try:\n    c._Library()\nexcept ImportError as e:\n    print('refused:', e)\n")
        result = run_python(code)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("refused:", result.stdout)
        self.assertIn("is libvipcare 1.0.0, but this package needs 1.x at or above 1.1.0", result.stdout)


if __name__ == "__main__":
    unittest.main()
