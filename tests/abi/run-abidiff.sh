#!/bin/sh
# ABI check (suite 'abi', test 'abidiff').
#
#   run-abidiff.sh ABIDIFF UPDATE_BASELINE_SH SUPPRESSIONS BASELINE LIBRARY
#
# Writes the built library's ABI with abi/update-baseline.sh --dump (the
# same abidw options as the baseline), then compares the two with
# `abidiff --non-reachable-types` and the suppressions in abidiff.suppr
# (private types). Any non-zero exit fails: abidiff's exit
# code is a set of bits (1 error, 2 usage error, 4 ABI change, 8
# incompatible change), and in a 1.x release even an addition must come
# with a regenerated baseline and a CHANGELOG entry.
#
# Why abixml against abixml, and not the .so directly: with abigail 2.2,
# `abidiff --non-reachable-types BASELINE.abi LIB.so` reports the public
# enums as added types on an unchanged library, `--drop-private-types` with
# an abixml first file aborts, and without --non-reachable-types a changed
# enum value (the status codes are passed as int) goes unnoticed.
set -u

if [ $# -ne 5 ]; then
	echo "usage: $0 ABIDIFF UPDATE_BASELINE_SH SUPPRESSIONS BASELINE LIBRARY" >&2
	exit 2
fi
ABIDIFF=$1
UPDATE=$2
SUPPR=$3
BASELINE=$4
LIB=$5

if [ ! -r "$BASELINE" ]; then
	echo "FAIL: no baseline $BASELINE: create it with abi/update-baseline.sh BUILD_DIR"
	exit 1
fi
if ! LC_ALL=C readelf -S "$LIB" 2>/dev/null | grep -q '\.debug_info'; then
	echo "SKIP: $LIB has no debug information (buildtype=release?): abidiff needs it"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vipcare-abi.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

if ! sh "$UPDATE" --dump "$LIB" "$tmp/current.abi"; then
	echo "FAIL: abidw could not read $LIB"
	exit 1
fi

"$ABIDIFF" --non-reachable-types --suppressions "$SUPPR" "$BASELINE" "$tmp/current.abi" > "$tmp/report" 2>&1
rc=$?
if [ "$rc" -eq 0 ]; then
	echo "ok: $LIB has the ABI of $BASELINE ($(grep -c '<elf-symbol ' "$tmp/current.abi") symbols)"
	exit 0
fi

what=
[ $((rc & 1)) -ne 0 ] && what="$what error;"
[ $((rc & 2)) -ne 0 ] && what="$what usage error;"
[ $((rc & 4)) -ne 0 ] && what="$what ABI change;"
[ $((rc & 8)) -ne 0 ] && what="$what INCOMPATIBLE ABI change;"
[ "$rc" -gt 15 ] && what="$what killed or crashed;"
echo "FAIL: abidiff exited $rc ($(echo "$what" | sed 's/^ //; s/;$//'))"
echo "  \$ $ABIDIFF --non-reachable-types --suppressions $SUPPR $BASELINE <abidw of $LIB>"
sed 's/^/  /' "$tmp/report"
cat <<EOF

The library's ABI differs from the baseline. If the change is a mistake,
undo it. If it is intended (a new function in a new VIPCARE_1.x map node, a
new enum value at the end), regenerate the baseline and add an ABI entry to
the CHANGELOG:
  abi/update-baseline.sh BUILD_DIR
EOF
exit 1
