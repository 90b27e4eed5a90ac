#!/usr/bin/env bash
# Stress test of interrupts (CTest label `stress`): the asor binary solves
# with 1 to 16 threads and receives SIGINT or SIGTERM at a random moment:
# while it starts and reads its input, during the solve, or around the moment
# the solve ends by itself (converged, or its time limit); one run in ten
# gets a second signal soon after the first.
#
# Usage: bash signals.sh ASOR SOURCE_DIR [SECONDS]
#   SECONDS defaults to $STRESS_SECONDS, else 30; the seed of the random
#   choices is $STRESS_SEED, else random, and is printed.
#
# What must hold for every run, each a failure otherwise:
#   - it ends within $RUN_LIMIT seconds (it is killed and reported if not);
#   - its exit code is 0 or 1 (the signal came after the solve had decided,
#     or after the process ended), or 128 + the signal (130, 143);
#   - interrupted after the handlers were installed (the summary says
#     "interrupted: by SIGxxx"): x is written, complete, and the JSON report
#     says "interrupted"; killed before (no summary): nothing is written;
#   - ended by itself (0 or 1): x and the JSON report are written, and the
#     report's "converged" agrees with the exit code;
#   - x, whenever it exists, is a complete Matrix Market array of n finite
#     values that asor reads back as --x0;
#   - no temporary file is left behind, not even by a second signal, which
#     exits at once but removes the temporary files of the writes in
#     progress (one run in four also writes checkpoints every 0.01 s, from
#     their own thread, so that x and a checkpoint may be written at once).
set -uo pipefail
ASOR=$1
SRC=$2
DURATION=${3:-${STRESS_SECONDS:-30}}
RUN_LIMIT=60
seed=${STRESS_SEED:-$(((RANDOM << 15) | RANDOM))}
RANDOM=$seed

work=$(mktemp -d "${TMPDIR:-/tmp}/asor-stress-signals.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

failures=0
fail() {
  failures=$((failures + 1))
  echo "FAIL run $run ($describe): $*"
  [[ -f err ]] && sed 's/^/     stderr: /' err | head -20
}

# Random integer in [0, max] from two 15-bit draws.
rand() { echo $((((RANDOM << 15) | RANDOM) % ($1 + 1))); }
now_us() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }
seconds_of() { printf '%d.%06d' $(($1 / 1000000)) $(($1 % 1000000)); }

# --- Problems: name, A, b, omega ----------------------------------------------
names=() matrices=() rhs=() omegas=()
add_problem() { names+=("$1") matrices+=("$2") rhs+=("$3") omegas+=("$4"); }
add_problem "poisson2d_32" "$SRC/data/poisson2d_32.mtx" "$SRC/data/poisson2d_32_b.mtx" 1.5
# Right-hand sides with random entries: unlike b = A * ones, whose solution is
# exact in floating point, they never reach a residual of 0, so that a solve
# with tol 1e-30 runs until its time limit or a signal.
random_rhs() {
  awk -v n="$1" -v seed="$seed" 'BEGIN {
    srand(seed); print "%%MatrixMarket matrix array real general"; print n, 1
    for (i = 0; i < n; i++) printf "%.17g\n", rand() - 0.5 }' > "$2"
}
"$ASOR" generate poisson2d --size 150 --shift 0.2 -o p150.mtx -q \
  || { echo "cannot generate poisson2d"; exit 1; }
random_rhs 22500 p150_b.mtx
add_problem "poisson2d 150x150 + 0.2 I" p150.mtx p150_b.mtx 1.2
"$ASOR" generate diagdom --size 20000 -o dd.mtx -q || { echo "cannot generate diagdom"; exit 1; }
random_rhs 20000 dd_b.mtx
add_problem "diagdom 20000" dd.mtx dd_b.mtx 1.0
suitesparse=$SRC/../shared/data/suitesparse/gr_30_30.mtx
if [[ -f $suitesparse ]]; then
  random_rhs 900 gr_b.mtx
  add_problem "gr_30_30" "$suitesparse" gr_b.mtx 1.2
else
  echo "SuiteSparse skipped: $suitesparse is absent"
fi

# Rows of a problem: the size line of its matrix file.
rows_of() { awk '!/^%/ { print $1; exit }' "$1"; }

