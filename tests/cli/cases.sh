#!/usr/bin/env bash
# End-to-end cases for the asor binary: bash cases.sh CASE ASOR SOURCE_DIR
set -uo pipefail
case_name=$1
ASOR=$2
SRC=$3
DATA=$SRC/data
TDATA=$SRC/tests/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_exit CODE CMD...: runs CMD with stdout/stderr to out/err files.
expect_exit() {
  local want=$1; shift
  "$@" >out 2>err
  local got=$?
  if [[ $got -ne $want ]]; then
    echo "--- stdout"; cat out; echo "--- stderr"; cat err
    fail "'$*' exited $got, expected $want"
  fi
}
expect_in() { grep -qF -- "$2" "$1" || { cat "$1"; fail "'$2' not in $1"; }; }

A=$DATA/poisson2d_32.mtx
B=$DATA/poisson2d_32_b.mtx

case $case_name in
help_documents_every_option)
  expect_exit 0 "$ASOR" solve --help
  for opt in --method --omega --tol --max-sweeps --time-limit --threads --monitor-interval \
             --x0 --output --json --history --progress --stats --quiet "Exit codes"; do
    expect_in out "$opt"
  done
  expect_exit 0 "$ASOR" --help
  expect_in out solve ;;
version)
  expect_exit 0 "$ASOR" --version
  expect_in out "asor " ;;
default_problem_converges)
  expect_exit 0 "$ASOR" solve "$A" "$B"
  expect_in err "converged:         yes"
  expect_in err "final residual:" ;;
output_and_json_written)
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.8 -o x.mtx --json r.json
  head -1 x.mtx | grep -q '^%%MatrixMarket matrix array real general' || fail "bad banner"
  grep -q '^1024 1$' x.mtx || fail "bad size line"
  for k in '"method": "sor"' '"n": 1024' '"omega": 1.8' '"converged": true' \
           '"reason": "converged"' '"relative_residual": ' '"sweeps": ' '"seconds": ' \
           '"tol": 1e-08' '"thread_stats": '; do
    expect_in r.json "$k"
  done
  ls -a | grep -q '\.tmp' && fail "temporary file left behind"
  true ;;
json_to_stdout)
  expect_exit 0 "$ASOR" solve "$A" "$B" --json - -q
  expect_in out '"converged": true'
  [[ -s err ]] && fail "--quiet printed to stderr"
  true ;;
rhs_defaults_to_ones_solution)
  expect_exit 0 "$ASOR" solve "$A" -o x.mtx --tol 1e-12 --method sor --omega 1.8
  # Every entry of x is 1 to about 1e-9.
  awk 'NR > 3 { d = $1 - 1; if (d < 0) d = -d; if (d > 1e-8) bad = 1 } END { exit bad }' x.mtx \
    || fail "x is not all ones" ;;
every_method_solves)
  for m in async gs sor jacobi multicolor local cg; do
    omega=1.5; [[ $m == jacobi ]] && omega=1.0
    expect_exit 0 "$ASOR" solve "$A" "$B" --method $m --omega $omega --max-sweeps 100000 --json r.json
    expect_in r.json "\"method\": \"$m\""
    expect_in r.json '"converged": true'
  done ;;
sweep_limit_exits_1_and_writes_x)
  expect_exit 1 "$ASOR" solve "$A" "$B" --max-sweeps 3 -o x.mtx --json r.json
  expect_in r.json '"reason": "sweep_limit"'
  expect_in r.json '"converged": false'
  grep -q '^1024 1$' x.mtx || fail "x not written" ;;
time_limit_exits_1)
  # A tolerance below round-off cannot be met: only the time limit stops it.
  expect_exit 1 "$ASOR" solve "$A" "$B" --tol 1e-30 --max-sweeps 1000000000 --time-limit 0.3 --threads 2 --json r.json -o x.mtx
  expect_in r.json '"reason": "time_limit"'
  [[ -s x.mtx ]] || fail "x not written" ;;
diverged_exits_3)
  expect_exit 3 "$ASOR" solve "$TDATA/solver/indefinite.mtx" --method sor --omega 1.99 --json r.json
  expect_in r.json '"reason": "diverged"'
  expect_in err "converged:         no (diverged)"
  expect_exit 3 "$ASOR" solve "$TDATA/solver/indefinite.mtx" --omega 1.95 --threads 2 ;;
