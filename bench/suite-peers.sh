# The real peers of bench/run-suite: PETSc's SOR (bench/peers/petsc_sor.py)
# and hypre's relaxation (bench/peers/hypre_relax.cpp, built by CMake when
# hypre is installed). Source it after setting out, tol, repeat, threads and
# peer_timeout, then call
#
#   peers_find ASOR          once: which peers can run here (says why not)
#   run_peers NAME MATRIX OMEGA
#
# which appends the peers' JSON lines to OUT/NAME.peers.jsonl and their
# messages to OUT/NAME.peers.log. Every checked run is followed by the same
# method's fast path, --fixed-its N with N the iterations the checked run
# needed: the same sweeps, without the residual after each one.
# ASOR_PETSC_PEER, ASOR_HYPRE_PEER and ASOR_MPIRUN replace the default
# commands (a path that does not exist turns that peer off).

peers_find() {  # ASOR
  petsc_peer=${ASOR_PETSC_PEER:-bench/peers/petsc_sor.py}
  hypre_peer=${ASOR_HYPRE_PEER:-$(dirname "$1")/bench/hypre_relax}
  mpirun=${ASOR_MPIRUN:-mpirun}
  have_petsc=0 have_hypre=0 have_mpirun=0
  command -v "$mpirun" > /dev/null && have_mpirun=1
  if [[ -x $petsc_peer ]] && "$petsc_peer" --available 2> /dev/null; then
    have_petsc=1
  else
    echo "run-suite: PETSc peer skipped ($petsc_peer: petsc4py missing; scripts/install-peers)" >&2
  fi
  if [[ ! -x $hypre_peer ]]; then
    echo "run-suite: hypre peer skipped ($hypre_peer not built: scripts/install-peers, then make build)" >&2
  elif [[ $have_mpirun -eq 0 ]]; then
    echo "run-suite: hypre peer skipped ($mpirun not found: scripts/install-peers)" >&2
  else
    have_hypre=1
  fi
  if [[ $have_petsc -eq 1 && $have_mpirun -eq 0 ]]; then
    echo "run-suite: PETSc on $threads processes skipped ($mpirun not found)" >&2
  fi
  return 0
}

# peer_run LABEL COMMAND...: one run, limited to peer_timeout seconds.
peer_run() {
  local label=$1; shift
  local status=0
  timeout "$peer_timeout" "$@" < /dev/null >> "$peer_jsonl" 2>> "$peer_log" || status=$?
  if [[ $status -eq 124 ]]; then
    echo "$label: no result within ${peer_timeout} s" | tee -a "$peer_log" >&2
  elif [[ $status -ne 0 ]]; then
    echo "$label: exited $status" | tee -a "$peer_log" >&2
  fi
  return 0
}

# peer_fixed LABEL METHOD COMMAND...: COMMAND --fixed-its N, N the iterations
# of METHOD's first converged run; skipped when it did not converge.
peer_fixed() {
  local label=$1 method=$2; shift 2
  local n
  n=$(grep "\"method\": \"$method\"" "$peer_jsonl" | grep '"converged": true' | head -1 \
      | grep -oE '"iterations": [0-9]+' | awk '{ print $2 }' || true)  # none: grep fails
  if [[ -z $n ]]; then
    echo "$label fast path: skipped, the checked run did not converge" >> "$peer_log"
    return 0
  fi
  peer_run "$label fast path" "$@" --fixed-its "$n"
}

run_peers() {  # NAME MATRIX OMEGA
  local name=$1 matrix=$2 omega=$3
  peer_jsonl=$out/$name.peers.jsonl peer_log=$out/$name.peers.log
  # The same sweep budget as asor's; local SOR may converge far more slowly
  # than the rest, or not at all, hence the time limit of each run.
  local limits=(--omega "$omega" --tol "$tol" --repeat "$repeat" --max-its 100000)
  local mpi=("$mpirun" --allow-run-as-root --oversubscribe -np "$threads")
  if [[ $have_petsc -eq 1 ]]; then
    local sor=("$petsc_peer" "$matrix" "${limits[@]}")
    peer_run "PETSc sor" "${sor[@]}"
    peer_fixed "PETSc sor" sor "${sor[@]}"
    if [[ $have_mpirun -eq 1 ]]; then
      peer_run "PETSc local" "${mpi[@]}" "${sor[@]}" --local
      peer_fixed "PETSc local" local "${mpi[@]}" "${sor[@]}" --local
    fi
  fi
  if [[ $have_hypre -eq 1 ]]; then
    local type
    for type in 3 6 5; do
      local relax=("${mpi[@]}" "$hypre_peer" "$matrix" "${limits[@]}" --relax-type "$type")
      peer_run "hypre relax $type" "${relax[@]}"
      peer_fixed "hypre relax $type" "hypre-relax$type" "${relax[@]}"
    done
  fi
}

# peer_median FILE METHOD: median seconds of METHOD's converged runs; "n/a"
# when it did not run, "-" when no run converged.
peer_median() {
  local m
  grep -q "\"method\": \"$2\"" "$1" 2>/dev/null || { echo "n/a"; return; }
  m=$(grep "\"method\": \"$2\"" "$1" | grep '"converged": true' \
      | grep -oE '"seconds": [0-9.e+-]+' | awk '{ print $2 }' | median)
  echo "${m:--}"
}
