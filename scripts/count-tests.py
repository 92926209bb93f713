#!/usr/bin/env python3
# Count test results from a meson test log (meson-logs/testlog.json: one JSON
# object per line, one line per test run).
#
#   count-tests.py [--shell] [--verbose] TESTLOG.json
#   count-tests.py --built BUILD_DIR [--suite S]... [--no-suite S]...
#
# A cmocka executable counts its test CASES, read from the summary lines
# cmocka 1.1.5 prints (on stderr; meson keeps stdout and stderr apart):
#   [  PASSED  ] N test(s).
#   [  FAILED  ] N test(s), listed below:
#   [  SKIPPED ] N test(s), listed below:
# (one set per group; groups add up). Any other test counts as 1. A test
# meson saw fail (a crash, a sanitizer or valgrind report after the cases
# passed, a timeout) counts at least 1 failed even if its cases passed.
# A skipped test (exit 77) counts as skipped, never as failed.
#
# Prints one line per test, then a total; with --shell the last line is
#   passed=N failed=N skipped=N
# for `eval` in scripts/test.sh. Exits 0 unless the log is unreadable.
#
# With --built (for a build that failed part way), lists the tests that
# would run with these suite options as `built NAME` or `missing NAME`,
# according to whether their executable exists, so that scripts/test.sh can
# run what was built and count the rest as failed.
import argparse
import json
import re
import sys

PASSED = re.compile(r'^\[  PASSED  \] (\d+) test\(s\)\.', re.M)
FAILED = re.compile(r'^\[  FAILED  \] (\d+) test\(s\), listed below:', re.M)
SKIPPED = re.compile(r'^\[  SKIPPED \] (\d+) test\(s\), listed below:', re.M)
# cmocka with CMOCKA_MESSAGE_OUTPUT=tap, in case a test runs that way.
TAP_PLAN = re.compile(r'^1\.\.(\d+)', re.M)
TAP_OK = re.compile(r'^ok \d+', re.M)
TAP_NOT_OK = re.compile(r'^not ok \d+', re.M)
TAP_SKIP = re.compile(r'^ok \d+.*#\s*SKIP', re.M | re.I)

GOOD = {'OK', 'EXPECTEDFAIL'}
SKIP = {'SKIP'}


def count_one(test):
    """(passed, failed, skipped, how) for one test run."""
    result = test.get('result', 'ERROR')
    output = (test.get('stdout') or '') + '\n' + (test.get('stderr') or '')

    if result in SKIP:
        return 0, 0, 1, 'skipped'

    passed = sum(int(n) for n in PASSED.findall(output))
    failed = sum(int(n) for n in FAILED.findall(output))
    skipped = sum(int(n) for n in SKIPPED.findall(output))
    how = 'cmocka cases'
    if passed + failed + skipped == 0 and TAP_PLAN.search(output):
        skipped = len(TAP_SKIP.findall(output))
        passed = len(TAP_OK.findall(output)) - skipped
        failed = len(TAP_NOT_OK.findall(output))
        how = 'TAP cases'

    if passed + failed + skipped == 0:
        # Not a cmocka test (or it died before its summary): the test itself.
        if result in GOOD:
            return 1, 0, 0, 'one check'
        return 0, 1, 0, 'one check'

    if result not in GOOD and failed == 0:
        # Every case passed, yet the run failed: a leak or sanitizer report
        # at exit, valgrind's error exit code, a timeout.
        failed = 1
        how += ' + run failed (%s)' % result
    return passed, failed, skipped, how


def list_built(builddir, suites, no_suites):
    import os
    import subprocess
    out = subprocess.run(['meson', 'introspect', '--tests', builddir], check=True,
                         stdout=subprocess.PIPE, universal_newlines=True).stdout
    for test in json.loads(out):
        names = {s.split(':', 1)[-1] for s in test.get('suite') or []}
        if suites and not names & set(suites):
            continue
        if names & set(no_suites):
            continue
        cmd = test.get('cmd') or ['']
        print('%s %s' % ('built' if os.path.exists(cmd[0]) else 'missing', test['name']))
    return 0


def main():
    if '--built' in sys.argv:
        ap = argparse.ArgumentParser()
        ap.add_argument('--built', required=True, metavar='BUILD_DIR')
        ap.add_argument('--suite', action='append', default=[])
        ap.add_argument('--no-suite', action='append', default=[])
        args = ap.parse_args()
        return list_built(args.built, args.suite, args.no_suite)

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--shell', action='store_true',
                    help='end with passed=N failed=N skipped=N')
    ap.add_argument('--verbose', '-v', action='store_true',
                    help='list every test, not only those that failed or skipped')
    ap.add_argument('log')
    args = ap.parse_args()

    totals = [0, 0, 0]
    try:
        with open(args.log, encoding='utf-8', errors='replace') as f:
            lines = [line for line in f if line.strip()]
    except OSError as e:
        print('count-tests: cannot read %s: %s' % (args.log, e), file=sys.stderr)
        return 2

    for line in lines:
        try:
            test = json.loads(line)
        except ValueError as e:
            print('count-tests: bad line in %s: %s' % (args.log, e), file=sys.stderr)
            totals[1] += 1
            continue
        p, f, s, how = count_one(test)
        totals[0] += p
        totals[1] += f
        totals[2] += s
        if args.verbose or f or s:
            suites = ','.join(test.get('suite') or [])
            print('  %-8s %-40s passed=%d failed=%d skipped=%d  [%s]'
                  % (test.get('result', '?'), test.get('name', '?'), p, f, s,
                     '; '.join(x for x in (suites, how) if x)))

    print('  %s: %d test runs, passed=%d failed=%d skipped=%d'
          % (args.log, len(lines), totals[0], totals[1], totals[2]))
    if args.shell:
        print('passed=%d failed=%d skipped=%d' % tuple(totals))
    return 0


if __name__ == '__main__':
    sys.exit(main())
