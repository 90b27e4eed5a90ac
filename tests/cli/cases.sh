#!/usr/bin/env bash
# End-to-end cases for the asor binary: bash cases.sh CASE ASOR SOURCE_DIR
set -uo pipefail
case_name=$1
ASOR=$2
SRC=$3
DATA=$SRC/data
TDATA=$SRC/tests/data
# shellcheck source=../expect.sh
source "$SRC/tests/expect.sh"

# Async solves that must converge get a large sweep budget: when ctest runs
# cases side by side, workers lose their cores and count sweeps against
# frozen neighbours (the limit is on sweeps, not on useful work).
ASYNC_BUDGET="--max-sweeps 10000000 --time-limit 60"

A=$DATA/poisson2d_32.mtx
B=$DATA/poisson2d_32_b.mtx

case $case_name in
help_documents_every_option)
  expect_exit 0 "$ASOR" solve --help
  for opt in --method --omega --tol --max-sweeps --time-limit --threads --monitor-interval --storage \
             --x0 --output --json --history --progress --stats --quiet --checkpoint \
             --checkpoint-every --resume --reorder "Exit codes"; do
    expect_in out "$opt"
  done
  expect_exit 0 "$ASOR" --help
  expect_in out solve ;;
version)
  expect_exit 0 "$ASOR" --version
  expect_in out "asor " ;;
default_problem_converges)
  expect_exit 0 "$ASOR" solve "$A" "$B" $ASYNC_BUDGET
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
  expect_exit 0 "$ASOR" solve "$A" "$B" --json - -q $ASYNC_BUDGET
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
  # async grows slowly here (about 0.2% a sweep; 9.9e7 times the start after
  # 10,000 sweeps in one run): a sweep budget that divergence always beats.
  expect_exit 3 "$ASOR" solve "$TDATA/solver/indefinite.mtx" --omega 1.95 --threads 2 \
    $ASYNC_BUDGET ;;
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
  expect_in err "no-such-file.mtx: cannot open (No such file or directory)"
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
bad_input_corpus_exits_2)
  # Every file of tests/data/bad, as A, as b or as x0 (with a good A): exit 2
  # and one line on stderr holding the text tests/data/bad/EXPECTED lists.
  count=0
  while IFS=$'\t' read -r name role expected; do
    [[ -z $name || $name == \#* ]] && continue
    file=$TDATA/bad/$name
    # The CLI reads B as k columns (several right-hand sides), so a 2 x 2
    # matrix there is refused for its row count, not for being a matrix.
    [[ $name == rhs_is_a_matrix.mtx ]] &&
      expected="rhs_is_a_matrix.mtx: right-hand side has 2 rows (expected 1024"
    case $role in
      matrix) args=("$file") ;;
      rhs) args=("$A" "$file") ;;
      x0) args=("$A" --x0 "$file") ;;
      *) fail "$name: unknown role '$role'" ;;
    esac
    "$ASOR" solve "${args[@]}" --method sor --max-sweeps 10 > out 2> err
    code=$?
    [[ $code -eq 2 ]] || { cat err; fail "$name: exit $code, expected 2"; }
    [[ $(wc -l < err) -eq 1 ]] || { cat err; fail "$name: not one line on stderr"; }
    grep -qF -- "$expected" err || { cat err; fail "$name: stderr lacks '$expected'"; }
    count=$((count + 1))
  done < "$TDATA/bad/EXPECTED"
  [[ $count -ge 40 ]] || fail "only $count files in the corpus" ;;
accepted_variants_solve)
  # CRLF, tabs, a BOM, comments...: each variant solves to the same x, bit
  # for bit, as its plain twin (tests/data/accepted/EXPECTED).
  acc=$TDATA/accepted
  solve_to() {  # solve_to OUT KIND FILE
    local args=("$3"); [[ $2 == vector ]] && args=("$acc/reference.mtx" "$3")
    expect_exit 0 "$ASOR" solve "${args[@]}" --method sor --tol 1e-12 -q -o "$1"
    grep -v '^%' "$1" > "$1.values"
  }
  count=0
  while IFS=$'\t' read -r name kind twin; do
    [[ -z $name || $name == \#* ]] && continue
    solve_to x.mtx "$kind" "$acc/$name"
    solve_to twin.mtx "$kind" "$acc/$twin"
    cmp -s x.mtx.values twin.mtx.values || fail "$name: x differs from that of $twin"
    count=$((count + 1))
  done < "$acc/EXPECTED"
  [[ $count -ge 10 ]] || fail "only $count accepted variants" ;;
matrix_beyond_memory_exits_2)
  # Refused from the size line, with the figure, before any entry is read:
  # through stdin (no file size to check against) and from a regular file.
  printf '%%%%MatrixMarket matrix coordinate real general\n1000000 1000000 3000000000\n' > big.mtx
  expect_exit 2 env ASOR_MEMORY_LIMIT=20G "$ASOR" solve - < big.mtx
  expect_in err "<stdin>:2: the matrix needs 78.2 GiB (about 84008000008 bytes"
  expect_in err "but only 20.0 GiB of memory is available (the limit set by ASOR_MEMORY_LIMIT)"
  [[ $(wc -l < err) -eq 1 ]] || fail "more than one line of error"
  expect_exit 2 env ASOR_MEMORY_LIMIT=100 "$ASOR" solve "$TDATA/accepted/reference.mtx"
  expect_in err "reference.mtx:3: the matrix needs 264 bytes"
  expect_exit 2 env ASOR_MEMORY_LIMIT=lots "$ASOR" solve "$A"
  expect_in err "ASOR_MEMORY_LIMIT='lots' is not a memory size" ;;
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
  "$ASOR" solve - "$B" --json r.json $ASYNC_BUDGET < "$A" >out 2>err || fail "stdin solve failed: $(cat err)"
  expect_in r.json '"converged": true' ;;
history_csv)
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --history h.csv
  head -1 h.csv | grep -q '^seconds,estimated_residual,sweeps_min,sweeps_max$' || fail "header"
  [[ $(wc -l < h.csv) -ge 2 ]] || fail "no rows" ;;
