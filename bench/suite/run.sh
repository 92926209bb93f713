#!/usr/bin/env bash
# libvipcare's benchmark suite: the core job of a mall's analyst through
# the vipcare command and through the tools the mall would otherwise use
# (SQLite, DuckDB, pandas), side by side on the same data and machine,
# and the library alone through its C API (bench/bench-*.c).
#
#   bash bench/suite/run.sh [--sizes 100000,1000000] [--runs 3]
#                           [--work DIR] [--build DIR] [--tools LIST]
#                           [--no-library] [--no-install]
#
#   --sizes LIST   members per generated mall (default 100000,1000000;
#                  add 4000000 when asked)
#   --runs N       runs of each tool at each size (default 3): the table
#                  gives the median and the spread (min..max)
#   --work DIR     data, installs, raw timings and the table (default
#                  build-bench/ at the top of the tree; a 1,000,000-member
#                  mall takes about 2 GB of CSV)
#   --build DIR    an existing release build of the tree to use (default:
#                  the suite builds one in WORK/release)
#   --tools LIST   which of vipcare,duckdb,pandas,sqlite to run (default all)
#   --no-library   skip the library's own benchmarks (bench-score,
#                  bench-checkout, bench-agenda, bench-kpi, bench-durability)
#   --no-install   do not install anything (apt-get, npm)
#
# The core job, the same for every tool: load customers.csv and
# transactions.csv, score every member as of ASOF (window spend and visits
# over 365 days, tiers by the default thresholds, overrides applied) and
# the KPIs of the year that ends on ASOF (members, active, sales net and
# count, average ticket overall and per tier, repurchase, churn, VIP sales
# share, tier distribution). Every run of every peer is checked equal to
# vipcare's results (each member's tier, net spend and visits, and every
# KPI's numerator and denominator) before its time counts.
#
# Writes WORK/results/table-YYYYMMDD-HHMMSS.md (also printed, and copied
# to WORK/results/latest.md) with the machine's description; raw timings
# beside it. docs/performance.md explains the method and the figures.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

sizes=100000,1000000
runs=3
work=$top/build-bench
build=
tools=vipcare,duckdb,pandas,sqlite
library=1
install=1
seed=1
# vipcare generate's default trading days are 2024-01-01 .. 2025-12-31:
# score on the last day, KPIs of its last full year.
asof=2025-12-31
period_from=2025-01-01

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
	exit "${1:-1}"
}

while [ $# -gt 0 ]; do
	case $1 in
	--sizes) sizes=${2:?--sizes needs a list}; shift 2 ;;
	--runs) runs=${2:?--runs needs a number}; shift 2 ;;
	--work) work=${2:?--work needs a folder}; shift 2 ;;
	--build) build=${2:?--build needs a folder}; shift 2 ;;
	--tools) tools=${2:?--tools needs a list}; shift 2 ;;
	--no-library) library=0; shift ;;
	--no-install) install=0; shift ;;
	-h | --help) usage 0 ;;
	*) echo "run.sh: unknown option: $1" >&2; usage 1 ;;
	esac
done
case $runs in '' | *[!0-9]* | 0) echo "run.sh: --runs wants a number >= 1: $runs" >&2; exit 1 ;; esac
IFS=, read -r -a size_list <<< "$sizes"
for n in "${size_list[@]}"; do
	case $n in '' | *[!0-9]* | 0*) echo "run.sh: --sizes wants numbers of members: $n" >&2; exit 1 ;; esac
done
IFS=, read -r -a tool_list <<< "$tools"
for t in "${tool_list[@]}"; do
	case $t in vipcare | duckdb | pandas | sqlite) ;; *) echo "run.sh: unknown tool: $t" >&2; exit 1 ;; esac
done
case ",$tools," in *,vipcare,*) ;; *) echo "run.sh: --tools must include vipcare (the reference)" >&2; exit 1 ;; esac

say() { printf '\n==== %s\n' "$*" >&2; }
PY=/usr/bin/python3

