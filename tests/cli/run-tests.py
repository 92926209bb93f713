#!/usr/bin/env python3
# End-to-end tests of the vipcare command, one TAP line per case.
#
#   run-tests.py VIPCARE SOURCE_DIR [NAME...]
#
# Every subcommand runs on the small data folders of tests/data/ (with
# tests/data as the working directory, so that messages show paths such as
# `bad/bad-date/transactions.csv`), and its exit status, standard output,
# standard error and written files are compared as a whole with the files
# in tests/cli/expected/, which were checked by hand (docs/cli.md says
# how). `@OUT@` in an expected file stands for the case's temporary folder.
# Plain python3, standard library only.
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

VIPCARE = os.path.abspath(sys.argv[1])
SOURCE = os.path.abspath(sys.argv[2])
ONLY = set(sys.argv[3:])
DATA = os.path.join(SOURCE, 'tests', 'data')
EXPECTED = os.path.join(SOURCE, 'tests', 'cli', 'expected')

results = []


def expected(name):
    with open(os.path.join(EXPECTED, name), encoding='utf-8', newline='') as f:
        return f.read()


def run(args, cwd=DATA, env=None):
    p = subprocess.run([VIPCARE] + args, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')


def diff(what, got, want):
    def cut(text):
        # long lines (the 1 MB row) shown by their ends
        return [line if len(line) < 300 else '%s[...%d bytes...]%s' % (
            line[:120], len(line) - 240, line[-120:]) for line in text.splitlines(True)]
    lines = difflib.unified_diff(cut(want), cut(got), 'expected ' + what, 'got ' + what, n=2)
    text = ''.join(lines)
    return text[:4000] + ('\n[...]' if len(text) > 4000 else '')


class Case:
    def __init__(self, name):
        self.name = name
        self.problems = []
        self.tmp = tempfile.mkdtemp(prefix='vipcare-test-')

    def check(self, what, got, want):
        if got != want:
            self.problems.append(diff(what, got, want) if isinstance(got, str)
                                 else '%s: got %r, expected %r' % (what, got, want))

    def fail(self, text):
        self.problems.append(text)

    def out(self, text):
        return text.replace('@OUT@', self.tmp)

    def file(self, name):
        with open(os.path.join(self.tmp, name), encoding='utf-8', newline='') as f:
            return f.read()


def case(func):
    name = func.__name__.replace('_', '-')
    if ONLY and name not in ONLY:
        return func
    c = Case(name)
    try:
        func(c)
    except Exception as e:  # a crash of the test itself fails the case
        c.fail('exception: %r' % (e,))
    shutil.rmtree(c.tmp, ignore_errors=True)
    results.append((name, c.problems))
    return func


def expect_run(c, args, code, out='', err='', cwd=DATA):
    """Runs and compares exit, stdout and stderr: None (not compared), the
    expected text, or `<NAME` for the file tests/cli/expected/NAME."""
    got = run([c.out(a) for a in args], cwd=cwd)
    for what, value, i in (('stdout', out, 1), ('stderr', err, 2)):
        if value is None:
            continue
        if value.startswith('<'):
            value = expected(value[1:])
        c.check(what, got[i], c.out(value))
    c.check('exit status', got[0], code)
    return got


# ---------------------------------------------------------------- the mall

@case
def score_csv(c):
    expect_run(c, ['score', '--data', 'mall', '--asof', '2025-06-30'], 0, '<mall-score.csv')


@case
def score_json(c):
    expect_run(c, ['score', '--data', 'mall', '--asof', '2025-06-30', '--format', 'json'], 0,
               '<mall-score.json')
    # the JSON is JSON, and says what the CSV says
    got = run(['score', '--data', 'mall', '--asof', '2025-06-30', '--format', 'json'])[1]
    rows = json.loads(got)['members']
    csv = expected('mall-score.csv').splitlines()
    header = csv[0].split(',')
    for row, line in zip(rows, csv[1:]):
        for key, value in zip(header, line.split(',')):
            j = row[key]
            c.check('%s.%s' % (row['customer_id'], key),
                    '' if j is None else str(j), value)


@case
def score_output_file(c):
    expect_run(c, ['score', '--data', 'mall', '--asof', '2025-06-30', '--output',
                   '@OUT@/score.csv'], 0, '')
    c.check('score.csv', c.file('score.csv'), expected('mall-score.csv'))


@case
def score_earlier_date(c):
    # as of 2024-12-31 only what was dated by then counts; EVE, GUS and HANK are not members yet
    expect_run(c, ['score', '--data', 'mall', '--asof', '2024-12-31'], 0,
               '<mall-score-2024-12-31.csv')


@case
def score_policy_refuses_redemption(c):
    # gold needs 12,000.00: BOB (10,500.00) is a member, so his parking redemption is refused
    expect_run(c, ['score', '--data', 'mall', '--asof', '2025-06-30', '--policy',
                   'policies/gold-12000.ini'], 2, '',
               'mall/redemptions.csv:4:3: tier_too_low\n')
    expect_run(c, ['score', '--data', 'mall', '--asof', '2025-06-30', '--policy',
                   'policies/gold-12000.ini', '--rejects', '@OUT@/rejects.csv'], 0,
               '<mall-score-gold-12000.csv', '<mall-gold-12000.err')
    c.check('rejects.csv', c.file('rejects.csv'), expected('mall-gold-12000.rejects'))


@case
def agenda_csv(c):
    expect_run(c, ['agenda', '--data', 'mall', '--from', '2025-06-25', '--to', '2025-07-05'], 0,
               '<mall-agenda.csv', 'suppressed: birthday=1 lapse=1\n')


@case
def agenda_json(c):
    expect_run(c, ['agenda', '--data', 'mall', '--from', '2025-06-25', '--to', '2025-07-05',
                   '--format', 'json'], 0, '<mall-agenda.json', '')
    got = json.loads(run(['agenda', '--data', 'mall', '--from', '2025-06-25', '--to',
                          '2025-07-05', '--format', 'json'])[1])
    c.check('suppressed', got['suppressed'], {'birthday': 1, 'lapse': 1})
    c.check('items', len(got['items']), 7)


@case
def agenda_one_day(c):
    # due 2025-06-23 or overdue from 2025-06-09: the same items up to that day
    expect_run(c, ['agenda', '--data', 'mall', '--from', '2025-06-23', '--to', '2025-06-23'], 0,
               '<mall-agenda-2025-06-23.csv', 'suppressed: birthday=1 lapse=1\n')


@case
def kpi_json(c):
    # every figure of June 2025 worked out by hand (docs/cli.md)
    expect_run(c, ['kpi', '--data', 'mall', '--from', '2025-06-01', '--to', '2025-06-30'], 0,
               '<mall-kpi-2025-06.json', '')
    json.loads(expected('mall-kpi-2025-06.json'))


@case
def kpi_csv(c):
    expect_run(c, ['kpi', '--data', 'mall', '--from', '2025-06-01', '--to', '2025-06-30',
                   '--format', 'csv'], 0, '<mall-kpi-2025-06.csv', '')
    # the CSV says what the JSON says
    rows = {}
    for line in expected('mall-kpi-2025-06.csv').splitlines()[1:]:
        key, value, num, den = line.split(',')
        rows[key] = (value, num, den)
    j = json.loads(expected('mall-kpi-2025-06.json'))
    for key in ('repurchase_rate', 'churn_rate', 'vip_churn_rate', 'vip_sales_share', 'csat'):
        c.check(key, rows[key], ('%.6f' % j[key]['value'], str(j[key]['num']),
                                 str(j[key]['den'])))
    c.check('nps', rows['nps'][1:], (str(j['nps']['num']), str(j['nps']['den'])))
    c.check('members', rows['members'][0], str(j['members']))
    c.check('care_done', rows['care_done'][1:], (str(j['care']['done']['num']),
                                                 str(j['care']['done']['den'])))
    c.check('migration', rows['migration.platinum.diamond'][0],
            str(j['tier_migration']['platinum']['diamond']))


@case
def kpi_html(c):
    expect_run(c, ['kpi', '--data', 'mall', '--from', '2025-06-01', '--to', '2025-06-30',
                   '--format', 'html', '--output', '@OUT@/report.html'], 0, '', '')
    c.check('report.html', c.file('report.html'), expected('mall-kpi-2025-06.html'))


@case
def kpi_scores(c):
    # one load for both: the KPIs on stdout, every member's score as of --to in the file,
    # equal to `vipcare score --asof 2025-06-30`
    expect_run(c, ['kpi', '--data', 'mall', '--from', '2025-06-01', '--to', '2025-06-30',
                   '--scores', '@OUT@/scores.csv'], 0, '<mall-kpi-2025-06.json', '')
    c.check('scores.csv', c.file('scores.csv'), expected('mall-score.csv'))
    expect_run(c, ['kpi', '--data', 'mall', '--from', '2025-06-01', '--to', '2025-06-30',
                   '--output', '@OUT@/kpi.json', '--scores', '@OUT@/kpi.json'], 1, '',
               "vipcare kpi: --scores and --output name the same file\n"
               "Try 'vipcare kpi --help'.\n")
    expect_run(c, ['kpi', '--data', 'mall', '--from', '2025-06-01', '--to', '2025-06-30',
                   '--scores', '-'], 1, '',
               "vipcare kpi: --scores and --output name the same file\n"
               "Try 'vipcare kpi --help'.\n")


@case
def kpi_usage(c):
    expect_run(c, ['kpi', '--data', 'mall', '--from', '2025-06-30', '--to', '2025-06-01'], 1,
               '', "vipcare kpi: --to 2025-06-01 is before --from 2025-06-30\n"
               "Try 'vipcare kpi --help'.\n")
    expect_run(c, ['kpi', '--data', 'mall', '--from', '2025-06-01', '--to', '2025-06-30',
                   '--format', 'pdf'], 1, '',
               "vipcare kpi: --format: expected json, csv or html, found 'pdf'\n"
               "Try 'vipcare kpi --help'.\n")


@case
def points_csv(c):
    # every balance and lot worked out by hand (docs/cli.md)
    expect_run(c, ['points', '--data', 'mall', '--asof', '2025-06-30'], 0, '<mall-points.csv', '')


@case
def points_json(c):
    # as of 2024-12-31: three members; CAROL has no points, so no next expiry
    expect_run(c, ['points', '--data', 'mall', '--asof', '2024-12-31', '--format', 'json'], 0,
               '<mall-points-2024-12-31.json', '')
    json.loads(expected('mall-points-2024-12-31.json'))


@case
def benefits_json(c):
    for who in ('ALICE', 'BOB', 'FRANK', 'ZED'):
        expect_run(c, ['benefits', '--data', 'mall', '--customer', who, '--at',
                       '2025-06-30T18:00', '--format', 'json'], 0,
                   '<mall-benefits-%s.json' % who.lower(), '')


@case
def benefits_text(c):
    expect_run(c, ['benefits', '--data', 'mall', '--customer', 'ALICE', '--at', '2025-06-30'],
               0, '<mall-benefits-alice.txt', '')


@case
def policy_ini(c):
    expect_run(c, ['policy'], 0, '<policy-default.ini')
    # what it prints reads back as the same policy
    with open(os.path.join(c.tmp, 'p.ini'), 'w') as f:
        f.write(expected('policy-default.ini'))
    expect_run(c, ['policy', '--policy', '@OUT@/p.ini'], 0, '<policy-default.ini')


@case
def policy_json(c):
    expect_run(c, ['policy', '--format', 'json'], 0, '<policy-default.json')
    json.loads(expected('policy-default.json'))
    expect_run(c, ['policy', '--format', 'json', '--policy', 'policies/gold-12000.ini'], 0,
               '<policy-gold-12000.json')


@case
def policy_bad(c):
    expect_run(c, ['policy', '--policy', 'policies/bad-value.ini'], 2, '',
               'policies/bad-value.ini:3:14: [program] lapse_days: expected an integer '
               '1..36525, found "0"\n')
    expect_run(c, ['policy', '--policy', 'policies/nope.ini'], 3, '',
               'policies/nope.ini: cannot open the policy file: No such file or directory\n')
    expect_run(c, ['score', '--data', 'mall', '--asof', '2025-06-30', '--policy',
                   'policies/bad-value.ini'], 2, '',
               'policies/bad-value.ini:3:14: [program] lapse_days: expected an integer '
               '1..36525, found "0"\n')


@case
def header_bom_crlf(c):
    # a byte-order mark, CRLF, columns in another order, quoted fields with
    # commas, doubled quotes and a line break, a blank line, an unknown
    # column given twice (one warning), a last row without a line end
    warn = 'crlf-bom/transactions.csv:1:2: warning: unknown column "note" is ignored\n'
    expect_run(c, ['score', '--data', 'crlf-bom', '--asof', '2025-06-30'], 0,
               '<crlf-bom-score.csv', warn)
    expect_run(c, ['score', '--data', 'crlf-bom', '--asof', '2025-06-30', '--rejects',
                   '@OUT@/r.csv'], 0, '<crlf-bom-score.csv',
               'crlf-bom/customers.csv: read 2, accepted 2, rejected 0\n' + warn +
               'crlf-bom/transactions.csv: read 4, accepted 4, rejected 0\n')
    c.check('rejects', c.file('r.csv'), 'file,line,reason,row\n')


# ---------------------------------------------------------------- bad input

# name: (exit without --rejects, its stderr, rows read/accepted/rejected)
BAD = {
    'bad-date': (2, 'bad/bad-date/transactions.csv:3:3: ts: invalid timestamp '
                 '"2025-02-30T10:00": February 2025 has 28 days\n'),
    'amount-decimals': (2, 'bad/amount-decimals/transactions.csv:3:4: amount: invalid amount '
                        '"12.345": at most 2 fraction digits\n'),
    'amount-letters': (2, 'bad/amount-letters/transactions.csv:3:4: amount: invalid amount '
                       '"12a": unexpected character \'a\' at byte 3\n'),
    'amount-overflow': (2, 'bad/amount-overflow/transactions.csv:3:4: amount: invalid amount '
                        '"99999999999999999999": out of range -92233720368547758.08 .. '
                        '92233720368547758.07\n'),
    'amount-negative': (2, 'bad/amount-negative/transactions.csv:3:4: amount: expected an '
                        'amount of 0.01 .. 10000000000000.00 (the kind gives the sign), '
                        'found "-5.00"\n'),
    'unknown-kind': (2, 'bad/unknown-kind/transactions.csv:3:5: kind: expected sale or refund, '
                     'found "void"\n'),
    'duplicate-id': (2, 'bad/duplicate-id/transactions.csv:4:1: duplicate\n'),
    'refund-exceeds': (2, 'bad/refund-exceeds/transactions.csv:4:4: amount: refund "R2" of '
                       '50.00 exceeds the 40.00 left of original "T1"\n'),
    'refund-other-customer': (2, 'bad/refund-other-customer/transactions.csv:3:6: ref_txn_id: '
                              'refund "R1": original "T1" is another customer\'s sale\n'),
    'embedded-newline': (2, 'bad/embedded-newline/transactions.csv:3:2: customer_id: customer '
                         'id "C\\x0a1" has a control character at byte 2; printable UTF-8 '
                         'expected\n'),
    'truncated': (2, 'bad/truncated/transactions.csv:3:4: the row has 3 fields; the header '
                  'has 4\n'),
    'customer-rows': (2, 'bad/customer-rows/customers.csv:3:2: birthday: invalid date '
                      '"1990-02-29": February 1990 has 28 days\n'),
    'redemption-rows': (2, 'bad/redemption-rows/redemptions.csv:3:1: duplicate\n'),
    'care-rows': (2, 'bad/care-rows/care.csv:3:1: customer_id: care record for customer '
                  '"C2", who is not known\n'),
    'feedback-rows': (2, 'bad/feedback-rows/surveys.csv:3:4: score: expected 0..10 for nps, '
                      'found "11"\n'),
    'points-rows': (2, 'bad/points-rows/points.csv:3:1: duplicate\n'),
}


def bad_case(name):
    def test(c):
        code, err = BAD[name]
        d = 'bad/' + name
        expect_run(c, ['score', '--data', d, '--asof', '2025-06-30'], code, '', err)
        # with --rejects: every bad row in the rejects file, the run goes on
        expect_run(c, ['score', '--data', d, '--asof', '2025-06-30', '--rejects',
                       '@OUT@/rejects.csv'], 0, '<bad-%s.out' % name, '<bad-%s.err' % name)
        c.check('rejects.csv', c.file('rejects.csv'), expected('bad-%s.rejects' % name))
    test.__name__ = 'bad_' + name.replace('-', '_')
    case(test)


for _name in BAD:
    bad_case(_name)


@case
def bad_missing_file(c):
    expect_run(c, ['score', '--data', 'bad/missing-file', '--asof', '2025-06-30'], 3, '',
               'bad/missing-file/transactions.csv: cannot open: No such file or directory '
               '(the file is required)\n')
    expect_run(c, ['score', '--data', 'bad/no-such-folder', '--asof', '2025-06-30'], 3, '',
               'bad/no-such-folder: cannot read the data folder: No such file or directory\n')


@case
def bad_missing_column(c):
    err = 'bad/missing-column/transactions.csv:1:1: required column "amount" is missing\n'
    expect_run(c, ['score', '--data', 'bad/missing-column', '--asof', '2025-06-30'], 2, '', err)
    # a header problem stops the run before any row, --rejects or not
    expect_run(c, ['score', '--data', 'bad/missing-column', '--asof', '2025-06-30',
                   '--rejects', '@OUT@/r.csv'], 2, '', err)
    c.check('rejects', c.file('r.csv'), 'file,line,reason,row\n')


@case
def bad_duplicate_column(c):
    os.mkdir(os.path.join(c.tmp, 'd'))
    with open(os.path.join(c.tmp, 'd', 'transactions.csv'), 'w') as f:
        f.write('txn_id,customer_id,ts,amount,customer_id\nT1,C1,2025-01-01,1.00,C2\n')
    expect_run(c, ['score', '--data', '@OUT@/d', '--asof', '2025-06-30'], 2, '',
               '@OUT@/d/transactions.csv:1:5: column "customer_id" appears twice '
               '(columns 2 and 5)\n')
    with open(os.path.join(c.tmp, 'd', 'transactions.csv'), 'w') as f:
        f.write('txn_id,ts\nT1,2025-01-01\n')
    expect_run(c, ['score', '--data', '@OUT@/d', '--asof', '2025-06-30'], 2, '',
               '@OUT@/d/transactions.csv:1:1: required columns "customer_id", "amount" '
               'are missing\n')


@case
def bad_empty_file(c):
    err = 'bad/empty-file/transactions.csv:1:1: the file is empty; expected a header row\n'
    expect_run(c, ['score', '--data', 'bad/empty-file', '--asof', '2025-06-30'], 2, '', err)
    expect_run(c, ['score', '--data', 'bad/empty-file', '--asof', '2025-06-30', '--rejects',
                   '@OUT@/r.csv'], 2, '', err)


@case
def bad_header_only(c):
    header = expected('mall-score.csv').splitlines(True)[0]
    expect_run(c, ['score', '--data', 'bad/header-only', '--asof', '2025-06-30'], 0, header, '')
    expect_run(c, ['score', '--data', 'bad/header-only', '--asof', '2025-06-30', '--rejects',
                   '@OUT@/r.csv'], 0, header,
               'bad/header-only/transactions.csv: read 0, accepted 0, rejected 0\n')
    c.check('rejects', c.file('r.csv'), 'file,line,reason,row\n')


@case
def bad_long_line(c):
    # a row of 1 MB: rejected as a whole, kept unchanged in the rejects file,
    # and the rows after it are read
    os.mkdir(os.path.join(c.tmp, 'd'))
    long_row = 'T2,' + 'x' * 1000000 + ',2025-01-02T10:00,2.00'
    with open(os.path.join(c.tmp, 'd', 'transactions.csv'), 'w') as f:
        f.write('txn_id,customer_id,ts,amount\nT1,C1,2025-01-01T10:00,1.00\n' + long_row +
                '\nT3,C1,2025-01-03T10:00,3.00\n')
    expect_run(c, ['score', '--data', '@OUT@/d', '--asof', '2025-06-30'], 2, '',
               '@OUT@/d/transactions.csv:3:1: row is %d bytes long; at most 65536 allowed\n'
               % len(long_row))
    got = expect_run(c, ['score', '--data', '@OUT@/d', '--asof', '2025-06-30', '--rejects',
                         '@OUT@/r.csv'], 0, None,
                     '@OUT@/d/transactions.csv: read 3, accepted 2, rejected 1\n')
    c.check('score', got[1].splitlines()[1:],
            ['C1,member,4.00,2,2025-01-01,2025-01-03,4.00,base,gold,9996.00,0,'])
    c.check('rejects', c.file('r.csv'),
            'file,line,reason,row\ntransactions.csv,3,row is %d bytes long; at most 65536 '
            'allowed,"%s"\n' % (len(long_row), long_row))


@case
def bad_rejects_unwritable(c):
    expect_run(c, ['score', '--data', 'mall', '--asof', '2025-06-30', '--rejects',
                   '@OUT@/no/such/r.csv'], 3, '',
               '@OUT@/no/such/r.csv: cannot create the rejects file: No such file or '
               'directory\n')
    expect_run(c, ['score', '--data', 'mall', '--asof', '2025-06-30', '--output',
                   '@OUT@/no/such/s.csv'], 3, '',
               'vipcare score: cannot create @OUT@/no/such/s.csv: No such file or directory\n')


# ---------------------------------------------------------------- usage

@case
def usage_errors(c):
    hint = "\nTry 'vipcare score --help'.\n"
    expect_run(c, [], 1, '', None)
    expect_run(c, ['frobnicate'], 1, '',
               "vipcare: unknown command 'frobnicate'\nTry 'vipcare --help'.\n")
    expect_run(c, ['score', '--data', 'mall'], 1, '',
               'vipcare score: --asof DATE is required' + hint)
    expect_run(c, ['score', '--asof', '2025-13-01'], 1, '',
               'vipcare score: --asof: invalid date "2025-13-01": month 13 is not 1..12' + hint)
    expect_run(c, ['score', '--asof', '2025-06-30', '--color'], 1, '',
               "vipcare score: unknown option '--color'" + hint)
    expect_run(c, ['score', '--asof', '2025-06-30', '--from', '2025-01-01'], 1, '',
               "vipcare score: unknown option '--from'" + hint)
    expect_run(c, ['score', '--asof', '2025-06-30', '--format', 'xml'], 1, '',
               "vipcare score: --format: expected csv or json, found 'xml'" + hint)
    expect_run(c, ['score', '--asof', '2025-06-30', '--asof=2025-07-01'], 1, '',
               "vipcare score: option '--asof' is given twice" + hint)
    expect_run(c, ['score', '--asof'], 1, '',
               "vipcare score: option '--asof' needs a value" + hint)
    expect_run(c, ['score', 'mall'], 1, '', "vipcare score: unexpected argument 'mall'" + hint)
    expect_run(c, ['agenda', '--from', '2025-07-01', '--to', '2025-06-30'], 1, '',
               "vipcare agenda: --to 2025-06-30 is before --from 2025-07-01\n"
               "Try 'vipcare agenda --help'.\n")
    expect_run(c, ['benefits', '--customer', 'A', '--at', '2025-06-30T25:00'], 1, '',
               'vipcare benefits: --at: invalid timestamp "2025-06-30T25:00": hour 25 is not '
               "00..23\nTry 'vipcare benefits --help'.\n")
    expect_run(c, ['generate', '--out', '@OUT@/g', '--members', '0'], 1, '',
               "vipcare generate: --members: expected a whole number 1..50000000, found '0'\n"
               "Try 'vipcare generate --help'.\n")
    # the rejects or the output never overwrite a data file
    before = open(os.path.join(DATA, 'mall', 'points.csv'), 'rb').read()
    expect_run(c, ['score', '--data', 'mall', '--asof', '2025-06-30', '--rejects',
                   'mall/points.csv'], 1, '',
               'vipcare score: --rejects mall/points.csv is a data file of mall' + hint)
    expect_run(c, ['score', '--data', 'mall/', '--asof', '2025-06-30', '--output',
                   './mall/points.csv'], 1, '',
               'vipcare score: --output ./mall/points.csv is a data file of mall/' + hint)
    c.check('mall/points.csv untouched',
            open(os.path.join(DATA, 'mall', 'points.csv'), 'rb').read(), before)
    # --opt=value is the same as --opt value
    expect_run(c, ['score', '--data=mall', '--asof=2025-06-30'], 0, '<mall-score.csv')


HELP = {
    'points': ['--asof', '--data', '--policy', '--rejects', '--format', '--output'],
    'kpi': ['--from', '--to', '--data', '--policy', '--rejects', '--format', '--output',
            '--scores'],
    'score': ['--asof', '--data', '--policy', '--rejects', '--format', '--output'],
    'agenda': ['--from', '--to', '--data', '--policy', '--rejects', '--format', '--output'],
    'benefits': ['--customer', '--at', '--data', '--policy', '--rejects', '--format',
                 '--output'],
    'policy': ['--policy', '--format', '--output'],
    'generate': ['--out', '--members', '--seed', '--start', '--end'],
    'demo': ['--out', '--members', '--seed'],
}


@case
def help_texts(c):
    code, out, err = run(['--help'])
    c.check('vipcare --help exit', code, 0)
    for name in HELP:
        c.check('vipcare --help lists ' + name, ('  %s ' % name) in out, True)
    for name, options in HELP.items():
        code, out, err = run([name, '--help'])
        c.check(name + ' --help exit', code, 0)
        c.check(name + ' --help stderr', err, '')
        c.check(name + ' --help first line', out.split('\n', 1)[0].startswith(
            'Usage: vipcare %s ' % name), True)
        for option in options:
            c.check('%s --help documents %s' % (name, option), ('  %s ' % option) in out, True)


# ---------------------------------------------------------------- generate and demo

GENERATED = ['customers.csv', 'transactions.csv', 'surveys.csv', 'service.csv', 'care.csv',
             'redemptions.csv', 'points.csv']


@case
def generate_small(c):
    expect_run(c, ['generate', '--out', '@OUT@/g', '--members', '40', '--seed', '7',
                   '--start', '2025-01-01', '--end', '2025-03-31'], 0, '', '')
    for name in GENERATED:
        c.check(name, c.file('g/' + name), expected('generate/' + name))
    # the same arguments give the same bytes
    expect_run(c, ['generate', '--out', '@OUT@/h', '--members', '40', '--seed', '7',
                   '--start', '2025-01-01', '--end', '2025-03-31'], 0, '', '')
    for name in GENERATED:
        c.check('again ' + name, c.file('h/' + name), c.file('g/' + name))


@case
def generate_loads_clean(c):
    # every row generate writes is accepted under the default policy
    expect_run(c, ['generate', '--out', '@OUT@/g', '--members', '500', '--seed', '3'], 0, '', '')
    code, out, err = run(['score', '--data', c.tmp + '/g', '--asof', '2025-12-31',
                          '--rejects', c.tmp + '/r.csv'])
    c.check('exit', code, 0)
    c.check('rejects', c.file('r.csv'), 'file,line,reason,row\n')
    for line in err.splitlines():
        if ': read ' in line:
            read = line.split(': read ')[1]
            n = read.split(',')[0]
            c.check(line, read, '%s, accepted %s, rejected 0' % (n, n))


@case
def demo(c):
    got = expect_run(c, ['demo', '--out', '@OUT@/demo', '--members', '300', '--seed', '2'], 0,
                     '<demo.out', None)
    c.check('stderr', got[2].startswith('timing: generate '), True)
    c.check('score.csv', c.file('demo/score.csv').split('\n', 1)[0],
            expected('mall-score.csv').split('\n', 1)[0])
    c.check('rejects.csv', c.file('demo/rejects.csv'), 'file,line,reason,row\n')


# ---------------------------------------------------------------- report

print('1..%d' % len(results))
failed = 0
for number, (name, problems) in enumerate(results, 1):
    if problems:
        failed += 1
        print('not ok %d - %s' % (number, name))
        for p in problems:
            for line in p.splitlines():
                print('# ' + line)
    else:
        print('ok %d - %s' % (number, name))
sys.exit(1 if failed else 0)