stats_summary)
  expect_exit 0 "$ASOR" solve "$A" "$B" --threads 2 --stats $ASYNC_BUDGET
  expect_in err "thread 0"
  expect_in err "thread 1"
  expect_in err "sweep spread:" ;;
omp_num_threads_default)
  OMP_NUM_THREADS=3 expect_exit 0 "$ASOR" solve "$A" "$B" --json r.json $ASYNC_BUDGET
  expect_in r.json '"threads": 3' ;;
thread_limit_shows_threads_that_ran)
  # OMP_THREAD_LIMIT caps the team below --threads: the summary and the
  # report give the threads that swept, and the row blocks apart.
  OMP_THREAD_LIMIT=1 expect_exit 0 "$ASOR" solve "$A" "$B" --threads 3 --stats --json r.json \
    $ASYNC_BUDGET
  expect_in err "method:            async, 1 thread (3 row blocks)"
  expect_in r.json '"threads": 1'
  expect_in r.json '"blocks": 3' ;;
default_command_falls_back_on_1138_bus)
  M=$SRC/../shared/data/suitesparse/1138_bus.mtx
  [[ -f $M ]] || { echo "skipped: $M is absent"; exit 0; }
  # async stagnates near 3e-4 at the default 10,000-sweep limit; the matrix
  # is SPD, so sequential SOR at Young's omega takes over and converges.
  expect_exit 0 "$ASOR" solve "$M" --threads 2 --json r.json
  expect_in err "converged:         yes"
  expect_in err "fallback:          async stopped"
  expect_in err "solved again by sor"
  expect_in r.json '"fallback": {'
  expect_in r.json '"used": true'
  expect_in r.json '"method": "sor"'
  # --no-fallback keeps async's own outcome: the sweep limit, exit 1.
  expect_exit 1 "$ASOR" solve "$M" --threads 2 --no-fallback --json r2.json
  expect_in err "converged:         no (sweep_limit)"
  grep -q '"fallback"' r2.json && fail "--no-fallback wrote a fallback" ;;
storage_choices)
  # compact storage: the summary and JSON say so, bytes per row fall, the
  # tolerance below float32's rounding still holds (refinement); an unknown
  # name and a matrix float32 cannot hold are usage and input errors.
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.8 --tol 1e-13 --storage compact --json c.json
  expect_in err "compact storage ("
  expect_in c.json '"storage": "compact"'
  expect_in c.json '"converged": true'
  expect_in c.json '"refinements": '
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.8 --storage double --json d.json
  expect_in d.json '"storage": "double"'
  compact=$(grep -oE '"bytes_per_row": [0-9.]+' c.json | awk '{ print $2 }')
  double=$(grep -oE '"bytes_per_row": [0-9.]+' d.json | awk '{ print $2 }')
  awk -v c="$compact" -v d="$double" 'BEGIN { exit !(c > 0 && c < 0.7 * d) }' \
    || fail "compact $compact bytes a row against double $double"
  expect_exit 2 "$ASOR" solve "$A" "$B" --storage half
  expect_in err "unknown storage 'half' (expected one of auto, double, compact)"
  printf '%%%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n2 2 1\n2 1 1e-40\n' > tiny.mtx
  expect_exit 2 "$ASOR" solve tiny.mtx --storage compact
  expect_in err "compact storage: entry (2, 1) 1e-40 is below float32's smallest normal number" ;;
several_right_hand_sides)
  # B with 3 columns: b = A * (1, 2, 3 times ones), one prepared solver, x
  # with 3 columns, each meeting the tolerance; one summary line and one
  # JSON entry per column.
  expect_exit 0 "$ASOR" generate poisson2d --size 16 -o P.mtx --rhs P_b.mtx
  expect_exit 0 "$ASOR" solve P.mtx --method sor --omega 1.5 --tol 1e-12 -q -o ones.mtx
  { echo "%%MatrixMarket matrix array real general"; echo "256 3"
    for k in 1 2 3; do grep -v "^%" P_b.mtx | tail -n +2 |
      awk -v k=$k '{ printf "%.17g\n", k * $1 }'; done; } > B3.mtx
  expect_exit 0 "$ASOR" solve P.mtx B3.mtx --threads 2 --tol 1e-10 -o X3.mtx --json r.json \
    $ASYNC_BUDGET
  expect_in err "setup:"
  expect_in err "column 1 "
  expect_in err "column 3 "
  expect_in err "(swept with 3 columns)"
  expect_in r.json '"columns_together": 3'
  grep -q '^256 3$' X3.mtx || fail "x is not 256 x 3"
  expect_in r.json '"columns_count": 3'
  [[ $(grep -c '"converged": true' r.json) -eq 3 ]] || fail "not 3 converged columns"
  # Column k of x is k times ones.
  grep -v '^%' X3.mtx | tail -n +2 | awk 'NR <= 256 { k = 1 } NR > 256 && NR <= 512 { k = 2 }
    NR > 512 { k = 3 } { d = $1 - k; if (d < 0) d = -d; if (d > 1e-6) bad++ }
    END { exit bad > 0 }' || fail "a column of x is not k * ones"
  # One x0 column serves every column; a history takes one right-hand side.
  expect_exit 0 "$ASOR" solve P.mtx B3.mtx --method sor --omega 1.5 --x0 ones.mtx -q
  expect_exit 2 "$ASOR" solve P.mtx B3.mtx --history h.csv
  expect_in err "take one right-hand side" ;;
no_fallback_where_nothing_is_guaranteed)
  # pde900 is not symmetric: at omega 1.9 async diverges and no method is
  # guaranteed; the summary says why and what to try, exit 3 as before.
  M=$SRC/../shared/data/suitesparse/pde900.mtx
  [[ -f $M ]] || { echo "skipped: $M is absent"; exit 0; }
  expect_exit 3 "$ASOR" solve "$M" --threads 2 --omega 1.9 $ASYNC_BUDGET
  expect_in err "no fallback: A is not symmetric"
  expect_in err "try" ;;
