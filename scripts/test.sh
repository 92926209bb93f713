#!/usr/bin/env bash
# libvipcare's test command: everything CI checks, in one run.
#
#   bash scripts/test.sh
#
# Stages (each one runs and reports even when an earlier one failed):
#   gcc      gcc build with -Dwerror=true: every suite (unit, abi,
#            fuzz-corpus, docs, ...)
#   asan     clang build with AddressSanitizer + UndefinedBehaviorSanitizer
#            (halting): every suite but abi
#   fuzz     each libFuzzer target for FUZZ_SECONDS (default 20) on a copy of
#            its corpus, one check per target
#   valgrind the unit suite of the gcc build under valgrind (errors and
#            definite leaks fail)
#   install  install into a temporary prefix and build examples/tiers.c with
#            nothing but `pkg-config --cflags --libs vipcare`; the same with
#            the uninstalled .pc of the gcc build; and a consumer project
#            that uses libvipcare as a meson subproject
# A cmocka executable counts each of its test cases; any other test or check
# counts 1. The last line is `N passed, N failed`; the exit status is 1 when
# anything failed.
#
# Build directories (recreated on every run): build-ci, build-asan,
# build-install. Missing tools are installed with apt-get (as root, or
# through sudo).
set -u

cd "$(dirname "$0")/.." || exit 1
top=$PWD
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
start_time=$(date +%s)

say() { printf '\n==== %s\n' "$*"; }

# ---------------------------------------------------------------- tools

# package:command-or-file that shows it is there
required=(
	meson:meson
	ninja-build:ninja
	gcc:gcc
	g++:g++
	clang:clang
	libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
	libcmocka-dev:/usr/include/cmocka.h
	pkg-config:pkg-config
	abigail-tools:abidiff
	doxygen:doxygen
	valgrind:valgrind
	binutils:nm
	python3:python3
)

