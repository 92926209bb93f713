# shellcheck shell=bash
# Extra CI stage, sourced by scripts/test.sh: the Python (ctypes) and Ruby
# (ruby-ffi) bindings against the gcc build's shared library
# (build-ci/lib/libvipcare.so.1, through VIPCARE_LIBRARY), their examples,
# and the KPIs computed on a local Dask cluster of 2 worker processes
# (examples/distributed, Debian's python3-distributed).
#
# Every unittest and minitest test case counts as one check (read from
# their verbose output); each example run counts one. Anything that fails
# prints its log.

stage_begin bindings "Python and Ruby bindings against build-ci/lib/libvipcare.so.1"

bindings_lib=$top/build-ci/lib/libvipcare.so.1
bindings_log=$top/build-ci/bindings-logs
bindings_python=/usr/bin/python3

# Counts the verbose output of `python3 -m unittest -v` ($2, a log file;
# $1 a label, $3 the exit status): one check per test case, from its
# result line. A class or module fixture that fails or skips has a line of
# its own that `Ran N` does not count.
bindings_count_unittest() {
	local label=$1 log=$2 rc=$3 line name passed=0 failed=0 skipped=0 fixtures=0 ran
	while IFS= read -r line; do
		case $line in
		setUpClass\ \(* | tearDownClass\ \(* | setUpModule\ \(* | tearDownModule\ \(*)
			fixtures=$((fixtures + 1))
			;;
		esac
		case $line in
		*' ... ok' | *' ... expected failure')
			passed=$((passed + 1))
			stage_pass[$cur]=$((stage_pass[$cur] + 1))
			;;
		*' ... FAIL' | *' ... ERROR' | *' ... unexpected success')
			name=${line%% (*}
			failed=$((failed + 1))
			check_fail "$label: $name: ${line##* ... }"
			;;
		*' ... skipped '*)
			skipped=$((skipped + 1))
			stage_skip[$cur]=$((stage_skip[$cur] + 1))
			;;
		esac
	done < "$log"
	ran=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\} in .*/\1/p' "$log" | tail -n 1)
	echo "$label: $passed passed, $failed failed, $skipped skipped (Ran ${ran:-?}; exit $rc)"
	if [ -z "$ran" ] || [ "$ran" -ne $((passed + failed + skipped - fixtures)) ]; then
		check_fail "$label: the log does not account for every test (Ran ${ran:-nothing})"
	elif [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
		check_fail "$label exited $rc"
	fi
	if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ]; then
		sed -n '/^=\{10,\}/,$p' "$log" | tail -n 150
	fi
}

# Counts the verbose output of minitest (`Class#test_name = 0.01 s = .`):
# one check per test case; the summary line must agree.
bindings_count_minitest() {
	local log=$1 rc=$2 line name mark passed=0 failed=0 skipped=0 runs
	while IFS= read -r line; do
		case $line in
		*'#test_'*' s = '?)
			name=${line%% = *}
			mark=${line##* = }
			case $mark in
			.) passed=$((passed + 1)); stage_pass[$cur]=$((stage_pass[$cur] + 1)) ;;
			S) skipped=$((skipped + 1)); stage_skip[$cur]=$((stage_skip[$cur] + 1)) ;;
			*) failed=$((failed + 1)); check_fail "ruby: $name: $mark" ;;
			esac
			;;
		esac
	done < "$log"
	runs=$(sed -n 's/^\([0-9]*\) runs, .*/\1/p' "$log" | tail -n 1)
	echo "ruby minitest: $passed passed, $failed failed, $skipped skipped (${runs:-?} runs; exit $rc)"
	if [ -z "$runs" ] || [ "$runs" -ne $((passed + failed + skipped)) ]; then
		check_fail "ruby minitest: the log does not account for every test (${runs:-no} runs)"
	elif [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
		check_fail "ruby minitest exited $rc"
	fi
	if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ]; then
		sed -n '/^Finished in/,$p' "$log" | tail -n 150
	fi
}

# Runs an example ($1: a label, rest: the command) with output to a file;
# sets bindings_out to it; returns the command's status.
bindings_run_example() {
	local label=$1 rc
	shift
	bindings_out=$bindings_log/$label.out
	echo "\$ VIPCARE_LIBRARY=$bindings_lib $*"
	PYTHONDONTWRITEBYTECODE=1 VIPCARE_LIBRARY=$bindings_lib "$@" > "$bindings_out" 2> "$bindings_out.err" < /dev/null
	rc=$?
	if [ "$rc" -ne 0 ]; then
		cat "$bindings_out" "$bindings_out.err"
		check_fail "$label exited $rc"
	fi
	return "$rc"
}