oversubscribed_threads_converge)
  expect_exit 0 "$ASOR" solve "$A" "$B" --threads 8 --omega 1.5 --json r.json $ASYNC_BUDGET
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
  grep -q "sweeps/s" tty.txt && { cat -v tty.txt; fail "status line despite --quiet"; }
  true ;;
generate_help_documents_every_option)
  expect_exit 0 "$ASOR" generate --help
  for word in --size --shift --seed --epsilon --degree --ratio --dense --output --rhs --quiet \
              poisson2d poisson3d aniso2d randspd diagdom denserows; do
    expect_in out "$word"
  done ;;
generate_each_kind_then_solve)
  for spec in "poisson2d --size 16" "poisson3d --size 8" "aniso2d --size 16 --epsilon 0.1" \
              "randspd --size 500" "diagdom --size 500 --ratio 1.5" "denserows --size 500"; do
    expect_exit 0 "$ASOR" generate $spec -o a.mtx --rhs b.mtx
    expect_exit 0 "$ASOR" solve a.mtx b.mtx --tol 1e-10 -o x.mtx $ASYNC_BUDGET
    # b = A * ones, so x is all ones.
    awk 'NR > 3 { d = $1 - 1; if (d < 0) d = -d; if (d > 1e-6) bad = 1 } END { exit bad }' x.mtx \
      || fail "x is not all ones for $spec"
  done ;;
generate_symmetric_banner_and_seed)
  for kind in poisson2d poisson3d aniso2d randspd denserows; do
    expect_exit 0 "$ASOR" generate $kind --size 5 -o a.mtx
    head -1 a.mtx | grep -q ' symmetric$' || fail "$kind not written symmetric"
  done
  expect_exit 0 "$ASOR" generate diagdom --size 50 -o a.mtx
  head -1 a.mtx | grep -q ' general$' || fail "diagdom not written general"
  expect_exit 0 "$ASOR" generate randspd --size 300 --seed 7 -o r1.mtx
  expect_exit 0 "$ASOR" generate randspd --size 300 --seed 7 -o r2.mtx
  expect_exit 0 "$ASOR" generate randspd --size 300 --seed 8 -o r3.mtx
  cmp -s r1.mtx r2.mtx || fail "same seed, different files"
  cmp -s r1.mtx r3.mtx && fail "different seeds, same file"
  true ;;
generate_bad_arguments_exit_2)
  expect_exit 2 "$ASOR" generate poisson4d -o a.mtx
  expect_in err "unknown problem kind 'poisson4d'"
  [[ $(wc -l < err) -eq 1 ]] || fail "more than one line of error"
  expect_exit 2 "$ASOR" generate poisson2d --size 0 -o a.mtx
  expect_in err "size is 0"
  expect_exit 2 "$ASOR" generate poisson3d --size 1291 -o a.mtx
  expect_in err "rows exceed 2^31 - 1"
  expect_exit 2 "$ASOR" generate diagdom --ratio 1 -o a.mtx
  expect_in err "ratio is 1"
  expect_exit 2 "$ASOR" generate randspd --shift -1 -o a.mtx
  expect_in err "indefinite"
  expect_exit 2 "$ASOR" generate poisson2d
  expect_exit 2 "$ASOR" generate poisson2d -o /nonexistent-dir/a.mtx
  [[ -e a.mtx ]] && fail "a refused command wrote a file"
  true ;;
bench_help_documents_every_option)
  expect_exit 0 "$ASOR" bench --help
  for opt in --methods --threads --repeat --omega --tol --max-sweeps --time-limit \
             --monitor-interval --x0 --stream --csv --json --plot --reorder "Exit codes"; do
    expect_in out "$opt"
  done
  expect_exit 0 "$ASOR" --help
  expect_in out bench ;;
bench_table_csv_json_plot)
  expect_exit 0 "$ASOR" bench "$A" "$B" --methods gs,sor,async --threads 1,2 --repeat 2 \
    --omega 1.5 --csv r.csv --json r.json --plot r.svg
  for word in method threads sweeps "median s" "min s" "max s" "vs gs" "vs sor" GB/s residual \
              converged; do
    expect_in out "$word"
  done
  [[ $(grep -cE '^(gs|sor|async) ' out) -eq 4 ]] || { cat out; fail "not 4 table rows"; }
  grep -qE '^gs +1 .* 1\.00 ' out || { cat out; fail "gs is not 1.00 against itself"; }
  head -1 r.csv | grep -q '^method,threads,status,sweeps,' || fail "CSV header"
  [[ $(wc -l < r.csv) -eq 5 ]] || fail "CSV: not a header and 4 rows"
  for row in '^gs,1,ok,' '^sor,1,ok,' '^async,1,ok,' '^async,2,ok,'; do
    grep -q "$row" r.csv || fail "CSV row $row missing"
  done
  expect_in r.json '"results": ['
  [[ $(grep -c '"method": ' r.json) -eq 4 ]] || fail "JSON: not 4 results"
  expect_in r.json '"speedup_vs_sor": 1,'
  if command -v python3 >/dev/null; then
    python3 - r.svg <<'EOF' || fail "r.svg is not a valid SVG with 3 series"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
names = [p.get("data-name") for p in root.iter("{http://www.w3.org/2000/svg}polyline")
         if p.get("class") == "series"]
assert names == ["gs", "sor", "async, 2 threads"], names
assert all(p.get("points") for p in root.iter("{http://www.w3.org/2000/svg}polyline"))
EOF
  else
    tail -1 r.svg | grep -q '^</svg>$' || fail "SVG not closed"
    [[ $(grep -c '<polyline class="series"' r.svg) -eq 3 ]] || fail "not 3 series"
  fi
  expect_in r.svg 'class="legend"'
  ls -a | grep -q '\.tmp' && fail "temporary file left behind"
  true ;;
