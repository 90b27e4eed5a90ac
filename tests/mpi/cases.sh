#!/usr/bin/env bash
# End-to-end cases of asor under mpirun: bash cases.sh CASE ASOR SOURCE_DIR MPIRUN...
set -uo pipefail
case_name=$1
ASOR=$2
SRC=$3
shift 3
MPIRUN=("$@")
# shellcheck source=../expect.sh
source "$SRC/tests/expect.sh"
# shellcheck source=jobs.sh
source "$SRC/tests/mpi/jobs.sh"
JOB_LAUNCHER=("${MPIRUN[@]}" -np 3)

# The largest |u_i - v_i| of two Matrix Market vectors.
max_difference() {
  python3 - "$1" "$2" <<'PY'
import sys
def read(path):
    lines = [l for l in open(path) if not l.startswith('%')]
    return [float(v) for v in lines[1:]]
u, v = read(sys.argv[1]), read(sys.argv[2])
assert len(u) == len(v), (len(u), len(v))
print(max(abs(a - b) for a, b in zip(u, v)))
PY
}

# A 1,600-row shifted Poisson problem; one process solves it for reference.
setup_problem() {
  "$ASOR" generate poisson2d --size 40 --shift 0.1 -o A.mtx --rhs b.mtx >/dev/null 2>&1 \
    || fail "generate failed"
  expect_exit 0 "$ASOR" solve A.mtx b.mtx --threads 1 --omega 1.5 --tol 1e-10 -o x1.mtx
}

# P ranks of one worker each: exit 0 on all, x within 1e-7 of one process's.
# With a storage ($3), the report names it (compact: with its bytes a row
# below double's, about 100 on this matrix).
ranks_match_one_process() {
  local ranks=$1 method=${2:-async} storage=${3:-auto}
  setup_problem
  expect_exit 0 "${MPIRUN[@]}" -np "$ranks" "$ASOR" solve A.mtx b.mtx --threads 1 --omega 1.5 \
    --method "$method" --stats --storage "$storage" \
    --tol 1e-10 --max-sweeps 1000000 --time-limit 60 -o xp.mtx --json r.json
  expect_in err "converged:         yes"
  if [[ $storage == compact ]]; then
    expect_in err "compact storage ("
    expect_in r.json '"storage": "compact"'
    python3 -c "import json, sys; sys.exit(not 40 < json.load(open('r.json'))['bytes_per_row'] < 80)" \
      || fail "compact bytes a row not reported"
  else
    expect_in r.json '"storage": "double"'
  fi
  expect_in err "ranks:             $ranks"
  [[ $(grep -c "converged:" err) -eq 1 ]] || fail "the summary is printed more than once"
  expect_in r.json "\"ranks\": $ranks"
  expect_in r.json '"converged": true'
  expect_in r.json "\"method\": \"$method\""
  python3 -c "import json, sys; sys.exit(json.load(open('r.json'))['halo_messages'] < 1)" \
    || fail "no halo messages counted"
  # --stats and the report: a line and an object per rank, whose messages
  # add up to the total.
  expect_in err "rank $((ranks - 1))    "
  [[ $(grep -c "^rank " err) -eq $ranks ]] || fail "expected one --stats line per rank"
  python3 - "$ranks" <<'PY' || fail "rank_stats of the report do not add up"
import json, sys
r = json.load(open('r.json'))
s = r['rank_stats']
assert len(s) == int(sys.argv[1]), len(s)
assert sum(k['messages_sent'] for k in s) == r['halo_messages']
assert sum(k['messages_received'] for k in s) == r['halo_messages']
assert all(k['messages_sent'] > 0 and k['bytes_sent'] >= 8 * k['messages_sent'] for k in s)
assert [k['rank'] for k in s] == list(range(len(s)))
assert s[0]['first_row'] == 0 and s[-1]['end_row'] == r['n']
assert min(t['sweeps'] for k in s for t in k['threads']) == r['sweeps']
PY
  local diff
  diff=$(max_difference x1.mtx xp.mtx) || fail "cannot compare x"
  python3 -c "import sys; sys.exit(0 if $diff < 1e-7 else 1)" \
    || fail "x of $ranks ranks differs from one process's by $diff"
}