# ------------------------------------------------------------ installs

# package:command-or-file that shows it is there. nodejs may come from
# another source that bundles npm, so npm is installed only when missing.
required=(
	sqlite3:sqlite3
	python3-pandas:/usr/lib/python3/dist-packages/pandas/__init__.py
	nodejs:node
	npm:npm
	time:/usr/bin/time
	meson:meson
	ninja-build:ninja
	gcc:gcc
	pkg-config:pkg-config
)

have() {
	case $1 in
	/*) [ -e "$1" ] ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

install_missing() {
	local missing=() entry sudo=
	for entry in "${required[@]}"; do
		have "${entry#*:}" || missing+=("${entry%%:*}")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	say "installing ${missing[*]}"
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	# A mirror in the middle of a sync fails the update of some lists;
	# the install may still succeed from the lists it has.
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q || true
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

npm_dir=$work/npm
install_duckdb() {
	mkdir -p "$npm_dir"
	if [ -d "$npm_dir/node_modules/@duckdb/node-api" ] &&
		cmp -s "$here/package-lock.json" "$npm_dir/package-lock.json"; then
		return 0
	fi
	say "installing @duckdb/node-api (npm install into $npm_dir)"
	# `npm install` with the committed lock, not `npm ci`: the lock lists
	# only this platform's prebuilt DuckDB, which npm ci refuses as out of
	# sync; npm install takes the locked versions all the same.
	cp "$here/package.json" "$here/package-lock.json" "$npm_dir/"
	(cd "$npm_dir" && npm install --no-audit --no-fund) >&2
}

mkdir -p "$work"
work=$(cd "$work" && pwd)
if [ "$install" = 1 ]; then
	install_missing
	case ",$tools," in *,duckdb,*) install_duckdb ;; esac
fi

# ------------------------------------------------------------ build

if [ -z "$build" ]; then
	build=$work/release
	if [ ! -f "$build/build.ninja" ]; then
		say "building libvipcare (release) in $build"
		meson setup "$build" "$top" --buildtype=release -Dtests=false -Dexamples=false \
			-Ddocs=disabled -Dabi_check=disabled >&2
	fi
	ninja -C "$build" -j"$(nproc)" cli/vipcare bench/bench-score bench/bench-checkout \
		bench/bench-agenda bench/bench-kpi bench/bench-durability >&2
fi
vipcare=$build/cli/vipcare
[ -x "$vipcare" ] || { echo "run.sh: no vipcare command in $build/cli" >&2; exit 1; }
memscan=$work/memscan
cc -O3 -std=c11 -o "$memscan" "$here/memscan.c"

# ------------------------------------------------------------ the machine

stamp=$(date +%Y%m%d-%H%M%S)
results=$work/results
mkdir -p "$results"
raw=$results/raw-$stamp.tsv
machine=$results/machine-$stamp.txt
libdir=$results/library-$stamp
mkdir -p "$libdir"
printf 'size\ttool\trun\tphase\twall_s\tpeak_kib\tstatus\n' > "$raw"

describe_machine() {
	echo "stamp=$(date "+%Y-%m-%d %H:%M")"
	echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
	echo "cores=$(nproc)"
	echo "memory_kib=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
	echo "kernel=$(uname -r)"
	# shellcheck disable=SC1091 # the running system's file
	echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
	echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
	echo "vipcare=$("$vipcare" --version 2>&1 | head -1)"
	# read-only git calls (no index refresh): which commit, and whether the
	# working tree had changes
	if git -C "$top" rev-parse --short HEAD > /dev/null 2>&1; then
		echo "tree=commit $(git -C "$top" rev-parse --short HEAD), $(git -C "$top" --no-optional-locks \
			status --porcelain --untracked-files=no | wc -l) tracked file(s) changed in the working tree"
	fi
	echo "compiler=$(cc --version | head -1)"
	have sqlite3 && echo "sqlite=$(sqlite3 --version | cut -d' ' -f1)"
	have node && echo "node=$(node --version)"
	[ -d "$npm_dir/node_modules/@duckdb/node-api" ] &&
		echo "duckdb=$(cd "$npm_dir" && node -e 'require("@duckdb/node-api").DuckDBInstance.create(":memory:").then(i=>i.connect()).then(c=>c.runAndReadAll("select version()")).then(r=>console.log(r.getRows()[0][0]))' 2>/dev/null)"
	$PY -c 'import pandas, numpy; print(f"pandas={pandas.__version__}\nnumpy={numpy.__version__}")' 2>/dev/null || true
	echo "asof=$asof"
	echo "period_from=$period_from"
	echo "seed=$seed"
	echo "runs=$runs"
}
describe_machine > "$machine"

# ------------------------------------------------------------ timing

# timed OUT_PREFIX DIR COMMAND...: runs COMMAND in DIR under GNU time;
# sets wall (seconds, from the monotonic clock around it) and peak (KiB).
timed() {
	local prefix=$1 dir=$2 t0 t1 rc=0
	shift 2
	t0=$(date +%s%N)
	(cd "$dir" && /usr/bin/time -f '%M' -o "$prefix.time" "$@" > "$prefix.out" 2> "$prefix.err") || rc=$?
	t1=$(date +%s%N)
	wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
	peak=$(tail -1 "$prefix.time")
	return $rc
}

record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$raw"; }

# ------------------------------------------------------------ per size

for n in "${size_list[@]}"; do
	data=$work/data/m$n
	gen_args=(generate --out "$data/all" --members "$n" --seed "$seed")
	# the generator is part of the command: a rebuilt command regenerates
	want="$(sha256sum < "$vipcare" | cut -c1-16) ${gen_args[*]}"
	if [ ! -f "$data/generated" ] || [ "$(cat "$data/generated")" != "$want" ]; then
		say "generating $n members (seed $seed)"
		rm -rf "$data"
		mkdir -p "$data"
		"$vipcare" "${gen_args[@]}" >&2
		echo "$want" > "$data/generated"
	fi
	# The core job reads customers.csv and transactions.csv only.
	mkdir -p "$data/core"
	for f in customers.csv transactions.csv; do
		ln -f "$data/all/$f" "$data/core/$f" 2>/dev/null || cp "$data/all/$f" "$data/core/$f"
	done
	transactions=$(($(wc -l < "$data/core/transactions.csv") - 1))
	bytes=$(($(stat -c %s "$data/core/customers.csv") + $(stat -c %s "$data/core/transactions.csv")))
	echo "$n transactions $transactions" >> "$machine"
	echo "$n bytes $bytes" >> "$machine"

	# The physical limit: the files' bytes read from the page cache by
	# `cat` (the first pass warms the cache for every tool), and read from
	# memory once mapped (memscan.c: a word-by-word pass and a memchr pass
	# that finds every row's end).
	say "$n members: reading the files' bytes from memory"
	cat "$data/core/customers.csv" "$data/core/transactions.csv" > /dev/null
	for r in 1 2 3 4 5; do
		t0=$(date +%s%N)
		cat "$data/core/customers.csv" "$data/core/transactions.csv" > /dev/null
		t1=$(date +%s%N)
		record "$n" cat "$r" read "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')" 0 ok
	done
	"$memscan" --runs 5 "$data/core/customers.csv" "$data/core/transactions.csv" |
		while read -r pass secs _; do
			record "$n" "$pass" 1 read "$secs" 0 ok
		done

	runs_dir=$work/runs/m$n
	rm -rf "$runs_dir"
	mkdir -p "$runs_dir"
	reference=$runs_dir/reference
	mkdir -p "$reference"
	for r in $(seq 1 "$runs"); do
		for t in "${tool_list[@]}"; do
			dir=$runs_dir/$t-$r
			mkdir -p "$dir"
			ln -sf "$data/core/customers.csv" "$dir/customers.csv"
			ln -sf "$data/core/transactions.csv" "$dir/transactions.csv"
			say "$n members, run $r/$runs: $t"
			status=ok
			case $t in
			vipcare)
				# one command, one load: the KPIs, and the scores as of --to
				if ! timed "$dir/job" "$dir" "$vipcare" kpi --data "$data/core" --from "$period_from" \
					--to "$asof" --output "$dir/kpi.json" --scores "$dir/score.csv"; then
					cat "$dir/job.err" >&2
					echo "run.sh: vipcare kpi failed" >&2
					exit 1
				fi
				record "$n" vipcare "$r" job "$wall" "$peak" ok
				cut -d, -f1-4 "$dir/score.csv" > "$dir/scores.csv"
				$PY "$here/results.py" flatten-kpi "$dir/kpi.json" > "$dir/kpi.txt"
				if [ "$r" = 1 ]; then
					cp "$dir/scores.csv" "$dir/kpi.txt" "$reference/"
				fi
				;;
			duckdb)
				timed "$dir/job" "$dir" env NODE_PATH="$npm_dir/node_modules" node "$here/peer-duckdb.cjs" \
					"$asof" "$period_from" || status=failed
				;;
			pandas)
				timed "$dir/job" "$dir" $PY "$here/peer-pandas.py" "$asof" "$period_from" || status=failed
				;;
			sqlite)
				echo "CREATE TABLE params AS SELECT '$asof' AS asof, '$period_from' AS period_from;" \
					> "$dir/params.sql"
				timed "$dir/job" "$dir" sh -c "exec sqlite3 -bail :memory: < '$here/peer-sqlite.sql'" ||
					status=failed
				;;
			esac
			if [ "$status" = ok ] && ! $PY "$here/results.py" compare "$reference" "$dir" > "$dir/compare.txt"; then
				status=differs
			fi
			if [ "$status" != ok ]; then
				echo "run.sh: $t at $n members, run $r: $status" >&2
				cat "$dir/compare.txt" "$dir"/*.err 2>/dev/null | head -20 >&2
			fi
			if [ "$t" = vipcare ]; then
				[ "$status" = ok ] || { echo "run.sh: vipcare's runs disagree" >&2; exit 1; }
			else
				record "$n" "$t" "$r" job "$wall" "$peak" "$status"
			fi
			# keep the disk small: only the outputs of the last run stay
			[ "$r" -lt "$runs" ] && rm -f "$dir/score.csv" "$dir/scores.csv"
		done
	done

	if [ "$library" = 1 ]; then
		bench=$build/bench
		say "$n members: the library alone (bench-score, bench-checkout, bench-agenda, bench-kpi)"
		timed "$libdir/score-$n" "$libdir" "$bench/bench-score" --customers "$n" \
			--transactions "$transactions" --runs "$runs"
		timed "$libdir/checkout-$n" "$libdir" "$bench/bench-checkout" --customers "$n" \
			--transactions "$transactions" --calls 100000
		timed "$libdir/agenda-$n" "$libdir" "$bench/bench-agenda" --customers "$n" \
			--transactions "$transactions" --runs "$runs"
		timed "$libdir/kpi-$n" "$libdir" "$bench/bench-kpi" --customers "$n" \
			--transactions "$transactions" --runs "$runs"
		# the journal's folder on the work folder's disk: a flush to a
		# tmpfs would cost nothing
		if [ -x "$bench/bench-durability" ]; then
			mkdir -p "$work/durability"
			timed "$libdir/durability-$n" "$libdir" "$bench/bench-durability" --customers "$n" \
				--transactions "$transactions" --dir "$work/durability"
		fi
	fi
done
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$machine"

table=$results/table-$stamp.md
$PY "$here/results.py" table --raw "$raw" --machine "$machine" --library "$libdir" > "$table"
cp "$table" "$results/latest.md"
cat "$table"
say "table written to $table"