bench_stream_prints_bandwidth)
  expect_exit 0 "$ASOR" bench "$A" "$B" --methods sor,async --threads 2 --repeat 1 --stream \
    --csv r.csv
  expect_in out "memory read bandwidth"
  grep -qE '2 threads [0-9.]+ GB/s' out || { cat out; fail "no bandwidth figure"; }
  expect_in out "of stream"
  grep -qE '^async,2,ok,([^,]*,){9}[0-9.e+-]+,' r.csv || { cat r.csv; fail "no stream fraction"; }
  true ;;
bench_unknown_method_exits_2)
  expect_exit 2 "$ASOR" bench "$A" --methods gs,nosuch
  expect_in err "unknown method 'nosuch'"
  [[ -s out ]] && fail "printed a table for an unknown method"
  expect_exit 2 "$ASOR" bench "$A" --methods gs --omega 2
  expect_in err "(0, 2)"
  expect_exit 2 "$ASOR" bench "$A" --repeat 0
  expect_exit 2 "$ASOR" bench "$A" --csv /nonexistent-dir/r.csv
  true ;;
bench_refused_method_reported)
  # cg needs a symmetric matrix: its rows say so, the others run, exit 1.
  printf '%%%%MatrixMarket matrix coordinate real general\n3 3 5\n1 1 4\n2 2 4\n3 3 4\n1 2 -1\n2 3 -2\n' > ns.mtx
  expect_exit 1 "$ASOR" bench ns.mtx --methods sor,cg --threads 1 --repeat 1 --csv r.csv --plot r.svg
  expect_in out "refused: matrix is not symmetric"
  grep -qE '^sor +1 ' out || fail "sor did not run"
  expect_in r.csv 'cg,1,refused,'
  expect_in r.svg 'data-name="cg, 1 thread (refused)"' ;;
bench_progress_on_terminal_only)
  script -qec "'$ASOR' bench '$A' '$B' --methods sor,async --threads 2 --repeat 2" /dev/null \
    > tty.txt 2>&1
  expect_in tty.txt "async, 2 threads, repeat 2/2"
  expect_exit 0 "$ASOR" bench "$A" "$B" --methods sor --repeat 1
  grep -q "repeat" err && fail "progress written to a file"
  true ;;
interrupt_writes_x_and_exits_128_plus_signal)
  # A solve that cannot converge, stopped by SIGINT then by SIGTERM: x and
  # the report are written, complete, and the exit code names the signal.
  long=(--tol 1e-30 --max-sweeps 1000000000 --time-limit 60 --threads 2)
  for sig in INT TERM; do
    rm -f x.mtx r.json
    "$ASOR" solve "$A" "$B" "${long[@]}" -o x.mtx --json r.json > out 2> err &
    pid=$!
    sleep 0.5
    kill -$sig $pid
    wait $pid
    code=$?
    want=$((128 + $(kill -l $sig)))
    [[ $code -eq $want ]] || { cat err; fail "SIG$sig: exit $code, expected $want"; }
    grep -q '^1024 1$' x.mtx || fail "SIG$sig: x not written"
    [[ $(grep -cv '^%' x.mtx) -eq 1025 ]] || fail "SIG$sig: x incomplete"
    expect_in r.json "\"interrupted\": \"SIG$sig\""
    expect_in r.json '"reason": "interrupted"'
    expect_in err "interrupted:       by SIG$sig"
  done ;;
checkpoint_survives_sigkill_and_resume_needs_fewer_sweeps)
  json_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
  "$ASOR" generate poisson2d --size 150 -o p.mtx -q || fail "generate failed"
  converge=(--omega 1.9 --tol 1e-9 --max-sweeps 1000000)
  expect_exit 0 "$ASOR" solve p.mtx --method sor "${converge[@]}" --json fresh.json
  fresh=$(json_field fresh.json sweeps)
  # An async solve that would never stop, killed once its checkpoints show
  # real progress.
  "$ASOR" solve p.mtx --threads 2 --omega 1.9 --tol 1e-30 --max-sweeps 1000000000 \
    --time-limit 120 --checkpoint ck.mtx --checkpoint-every 0.05 -q &
  pid=$!
  for _ in $(seq 600); do
    [[ -s ck.mtx.json ]] && (( $(json_field ck.mtx.json sweeps) >= 100 )) && break
    sleep 0.1
  done
  kill -KILL $pid; wait $pid 2>/dev/null
  (( $(json_field ck.mtx.json sweeps) >= 100 )) || fail "no checkpoint with 100 sweeps in 60 s"
  # A complete file: banner, comment, size line and one value per row.
  head -1 ck.mtx | grep -q '^%%MatrixMarket matrix array real general' || fail "bad banner"
  grep -q '^22500 1$' ck.mtx || fail "bad size line"
  [[ $(grep -cv '^%' ck.mtx) -eq 22501 ]] || fail "checkpoint incomplete"
  python3 -m json.tool ck.mtx.json > /dev/null || fail "sidecar is not JSON"
  expect_exit 0 "$ASOR" solve p.mtx --method sor "${converge[@]}" --resume ck.mtx \
    --json resumed.json
  expect_in err "resumed:           from ck.mtx, after"
  expect_in resumed.json '"resumed_from": "ck.mtx"'
  resumed=$(json_field resumed.json sweeps)
  (( resumed < fresh )) || fail "resumed solve took $resumed sweeps, a fresh one $fresh" ;;
checkpoint_written_at_the_end_and_resumable)
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.5 --checkpoint ck.mtx -q
  expect_in ck.mtx.json '"format": "asor checkpoint 1"'
  expect_in ck.mtx.json '"method": "sor"'
  ls -a | grep -q '\.tmp' && fail "temporary file left behind"
  # Resumed from a converged checkpoint: nothing left to do.
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --resume ck.mtx --json r.json
  expect_in r.json '"sweeps": 0'
  expect_in err "resumed:           from ck.mtx, after"
  grep -q "checkpoints:" err && fail "no --checkpoint, yet a checkpoint line"
  true ;;
