#!/usr/bin/env bash
# Side-by-side comparison of union-state with networkx and a naive petgraph
# program on synthetic agendas. See benches/compare/README.md.
#
# Usage: benches/compare/run.sh [--million] [N ...]
#
#   (no arguments)  10,000 and 100,000 commitments
#   --million       also 1,000,000 (networkx: minutes a run, ~5 GB)
#   N ...           exactly these sizes
#
# Environment: CARGO_TARGET_DIR (where cargo builds; the datasets and results
# go to $CARGO_TARGET_DIR/bench-compare unless OUT_DIR is set), SEED
# (default 2021), SAMPLES (default 1000), RUNS (default 3: each side runs
# this many times per size, the three sides in turn, and the table shows
# each time's median and the lowest and highest run), PYTHON (default
# python3), CRATE_SKIP (questions the crate side leaves out,
# comma-separated, such as `deadlocks`, or its old name `scc`: they show
# as n/a).
set -euo pipefail
cd "$(dirname "$0")/../.."

here=benches/compare
python=${PYTHON:-python3}
seed=${SEED:-2021}
samples=${SAMPLES:-1000}
runs=${RUNS:-3}
case "$runs" in
  *[!0-9]* | '' | 0) echo "run.sh: RUNS is not a positive number: $runs" >&2; exit 2 ;;
esac

sizes=()
million=0
for arg in "$@"; do
  case "$arg" in
    --million) million=1 ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *[!0-9]* | '') echo "run.sh: not a size: $arg" >&2; exit 2 ;;
    *) sizes+=("$arg") ;;
  esac
done
if [ ${#sizes[@]} -eq 0 ]; then
  sizes=(10000 100000)
  [ "$million" = 1 ] && sizes+=(1000000)
elif [ "$million" = 1 ]; then
  sizes+=(1000000)
fi

# networkx 3.6.1, installed only if missing (a local wheel first, if any).
if ! "$python" -c 'import networkx' 2>/dev/null; then
  echo "installing networkx 3.6.1" >&2
  "$python" -m pip install --quiet --no-index --find-links /opt/wheels networkx==3.6.1 2>/dev/null ||
    "$python" -m pip install --quiet networkx==3.6.1
fi

echo "building synth/src/bin/bench_compare.rs (release)" >&2
cargo build --quiet --release -p union-state-synth --bin bench_compare
target_dir=${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps |
  "$python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')}
bin="$target_dir/release/bench_compare"
out=${OUT_DIR:-$target_dir/bench-compare}
mkdir -p "$out"

# Peak memory from /usr/bin/time -v when available; otherwise each process
# reports its own (VmHWM / ru_maxrss).
timer=()
if /usr/bin/time -v true >/dev/null 2>&1; then
  timer=(/usr/bin/time -v -o)
fi
measure() { # measure REPORT_FILE command...
  local report=$1
  shift
  if [ ${#timer[@]} -gt 0 ]; then
    "${timer[@]}" "$report" "$@"
  else
    rm -f "$report"
    "$@"
  fi
}

{
  echo "# union-state vs networkx vs naive petgraph"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(uname -srm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //' || echo unknown cpu)"
  echo "- rustc: $(rustc --version)"
  echo "- python: $("$python" --version 2>&1 | cut -d' ' -f2), networkx $("$python" -c 'import networkx; print(networkx.__version__)')"
  echo "- dataset: union_state_synth, seed $seed, $samples sampled commitments"
  echo "- runs: $runs of each side per size, in turn; each time the median"
} | tee "$out/summary.md"

status=0
for n in "${sizes[@]}"; do
  data="$out/synth-$n.json"
  echo "generating $n commitments -> $data" >&2
  "$bin" generate "$n" --seed "$seed" --out "$data"
  # The sides take turns (networkx, naive, crate, networkx, ...), so a busy
  # spell of the machine falls on all three rather than on one.
  for r in $(seq "$runs"); do
    echo "run $r of $runs: networkx ..." >&2
    measure "$out/nx-$n-$r.time" "$python" "$here/nx_compare.py" "$data" --samples "$samples" >"$out/nx-$n-$r.json"
    echo "run $r of $runs: naive petgraph ..." >&2
    measure "$out/naive-$n-$r.time" "$bin" naive "$data" --samples "$samples" >"$out/naive-$n-$r.json"
    echo "run $r of $runs: crate ..." >&2
    measure "$out/crate-$n-$r.time" "$bin" run "$data" --samples "$samples" --skip "${CRATE_SKIP:-}" >"$out/crate-$n-$r.json"
  done
  files() { # files SIDE EXT: the runs' files, comma-separated
    local list=() r
    for r in $(seq "$runs"); do list+=("$out/$1-$n-$r.$2"); done
    (IFS=,; echo "${list[*]}")
  }
  "$python" "$here/table.py" "$n" "$(files nx json)" "$(files naive json)" "$(files crate json)" \
    "$(files nx time)" "$(files naive time)" "$(files crate time)" | tee -a "$out/summary.md" || status=1
done
echo >&2
echo "results in $out (summary.md, per-side JSON, /usr/bin/time reports)" >&2
exit $status
