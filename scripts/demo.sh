#!/usr/bin/env bash
# First look at libvipcare: build it and run `vipcare demo`.
#
#   bash scripts/demo.sh [--out DIR] [--members N] [--seed N]
#
# Installs the build tools if they are missing (apt-get, as root or through
# sudo), builds into build/ (kept between runs), and runs build/cli/vipcare
# demo: it generates a mall of 10,000 members in a temporary folder (or
# DIR), scores them, lists the next day's care agenda, computes the last
# month's KPIs, writes an HTML report and prints a summary with its path.
# The arguments go to `vipcare demo` (see `build/cli/vipcare demo --help`).
set -eu

cd "$(dirname "$0")/.."

# package:command-or-file that shows it is there
required=(meson:meson ninja-build:ninja gcc:gcc pkg-config:pkg-config libcmocka-dev:/usr/include/cmocka.h)
missing=()
for entry in "${required[@]}"; do
	what=${entry#*:}
	case $what in
	/*) [ -e "$what" ] || missing+=("${entry%%:*}") ;;
	*) command -v "$what" >/dev/null 2>&1 || missing+=("${entry%%:*}") ;;
	esac
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "installing: ${missing[*]}"
	sudo=
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ ! -f build/build.ninja ]; then
	meson setup build
fi
ninja -C build

echo
echo "\$ build/cli/vipcare demo $*"
exec build/cli/vipcare demo "$@"