resume_refuses_another_problem)
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.5 --checkpoint ck.mtx -q
  "$ASOR" generate poisson2d --size 32 --shift 1 -o other.mtx -q || fail "generate failed"
  expect_exit 2 "$ASOR" solve other.mtx "$B" --resume ck.mtx
  expect_in err "ck.mtx.json: the checkpoint was made for"
  [[ $(wc -l < err) -eq 1 ]] || fail "more than one line of error"
  expect_exit 2 "$ASOR" solve "$A" --resume ck.mtx
  expect_in err "b = A * ones"
  expect_exit 2 "$ASOR" solve "$A" "$B" --resume ck.mtx --x0 ck.mtx
  echo '{"format": "asor checkpoint 1"}' > ck.mtx.json
  expect_exit 2 "$ASOR" solve "$A" "$B" --resume ck.mtx
  expect_in err "ck.mtx.json: not an asor checkpoint sidecar" ;;
checkpoint_path_checked_before_solving)
  start=$SECONDS
  expect_exit 2 "$ASOR" solve "$A" "$B" --tol 1e-30 --max-sweeps 100000000 \
    --checkpoint no/such/dir/ck.mtx
  expect_in err "no/such/dir/ck.mtx"
  (( SECONDS - start < 5 )) || fail "refused only after solving"
  expect_exit 2 "$ASOR" solve "$A" "$B" --checkpoint-every 5
  expect_exit 2 "$ASOR" solve "$A" "$B" --checkpoint -
  expect_in err "--checkpoint needs a file name" ;;
diverged_writes_last_finite_x)
  expect_exit 3 "$ASOR" solve "$TDATA/solver/indefinite.mtx" --method sor --omega 1.99 \
    -o x.mtx --json r.json
  expect_in err "x:                 the last finite iterate kept"
  expect_in r.json '"restored_last_finite": true'
  # asor refuses NaN and Inf in its inputs: the x written reads back.
  expect_exit 3 "$ASOR" solve "$TDATA/solver/indefinite.mtx" --method sor --omega 1.99 --x0 x.mtx
  expect_exit 3 "$ASOR" solve "$TDATA/solver/indefinite.mtx" --omega 1.95 --threads 2 -o x.mtx \
    $ASYNC_BUDGET
  expect_exit 3 "$ASOR" solve "$TDATA/solver/indefinite.mtx" --method sor --x0 x.mtx ;;
lcp_obstacle_every_method)
  "$ASOR" generate obstacle2d --size 40 -o m.mtx --rhs q.mtx --obstacle psi.mtx -q \
    || fail "generate failed"
  for m in sor gs local async; do
    expect_exit 0 "$ASOR" lcp m.mtx q.mtx --method $m --omega 1.5 --threads 2 -o z.mtx \
      --json r.json $ASYNC_BUDGET
    expect_in err "||min(z, M z + q)|| / ||q||, recomputed from z"
    expect_in err "complementarity:   gap"
    expect_in r.json '"complementarity_gap": '
    grep -q '^1600 1$' z.mtx || fail "$m: bad z"
  done
  # z >= 0 everywhere, and zero somewhere: the membrane touches the obstacle.
  grep -v '^%' z.mtx | tail -n +2 | awk '$1 < 0 { bad = 1 } $1 == 0 { zero++ }
    END { exit bad || zero == 0 }' || fail "z negative or never in contact"
  # The README's picture: u = z + psi, contact dotted.
  python3 "$SRC/scripts/plot-grid" z.mtx --add psi.mtx --contact z.mtx -o u.png 2> err \
    || { cat err; fail "plot-grid failed"; }
  head -c 8 u.png | od -An -c | grep -q 'P   N   G' || fail "not a PNG"
  expect_in err "40 x 40 grid"
  # The options of solve apply: a checkpoint, and a resume from it that has
  # nothing left to do; the summary of an interrupted LCP still says so.
  expect_exit 0 "$ASOR" lcp m.mtx q.mtx --method sor --omega 1.5 --checkpoint ck.mtx -q
  expect_in ck.mtx.json '"rhs": "q.mtx"'
  expect_exit 0 "$ASOR" lcp m.mtx q.mtx --method sor --omega 1.5 --resume ck.mtx --json r.json
  expect_in r.json '"sweeps": 0'
  expect_exit 2 "$ASOR" lcp m.mtx "$B" --resume ck.mtx ;;
lcp_random_matches_known_solution)
  "$ASOR" generate lcp --size 1000 --seed 5 -o m.mtx --rhs q.mtx --solution zstar.mtx -q \
    || fail "generate failed"
  expect_exit 0 "$ASOR" lcp m.mtx q.mtx --method sor --omega 1.2 --tol 1e-12 -o z.mtx
  paste <(grep -v '^%' zstar.mtx | tail -n +2) <(grep -v '^%' z.mtx | tail -n +2) |
    awk '{ d = $1 - $2; if (d < 0) d = -d; if (d > m) m = d } END { exit !(m < 1e-8) }' \
    || fail "z differs from z*" ;;
lcp_bad_input_exits_2)
  "$ASOR" generate lcp --size 10 -o m.mtx --rhs q.mtx -q || fail "generate failed"
  expect_exit 2 "$ASOR" lcp "$TDATA/mm/general_real.mtx" q.mtx
  expect_exit 2 "$ASOR" lcp m.mtx "$B"
  expect_in err "q has 1024 entries (expected 10"
  printf '%%%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n2 2 -3\n' > neg.mtx
  printf '%%%%MatrixMarket matrix array real general\n2 1\n1\n1\n' > q2.mtx
  expect_exit 2 "$ASOR" lcp neg.mtx q2.mtx
  expect_in err "neg.mtx: row 2: diagonal entry is -3 (projected SOR for the LCP needs a positive diagonal)"
  [[ $(wc -l < err) -eq 1 ]] || fail "more than one line of error"
  expect_exit 2 "$ASOR" lcp m.mtx q.mtx --method cg
  expect_exit 2 "$ASOR" lcp m.mtx
  expect_exit 2 "$ASOR" generate lcp --size 10 -o m.mtx --obstacle psi.mtx
  expect_exit 2 "$ASOR" generate poisson2d -o m.mtx --solution z.mtx ;;
