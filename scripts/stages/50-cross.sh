# shellcheck shell=bash
# shellcheck disable=SC2154,SC2034 # the helpers and variables of scripts/test.sh
# Extra CI stages, sourced by scripts/test.sh: the library on the machines a
# mall runs it on (issue 11, docs/portability.md). One stage per platform,
# so that the summary gives each one's counts and time:
#
#   s390x  big-endian 64-bit Linux. The library, its unit tests and the
#          fuzz corpus replays, cross-built with Debian's gcc-s390x-linux-gnu
#          (cross/s390x.ini, -Dwerror=true) and run under qemu-s390x.
#   armhf  32-bit ARM Linux, as in POS terminals (32-bit long, size_t and
#          time_t): the same with gcc-arm-linux-gnueabihf under qemu-arm.
#   win64  x86-64 Windows with mingw-w64 (cross/windows-x86_64.ini): the DLL,
#          its import library and the static library; the DLL's exports
#          checked against lib/vipcare.map; the unit tests and the corpus
#          replays under wine64, linked with a cmocka built here with
#          mingw-w64 from Debian's cmocka source package (Debian has no
#          cmocka for Windows); examples/tiers.exe run under wine64 against
#          the DLL.
#
# A cmocka executable counts each of its cases (scripts/count-tests.py). The
# suites that do not run on a foreign platform are counted as skipped, each
# with its reason in the summary (cross_skip_reason below); a suite not
# listed there is skipped with a generic reason, never silently.
#
# Files that cross machines (issue 11, item 3: KPI state bytes, snapshots,
# journals): commit what x86-64 writes under tests/fixtures/ and test them in
# an ordinary cmocka test of the unit suite, which reads the fixture
# (through VIPCARE_SOURCE_DIR, as tests/test-policy-care.c reads its files)
# and writes the same data itself to compare the bytes. This stage then runs
# that test on s390x, armhf and Windows with nothing to add here; a fixture
# test in a suite of its own needs only its name in cross_suites.
#
# Packages: the stage installs its own (as root, or through sudo), since the
# foreign-architecture ones (libcmocka-dev:s390x, libcmocka-dev:armhf) need
# `dpkg --add-architecture` first. An architecture the stage added is removed
# again at its end, with its packages, so that a later `apt-get update` on
# this machine never depends on the foreign indexes; the cross compilers,
# qemu-user and wine64 stay.

cross_suites=(unit fuzz-corpus)

declare -A cross_skip_reason=(
	[abi]="symbols and headers do not depend on the target (the gcc stage checks them, win64 the DLL's exports); the abidiff baseline is x86-64's"
	[docs]="doxygen's output does not depend on the target (the gcc stage builds it)"
	[cli]="the command's end-to-end tests drive it from Python and Chromium on the build machine (the gcc and asan stages run them); the library it calls is tested here by the unit suite"
)

cross_native_packages=(
	gcc-s390x-linux-gnu libc6-dev-s390x-cross
	gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
	gcc-mingw-w64-x86-64 qemu-user wine64 cmake xz-utils
)
cross_foreign_packages=(libcmocka-dev:s390x libcmocka-dev:armhf)
cross_added_archs=()
cross_wine=/usr/lib/wine/wine64

cross_sudo=
if [ "$(id -u)" -ne 0 ] && command -v sudo > /dev/null 2>&1; then
	cross_sudo=sudo
fi

