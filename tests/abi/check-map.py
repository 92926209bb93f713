#!/usr/bin/env python3
# Map versus headers (suite 'abi', test 'map-vs-headers').
#
#   check-map.py --nm NM --map lib/vipcare.map --shared libvipcare.so -- HEADER...
#
# Three sets must be equal: the functions declared with VIPCARE_API in the
# public headers, the symbols listed in the linker map, and the symbols the
# shared library exports. A function declared but missing from the map is
# not exported (callers fail to link); a map entry without a declaration is
# an undocumented export or a typo; an export that is in neither leaked.
import argparse
import re
import subprocess
import sys

COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
DECL = re.compile(r'\bVIPCARE_API\b([^;{}()]*?)\b([A-Za-z_][A-Za-z0-9_]*)\s*\(')


def header_symbols(paths):
    """Function names declared with VIPCARE_API, mapped to their header."""
    found = {}
    for path in paths:
        with open(path, encoding='utf-8') as f:
            text = f.read()
        text = COMMENT.sub(' ', text)
        # Drop preprocessor lines (with their continuations): the export
        # macro's own definition is not a declaration.
        text = re.sub(r'^[ \t]*#(?:[^\n]*\\\n)*[^\n]*', ' ', text, flags=re.M)
        for m in DECL.finditer(text):
            found.setdefault(m.group(2), path)
    return found


def map_symbols(path):
    """Symbols under 'global:' in each version node, mapped to the node."""
    with open(path, encoding='utf-8') as f:
        text = COMMENT.sub(' ', f.read())
    found = {}
    for node, body in re.findall(r'([A-Za-z_][A-Za-z0-9_.]*)\s*\{(.*?)\}', text, re.S):
        scope = None
        for token in re.split(r'[;\s]+', body):
            if not token:
                continue
            if token.endswith(':'):
                scope = token[:-1]
                continue
            if scope == 'global' and token != '*':
                found.setdefault(token, node)
    return found


def shared_symbols(nm, path):
    out = subprocess.run([nm, '-D', '--defined-only', path], check=True,
                         stdout=subprocess.PIPE, universal_newlines=True).stdout
    found = set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 2 or fields[-2] == 'A':
            continue  # version nodes show as absolute symbols
        found.add(fields[-1].split('@')[0])
    return found


def report(title, names, where=None):
    print('FAIL: %s:' % title)
    for name in sorted(names):
        print('  %s%s' % (name, ' (%s)' % where[name] if where else ''))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--nm', default='nm')
    ap.add_argument('--map', required=True)
    ap.add_argument('--shared', required=True)
    ap.add_argument('headers', nargs='+')
    args = ap.parse_args()

    declared = header_symbols(args.headers)
    mapped = map_symbols(args.map)
    exported = shared_symbols(args.nm, args.shared)
    ok = True

    if not declared:
        print('FAIL: no VIPCARE_API declaration found in %s' % ' '.join(args.headers))
        ok = False
    missing = set(declared) - set(mapped)
    if missing:
        report('declared with VIPCARE_API but missing from %s' % args.map, missing, declared)
        ok = False
    extra = set(mapped) - set(declared)
    if extra:
        report('listed in %s but declared in no public header' % args.map, extra, mapped)
        ok = False
    unexported = set(mapped) - exported
    if unexported:
        report('listed in the map but not exported by %s (not defined, or defined static?)'
               % args.shared, unexported, mapped)
        ok = False
    leaked = exported - set(mapped)
    if leaked:
        report('exported by %s but not listed in the map' % args.shared, leaked)
        ok = False

    if ok:
        print('ok: %d functions declared with VIPCARE_API, listed in the map and exported'
              % len(declared))
        return 0
    return 1


if __name__ == '__main__':
    sys.exit(main())
