#!/usr/bin/env bash
# Two "hosts" on one machine: network namespaces joined by a veth pair
# (10.77.0.1 and 10.77.0.2), each with its own host name; mpirun starts in
# the first and reaches the second through a launch agent that stands in
# for ssh (ip netns exec). The ranks talk over TCP on the veth pair, as
# between two machines (docs/mpi.md): async and local against one process,
# then a rank stopped on the second host. Skips (exit 77) with a message where
# namespaces or the tools are unavailable.
#   bash two_hosts.sh ASOR SOURCE_DIR MPIRUN
set -uo pipefail
ASOR=$1
SRC=$2
MPIRUN=$3
skip() { echo "SKIP: $*"; exit 77; }
[[ $(id -u) -eq 0 ]] || skip "network namespaces need root"
[[ $(readlink -f "$MPIRUN") == *orterun* ]] || skip "drives Open MPI's mpirun, not $MPIRUN"
for tool in ip unshare hostname; do
  command -v "$tool" >/dev/null || skip "$tool is not installed"
done
# shellcheck source=../expect.sh
source "$SRC/tests/expect.sh"
# shellcheck source=jobs.sh
source "$SRC/tests/mpi/jobs.sh"

a=asor-a-$$
b=asor-b-$$
cleanup() {
  # Processes still running in the namespaces, then the namespaces (which
  # takes the veth pair with them).
  for ns in "$a" "$b"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$a" 2>/dev/null || skip "cannot create network namespaces here (ip netns add failed)"
ip netns add "$b" || fail "ip netns add $b failed"
ip -n "$a" link add veth0 type veth peer name veth1 netns "$b" \
  || skip "cannot create a veth pair here"
ip -n "$a" addr add 10.77.0.1/24 dev veth0
ip -n "$b" addr add 10.77.0.2/24 dev veth1
for ns in "$a" "$b"; do
  ip -n "$ns" link set lo up
done
ip -n "$a" link set veth0 up
ip -n "$b" link set veth1 up

# The launch agent: mpirun calls it as `agent HOST COMMAND...` for the
# other host, as it would call ssh.
cat >agent <<EOF
#!/bin/sh
host=\$1
shift
case \$host in
  10.77.0.1) ns=$a; name=hostA ;;
  10.77.0.2) ns=$b; name=hostB ;;
  *) echo "agent: unknown host \$host" >&2; exit 1 ;;
esac
exec ip netns exec \$ns unshare --uts sh -c "hostname \$name; \$*"
EOF
chmod +x agent

# mpirun on hostA, one rank per host, TCP on the veth pair only.
on_host_a() {
  ip netns exec "$a" unshare --uts sh -c 'hostname hostA; exec "$@"' sh "$@"
}
MPI=("$MPIRUN" --allow-run-as-root --bind-to none --host 10.77.0.1:1,10.77.0.2:1
     --mca plm_rsh_agent "$work/agent" --mca btl self,tcp
     --mca btl_tcp_if_include 10.77.0.0/24 --mca oob_tcp_if_include 10.77.0.0/24
     -x OMP_NUM_THREADS=1 -np 2)

expect_exit 0 on_host_a "${MPI[@]}" hostname
sort out >hosts
[[ $(cat hosts) == $'hostA\nhostB' ]] || { cat out err; fail "ranks ran on $(tr '\n' ' ' <hosts)"; }

"$ASOR" generate poisson2d --size 40 --shift 0.1 -o A.mtx --rhs b.mtx >/dev/null 2>&1 \
  || fail "generate failed"
expect_exit 0 "$ASOR" solve A.mtx b.mtx --threads 1 --omega 1.5 --tol 1e-10 -o x1.mtx
for method in async local; do
  expect_exit 0 on_host_a "${MPI[@]}" "$ASOR" solve "$work/A.mtx" "$work/b.mtx" --threads 1 \
    --omega 1.5 --method "$method" --tol 1e-10 --max-sweeps 1000000 --time-limit 60 \
    -o "$work/x2.mtx" --json "$work/r.json"
  expect_in err "converged:         yes"
  expect_in err "ranks:             2"
  python3 - <<'PY' || fail "$method across two hosts: x differs from one process's"
def read(path):
    lines = [l for l in open(path) if not l.startswith('%')]
    return [float(v) for v in lines[1:]]
u, v = read('x1.mtx'), read('x2.mtx')
assert len(u) == len(v) and max(abs(p - q) for p, q in zip(u, v)) < 1e-7
PY
  python3 -c "import json, sys; r = json.load(open('r.json')); \
sys.exit(not all(k['messages_received'] > 0 for k in r['rank_stats']))" \
    || fail "$method across two hosts: no halo received"
  echo "ok $method across hostA and hostB: $(grep '^seconds:' err)"
done
# The watchdog over TCP: rank 1, on hostB, stopped; rank 0 names it.
JOB_LAUNCHER=(on_host_a "${MPI[@]}")
start_endless_job --rank-timeout 2
signal_rank_1 STOP
[[ $code -eq 4 ]] || { cat err; fail "mpirun exited $code, expected 4"; }
expect_in err "asor: rank 1 of 2 sent no heartbeat for 2."
python3 -c "import sys; sys.exit(not 1.4 <= $took <= 15)" \
  || fail "the job ended $took s after the stop (timeout 2 s)"
expect_no_process_left
echo "ok two_hosts"
