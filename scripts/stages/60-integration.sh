# shellcheck shell=bash
# Extra CI stage, sourced by scripts/test.sh: libvipcare against the
# databases POS and ERP systems use (issue 12, docs/integration.md).
#
#   pos     tests/integration/test_pos_sqlite.py: examples/pos-sqlite (built
#           by the gcc stage in build-ci when libsqlite3-dev is installed)
#           on a till's SQLite file built from tests/data/integration:
#           initial load, new orders followed from the checkpoint, checkout
#           screens and redemptions written back, a restart; every answer
#           equal to the CSV route (build-ci/cli/vipcare). Then 1,000 new
#           orders followed on a generated mall, timed.
#   erp     tests/integration/test_erp_postgres.py: examples/erp-postgres
#           (Python, Debian's psycopg2, the Python binding on
#           build-ci/lib/libvipcare.so.1) against a PostgreSQL server the
#           test starts itself (initdb + pg_ctl as the postgres user, a Unix
#           socket in a temporary folder, no TCP); the nightly batch run
#           twice for a day, then the next day; every table equal to the CSV
#           route. Then the batch on a generated mall, timed.
#
# Every unittest case counts as one check (its verbose result line); so do
# "pos-sqlite was built" and "no PostgreSQL server was left running" (the
# test stops its server itself, at exit and on signals; this stage checks,
# and stops any it finds, also if the stage is interrupted: trap).
# VIPCARE_INTEGRATION_MEMBERS (default 10000) sizes the generated mall of
# the timing tests; 0 skips them. The [timing] lines go to the log.

stage_begin integration "SQLite till and PostgreSQL back office against the CSV route"

integration_log=$top/build-ci/integration-logs
integration_python=/usr/bin/python3
integration_pg_root=

# One check per test case of `python3 -m unittest -v` output ($2), as the
# bindings stage counts; a fixture failure (setUpClass ...) counts as failed.
integration_count() {
	local label=$1 log=$2 rc=$3 line passed=0 failed=0 skipped=0 fixtures=0 ran
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
			failed=$((failed + 1))
			check_fail "$label: ${line%% (*}: ${line##* ... }"
			;;
		*' ... skipped '*)
			skipped=$((skipped + 1))
			stage_skip[$cur]=$((stage_skip[$cur] + 1))
			note "$label: ${line%% (*} skipped"
			;;
		esac
	done < "$log"
	ran=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\} in .*/\1/p' "$log" | tail -n 1)
	echo "$label: $passed passed, $failed failed, $skipped skipped (Ran ${ran:-?}; exit $rc)"
	grep '^\[timing\]' "$log"
	if [ -z "$ran" ] || [ "$ran" -ne $((passed + failed + skipped - fixtures)) ]; then
		check_fail "$label: the log does not account for every test (Ran ${ran:-nothing})"
	elif [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
		check_fail "$label exited $rc"
	fi
	if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ]; then
		sed -n '/^=\{10,\}/,$p' "$log" | tail -n 150
	fi
}

# Stops every server left under the test's folder; prints what it stopped.
integration_pg_stop_all() {
	local data stopped=
	[ -n "$integration_pg_root" ] && [ -d "$integration_pg_root" ] || return 0
	for data in "$integration_pg_root"/*/data; do
		[ -f "$data/postmaster.pid" ] || continue
		if runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$data" status > /dev/null 2>&1 ||
			/usr/lib/postgresql/15/bin/pg_ctl -D "$data" status > /dev/null 2>&1; then
			stopped="$stopped $data"
			runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$data" -m immediate -w stop > /dev/null 2>&1 ||
				/usr/lib/postgresql/15/bin/pg_ctl -D "$data" -m immediate -w stop > /dev/null 2>&1
		fi
	done
	echo "$stopped"
}

integration_pg_trap() {
	integration_pg_stop_all > /dev/null
	rm -rf "$integration_pg_root"
}

if [ "$gcc_state" = none ]; then
	check_fail "not run: the gcc build (build-ci) failed"
else
	mkdir -p "$integration_log"
	# What the tests run, built by the gcc stage; after a partial build,
	# try the three targets alone.
	if [ ! -x build-ci/examples/pos-sqlite/pos-sqlite ] || [ ! -x build-ci/cli/vipcare ]; then
		if ! pkg-config --exists sqlite3; then
			echo "libsqlite3-dev is missing: meson did not configure examples/pos-sqlite"
		else
			run ninja -C build-ci examples/pos-sqlite/pos-sqlite cli/vipcare lib/libvipcare.so.1
		fi
	fi
	if [ -x build-ci/examples/pos-sqlite/pos-sqlite ]; then
		check_ok "build-ci/examples/pos-sqlite/pos-sqlite was built against Debian's libsqlite3"
	else
		check_fail "build-ci/examples/pos-sqlite/pos-sqlite was not built (libsqlite3-dev installed before meson setup?)"
	fi

	echo "\$ VIPCARE_BUILD=build-ci $integration_python -m unittest -v tests/integration/test_pos_sqlite.py"
	PYTHONDONTWRITEBYTECODE=1 VIPCARE_BUILD=$top/build-ci timeout 1200 "$integration_python" -m unittest -v \
		tests/integration/test_pos_sqlite.py > "$integration_log/pos.log" 2>&1 < /dev/null
	integration_count "pos-sqlite" "$integration_log/pos.log" $?

	# The test's server lives under this folder (VIPCARE_PG_ROOT); the
	# postgres user must be able to reach it.
	integration_pg_root=$(mktemp -d /tmp/vipcare-ci-pg.XXXXXX)
	chmod 755 "$integration_pg_root"
	trap 'integration_pg_trap' EXIT
	trap 'integration_pg_trap; exit 130' INT
	trap 'integration_pg_trap; exit 143' TERM
	trap 'integration_pg_trap; exit 129' HUP
	echo "\$ VIPCARE_BUILD=build-ci VIPCARE_PG_ROOT=$integration_pg_root $integration_python -m unittest -v tests/integration/test_erp_postgres.py"
	PYTHONDONTWRITEBYTECODE=1 VIPCARE_BUILD=$top/build-ci VIPCARE_PG_ROOT=$integration_pg_root timeout 1200 \
		"$integration_python" -m unittest -v tests/integration/test_erp_postgres.py \
		> "$integration_log/erp.log" 2>&1 < /dev/null
	integration_count "erp-postgres" "$integration_log/erp.log" $?
	integration_left=$(integration_pg_stop_all)
	if [ -z "$integration_left" ]; then
		check_ok "no PostgreSQL server of the test was left running"
	else
		check_fail "a PostgreSQL server of the test was left running (stopped now):$integration_left"
	fi
	rm -rf "$integration_pg_root"
	trap - EXIT INT TERM HUP
fi
stage_end
