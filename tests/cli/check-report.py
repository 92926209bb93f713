#!/usr/bin/env python3
# The HTML report in a real browser: `vipcare kpi --format html` on the
# test mall, rendered by headless Chromium. The page must load with no
# console message (no script error, nothing it failed to load), render the
# report's content, and make a screenshot; the file must be
# self-contained (no script, no network, no external file).
#
#   check-report.py VIPCARE SOURCE_DIR [SCREENSHOT]
#
# Prints TAP; exits 77 (skipped) when no Chromium is installed. With
# SCREENSHOT, the picture is kept there (docs/cli-report.png is made so).
# Plain python3, standard library only.
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

VIPCARE = os.path.abspath(sys.argv[1])
SOURCE = os.path.abspath(sys.argv[2])
KEEP = sys.argv[3] if len(sys.argv) > 3 else None

browser = None
for name in ('chromium', 'chromium-browser', 'google-chrome'):
    browser = shutil.which(name)
    if browser:
        break
if browser is None:
    print('1..0 # SKIP no chromium on PATH')
    sys.exit(77)

checks = []


def check(name, ok, detail=''):
    checks.append((name, ok, detail))


tmp = tempfile.mkdtemp(prefix='vipcare-report-')
try:
    report = os.path.join(tmp, 'report.html')
    p = subprocess.run([VIPCARE, 'kpi', '--data', 'mall', '--from', '2025-06-01', '--to',
                        '2025-06-30', '--format', 'html', '--output', report],
                       cwd=os.path.join(SOURCE, 'tests', 'data'), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    check('vipcare kpi --format html exits 0', p.returncode == 0, p.stderr.decode())
    html = open(report, encoding='utf-8').read()
    outside = re.findall(r'(?i)<script|https?:|\bsrc\s*=|@import|url\(', html)
    check('the report is self-contained', not outside, 'found: %r' % outside)

    base = [browser, '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
            '--no-first-run', '--user-data-dir=' + os.path.join(tmp, 'profile'),
            '--window-size=1200,2200']
    shot = os.path.join(tmp, 'report.png')
    p = subprocess.run(base + ['--enable-logging=stderr', '--v=0', '--screenshot=' + shot,
                               'file://' + report],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    log = p.stderr.decode('utf-8', 'replace')
    console = [line for line in log.splitlines() if ':CONSOLE' in line]
    check('chromium exits 0', p.returncode == 0, log[-2000:])
    check('no console message while loading', not console, '\n'.join(console))
    try:
        with open(shot, 'rb') as f:
            head = f.read(24)
        width, height = struct.unpack('>II', head[16:24])
        check('a PNG screenshot of 1200 x 2200', head[:8] == b'\x89PNG\r\n\x1a\n' and
              (width, height) == (1200, 2200), 'header %r' % head)
        if KEEP:
            shutil.copyfile(shot, KEEP)
    except OSError as e:
        check('a PNG screenshot of 1200 x 2200', False, str(e))

    p = subprocess.run(base + ['--dump-dom', 'file://' + report], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=300)
    dom = p.stdout.decode('utf-8', 'replace')
    check('the page renders its title', '<h1>VIP Programme</h1>' in dom, dom[:500])
    rows = re.findall(r'<tr><td>', dom)
    check('the KPI table has a row per KPI and per tier', len(rows) == 28 + 4,
          '%d rows' % len(rows))
    check('the targets are judged', dom.count('class="missed"') == 4 and
          dom.count('class="met"') == 2, 'met %d, missed %d' % (dom.count('class="met"'),
                                                                dom.count('class="missed"')))
    check('six charts are drawn', dom.count('<svg') == 6, '%d svg' % dom.count('<svg'))
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print('1..%d' % len(checks))
for i, (name, ok, detail) in enumerate(checks, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
    if not ok:
        for line in detail.splitlines()[:40]:
            print('# ' + line)
sys.exit(0 if all(ok for _, ok, _ in checks) else 1)
