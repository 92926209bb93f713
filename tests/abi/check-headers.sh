#!/bin/sh
# Header compile test (suite 'abi', tests 'headers-c' and 'headers-cxx').
#
#   check-headers.sh c|c++ INCLUDE_DIR -- COMPILER [ARGS...] -- HEADER...
#
# Each public header must compile on its own, first thing in a translation
# unit, with strict flags: a header that relies on another one being
# included before it, uses a GNU extension, or is not valid C++ breaks
# somebody's build. An empty COMPILER means none was found: the test is
# skipped (exit 77).
set -u

if [ $# -lt 4 ]; then
	echo "usage: $0 c|c++ INCLUDE_DIR -- COMPILER [ARGS...] -- HEADER..." >&2
	exit 2
fi
lang=$1
incdir=$2
shift 2
[ "$1" = "--" ] || { echo "$0: expected -- before the compiler" >&2; exit 2; }
shift

# Collect the compiler command (may be several words, e.g. ccache cc).
compiler=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	compiler="$compiler $(printf '%s' "$1" | sed "s/'/'\\\\''/g; s/^/'/; s/\$/'/")"
	shift
done
[ $# -gt 0 ] && shift
if [ -z "$(echo "$compiler" | tr -d " '")" ]; then
	echo "SKIP: no $lang compiler found (looked for c++, g++, clang++)"
	exit 77
fi
if [ $# -eq 0 ]; then
	echo "FAIL: no header given" >&2
	exit 1
fi

case $lang in
c)
	ext=c
	flags='-std=c11 -pedantic -Werror -Wall -Wextra'
	;;
c++)
	ext=cpp
	flags='-x c++ -std=c++11 -pedantic -Werror -Wall -Wextra'
	;;
*)
	echo "$0: unknown language '$lang'" >&2
	exit 2
	;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vipcare-headers.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0
for header in "$@"; do
	# The name a user writes: <vipcare/score.h>.
	rel=vipcare/$(basename "$header")
	src=$tmp/$(basename "$header" .h).$ext
	# Included twice: the second time checks the include guard.
	printf '#include <%s>\n#include <%s>\n' "$rel" "$rel" > "$src"
	cmd="$compiler $flags -I'$incdir' -c '$src' -o '$tmp/out.o'"
	if out=$(eval "$cmd" 2>&1); then
		echo "ok: $rel compiles alone as $lang"
		pass=$((pass + 1))
	else
		echo "FAIL: $rel does not compile alone as $lang:"
		echo "  \$ $cmd"
		printf '%s\n' "$out" | sed 's/^/  /'
		fail=$((fail + 1))
	fi
done

echo "$pass header(s) ok, $fail failed ($lang)"
[ "$fail" -eq 0 ]