bad_option_exits_2)
  expect_exit 2 "$ASOR" solve "$A" --no-such-option
  expect_exit 2 "$ASOR" solve "$A" --method newton
  expect_exit 2 "$ASOR" solve
  expect_exit 2 "$ASOR" ;;
omega_out_of_range_exits_2)
  expect_exit 2 "$ASOR" solve "$A" --omega 2.0
  expect_in err "(0, 2)"
  expect_exit 2 "$ASOR" solve "$A" --omega 0 ;;
missing_file_exits_2)
  expect_exit 2 "$ASOR" solve no-such-file.mtx
  expect_in err "no-such-file.mtx"
  [[ $(wc -l < err) -eq 1 ]] || fail "more than one line of error" ;;
malformed_matrix_exits_2)
  printf '%%%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1.5x\n2 2 1\n' > bad.mtx
  expect_exit 2 "$ASOR" solve bad.mtx
  expect_in err "bad.mtx:3:"
  [[ $(wc -l < err) -eq 1 ]] || fail "more than one line of error" ;;
rhs_wrong_length_exits_2)
  expect_exit 2 "$ASOR" solve "$A" "$TDATA/solver/vector3.mtx"
  expect_in err "vector3.mtx: right-hand side has 3 entries (expected 1024" ;;
x0_wrong_length_exits_2)
  expect_exit 2 "$ASOR" solve "$A" --x0 "$TDATA/solver/vector3.mtx"
  expect_in err "initial guess has 3 entries" ;;
zero_diagonal_exits_2)
  expect_exit 2 "$ASOR" solve "$TDATA/solver/zero_diagonal.mtx"
  expect_in err "zero_diagonal.mtx: row 2: diagonal entry is zero or missing" ;;
unwritable_output_fails_before_solving)
  expect_exit 2 "$ASOR" solve "$A" "$B" -o /nonexistent-dir/x.mtx
  expect_in err "/nonexistent-dir/x.mtx"
  grep -q "converged" err && fail "solved before refusing the output path"
  true ;;
x0_resumes_from_solution)
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.8 -o x.mtx
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.8 --x0 x.mtx --json r.json
  expect_in r.json '"sweeps": 0' ;;
stdin_matrix)
  "$ASOR" solve - "$B" --json r.json < "$A" >out 2>err || fail "stdin solve failed: $(cat err)"
  expect_in r.json '"converged": true' ;;
history_csv)
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --history h.csv
  head -1 h.csv | grep -q '^seconds,estimated_residual,sweeps_min,sweeps_max$' || fail "header"
  [[ $(wc -l < h.csv) -ge 2 ]] || fail "no rows" ;;
stats_summary)
  expect_exit 0 "$ASOR" solve "$A" "$B" --threads 2 --stats
  expect_in err "thread 0"
  expect_in err "thread 1"
  expect_in err "sweep spread:" ;;
omp_num_threads_default)
  OMP_NUM_THREADS=3 expect_exit 0 "$ASOR" solve "$A" "$B" --json r.json
  expect_in r.json '"threads": 3' ;;
oversubscribed_threads_converge)
  expect_exit 0 "$ASOR" solve "$A" "$B" --threads 8 --omega 1.5 --json r.json
  expect_in r.json '"threads": 8'
  expect_in r.json '"converged": true' ;;
progress_on_terminal_only)
  # `script` gives the command a terminal; the status line must appear there.
  long=(--tol 1e-30 --max-sweeps 1000000000 --time-limit 0.3 --threads 2)
  script -qec "'$ASOR' solve '$A' '$B' ${long[*]} --progress" /dev/null > tty.txt 2>&1
  expect_in tty.txt "sweeps/s"
  expect_in tty.txt "ETA"
  expect_in tty.txt "converged:         no (time_limit)"
  # Not a terminal: no status line; --quiet: nothing at all.
  expect_exit 1 "$ASOR" solve "$A" "$B" "${long[@]}" --progress
  grep -q "sweeps/s" err && fail "status line written to a file"
  script -qec "'$ASOR' solve '$A' '$B' ${long[*]} --progress -q" /dev/null > tty.txt 2>&1
  grep -q "sweeps/s" tty.txt && fail "status line despite --quiet"
  true ;;
*)
  fail "unknown case $case_name" ;;
esac
echo "PASS: $case_name"