cross_installed() {
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

cross_apt() {
	$cross_sudo env DEBIAN_FRONTEND=noninteractive \
		apt-get -q -o DPkg::Lock::Timeout=600 "$@" < /dev/null
}

# Installs what is missing; returns 1 when something is still missing.
cross_install() {
	local missing=() p arch
	for p in "${cross_native_packages[@]}" "${cross_foreign_packages[@]}"; do
		cross_installed "$p" || missing+=("$p")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		echo "cross: every package is installed"
		return 0
	fi
	if [ "$(id -u)" -ne 0 ] && [ -z "$cross_sudo" ]; then
		echo "cross: not root and no sudo: cannot install ${missing[*]}"
		return 1
	fi
	for arch in s390x armhf; do
		if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
			run $cross_sudo dpkg --add-architecture "$arch" && cross_added_archs+=("$arch")
		fi
	done
	# A foreign index that fails to download (a mirror being synced) need
	# not stop the install: the packages may all be in the other indexes.
	run cross_apt update || echo "cross: apt-get update reported errors; installing from the indexes it has"
	local log rc
	log=$(mktemp)
	run cross_apt install -y --no-install-recommends "${missing[@]}" > "$log" 2>&1
	rc=$?
	tail -n 5 "$log"
	rm -f "$log"
	return "$rc"
}

# Removes the architectures this stage added, and their packages: only
# when the removal takes nothing else along (libc6:ARCH is protected, hence
# --allow-remove-essential, checked by a simulation first).
cross_restore_archs() {
	local arch pkgs plan
	for arch in "${cross_added_archs[@]}"; do
		mapfile -t pkgs < <(dpkg-query -W -f='${db:Status-Status} ${Package}:${Architecture}\n' |
			awk -v a=":$arch" '$1 == "installed" && substr($2, length($2) - length(a) + 1) == a { print $2 }')
		if [ ${#pkgs[@]} -gt 0 ]; then
			plan=$(apt-get -s purge "${pkgs[@]}" 2> /dev/null | awk '/^Purg / { print $2 }')
			if [ -z "$plan" ] || printf '%s\n' "$plan" | grep -qv ":$arch\$"; then
				echo "cross: the $arch packages stay: removing them would remove others too"
				continue
			fi
			echo "cross: removing ${pkgs[*]}"
			if ! cross_apt purge -y --allow-remove-essential "${pkgs[@]}" > /dev/null 2>&1; then
				echo "cross: could not remove the $arch packages"
				continue
			fi
		fi
		$cross_sudo dpkg --remove-architecture "$arch" ||
			echo "cross: could not remove the $arch architecture"
	done
	cross_added_archs=()
}

# Counts every test of a build that is in no suite of cross_suites as
# skipped, with its suite's reason. $1 build dir, $2 platform.
cross_skip_other_suites() {
	local suite n reason
	while read -r suite n; do
		[ -n "$suite" ] || continue
		reason=${cross_skip_reason[$suite]:-"suite $suite is not run on a foreign platform (add it to cross_suites in scripts/stages/50-cross.sh once it runs under the exe wrapper)"}
		stage_skip[$cur]=$((stage_skip[$cur] + n))
		note "$2: suite $suite ($n) skipped: $reason"
		echo "skipped on $2: suite $suite, $n test(s): $reason"
	done < <(meson introspect --tests "$1" | "$PYTHON" -c '
import collections, json, sys
run = set(sys.argv[1:])
skipped = collections.Counter()
for t in json.load(sys.stdin):
    suites = {s.split(":", 1)[-1] for s in t.get("suite") or []}
    if not suites & run:
        skipped[sorted(suites)[0] if suites else "(none)"] += 1
for suite, n in sorted(skipped.items()):
    print(suite, n)
' "${cross_suites[@]}")
}

cross_suite_args() {
	local s
	cross_args=()
	for s in "$@"; do
		cross_args+=(--suite "$s")
	done
}

# One Linux platform: $1 name (s390x, armhf), $2 its qemu, $3 description.
cross_linux() {
	local name=$1 qemu=$2 dir=build-cross-$1
	stage_begin "$name" "$3"
	[ -n "$cross_install_failed" ] && note "$cross_install_failed"
	if ! command -v "$qemu" > /dev/null 2>&1; then
		check_fail "$name: $qemu is not installed (Debian package qemu-user)"
		stage_end
		return
	fi
	build_env=()
	build "$dir" --cross-file "cross/$name.ini" -Dwerror=true \
		-Ddocs=disabled -Dabi_check=disabled -Dbenchmarks=false
	if [ "$state" != none ]; then
		cross_suite_args "${cross_suites[@]}"
		# qemu is slower than the build machine
		meson_test "$dir" "$state" testlog "${cross_args[@]}" --timeout-multiplier 4
		cross_skip_other_suites "$dir" "$name"
	fi
	stage_end
}

# ---------------------------------------------------------------- packages

cross_t0=$(date +%s)
say "cross stages: packages"
cross_install_failed=
cross_install || cross_install_failed="some cross packages could not be installed"
echo "cross: packages ready in $(($(date +%s) - cross_t0))s (counted in no stage)"

# ---------------------------------------------------------------- s390x, armhf

cross_linux s390x qemu-s390x "big-endian s390x: unit tests and corpus replays under qemu-s390x"
cross_linux armhf qemu-arm "32-bit ARM (armhf): unit tests and corpus replays under qemu-arm"

# ---------------------------------------------------------------- Windows

# Builds cmocka with mingw-w64 from Debian's source package (fetched
# through apt-get with a private list of the machine's own Debian sources,
# turned into deb-src), installs it under $cross_cmocka/prefix and writes a
# cross file that points pkg-config there and runs the tests under wine64.
cross_cmocka=$top/build-cross-cmocka
cross_build_cmocka() {
	local apt_dir=$cross_cmocka/apt src f
	rm -rf "$cross_cmocka"
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/parts" \
		"$cross_cmocka/src" "$cross_cmocka/pc"
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		sed 's/^Types:.*$/Types: deb-src/' "$f" > "$apt_dir/parts/$(basename "$f")"
	done
	if [ -f /etc/apt/sources.list ]; then
		sed -n 's/^deb \(.*\)$/deb-src \1/p' /etc/apt/sources.list > "$apt_dir/parts/main.list"
	fi
	local opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt_dir/parts"
		-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
		-o APT::Sandbox::User=root)
	# the other indexes may fail (a mirror being synced); cmocka is in main
	apt-get -q "${opts[@]}" update > "$cross_cmocka/apt.log" 2>&1 < /dev/null
	(cd "$cross_cmocka/src" && apt-get -q "${opts[@]}" source --download-only cmocka) \
		>> "$cross_cmocka/apt.log" 2>&1 < /dev/null || {
		tail -n 5 "$cross_cmocka/apt.log"
		echo "apt-get source cmocka failed"
		return 1
	}
	for f in "$cross_cmocka"/src/cmocka_*.orig.tar.*; do
		case $f in
		*.asc) ;;
		*) tar -C "$cross_cmocka/src" -xf "$f" || return 1 ;;
		esac
	done
	for src in "$cross_cmocka"/src/cmocka-*/; do :; done
	src=${src%/}
	[ -f "$src/src/cmocka.c" ] || {
		echo "no cmocka source in $cross_cmocka/src"
		return 1
	}
	cmake -S "$src" -B "$cross_cmocka/build" -DCMAKE_SYSTEM_NAME=Windows \
		-DCMAKE_C_COMPILER=x86_64-w64-mingw32-gcc -DCMAKE_RC_COMPILER=x86_64-w64-mingw32-windres \
		-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$cross_cmocka/prefix" \
		-DWITH_STATIC_LIB=ON -DUNIT_TESTING=OFF -DWITH_EXAMPLES=OFF \
		> "$cross_cmocka/cmake.log" 2>&1 &&
		cmake --build "$cross_cmocka/build" --parallel 2 >> "$cross_cmocka/cmake.log" 2>&1 &&
		cmake --install "$cross_cmocka/build" >> "$cross_cmocka/cmake.log" 2>&1 || {
		tail -n 20 "$cross_cmocka/cmake.log"
		echo "cmocka did not build with mingw-w64"
		return 1
	}
	# cmocka.h gives print_error() and its siblings the format checks of
	# msvcrt.dll's printf (what `printf` means to gcc on mingw), yet this
	# cmocka, compiled as C99, prints with mingw-w64's own C99 printf,
	# which knows %zu: the header says so here, or -Werror refuses a %zu.
	sed -i 's/__format__ (__printf__, a, b)/__format__ (gnu_printf, a, b)/' \
		"$cross_cmocka/prefix/include/cmocka.h"
	grep -q '__format__ (gnu_printf, a, b)' "$cross_cmocka/prefix/include/cmocka.h" || {
		echo "cmocka.h: no printf format attribute found to correct"
		return 1
	}
	# the static library: no cmocka.dll to find at run time
	cat > "$cross_cmocka/pc/cmocka.pc" <<-EOF
		prefix=$cross_cmocka/prefix
		Name: cmocka
		Description: cmocka built with mingw-w64 (static)
		Version: ${src##*cmocka-}
		Libs: -L\${prefix}/lib -lcmocka-static
		Cflags: -I\${prefix}/include
	EOF
	cat > "$cross_cmocka/wine.ini" <<-EOF
		# Written by scripts/stages/50-cross.sh: the tests' cmocka and wine64.
		[binaries]
		exe_wrapper = ['$cross_wine']
		[properties]
		pkg_config_libdir = ['$cross_cmocka/pc']
	EOF
	echo "cmocka ${src##*cmocka-} built with mingw-w64 in $cross_cmocka/prefix"
}

# Windows reserves these names whatever the extension (nul.ini is NUL).
cross_windows_reserved() {
	find "$@" -type f 2>/dev/null | awk -F/ '{
		base = tolower($NF); sub(/\..*/, "", base)
		if (base ~ /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/) print }'
}

stage_begin win64 "x86-64 Windows (mingw-w64): DLL, exports, unit tests under wine64"
[ -n "$cross_install_failed" ] && note "$cross_install_failed"
cross_win_dir=build-cross-win64
export WINEPREFIX=$top/$cross_win_dir-wineprefix WINEDEBUG=-all WINEDLLOVERRIDES='mscoree,mshtml='
rm -rf "$WINEPREFIX"

cross_win_tests=
cross_win_why=
if [ ! -x "$cross_wine" ]; then
	cross_win_why="wine64 is not installed ($cross_wine)"
elif ! command -v cmake > /dev/null 2>&1; then
	cross_win_why="cmake is not installed, so cmocka cannot be built for Windows"
else
	say "win64: cmocka for mingw-w64"
	if cross_build_cmocka; then
		cross_win_tests=1
	else
		cross_win_why="cmocka could not be built with mingw-w64 (log in $cross_cmocka)"
	fi
fi

build_env=()
cross_win_opts=(-Dwerror=true -Ddocs=disabled -Dabi_check=disabled -Dbenchmarks=false)
note "win64: benchmarks not built: they time with POSIX getrusage() and clock_gettime()"
if grep -q "^option('command'" meson_options.txt; then
	cross_win_opts+=(-Dcommand=false)
	note "win64: the vipcare command not built: cli/ uses POSIX calls (mkdtemp, ...); the library is what Windows POS software links"
fi
if [ -n "$cross_win_tests" ]; then
	build "$cross_win_dir" --cross-file cross/windows-x86_64.ini --cross-file "$cross_cmocka/wine.ini" \
		"${cross_win_opts[@]}"
else
	check_fail "win64: the unit tests were not built: $cross_win_why"
	build "$cross_win_dir" --cross-file cross/windows-x86_64.ini -Dtests=false "${cross_win_opts[@]}"
fi

if [ "$state" != none ]; then
	# The DLL, its import library and the static library.
	cross_missing=
	for f in lib/libvipcare-1.dll lib/libvipcare.dll.a lib/libvipcare.a; do
		[ -f "$cross_win_dir/$f" ] || cross_missing="$cross_missing $f"
	done
	if [ -z "$cross_missing" ]; then
		check_ok "win64: libvipcare-1.dll, libvipcare.dll.a and libvipcare.a built"
	else
		check_fail "win64: not built:$cross_missing"
	fi

	# The DLL exports exactly the symbols of lib/vipcare.map.
	if [ -f "$cross_win_dir/lib/libvipcare-1.dll" ]; then
		x86_64-w64-mingw32-objdump -p "$cross_win_dir/lib/libvipcare-1.dll" |
			sed -n '/\[Ordinal\/Name Pointer\] Table/,/^[[:space:]]*$/p' |
			sed '1d;/^[[:space:]]*$/d' | awk '{ print $NF }' | sort > "$cross_win_dir/exports.txt"
		sed -n 's/^[[:space:]]*\(vipcare_[A-Za-z0-9_]*\);.*/\1/p' lib/vipcare.map | sort > "$cross_win_dir/map.txt"
		if [ -s "$cross_win_dir/map.txt" ] &&
			diff "$cross_win_dir/map.txt" "$cross_win_dir/exports.txt" > "$cross_win_dir/exports.diff"; then
			check_ok "win64: the DLL exports the $(wc -l < "$cross_win_dir/map.txt") functions of lib/vipcare.map, nothing else"
		else
			echo "< only in lib/vipcare.map, > only exported by the DLL:"
			cat "$cross_win_dir/exports.diff"
			check_fail "win64: the DLL's exports differ from lib/vipcare.map ($cross_win_dir/exports.diff)"
		fi
	fi

	# A program linked with the import library runs against the DLL.
	if [ -x "$cross_wine" ] && [ -f "$cross_win_dir/examples/tiers.exe" ]; then
		cross_libdir=$(cd "$cross_win_dir/lib" && pwd)
		echo "\$ WINEPATH=Z:${cross_libdir//\//\\} $cross_wine $cross_win_dir/examples/tiers.exe"
		if WINEPATH="Z:${cross_libdir//\//\\}" "$cross_wine" "$cross_win_dir/examples/tiers.exe" \
			> "$cross_win_dir/tiers.out" 2>&1 < /dev/null && grep -qi gold "$cross_win_dir/tiers.out"; then
			grep -i -m 3 gold "$cross_win_dir/tiers.out"
			check_ok "win64: examples/tiers.exe (import library) ran under wine64 with libvipcare-1.dll"
		else
			cat "$cross_win_dir/tiers.out"
			check_fail "win64: examples/tiers.exe did not run under wine64 or printed no gold tier"
		fi
	fi

	if [ -n "$cross_win_tests" ]; then
		# A corpus file that Windows reserves for a device (nul.ini is
		# NUL) cannot be opened there: its replay (fuzz-DIR-corpus) is
		# skipped, the other replays run.
		declare -A cross_reserved=()
		while read -r f; do
			d=${f#fuzz/corpus/}
			cross_reserved[fuzz-${d%%/*}-corpus]+="${cross_reserved[fuzz-${d%%/*}-corpus]:+ }$f"
		done < <(cross_windows_reserved fuzz/corpus)
		cross_run=()
		for s in "${cross_suites[@]}"; do
			[ "$s" = fuzz-corpus ] || cross_run+=("$s")
		done
		cross_suite_args "${cross_run[@]}"
		meson_test "$cross_win_dir" "$state" testlog "${cross_args[@]}" --timeout-multiplier 4
		if [ ${#cross_run[@]} -ne ${#cross_suites[@]} ]; then
			cross_names=()
			while read -r what name; do
				if [ -n "${cross_reserved[$name]:-}" ]; then
					stage_skip[$cur]=$((stage_skip[$cur] + 1))
					note "win64: $name skipped: ${cross_reserved[$name]} is a name Windows reserves for a device"
					echo "skipped on win64: $name: ${cross_reserved[$name]} is a name Windows reserves for a device"
				elif [ "$what" = built ]; then
					cross_names+=("$name")
				else
					check_fail "test $name was not built"
				fi
			done < <("$PYTHON" "$top/scripts/count-tests.py" --built "$cross_win_dir" --suite fuzz-corpus)
			# only built tests are named: the state is full for them
			[ ${#cross_names[@]} -gt 0 ] && meson_test "$cross_win_dir" full testlog-fuzz \
				--suite fuzz-corpus --no-rebuild "${cross_names[@]}"
		fi
		cross_skip_other_suites "$cross_win_dir" win64
	fi
fi
stage_end

unset WINEPREFIX WINEDEBUG WINEDLLOVERRIDES
cross_t1=$(date +%s)
cross_restore_archs
echo "cross: architectures restored in $(($(date +%s) - cross_t1))s (counted in no stage)"
echo "cross stages: $(($(date +%s) - cross_t0))s in all, packages included"
