#!/bin/sh
# Symbol leak test (suite 'abi', test 'symbols').
#
#   check-symbols.sh NM MAP SHARED_LIB STATIC_LIB
#
# The shared library may export only vipcare_* functions, each one under a
# default version (name@@NODE) whose NODE is a version node of the map
# (VIPCARE_1.0, VIPCARE_1.1, ...); the only other dynamic entries allowed
# are the version nodes themselves (nm shows them as absolute symbols).
# The static archive may define no external symbol outside the vipcare_
# namespace (internal helpers are vipcare__*, which is inside it): a program
# that links the archive must not get a clash on a name such as 'parse_date'.
set -u

if [ $# -ne 4 ]; then
	echo "usage: $0 NM MAP SHARED_LIB STATIC_LIB" >&2
	exit 2
fi
NM=$1
MAP=$2
SHARED=$3
STATIC=$4

for f in "$MAP" "$SHARED" "$STATIC"; do
	if [ ! -r "$f" ]; then
		echo "FAIL: cannot read $f" >&2
		exit 1
	fi
done

# Version nodes declared by the map: lines such as 'VIPCARE_1.0 {'.
nodes=$(sed -n 's/^[[:space:]]*\(VIPCARE_[0-9][0-9.]*\)[[:space:]]*{.*/\1/p' "$MAP")
if [ -z "$nodes" ]; then
	echo "FAIL: no VIPCARE_x.y version node found in $MAP" >&2
	exit 1
fi

failed=0

dyn=$("$NM" -D --defined-only "$SHARED") || {
	echo "FAIL: $NM -D --defined-only $SHARED failed" >&2
	exit 1
}
shared_bad=$(printf '%s\n' "$dyn" | awk -v nodes="$(echo $nodes)" '
	BEGIN { n = split(nodes, list, " "); for (i = 1; i <= n; i++) ok[list[i]] = 1 }
	NF == 0 { next }
	{
		type = $(NF - 1); sym = $NF
		if (type == "A" && (sym in ok)) next          # a version node
		at = index(sym, "@@")
		if (at == 0) { print "  " sym " (" type "): not versioned with @@VIPCARE_1.x"; next }
		name = substr(sym, 1, at - 1); node = substr(sym, at + 2)
		if (name !~ /^vipcare_[a-z0-9]/) { print "  " sym " (" type "): outside the vipcare_ namespace"; next }
		if (!(node in ok)) { print "  " sym " (" type "): version node " node " is not in the map"; next }
	}')
nshared=$(printf '%s\n' "$dyn" | grep -c '@@')
if [ -n "$shared_bad" ]; then
	echo "FAIL: $SHARED exports symbols it must not:"
	printf '%s\n' "$shared_bad"
	failed=1
elif [ "$nshared" -eq 0 ]; then
	echo "FAIL: $SHARED exports no versioned symbol at all"
	failed=1
else
	echo "ok: $SHARED exports $nshared symbols, all vipcare_* under a map node ($(echo $nodes))"
fi

sta=$("$NM" --defined-only "$STATIC") || {
	echo "FAIL: $NM --defined-only $STATIC failed" >&2
	exit 1
}
# External definitions have an uppercase type (T, D, B, R, C, W, V, G, S...).
static_bad=$(printf '%s\n' "$sta" | awk '
	/:$/ { obj = $0; sub(/:$/, "", obj); next }
	NF < 2 { next }
	{
		type = $(NF - 1); sym = $NF
		if (type !~ /^[A-Z]$/ || type == "U") next
		if (sym ~ /^vipcare_/) next
		print "  " sym " (" type ") in " obj
	}')
nstatic=$(printf '%s\n' "$sta" | awk 'NF >= 2 && $(NF - 1) ~ /^[A-TV-Z]$/' | wc -l)
if [ -n "$static_bad" ]; then
	echo "FAIL: $STATIC defines external symbols outside vipcare_ (make them static or rename them vipcare__*):"
	printf '%s\n' "$static_bad"
	failed=1
elif [ "$nstatic" -eq 0 ]; then
	echo "FAIL: $STATIC defines no external symbol at all"
	failed=1
else
	echo "ok: $STATIC defines $nstatic external symbols, all vipcare_*"
fi

exit $failed