# --- Calibration: how long a converging solve and a bare start take ----------
# (median of three, 2 threads), so that signals can be aimed at the end.
declare -a converge_us startup_us
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
for p in "${!names[@]}"; do
  c=() s=()
  for _ in 1 2 3; do
    t0=$(now_us)
    timeout $RUN_LIMIT "$ASOR" solve "${matrices[p]}" "${rhs[p]}" --omega "${omegas[p]}" \
      --threads 2 -q -o cal.mtx \
      --max-sweeps 100000000 --time-limit 30 || { echo "calibration solve failed"; exit 1; }
    t1=$(now_us)
    timeout $RUN_LIMIT "$ASOR" solve "${matrices[p]}" "${rhs[p]}" --omega "${omegas[p]}" \
      --threads 2 -q -o cal.mtx --max-sweeps 1
    t2=$(now_us)
    c+=($((t1 - t0))) s+=($((t2 - t1)))
  done
  converge_us[p]=$(median3 "${c[@]}")
  startup_us[p]=$(median3 "${s[@]}")
  echo "problem ${names[$p]}: converges in $((converge_us[p] / 1000)) ms," \
    "starts and writes x in $((startup_us[p] / 1000)) ms"
done

# --- Checks -------------------------------------------------------------------
# A complete x: banner, size line "n 1", then exactly n finite values, and
# asor reads it back as an initial guess.
check_x() {
  local n=$1 matrix=$2 b=$3
  awk -v n="$n" '
    NR == 1 { if ($0 !~ /^%%MatrixMarket matrix array real general/) bad = "banner: " $0; next }
    /^%/ { next }
    !size { size = 1; if ($1 != n || $2 != 1) bad = "size line: " $0; next }
    { values++; if ($1 !~ /^[-+]?[0-9.]+([eE][-+]?[0-9]+)?$/) bad = "value: " $0 }
    END {
      if (!size) bad = bad " no size line"
      if (values != n) bad = bad " " values " values, expected " n
      if (bad != "") { print bad; exit 1 }
    }' x.mtx > awk.out || { fail "x.mtx incomplete: $(cat awk.out)"; return; }
  timeout $RUN_LIMIT "$ASOR" solve "$matrix" "$b" --x0 x.mtx --method sor --max-sweeps 1 -q \
    2> x0.err
  local code=$?
  [[ $code -eq 0 || $code -eq 1 ]] || fail "x.mtx not accepted as --x0 (exit $code): $(head -3 x0.err)"
}