solve_with_bounds)
  # Inactive bounds: the unconstrained answer, sweep for sweep.
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.5 --json free.json
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.5 --lower -1e6 --upper inf \
    --json boxed.json
  expect_in err "||x - P(x + b - A x)|| / ||b||"
  [[ $(grep '"sweeps"' free.json | head -1) == $(grep '"sweeps"' boxed.json | head -1) ]] \
    || fail "inactive bounds changed the sweeps"
  # Active bounds from a number and a file: x (free: 0.0019 to 0.074) stays in
  # the box and touches both sides.
  "$ASOR" generate poisson2d --size 32 -o /dev/null --rhs b1.mtx -q
  [[ -c /dev/null ]] || fail "writing to /dev/null replaced the device with a file"
  awk '/^%/ || NR <= 3 { print; next } { print 0.05 + 0.001 * $1 }' b1.mtx > upper.mtx
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.5 --lower 0.01 --upper upper.mtx \
    -o x.mtx
  paste <(grep -v '^%' x.mtx | tail -n +2) <(grep -v '^%' upper.mtx | tail -n +2) |
    awk '$1 < 0.01 || $1 > $2 { exit 1 } $1 == 0.01 { low++ } $1 == $2 { high++ }
      END { exit low == 0 || high == 0 }' || fail "x outside the box, or a side never active"
  expect_exit 2 "$ASOR" solve "$A" "$B" --lower 1 --upper 0
  expect_in err "row 1: lower bound 1 is above upper bound 0"
  expect_exit 2 "$ASOR" solve "$A" "$B" --lower "$TDATA/solver/vector3.mtx"
  expect_in err "bound has 3 entries (expected 1024"
  expect_exit 2 "$ASOR" solve "$A" "$B" --lower 0 --method cg
  expect_in err "cg does not take bounds" ;;
compressed_inputs)
  # .mtx.gz read directly, detected by content (a compressed file named .mtx
  # too), and a gzip stream on standard input: the same x, bit for bit.
  gzip -nc "$A" > a.mtx.gz
  gzip -nc "$B" > b.mtx
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.5 -o plain.mtx
  expect_exit 0 "$ASOR" solve a.mtx.gz b.mtx --method sor --omega 1.5 -o gz.mtx
  cmp -s <(grep -v '^%' plain.mtx) <(grep -v '^%' gz.mtx) || fail "x differs from a .gz input"
  gzip -nc "$A" | "$ASOR" solve - "$B" --method sor --omega 1.5 -o stdin.mtx 2> err \
    || { cat err; fail "gzip on stdin failed"; }
  cmp -s <(grep -v '^%' plain.mtx) <(grep -v '^%' stdin.mtx) || fail "x differs from stdin gzip"
  head -c 300 a.mtx.gz > cut.mtx.gz
  expect_exit 2 "$ASOR" solve cut.mtx.gz
  expect_in err "cut.mtx.gz: truncated gzip data" ;;
rhs_auto_finds_the_suitesparse_b)
  cp "$A" NAME.mtx; cp "$B" NAME_b.mtx
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.5 -o given.mtx -q
  expect_exit 0 "$ASOR" solve NAME.mtx --rhs auto --method sor --omega 1.5 -o auto.mtx
  expect_in err "rhs:               NAME_b.mtx (found beside the matrix)"
  cmp -s <(grep -v '^%' given.mtx) <(grep -v '^%' auto.mtx) || fail "--rhs auto solved another b"
  # Compressed, as SuiteSparse ships them.
  mkdir gz; gzip -nc "$A" > gz/NAME.mtx.gz; gzip -nc "$B" > gz/NAME_b.mtx.gz
  expect_exit 0 "$ASOR" solve gz/NAME.mtx.gz --rhs auto --method sor --omega 1.5 -o gzauto.mtx
  expect_in err "gz/NAME_b.mtx.gz (found beside the matrix)"
  cmp -s <(grep -v '^%' given.mtx) <(grep -v '^%' gzauto.mtx) || fail "--rhs auto (gz) differs"
  # None beside it: A * ones, and said so.
  cp "$A" alone.mtx
  expect_exit 0 "$ASOR" solve alone.mtx --rhs auto --method sor --omega 1.5
  expect_in err "b = A * ones (no alone_b.mtx beside the matrix)"
  expect_exit 0 "$ASOR" solve NAME.mtx --rhs NAME_b.mtx --method sor --omega 1.5
  expect_exit 2 "$ASOR" solve NAME.mtx NAME_b.mtx --rhs auto
  expect_exit 2 "$ASOR" solve - --rhs auto < NAME.mtx
  expect_in err "--rhs auto needs the matrix's file name" ;;
info_describes_the_matrix)
  expect_exit 0 "$ASOR" info "$A"
  expect_in out "size:              1024 x 1024"
  expect_in out "symmetric:         yes"
  expect_in out "M-matrix:          candidate"
  expect_in out "rho(J) estimate:   0.9954"  # cos(pi / 33) = 0.995472
  expect_in out "async guarantee:   an M-matrix"
  expect_exit 0 "$ASOR" info "$A" --json
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert abs(d["jacobi_radius"] - 0.995472) < 1e-3' out \
    || fail "info --json"
  expect_exit 0 "$ASOR" info "$TDATA/solver/indefinite.mtx"
  expect_in out "async guarantee:   none known"
  expect_exit 2 "$ASOR" info "$TDATA/bad/empty.mtx" ;;