# ||b - A x|| / ||b|| of Matrix Market files (A coordinate, symmetric or
# general; b and x arrays), recomputed here, not taken from asor.
relative_residual() {
  python3 - "$1" "$2" "$3" <<'PY'
import math, sys
def body(path):
    lines = [l for l in open(path) if not l.startswith('%')]
    return lines[0], lines[1:]
_, entries = body(sys.argv[1])
symmetric = 'symmetric' in open(sys.argv[1]).readline()
b = [float(v) for v in body(sys.argv[2])[1]]
x = [float(v) for v in body(sys.argv[3])[1]]
r = b[:]
for line in entries:
    i, j, v = line.split()
    i, j, v = int(i) - 1, int(j) - 1, float(v)
    r[i] -= v * x[j]
    if symmetric and i != j:
        r[j] -= v * x[i]
print(math.sqrt(sum(v * v for v in r)) / math.sqrt(sum(v * v for v in b)))
PY
}

# A 40,000-row Poisson problem (no shift: thousands of sweeps to converge)
# solved by 2 ranks in the background, pid in $job, writing a checkpoint
# every 0.2 s; returns once the first one is written: every rank then
# solves, its signal handlers installed. Fails after 60 s.
start_interruptible_job() {
  "$ASOR" generate poisson2d --size 200 -o A.mtx --rhs b.mtx >/dev/null 2>&1 \
    || fail "generate failed"
  rm -f x.mtx r.json c.mtx c.mtx.json
  "${MPIRUN[@]}" -np 2 "$ASOR" solve "$work/A.mtx" b.mtx --threads 1 --tol 1e-300 \
    --time-limit 60 --max-sweeps 1000000000 --checkpoint c.mtx --checkpoint-every 0.2 \
    -o x.mtx --json r.json >out 2>err &
  job=$!
  for _ in $(seq 600); do
    [[ -e c.mtx.json ]] && return 0
    kill -0 "$job" 2>/dev/null || { cat err; fail "the job ended before its first checkpoint"; }
    sleep 0.1
  done
  kill -9 "$job"
  fail "no checkpoint within 60 s"
}

