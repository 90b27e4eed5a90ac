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
ranks_match_one_process() {
  local ranks=$1 method=${2:-async}
  setup_problem
  expect_exit 0 "${MPIRUN[@]}" -np "$ranks" "$ASOR" solve A.mtx b.mtx --threads 1 --omega 1.5 \
    --method "$method" \
    --tol 1e-10 --max-sweeps 1000000 --time-limit 60 -o xp.mtx --json r.json
  expect_in err "converged:         yes"
  expect_in err "ranks:             $ranks"
  [[ $(grep -c "converged:" err) -eq 1 ]] || fail "the summary is printed more than once"
  expect_in r.json "\"ranks\": $ranks"
  expect_in r.json '"converged": true'
  expect_in r.json "\"method\": \"$method\""
  python3 -c "import json, sys; sys.exit(json.load(open('r.json'))['halo_messages'] < 1)" \
    || fail "no halo messages counted"
  local diff
  diff=$(max_difference x1.mtx xp.mtx) || fail "cannot compare x"
  python3 -c "import sys; sys.exit(0 if $diff < 1e-7 else 1)" \
    || fail "x of $ranks ranks differs from one process's by $diff"
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
  for refused in "--method gs" "--x0 x1.mtx" "--reorder rcm" "--omega auto"; do
    # shellcheck disable=SC2086
    expect_exit 2 "${MPIRUN[@]}" -np 2 "$ASOR" solve A.mtx b.mtx $refused
    expect_in err "across MPI ranks: not implemented yet"
  done ;;
sweep_limit_exits_1_on_every_rank)
  setup_problem
  expect_exit 1 "${MPIRUN[@]}" -np 2 "$ASOR" solve A.mtx b.mtx --threads 1 --max-sweeps 5 \
    --json r.json
  expect_in r.json '"reason": "sweep_limit"' ;;
*)
  fail "unknown case $case_name" ;;
esac
echo "ok $case_name"
