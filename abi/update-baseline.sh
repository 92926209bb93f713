#!/bin/sh
# Regenerates the ABI baseline abi/libvipcare.abi from a build.
#
#   abi/update-baseline.sh [BUILD_DIR]      (default: build)
#
# BUILD_DIR must be a gcc build with debug information (the default
# buildtype, debugoptimized, has it). Only run this for a release that
# changes the ABI on purpose (new functions in a new map node, new enum
# values), and say so in the CHANGELOG with an "ABI" entry: the 'abidiff'
# test fails on any difference from the baseline.
#
#   abi/update-baseline.sh --dump LIBRARY OUTPUT
#
# writes the normalized ABI of LIBRARY to OUTPUT; the 'abidiff' test uses it
# to compare the built library with the baseline the same way.
#
# What makes the file stable (the same on every machine and build directory,
# and unchanged by edits that do not touch the ABI):
#   --no-corpus-path --no-comp-dir-path   no path of the library or build dir
#   --no-show-locs                        no file:line:column of declarations
#   the translation units' paths are cut to their file name (sed below)
# What it records: every exported function with its symbol version, and with
# --load-all-types every type of the public headers (--headers-dir,
# --drop-private-types), also those no function signature reaches (the
# status and other enums, passed as int): their values are ABI too.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)

dump() {
	lib=$1
	out=$2
	if ! command -v abidw >/dev/null 2>&1; then
		echo "abidw not found (Debian: apt-get install abigail-tools)" >&2
		exit 1
	fi
	if ! LC_ALL=C readelf -S "$lib" 2>/dev/null | grep -q '\.debug_info'; then
		echo "$lib has no debug information: build with buildtype debugoptimized or debug" >&2
		exit 1
	fi
	tmp=$out.tmp.$$
	abidw --no-corpus-path --no-comp-dir-path --no-show-locs \
		--headers-dir "$top/include/vipcare" --drop-private-types \
		--load-all-types "$lib" > "$tmp"
	sed "s|\(<abi-instr [^>]* path='\)[^']*/\([^'/]*'\)|\1\2|" "$tmp" > "$out"
	rm -f "$tmp"
}

if [ "${1:-}" = "--dump" ]; then
	[ $# -eq 3 ] || { echo "usage: $0 --dump LIBRARY OUTPUT" >&2; exit 2; }
	dump "$2" "$3"
	exit 0
fi

builddir=${1:-build}
[ -f "$builddir/build.ninja" ] || {
	echo "$builddir is not a meson build directory (meson setup $builddir first)" >&2
	exit 1
}
ninja -C "$builddir" >/dev/null
lib=$builddir/lib/libvipcare.so.1
[ -e "$lib" ] || { echo "$lib not found" >&2; exit 1; }

dump "$lib" "$top/abi/libvipcare.abi"
echo "wrote $top/abi/libvipcare.abi from $lib ($(grep -c '<elf-symbol ' "$top/abi/libvipcare.abi") symbols)"
if command -v git >/dev/null 2>&1 && git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$top" --no-pager diff --stat -- abi/libvipcare.abi || true
fi