# After an interruption named $1 (SIGINT or SIGTERM): x and the report are
# written, once, the report names the interruption and its residual is x's.
expect_interrupted_solve_written() {
  local name=$1 reported recomputed
  [[ -e x.mtx ]] || { cat err; fail "x.mtx not written"; }
  expect_in r.json '"reason": "interrupted"'
  expect_in r.json "\"interrupted\": \"$name\""
  expect_in r.json '"ranks": 2'
  expect_in err "converged:         no (cancelled)"
  expect_in err "interrupted:       by $name"
  [[ $(grep -c "converged:" err) -eq 1 ]] || { cat err; fail "expected one summary"; }
  if ls ./*.tmp 2>/dev/null; then fail "a temporary file was left"; fi
  reported=$(python3 -c "import json; print(json.load(open('r.json'))['relative_residual'])")
  recomputed=$(relative_residual A.mtx b.mtx x.mtx) || fail "cannot recompute the residual"
  python3 -c "import sys; sys.exit(not abs($recomputed - $reported) <= 1e-9 * $reported)" \
    || fail "the report says residual $reported, x has $recomputed"
  # Stopped mid-solve: far from converged, so that the comparison means something.
  python3 -c "import sys; sys.exit(not $recomputed > 1e-10)" \
    || fail "residual $recomputed: not interrupted?"
}

# After rank 1 stopped, with --rank-timeout 2: mpirun exited 4 within
# seconds ($code, $took), asor said $1 once, and no process is left.
expect_stopped_rank_ended_the_job() {
  # In MPI_Finalize rank 0's timer exits 4 without MPI_Abort (not callable
  # there), and MPICH's mpiexec then kills the stopped rank and exits with
  # either code, 4 or that rank's signal (9 in one CI run of 2026-12-07).
  local also=4
  [[ $case_name == *finalize* && $(readlink -f "${MPIRUN[0]}") == *hydra* ]] && also=9
  [[ $code -eq 4 || $code -eq $also ]] || { cat err; fail "mpirun exited $code, expected 4"; }
  expect_in err "$1"
  [[ $(grep -c "^asor:" err) -eq 1 ]] || { cat err; fail "expected one message from asor"; }
  # Not before the timeout less one heartbeat interval (a quarter of it),
  # and not long after it.
  python3 -c "import sys; sys.exit(not 1.4 <= $took <= 10)" \
    || fail "the job ended $took s after the stop (timeout 2 s)"
  expect_no_process_left
}

case $case_name in
one_rank_under_mpirun_as_without)
  setup_problem
  expect_exit 0 "${MPIRUN[@]}" -np 1 "$ASOR" solve A.mtx b.mtx --threads 1 --omega 1.5 \
    --tol 1e-10 -o xp.mtx
  expect_in err "converged:         yes"
  if grep -q "ranks:" err; then fail "one rank should solve as without mpirun"; fi ;;
ranks_2_match_one_process) ranks_match_one_process 2 ;;
ranks_3_match_one_process) ranks_match_one_process 3 ;;
ranks_4_match_one_process) ranks_match_one_process 4 ;;
compact_ranks_2_match_one_process) ranks_match_one_process 2 async compact ;;
compact_ranks_3_match_one_process) ranks_match_one_process 3 async compact ;;
compact_ranks_4_match_one_process) ranks_match_one_process 4 async compact ;;
compact_local_across_3_ranks_matches_one_process) ranks_match_one_process 3 local compact ;;
compact_across_ranks_refines_varcoef3d)
  # float32 cannot hold the coefficients: the rounded system's answer
  # misses 1e-10, each rank corrects its b and the solve goes on.
  "$ASOR" generate varcoef3d --size 20 --shift 0.5 -o V.mtx --rhs vb.mtx >/dev/null 2>&1 \
    || fail "generate failed"
  for ranks in 2 3; do
    expect_exit 0 "${MPIRUN[@]}" -np "$ranks" "$ASOR" solve V.mtx vb.mtx --threads 1 \
      --storage compact --tol 1e-10 --max-sweeps 1000000 --time-limit 60 -o xv.mtx --json r.json
    expect_in err "converged:         yes"
    python3 - <<'PY' || fail "$ranks ranks: no refinement in the report"
import json
r = json.load(open('r.json'))
assert r['storage'] == 'compact' and r['refinements'] >= 1 and not r['storage_fell_back'], r
PY
    reported=$(python3 -c "import json; print(json.load(open('r.json'))['relative_residual'])")
    recomputed=$(relative_residual V.mtx vb.mtx xv.mtx) || fail "cannot recompute the residual"
    # Both sums of a residual far below the tolerance lose a few digits to
    # rounding (terms of order 1 cancel in each row, summed in another order
    # here): up to 1.7e-6 of it apart in a run on MPICH, so a millionth of
    # the tolerance is allowed on top.
    python3 -c "import sys; sys.exit(not ($recomputed <= 1e-10 and abs($recomputed - $reported) <= 1e-6 * max($reported, 1e-10)))" \
      || fail "$ranks ranks: the report says residual $reported, x has $recomputed"
  done ;;
storage_across_ranks_decided_as_on_one_process)
  # A small matrix: auto sweeps in double, as on one process.
  setup_problem
  expect_exit 0 "${MPIRUN[@]}" -np 2 "$ASOR" solve A.mtx b.mtx --threads 1 --tol 1e-10 \
    --json r.json
  expect_in r.json '"storage": "double"'
  # A matrix of 16 MiB or more: auto sweeps compact, on one process and on 2 ranks.
  "$ASOR" generate poisson2d --size 600 --shift 0.5 -o big.mtx >/dev/null 2>&1 \
    || fail "generate failed"
  expect_exit 0 "$ASOR" solve big.mtx --threads 1 --omega 1.2 --json r1.json
  expect_in r1.json '"storage": "compact"'
  expect_exit 0 "${MPIRUN[@]}" -np 2 "$ASOR" solve big.mtx --threads 1 --omega 1.2 \
    --json r.json
  expect_in r.json '"storage": "compact"'
  # Rounding breaks a row's dominance: compact is refused with one
  # process's message and exit 2 on every rank.
  "$ASOR" generate varcoef3d --size 20 -o V0.mtx >/dev/null 2>&1 || fail "generate failed"
  expect_exit 2 "$ASOR" solve V0.mtx --storage compact
  message=$(grep "compact storage" err) || fail "no message from one process"
  expect_exit 2 "${MPIRUN[@]}" -np 3 "$ASOR" solve V0.mtx --threads 1 --storage compact
  expect_in err "$message"
  [[ $(grep -c "compact storage" err) -eq 1 ]] || { cat err; fail "expected the message once"; } ;;
local_across_3_ranks_matches_one_process) ranks_match_one_process 3 local ;;
bad_input_exits_2_on_every_rank)
  printf '%%%%MatrixMarket matrix coordinate real general\n3 3 1\n1 1 x\n' > bad.mtx
  expect_exit 2 "${MPIRUN[@]}" -np 3 "$ASOR" solve bad.mtx
  expect_in err "asor: bad.mtx:3:"
  [[ $(grep -c "bad.mtx:3:" err) -eq 1 ]] || fail "the error should be said once"
  setup_problem
  printf '%%%%MatrixMarket matrix array real general\n5 1\n1\n2\n3\n4\n5\n' > short_b.mtx
  expect_exit 2 "${MPIRUN[@]}" -np 2 "$ASOR" solve A.mtx short_b.mtx
  expect_in err "short_b.mtx: right-hand side has 5 entries" ;;
refused_options_exit_2)
  setup_problem
  for refused in "--method gs" "--history h.csv" "--reorder rcm" "--omega auto"; do
    # shellcheck disable=SC2086
    expect_exit 2 "${MPIRUN[@]}" -np 2 "$ASOR" solve A.mtx b.mtx $refused
    expect_in err "across MPI ranks: not implemented yet"
  done ;;
sweep_limit_exits_1_on_every_rank)
  setup_problem
  expect_exit 1 "${MPIRUN[@]}" -np 2 "$ASOR" solve A.mtx b.mtx --threads 1 --max-sweeps 5 \
    --json r.json
  expect_in r.json '"reason": "sweep_limit"' ;;
killed_rank_ends_the_job)
  # The launcher notices a rank's death and ends the others itself
  # (docs/mpi.md), each saying so in its words.
  start_endless_job
  signal_rank_1 KILL
  if [[ $(readlink -f "${MPIRUN[0]}") == *hydra* ]]; then  # MPICH's mpiexec
    [[ $code -eq 9 ]] || { cat out err; fail "mpiexec exited $code, expected 9 (the signal)"; }
    expect_in out "Killed (signal 9)"
  else
    [[ $code -eq 137 ]] || { cat err; fail "mpirun exited $code, expected 137 (the rank's SIGKILL)"; }
    expect_in err "rank 1"
    expect_in err "exited on signal 9"
  fi
  python3 -c "import sys; sys.exit($took > 10)" || fail "the job took $took s to end"
  expect_no_process_left ;;
stopped_rank_ends_the_job_with_exit_4 | stopped_rank_in_local_ends_the_job_with_exit_4)
  # Rank 2 watches rank 1: after 2 s without its heartbeats it names it and
  # ends the job with exit code 4, from the communication thread (async) or
  # from the waits of the synchronous sweeps (local).
  method=async
  [[ $case_name == *local* ]] && method=local
  start_endless_job --rank-timeout 2 --method "$method"
  signal_rank_1 STOP
  expect_stopped_rank_ended_the_job "asor: rank 1 of 3 sent no heartbeat for 2." ;;
stopped_rank_in_setup_ends_the_job_with_exit_4 | stopped_rank_after_the_solve_ends_the_job_with_exit_4 | \
  stopped_rank_in_mpi_finalize_ends_the_job_with_exit_4)
  # Rank 1 stops itself (ASOR_TEST_STOP_AT, a test-only hook) before the
  # setup (rank 0 then reads and sends the rows), after the solve (rank 0
  # writes x) or right before MPI_Finalize. In the first two, rank 2, its
  # watcher, names it after 2 s without its heartbeats; in MPI_Finalize,
  # where no heartbeat is served, rank 0's timer ends the job after the 2 s.
  point=setup message="asor: rank 1 of 3 sent no heartbeat for 2."
  [[ $case_name == *after_the_solve* ]] && point=end
  [[ $case_name == *finalize* ]] && point=finalize \
    message="asor: rank 0 waited 2.0 s in MPI_Finalize: another rank stopped"
  setup_problem
  ASOR_TEST_STOP_AT=$point:1 "${MPIRUN[@]}" -np 3 "$ASOR" solve "$work/A.mtx" b.mtx --threads 1 \
    --omega 1.5 --tol 1e-10 --rank-timeout 2 -o xp.mtx >out 2>err &
  job=$!
  wait_for_rank_stopping_itself 1 12
  expect_stopped_rank_ended_the_job "$message" ;;
short_rank_timeout_raises_no_false_alarm)
  setup_problem
  expect_exit 0 "${MPIRUN[@]}" -np 4 "$ASOR" solve A.mtx b.mtx --threads 1 --omega 1.5 \
    --tol 1e-10 --max-sweeps 1000000 --time-limit 60 --rank-timeout 1 -o xp.mtx
  expect_in err "converged:         yes"
  expect_exit 0 "${MPIRUN[@]}" -np 3 "$ASOR" solve A.mtx b.mtx --threads 1 --omega 1.5 \
    --method local --tol 1e-10 --max-sweeps 1000000 --time-limit 60 --rank-timeout 1 -o xp.mtx
  expect_in err "converged:         yes" ;;
checkpoint_across_ranks_resumes_on_one_process_and_back)
  setup_problem
  # Ranks write a checkpoint of the gathered x; one process resumes from it.
  expect_exit 1 "${MPIRUN[@]}" -np 3 "$ASOR" solve A.mtx b.mtx --threads 1 --omega 1.5 \
    --max-sweeps 40 --checkpoint c.mtx --checkpoint-every 0.001
  expect_in err "checkpoints:       "
  sweeps=$(python3 -c "import json; print(json.load(open('c.mtx.json'))['sweeps'])")
  (( sweeps >= 40 )) || fail "the checkpoint's sweeps are $sweeps, expected 40 or more"
  expect_exit 0 "$ASOR" solve A.mtx b.mtx --threads 1 --omega 1.5 --tol 1e-10 --resume c.mtx \
    --max-sweeps 100000
  expect_in err "resumed:           from c.mtx, after $sweeps earlier sweeps"
  # One process writes a checkpoint; ranks resume from it, to the same x.
  expect_exit 1 "$ASOR" solve A.mtx b.mtx --threads 1 --omega 1.5 --max-sweeps 40 --no-fallback \
    --checkpoint c1.mtx
  # async stops at the first check past the limit: 40 sweeps or a few more.
  sweeps=$(python3 -c "import json; print(json.load(open('c1.mtx.json'))['sweeps'])")
  (( sweeps >= 40 )) || fail "the checkpoint's sweeps are $sweeps, expected 40 or more"
  expect_exit 0 "${MPIRUN[@]}" -np 2 "$ASOR" solve A.mtx b.mtx --threads 1 --omega 1.5 \
    --tol 1e-10 --max-sweeps 1000000 --time-limit 60 --resume c1.mtx -o xp.mtx --json r.json
  expect_in err "resumed:           from c1.mtx, after $sweeps earlier sweeps"
  expect_in r.json "\"sweeps_before_resume\": $sweeps"
  python3 -c "import json, sys; sys.exit(json.load(open('r.json'))['initial_residual'] > 0.5)" \
    || fail "the ranks did not start from the checkpoint"
  diff=$(max_difference x1.mtx xp.mtx) || fail "cannot compare x"
  python3 -c "import sys; sys.exit(0 if $diff < 1e-7 else 1)" || fail "x differs by $diff"
  # A checkpoint of another problem is refused on every rank, said once.
  "$ASOR" generate poisson2d --size 40 --shift 0.2 -o other.mtx >/dev/null 2>&1
  expect_exit 2 "${MPIRUN[@]}" -np 2 "$ASOR" solve other.mtx --resume c1.mtx
  expect_in err "c1.mtx.json: the checkpoint was made for A.mtx"
  [[ $(grep -c "^asor:" err) -eq 1 ]] || fail "the error should be said once" ;;
interrupting_mpirun_writes_x_and_the_report)
  # Ctrl-C (SIGINT) or SIGTERM to the launcher. Open MPI's mpirun sends the
  # ranks SIGCONT, SIGTERM a second later and SIGKILL a second after that,
  # and exits 1 whatever the ranks do; MPICH's mpiexec passes the signal on
  # and exits with the ranks' code, or 0 in a few runs (1 in 16 measured:
  # its race, not the ranks', which all exit 128 + the signal; docs/mpi.md#signals).
  hydra=false
  [[ $(readlink -f "${MPIRUN[0]}") == *hydra* ]] && hydra=true
  for sig in INT TERM; do
    start_interruptible_job
    since=$(date +%s.%N)
    kill "-$sig" "$job"
    wait_for_job 20 "$since"
    echo "SIG$sig to the launcher: it exited $code after $took s"
    if $hydra; then
      name=SIG$sig want=$((128 + $(kill -l "$sig")))
    else
      name=SIGTERM want=1
    fi
    if [[ $code -ne $want ]] && ! { $hydra && [[ $code -eq 0 ]]; }; then
      cat err
      fail "the launcher exited $code, expected $want"
    fi
    expect_interrupted_solve_written "$name"
    expect_no_process_left
  done ;;
interrupting_one_rank_stops_every_rank)
  # SIGINT to rank 1 alone: every rank stops after the same reduction, they
  # agree on the signal, rank 0 writes and names it, every rank exits 130
  # and so does the launcher.
  start_interruptible_job
  victim=$(for p in $(job_ranks); do
    tr '\0' '\n' <"/proc/$p/environ" | grep -Eqx "(OMPI_COMM_WORLD_RANK|PMI_RANK)=1" && echo "$p"
  done)
  [[ -n $victim ]] || fail "rank 1 not found"
  since=$(date +%s.%N)
  kill -INT "$victim"
  wait_for_job 20 "$since"
  [[ $code -eq 130 ]] || { cat err; fail "the launcher exited $code, expected 130"; }
  expect_interrupted_solve_written SIGINT
  expect_no_process_left ;;
*)
  fail "unknown case $case_name" ;;
esac
echo "ok $case_name"
