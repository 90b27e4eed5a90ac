# Sourced by the MPI case scripts (cases.sh, two_hosts.sh) after
# tests/expect.sh: a job that solves until a fault ends it, and the checks
# of how it ended. Needs $ASOR, $work and the array JOB_LAUNCHER (mpirun and
# its options, the number of ranks included).
# A solve that runs until its time limit: b of no exact floating-point
# solution and a tolerance no residual reaches, ranks of one worker started
# by "${JOB_LAUNCHER[@]}" in the background (its pid in $job). Every process
# of the job names $work in its command line.
start_endless_job() {
  "$ASOR" generate poisson2d --size 40 --shift 0.1 -o A.mtx >/dev/null 2>&1 \
    || fail "generate failed"
  python3 -c "
import math
print('%%MatrixMarket matrix array real general'); print(1600, 1)
for i in range(1600): print(math.sin(i + 0.5))" > sin_b.mtx
  "${JOB_LAUNCHER[@]}" "$ASOR" solve "$work/A.mtx" "$work/sin_b.mtx" --threads 1 \
    --tol 1e-300 --time-limit 60 --max-sweeps 1000000000 "$@" >out 2>err &
  job=$!
}

# The processes of the job (not mpirun's): those with a rank in their environment.
job_ranks() {
  local p
  for p in $(pgrep -f -- "$work/A.mtx"); do
    tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -Eq '^(OMPI_COMM_WORLD_RANK|PMI_RANK)=' && echo "$p"
  done
}

# The pid of rank $1 once it has used half a second of CPU time: MPI is
# started and the rows distributed (a 1,600-row system takes milliseconds),
# so it sweeps. Fails after 60 s (a loaded machine).
solving_rank_pid() {
  local p ticks
  for _ in $(seq 600); do
    for p in $(job_ranks); do
      if tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -Eqx "(OMPI_COMM_WORLD_RANK|PMI_RANK)=$1"; then
        ticks=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null) || continue
        if (( 2 * ticks >= $(getconf CLK_TCK) )); then echo "$p"; return 0; fi
      fi
    done
    sleep 0.1
  done
  kill -9 "$job" 2>/dev/null
  fail "rank $1 did not start solving within 60 s"
}

# Waits for the job, at most $1 seconds (then kills it and fails); sets
# $code to mpirun's exit code and $took to the seconds since $2 (date +%s.%N).
wait_for_job() {
  local limit=$1 since=$2
  for _ in $(seq $((limit * 10))); do
    kill -0 "$job" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$job" 2>/dev/null; then
    for p in $(job_ranks); do kill -CONT "$p"; kill -9 "$p"; done
    kill -9 "$job"
    cat err
    fail "the job still ran $limit s after the fault"
  fi
  wait "$job"
  code=$?
  took=$(python3 -c "import time; print(f'{time.time() - $since:.2f}')")
}

# Sends signal $1 to rank 1 once it solves, then waits for the job (at
# most 20 s): sets $code and $took (seconds from the signal to the end).
signal_rank_1() {
  local victim since
  victim=$(solving_rank_pid 1) || exit 1
  since=$(date +%s.%N)
  kill "-$1" "$victim"
  wait_for_job 20 "$since"
  echo "SIG$1 to rank 1: mpirun exited $code after $took s"
}

# Waits (at most 60 s) until rank $1 stopped itself (ASOR_TEST_STOP_AT,
# src/cli/interrupts.hpp), then for the job (at most $2 s): sets $code and
# $took (seconds from the stop, seen within 0.1 s, to the end).
wait_for_rank_stopping_itself() {
  local p since
  for _ in $(seq 600); do
    for p in $(job_ranks); do
      tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -Eqx "(OMPI_COMM_WORLD_RANK|PMI_RANK)=$1" \
        || continue
      [[ $(awk '{print $3}' "/proc/$p/stat" 2>/dev/null) == T ]] || continue
      since=$(date +%s.%N)
      wait_for_job "$2" "$since"
      echo "rank $1 stopped itself: mpirun exited $code after $took s"
      return 0
    done
    kill -0 "$job" 2>/dev/null || { cat err; fail "the job ended before rank $1 stopped"; }
    sleep 0.1
  done
  for p in $(job_ranks); do kill -CONT "$p"; kill -9 "$p"; done
  kill -9 "$job"
  fail "rank $1 did not stop within 60 s"
}

# No process of the job is left, 5 s after mpirun returned.
expect_no_process_left() {
  for _ in $(seq 50); do
    [[ -z $(pgrep -f -- "$work/A.mtx") ]] && return 0
    sleep 0.1
  done
  pgrep -af -- "$work/A.mtx"
  for p in $(pgrep -f -- "$work/A.mtx"); do kill -CONT "$p"; kill -9 "$p"; done
  fail "processes of the job were left behind"
}