have() {
	case $1 in
	/*) [ -e "$1" ] ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

pkg_installed() {
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

install_missing() {
	local missing=() entry pkg what
	for entry in "${required[@]}"; do
		pkg=${entry%%:*}
		what=${entry#*:}
		if command -v dpkg-query >/dev/null 2>&1; then
			pkg_installed "$pkg" || missing+=("$pkg")
		else
			have "$what" || missing+=("$pkg")
		fi
	done
	[ ${#missing[@]} -eq 0 ] && return 0

	say "installing missing packages: ${missing[*]}"
	local sudo=
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1; then
			sudo=sudo
		else
			echo "not root and no sudo: install ${missing[*]} by hand" >&2
			return 1
		fi
	fi
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "no apt-get: install ${missing[*]} by hand" >&2
		return 1
	fi
	# an index that fails to download (a mirror mid-sync) must not stop the install
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
		echo "warning: apt-get update failed; installing from the indexes there are" >&2
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends "${missing[@]}"
}

# Extra stages live in scripts/stages/NN-name.sh (sourced in name order after
# the built-in stages); each may list the Debian packages it needs in
# scripts/stages/NN-name.packages, one `package:command-or-file` per line.
for f in scripts/stages/*.packages; do
	[ -f "$f" ] || continue
	while read -r line; do
		case $line in '' | '#'*) continue ;; esac
		required+=("$line")
	done < "$f"
done

install_missing || echo "warning: some packages could not be installed; the stages that need them will fail" >&2

PYTHON=python3
if ! python3 -c 'import json' >/dev/null 2>&1; then
	PYTHON=/usr/bin/python3
fi

# ---------------------------------------------------------------- counting

stages=()
declare -A stage_pass stage_fail stage_skip stage_time stage_notes

stage_begin() {
	cur=$1
	stages+=("$1")
	stage_pass[$1]=0
	stage_fail[$1]=0
	stage_skip[$1]=0
	stage_notes[$1]=
	stage_t0=$(date +%s)
	say "stage $1: $2"
}

stage_end() {
	stage_time[$cur]=$(($(date +%s) - stage_t0))
	if [ $((stage_pass[$cur] + stage_fail[$cur] + stage_skip[$cur])) -eq 0 ]; then
		note "no test ran"
		stage_fail[$cur]=1
	fi
	printf -- '---- stage %s: passed %d, failed %d, skipped %d (%ds)\n' "$cur" \
		"${stage_pass[$cur]}" "${stage_fail[$cur]}" "${stage_skip[$cur]}" "${stage_time[$cur]}"
}

check_ok() { stage_pass[$cur]=$((stage_pass[$cur] + 1)); echo "ok: $*"; }
check_fail() {
	stage_fail[$cur]=$((stage_fail[$cur] + 1))
	note "$*"
	echo "FAIL: $*"
}
note() { stage_notes[$cur]="${stage_notes[$cur]:+${stage_notes[$cur]}; }$*"; }

# Runs a command, showing it and its output.
run() {
	echo "\$ $*"
	"$@"
	local rc=$?
	[ "$rc" -ne 0 ] && echo "---- '$*' exited $rc"
	return "$rc"
}

# meson test, then count its log. $1 build dir, $2 build state (full, or
# partial when ninja failed: then only the tests whose executable was built
# run, and each one that was not counts as failed), $3 log base, rest:
# suite options (--suite S / --no-suite S) then other meson test options.
meson_test() {
	local dir=$1 state=$2 base=$3
	shift 3
	local json names=() line
	# meson adds the wrapper's name to the log base (valgrind-valgrind.json).
	rm -f "$dir/meson-logs/$base".json "$dir/meson-logs/$base"-*.json
	if [ "$state" = partial ]; then
		# The suite options, each with the word after it.
		local sel=() a prev=
		for a in "$@"; do
			case $prev in --suite | --no-suite) sel+=("$prev" "$a") ;; esac
			prev=$a
		done
		while read -r line; do
			case $line in
			"built "*) names+=("${line#built }") ;;
			"missing "*) check_fail "test ${line#missing } was not built" ;;
			esac
		done < <("$PYTHON" "$top/scripts/count-tests.py" --built "$dir" "${sel[@]}")
		if [ ${#names[@]} -eq 0 ]; then
			echo "no test was built in $dir"
			return
		fi
		set -- --no-rebuild "$@" "${names[@]}"
	fi
	echo "\$ meson test -C $dir --logbase $base --print-errorlogs $*"
	meson test -C "$dir" --logbase "$base" --print-errorlogs "$@"
	local rc=$?
	json=$(ls -t "$dir/meson-logs/$base".json "$dir/meson-logs/$base"-*.json 2>/dev/null | head -n 1)
	if [ -z "$json" ] || [ ! -s "$json" ]; then
		check_fail "meson test -C $dir wrote no $dir/meson-logs/$base.json (exit $rc)"
		return
	fi
	local counts passed=0 failed=0 skipped=0
	counts=$("$PYTHON" "$top/scripts/count-tests.py" --shell --verbose "$json")
	printf '%s\n' "$counts" | sed '$d'
	eval "$(printf '%s\n' "$counts" | tail -n 1)"
	stage_pass[$cur]=$((stage_pass[$cur] + passed))
	stage_fail[$cur]=$((stage_fail[$cur] + failed))
	stage_skip[$cur]=$((stage_skip[$cur] + skipped))
	[ "$failed" -gt 0 ] && note "$failed failed in meson test -C $dir"
	if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
		check_fail "meson test -C $dir exited $rc"
	fi
}

# meson setup (with the variables in build_env) + ninja -k 0; sets $state
# to none (setup failed), partial (some targets failed) or full.
# $1 build dir, rest: setup arguments.
build() {
	local dir=$1
	shift
	state=none
	rm -rf "$dir"
	run env "${build_env[@]}" meson setup "$dir" "$@" || {
		check_fail "meson setup $dir failed"
		return
	}
	if run ninja -C "$dir" -k 0; then
		state=full
	else
		state=partial
		check_fail "ninja -C $dir failed (the tests that were built still run)"
	fi
}

# ---------------------------------------------------------------- stages

stage_begin gcc "gcc build, -Dwerror=true, every suite"
build_env=(CC=gcc CXX=g++)
build build-ci -Dwerror=true -Dfuzzers=false
gcc_state=$state
if [ "$gcc_state" != none ]; then
	meson_test build-ci "$gcc_state" testlog
fi
stage_end

stage_begin asan "clang ASan+UBSan build, every suite but abi"
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
build_env=(CC=clang CXX=clang++)
build build-asan \
	-Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fno-sanitize-recover=all \
	-Dwerror=true -Dabi_check=disabled -Ddocs=disabled -Dfuzzers=true
asan_state=$state
if [ "$asan_state" != none ]; then
	meson_test build-asan "$asan_state" testlog --no-suite abi
fi
stage_end

stage_begin fuzz "libFuzzer, ${FUZZ_SECONDS}s per target on a copy of its corpus"
mkdir -p build-asan/fuzz-artifacts
for target in fuzz/fuzz-*.c; do
	[ -f "$target" ] || continue
	name=$(basename "$target" .c)
	name=${name#fuzz-}
	corpus=fuzz/corpus/$name/
	bin=build-asan/fuzz/fuzz-$name
	if [ ! -x "$bin" ]; then
		check_fail "fuzz-$name: $bin was not built"
		continue
	fi
	work=$(mktemp -d)
	[ -d "$corpus" ] && cp -R "$corpus." "$work/"
	log=build-asan/fuzz-artifacts/fuzz-$name.log
	echo "\$ $bin -max_total_time=$FUZZ_SECONDS -timeout=10 -rss_limit_mb=2048 $work"
	"$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 \
		-artifact_prefix="$top/build-asan/fuzz-artifacts/$name-" \
		"$work" > "$log" 2>&1 < /dev/null
	rc=$?
	if [ "$rc" -eq 0 ]; then
		grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' "$log"
		check_ok "fuzz-$name ran ${FUZZ_SECONDS}s without a finding"
	else
		tail -n 60 "$log"
		check_fail "fuzz-$name exited $rc (reproducer in build-asan/fuzz-artifacts/, log $log)"
	fi
	rm -rf "$work"
done
stage_end

stage_begin valgrind "unit suite of the gcc build under valgrind"
if [ "$gcc_state" != none ]; then
	meson_test build-ci "$gcc_state" valgrind --suite unit --timeout-multiplier 10 \
		--wrapper 'valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite --quiet'
else
	check_fail "not run: the gcc build failed"
fi
stage_end

# Builds examples/tiers.c with only pkg-config's flags from $1 (a
# PKG_CONFIG_PATH), runs it with LD_LIBRARY_PATH=$2 and checks its output.
check_example() {
	local what=$1 pcpath=$2 libpath=$3 work flags rc
	work=$(mktemp -d)
	if ! flags=$(PKG_CONFIG_PATH=$pcpath pkg-config --cflags --libs vipcare); then
		check_fail "$what: pkg-config --cflags --libs vipcare failed (PKG_CONFIG_PATH=$pcpath)"
		rm -rf "$work"
		return
	fi
	echo "\$ cc -o tiers examples/tiers.c $flags"
	# shellcheck disable=SC2086 # pkg-config output is meant to be split
	if ! cc -o "$work/tiers" examples/tiers.c $flags; then
		check_fail "$what: examples/tiers.c does not build with pkg-config's flags"
		rm -rf "$work"
		return
	fi
	LD_LIBRARY_PATH=$libpath "$work/tiers" > "$work/out" 2>&1 < /dev/null
	rc=$?
	if [ "$rc" -ne 0 ]; then
		cat "$work/out"
		check_fail "$what: tiers exited $rc"
	elif ! grep -qi gold "$work/out"; then
		cat "$work/out"
		check_fail "$what: tiers printed no line with 'gold'"
	else
		grep -i -m 3 gold "$work/out"
		check_ok "$what: tiers built with pkg-config, ran, printed a gold tier"
	fi
	rm -rf "$work"
}

stage_begin install "install to a temporary prefix; pkg-config build of examples/tiers.c"
prefix_root=$(mktemp -d)
prefix=$prefix_root/prefix
rm -rf build-install
if run env CC=gcc meson setup build-install --prefix="$prefix" --libdir=lib \
	-Dtests=false -Dexamples=false -Dbenchmarks=false -Ddocs=disabled -Dabi_check=disabled &&
	run ninja -C build-install &&
	run meson install -C build-install --quiet; then
	check_example "installed" "$prefix/lib/pkgconfig" "$prefix/lib"
else
	check_fail "build or install into $prefix failed"
fi
if [ -f build-ci/meson-uninstalled/vipcare-uninstalled.pc ] && [ -e build-ci/lib/libvipcare.so ]; then
	check_example "uninstalled" "$top/build-ci/meson-uninstalled" "$top/build-ci/lib"
else
	check_fail "uninstalled: no build-ci/meson-uninstalled/vipcare-uninstalled.pc or no build-ci/lib/libvipcare.so"
fi
rm -rf "$prefix_root"

# A program that vendors libvipcare as a meson subproject and finds it with
# dependency('vipcare') (meson.override_dependency in our meson.build).
consumer=$(mktemp -d)
mkdir -p "$consumer/subprojects"
ln -s "$top" "$consumer/subprojects/vipcare"
cp examples/tiers.c "$consumer/"
cat > "$consumer/meson.build" <<'MESON'
project('vipcare-consumer', 'c', meson_version: '>= 1.0.0')
subproject('vipcare', default_options: ['tests=false', 'examples=false',
	'benchmarks=false', 'docs=disabled', 'abi_check=disabled', 'command=false'])
executable('tiers', 'tiers.c', dependencies: dependency('vipcare'))
MESON
if run meson setup "$consumer/build" "$consumer" && run ninja -C "$consumer/build" &&
	"$consumer/build/tiers" > "$consumer/out" 2>&1 < /dev/null && grep -qi gold "$consumer/out"; then
	check_ok "subproject: dependency('vipcare') from subprojects/vipcare builds and runs tiers"
else
	cat "$consumer/out" 2>/dev/null
	check_fail "subproject: a consumer project could not use libvipcare as a meson subproject"
fi
rm -rf "$consumer"
stage_end

# ---------------------------------------------------------------- extra stages

# Each file calls stage_begin/stage_end and counts with check_ok, check_fail,
# meson_test (build-ci and its $gcc_state are there to use).
for f in scripts/stages/*.sh; do
	[ -f "$f" ] || continue
	# shellcheck disable=SC1090
	. "$f"
	cd "$top" || exit 1
done

# ---------------------------------------------------------------- summary

total_pass=0
total_fail=0
total_skip=0
say "summary ($(($(date +%s) - start_time))s)"
for s in "${stages[@]}"; do
	printf '  %-9s passed %4d  failed %3d  skipped %3d  %4ds%s\n' "$s" \
		"${stage_pass[$s]}" "${stage_fail[$s]}" "${stage_skip[$s]}" "${stage_time[$s]}" \
		"${stage_notes[$s]:+  (${stage_notes[$s]})}"
	total_pass=$((total_pass + stage_pass[$s]))
	total_fail=$((total_fail + stage_fail[$s]))
	total_skip=$((total_skip + stage_skip[$s]))
done
echo "  skipped: $total_skip"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