# --- The runs -------------------------------------------------------------------
declare -A outcomes
temp_after_second=0
run=0
begin=$(now_us)
end_us=$((begin + DURATION * 1000000))
echo "signals stress: seed $seed, ${DURATION} s, threads 1 to 16 on $(nproc) cores"
while (($(now_us) < end_us)); do
  run=$((run + 1))
  [[ -d $work ]] || { echo "FAIL: $work was removed by another process"; exit 1; }
  rm -f x.mtx r.json ck.mtx ck.mtx.json out err ./*.tmp
  p=$(rand $((${#names[@]} - 1)))
  threads=$((1 + $(rand 15)))
  sig=$([[ $(rand 1) -eq 0 ]] && echo INT || echo TERM)
  signum=$(kill -l "$sig")
  write_x=$(($(rand 3) > 0))
  write_json=$(rand 1)
  double=$(($(rand 9) == 0))
  checkpoint=$(($(rand 3) == 0))
  # How the solve ends by itself: converges, hits a short time limit, or
  # (tol 1e-30, 30 s) only the signal ends it.
  case $(rand 2) in
    0) ending=converge tol=1e-8 limit=30 expected=${converge_us[$p]} ;;
    1) ending=time_limit tol=1e-30 limit_us=$((20000 + $(rand 600000)))
       limit=$(seconds_of "$limit_us") expected=$((startup_us[p] + limit_us)) ;;
    2) ending=long tol=1e-30 limit=30 expected=1000000 ;;
  esac
  # When the signal comes: early (starting, reading), anywhere in the run,
  # or within 30% of the moment it would end by itself.
  case $(rand 4) in
    0) when=early delay=$(rand 3000) ;;
    1 | 2) when=anywhere delay=$(rand "$expected") ;;
    *) when=at_end delay=$((expected * 7 / 10 + $(rand $((expected * 6 / 10))))) ;;
  esac
  extra=()
  ((write_x)) && extra+=(-o x.mtx)
  ((write_json)) && extra+=(--json r.json)
  ((checkpoint)) && extra+=(--checkpoint ck.mtx --checkpoint-every 0.01)
  describe="${names[$p]}, $threads threads, $ending, SIG$sig $when after $((delay / 1000)) ms"
  ((double)) && describe+=", twice"
  ((checkpoint)) && describe+=", checkpoints"
  describe+=", seed $seed"

  # env resets SIGINT, which bash ignores in background commands, to its default.
  env --default-signal=INT "$ASOR" solve "${matrices[p]}" "${rhs[p]}" --omega "${omegas[p]}" \
    --threads "$threads" --tol "$tol" \
    --time-limit "$limit" --max-sweeps 1000000000 "${extra[@]}" > out 2> err &
  pid=$!
  # The watchdog: kills the run after $RUN_LIMIT s, leaving a mark; asleep
  # until then, and stopped (with its sleep) as soon as the run ends.
  rm -f hung
  (
    before=$!  # the sleep's pid replaces it as soon as the sleep exists
    trap '[[ $! != "$before" ]] && kill $! 2> /dev/null; exit 0' TERM
    sleep "$RUN_LIMIT" &
    wait $!
    touch hung
    kill -KILL "$pid" 2> /dev/null
  ) &
  dog=$!
  ((delay > 0)) && sleep "$(seconds_of "$delay")"
  kill -s "$sig" "$pid" 2> /dev/null
  if ((double)); then
    sleep "$(seconds_of "$(rand 20000)")"
    kill -s "$sig" "$pid" 2> /dev/null
  fi
  wait "$pid"
  code=$?
  kill -TERM "$dog" 2> /dev/null
  wait "$dog"
  if [[ -e hung ]]; then
    fail "still running after $RUN_LIMIT s: killed"
    continue
  fi

  n=$(rows_of "${matrices[p]}")
  interrupted=$(grep -q "interrupted:       by SIG$sig" err && echo 1 || echo 0)
  if [[ $code -eq $((128 + signum)) ]]; then
    if ((interrupted)); then
      outcome="$((128 + signum)) handled"
      ((write_x)) && { [[ -f x.mtx ]] || fail "interrupted, but x.mtx not written"; }
      ((write_json)) && { grep -q "\"interrupted\": \"SIG$sig\"" r.json 2> /dev/null \
        || fail "interrupted, but r.json does not say so"; }
    elif [[ -s err ]] && ((double)); then
      outcome="$((128 + signum)) second signal"
    else
      outcome="$((128 + signum)) before handlers"
      [[ -s err ]] && fail "killed by the signal, yet it printed"
      ((double)) || { [[ -e x.mtx || -e r.json ]] && fail "killed before the solve, yet wrote"; }
    fi
  elif [[ $code -eq 0 || $code -eq 1 ]]; then
    outcome="$code too late"
    ((interrupted)) && fail "exit $code, yet the summary says interrupted"
    ((write_x)) && { [[ -f x.mtx ]] || fail "exit $code, but x.mtx not written"; }
    if ((write_json)); then
      want=$([[ $code -eq 0 ]] && echo true || echo false)
      grep -q "\"converged\": $want" r.json 2> /dev/null \
        || fail "exit $code, but r.json does not say converged: $want"
    fi
    [[ $ending == long && $code -eq 0 ]] && fail "tol 1e-30 reported converged"
  else
    outcome="$code unexpected"
    fail "exit $code (expected 0, 1 or $((128 + signum)))"
  fi
  [[ -f x.mtx ]] && check_x "$n" "${matrices[p]}" "${rhs[p]}"
  temps=$(find . -maxdepth 1 -name '*.tmp' | wc -l)
  if ((temps > 0)); then
    ((double)) && temp_after_second=$((temp_after_second + 1))
    fail "temporary file left behind$( ((double)) && echo ' by a second signal'): $(ls ./*.tmp)"
  fi
  key="$when $outcome"
  outcomes[$key]=$((${outcomes[$key]:-0} + 1))
done

echo
echo "$run runs in $((($(now_us) - begin) / 1000000)) s, seed $seed"
for key in "${!outcomes[@]}"; do echo "  $key: ${outcomes[$key]}"; done | sort
echo "  temporary files left by a second signal: $temp_after_second"
if ((failures > 0)); then
  echo "FAIL: $failures failures in $run runs"
  exit 1
fi
echo "PASS: $run runs"