reorder_solves_in_the_callers_order)
  # b is not A * ones, so x is not constant: a misplaced entry would show.
  same_x() {  # same_x X1 X2: equal entries, to a relative 1e-8
    paste <(grep -v '^%' "$1" | tail -n +2) <(grep -v '^%' "$2" | tail -n +2) |
      awk '{ d = $1 - $2; if (d < 0) d = -d; if (d > 1e-8 * ($1 < 0 ? -$1 : $1)) bad++ }
        END { exit bad > 0 }' || fail "$2 differs from $1"
  }
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.8 --tol 1e-12 -o plain.mtx -q
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.8 --tol 1e-12 --reorder rcm \
    -o x.mtx --json r.json
  expect_in err "reordering:        rcm asked: bandwidth 32 -> 32"
  same_x plain.mtx x.mtx
  python3 - r.json <<'PY' || fail "JSON report of --reorder rcm"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["reordering"] == "rcm" and d["reordering_asked"] == "rcm", d
assert d["bandwidth_before"] == 32 and d["bandwidth_after"] > 0, d
assert d["mean_distance_before"] == 16.5 and d["mean_distance_after"] > 1, d
assert 0 <= d["reordering_seconds"] <= d["setup_seconds"], d
PY
  # async with active bounds from a file, and three columns: the same x as
  # without reordering.
  "$ASOR" generate poisson2d --size 32 -o /dev/null --rhs b1.mtx -q
  awk '/^%/ || NR <= 3 { print; next } { print 0.05 + 0.001 * $1 }' b1.mtx > upper.mtx
  for r in none rcm; do
    expect_exit 0 "$ASOR" solve "$A" "$B" --threads 2 --omega 1.5 --tol 1e-12 --lower 0.01 \
      --upper upper.mtx --reorder $r -o box_$r.mtx -q $ASYNC_BUDGET
  done
  same_x box_none.mtx box_rcm.mtx
  { echo "%%MatrixMarket matrix array real general"; echo "1024 3"
    for k in 1 2 3; do grep -v "^%" "$B" | tail -n +2 |
      awk -v k=$k '{ printf "%.17g\n", k * $1 * (1 + (NR % 7) / 10) }'; done; } > B3.mtx
  for r in none rcm; do
    expect_exit 0 "$ASOR" solve "$A" B3.mtx --threads 2 --tol 1e-12 --omega 1.5 --reorder $r \
      -o X3_$r.mtx $ASYNC_BUDGET
  done
  same_x X3_none.mtx X3_rcm.mtx
  expect_in err "reordering:        rcm asked"
  # auto keeps a grid's natural order: RCM does not shrink its spread.
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.8 --reorder auto --json r.json
  expect_in err "reordering:        none: RCM gives bandwidth 32 -> 32"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["reordering"] == "none" and d["reordering_asked"] == "auto", d' r.json \
    || fail "JSON report of --reorder auto"
  # Without --reorder: no line, and "none" in the report.
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega 1.8 --json r.json
  grep -q "reordering:" err && fail "a reordering line without --reorder"
  expect_in r.json '"reordering": "none"'
  expect_exit 2 "$ASOR" solve "$A" --reorder amd
  expect_in err "--reorder"
  expect_exit 0 "$ASOR" bench "$A" "$B" --methods sor,async --threads 2 --repeat 1 --reorder rcm \
    $ASYNC_BUDGET
  expect_in out "reorder rcm: rcm asked: bandwidth 32 -> 32" ;;
omega_auto_is_chosen_and_reported)
  # sor gets Young's omega for rho(J) = cos(pi / 33): 1.8264.
  expect_exit 0 "$ASOR" solve "$A" "$B" --method sor --omega auto --json r.json
  expect_in err "omega auto:        1.826"
  expect_in err "Young's omega"
  python3 - r.json <<'PY' || fail "JSON report of --omega auto"
import json, sys
d = json.load(open(sys.argv[1]))
assert abs(d["omega"] - 1.8264) < 2e-3, d["omega"]
assert d["omega_choice"] == "auto" and "Young" in d["omega_rule"], d
assert abs(d["omega_jacobi_radius"] - 0.995472) < 1e-4 and d["omega_seconds"] >= 0, d
PY
  # async: Young's omega as well, backing off if it diverges (a back-off is
  # legitimate under load, so only the first omega is pinned down).
  expect_exit 0 "$ASOR" solve "$A" "$B" --omega auto --threads 2 $ASYNC_BUDGET --json r.json
  expect_in err "backs off toward 1 if async diverges"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert abs(d["omega_first"] - 1.8264) < 2e-3 and d["omega_backoffs"] >= 0, d' r.json \
    || fail "async's omega"
  # Symmetric but indefinite: omega 1, and the reason; async diverges (exit 3).
  expect_exit 3 "$ASOR" solve "$TDATA/solver/indefinite.mtx" --omega auto --threads 2 $ASYNC_BUDGET
  expect_in err "omega auto:        1: A is not positive definite"
  # A non-symmetric matrix has no estimate: omega 1, and the reason.
  printf '%%%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 4\n1 2 -1\n2 2 4\n' > ns.mtx
  expect_exit 0 "$ASOR" solve ns.mtx --method sor --omega auto
  expect_in err "omega auto:        1: A is not symmetric"
  expect_exit 2 "$ASOR" solve "$A" --omega fast
  expect_in err "--omega: expected a number or 'auto', got 'fast'"
  # bench: each method its own omega, in the header line and the CSV.
  expect_exit 0 "$ASOR" bench "$A" "$B" --methods sor,async --threads 2 --repeat 1 --omega auto \
    --csv b.csv $ASYNC_BUDGET
  expect_in out "omega auto (sor 1.826"
  expect_in out "async 1.826"
  head -1 b.csv | grep -q ',omega,storage$' || fail "no omega column in the CSV"
  expect_exit 0 "$ASOR" info "$A"
  expect_in out "--omega auto:      1.8264 for sor, multicolor, async and local" ;;