if [ "$gcc_state" = none ] || [ ! -e "$bindings_lib" ]; then
	check_fail "no $bindings_lib: the gcc build failed, nothing to bind to"
else
	mkdir -p "$bindings_log"

	echo "\$ VIPCARE_LIBRARY=$bindings_lib $bindings_python -m unittest discover -v -s bindings/python/tests -t bindings/python"
	PYTHONDONTWRITEBYTECODE=1 VIPCARE_LIBRARY=$bindings_lib "$bindings_python" -m unittest discover -v -s bindings/python/tests \
		-t bindings/python > "$bindings_log/python.log" 2>&1 < /dev/null
	bindings_count_unittest "python unittest" "$bindings_log/python.log" $?

	# The KPIs on a local Dask cluster of 2 worker processes (loopback only),
	# merged, against one process.
	echo "\$ VIPCARE_LIBRARY=$bindings_lib $bindings_python -m unittest discover -v -s examples/distributed"
	PYTHONDONTWRITEBYTECODE=1 VIPCARE_LIBRARY=$bindings_lib timeout 600 "$bindings_python" -m unittest discover -v -s examples/distributed \
		> "$bindings_log/distributed.log" 2>&1 < /dev/null
	bindings_count_unittest "distributed (dask)" "$bindings_log/distributed.log" $?

	echo "\$ VIPCARE_LIBRARY=$bindings_lib ruby bindings/ruby/test/run.rb -v"
	VIPCARE_LIBRARY=$bindings_lib ruby bindings/ruby/test/run.rb -v > "$bindings_log/ruby.log" 2>&1 < /dev/null
	bindings_count_minitest "$bindings_log/ruby.log" $?

	# The checkout examples play the session of examples/checkout.c and
	# must print exactly what it prints.
	if [ -x build-ci/examples/checkout ]; then
		build-ci/examples/checkout > "$bindings_log/checkout-c.out" 2>&1 < /dev/null
		for example in "python:$bindings_python examples/python/checkout.py" "ruby:ruby examples/ruby/checkout.rb"; do
			lang=${example%%:*}
			# shellcheck disable=SC2086 # the command is meant to be split
			if bindings_run_example "checkout-$lang" ${example#*:}; then
				if diff -u "$bindings_log/checkout-c.out" "$bindings_out"; then
					check_ok "examples/$lang/checkout prints what examples/checkout.c prints ($(wc -l < "$bindings_out") lines)"
				else
					check_fail "examples/$lang/checkout differs from examples/checkout.c (diff above)"
				fi
			fi
		done
	else
		check_fail "build-ci/examples/checkout was not built: nothing to compare the checkout examples with"
	fi

	# The nightly batch on the example data: every member scored, the agenda listed.
	nightly_out=$(mktemp -d)
	if bindings_run_example nightly "$bindings_python" examples/python/nightly.py --asof 2025-12-31 \
		--from 2025-12-01 --to 2025-12-31 --out "$nightly_out"; then
		if grep -qx 'C002,gold,14500.00,3,2025-02-02,2025-12-22,14500.00,metrics,platinum,35500.00,0,2026-02-01' \
			"$nightly_out/score.csv" && [ "$(wc -l < "$nightly_out/score.csv")" -eq 8 ] &&
			head -n 1 "$nightly_out/agenda.csv" | grep -qx 'due,customer_id,kind,occasion,priority,channel,advisor,tier' &&
			grep -q '^suppressed: birthday=' "$bindings_out.err"; then
			check_ok "examples/python/nightly.py: 7 members scored, $(($(wc -l < "$nightly_out/agenda.csv") - 1)) care items"
		else
			cat "$nightly_out/score.csv" "$nightly_out/agenda.csv" "$bindings_out.err"
			check_fail "examples/python/nightly.py: unexpected score.csv or agenda.csv (above)"
		fi
	fi
	rm -rf "$nightly_out"

	# The timing script still runs (tiny sizes: this is not a benchmark run).
	if bindings_run_example bench-checkout "$bindings_python" bindings/python/bench_checkout.py \
		--customers 200 --transactions 2000 --calls 200; then
		grep -E '^(checkout|ctypes|redeem) ' "$bindings_out"
		check_ok "bindings/python/bench_checkout.py runs"
	fi
fi
stage_end