readme_options_exist_in_help)
  # Every --option README.md and docs/*.md name is in the help of some asor command,
  # except those of the other tools it shows (listed here, with the tool).
  others=(--add --contact --scale   # scripts/plot-grid
          --build --install --prefix --preset  # cmake
          --case                    # tests/stress/asor_stress
          --quick --out --no-peers --grid --only --extra  # bench/run-suite, bench/omega-suite
          --rounds --fixed-its      # bench/peer-rounds, bench/peers/
          --allow-run-as-root --oversubscribe --bind-to --mca --host  # mpirun
          --uts                     # unshare
          --query)                  # update-alternatives
  { for c in solve lcp generate bench info; do "$ASOR" $c --help; done; "$ASOR" --help; } > help.txt
  count=0
  for opt in $(cat "$SRC/README.md" "$SRC"/docs/*.md | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
    [[ " ${others[*]} " == *" $opt "* ]] && continue
    grep -qF -- "$opt" help.txt || fail "README.md or docs/ name $opt, which no --help has"
    count=$((count + 1))
  done
  (( count >= 30 )) || fail "only $count options found in the README" ;;
quick_suite)
  # The standard suite at small sizes: every problem gets a table, a CSV, a
  # plot and a row of the summary. The peers are pointed at nothing, as on a
  # machine without them: each is skipped with a message, its columns n/a.
  ASOR=$ASOR ASOR_PETSC_PEER=$work/none ASOR_HYPRE_PEER=$work/none \
    "$SRC/bench/run-suite" --quick --out "$work/suite" > out 2> err \
    || { cat err; fail "run-suite --quick failed"; }
  for p in poisson2d poisson3d randspd aniso2d diagdom varcoef3d; do
    grep -q "^| $p | " "$work/suite/summary.md" || fail "no summary row for $p"
    for ext in md csv svg; do [[ -s $work/suite/$p.$ext ]] || fail "missing $p.$ext"; done
  done
  grep -q "async" "$work/suite/poisson2d.md" || fail "no async row in the table"
  expect_in err "PETSc peer skipped"
  expect_in err "hypre peer skipped"
  awk -F'|' '/^\| poisson2d / { for (i = 10; i <= 15; i++) if ($i != " n/a ") exit 1; found = 1 }
             END { exit !found }' "$work/suite/summary.md" \
    || { cat "$work/suite/summary.md"; fail "peer columns should read n/a"; }
  # async with inner sweeps adapted: its own column, in seconds.
  awk -F'|' '/^\| poisson2d / { found = $5 ~ /^ [0-9.e+-]+ s $/ } END { exit !found }' \
    "$work/suite/summary.md" || { cat "$work/suite/summary.md"; fail "no inner-sweeps time"; } ;;
quick_suite_peer_that_does_not_converge)
  # A peer whose checked run does not converge has no fast path to time: the
  # suite says so and goes on to the next problem instead of stopping there.
  printf '%s\n' '#!/bin/sh' '[ "$1" = --available ] && exit 0' \
    'echo "{\"method\": \"sor\", \"converged\": false, \"iterations\": 9, \"seconds\": 0.5}"' > peer
  chmod +x peer
  ASOR=$ASOR ASOR_PETSC_PEER=$work/peer ASOR_HYPRE_PEER=$work/none ASOR_MPIRUN=$work/none \
    "$SRC/bench/run-suite" --quick --only poisson2d --out "$work/suite" > out 2> err \
    || { cat err; fail "run-suite --quick failed"; }
  grep -q "PETSc sor fast path: skipped, the checked run did not converge" "$work/suite/poisson2d.peers.log" \
    || { cat "$work/suite/poisson2d.peers.log"; fail "the skipped fast path is not logged"; }
  grep -q "^| poisson2d | " "$work/suite/summary.md" || fail "no summary row for poisson2d" ;;
quick_suite_hypre_peer)
  # Registered by bench/CMakeLists.txt where the hypre peer is built: the
  # quick suite on one problem, PETSc turned off. Each relax type's checked
  # run and its fast path converge, and their medians reach summary.md.
  ASOR=$ASOR ASOR_PETSC_PEER=$work/none "$SRC/bench/run-suite" --quick --only poisson2d \
    --out "$work/suite" > out 2> err || { cat err; fail "run-suite --quick failed"; }
  expect_in err "PETSc peer skipped"
  for method in hypre-relax3 hypre-relax6 hypre-relax5; do
    for mode in "" -fixed-its; do
      grep -q "\"method\": \"$method$mode\", .*\"converged\": true" "$work/suite/poisson2d.peers.jsonl" \
        || { cat "$work/suite/poisson2d.peers.jsonl" "$work/suite/poisson2d.peers.log"; fail "no converged $method$mode"; }
    done
  done
  awk -F'|' '/^\| poisson2d / { for (i = 10; i <= 12; i++) if ($i != " n/a ") exit 1
                                for (i = 13; i <= 15; i++) if ($i !~ /^ [0-9.e+-]+ s $/) exit 1; found = 1 }
             END { exit !found }' "$work/suite/summary.md" \
    || { cat "$work/suite/summary.md"; fail "PETSc columns should read n/a, hypre's seconds"; } ;;
quick_omega_suite)
  # bench/omega-suite at small sizes: a row per problem and method, with
  # auto's omega and time, the best of the grid, and async at Young's omega.
  ASOR=$ASOR "$SRC/bench/omega-suite" --quick --out "$work/omega" > out 2> err \
    || { cat err; fail "omega-suite --quick failed"; }
  for p in poisson2d poisson3d randspd aniso2d diagdom varcoef3d; do
    for m in sor async; do
      grep -qE "^\| $p \| $m \| [0-9.n/a]+ \| [0-9.]+ \| ([0-9.e-]+ \| ){5}[0-9.e-]+ \([0-9.]+\) \|" \
        "$work/omega/summary.md" || { cat "$work/omega/summary.md"; fail "no full row for $p $m"; }
    done
  done
  grep -q '^| poisson2d | sor | 0.88' "$work/omega/summary.md" || fail "no rho(J) estimate" ;;
*)
  fail "unknown case $case_name" ;;
esac
echo "PASS: $case_name"
