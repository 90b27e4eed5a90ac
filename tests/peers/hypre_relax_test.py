#!/usr/bin/python3
"""The hypre peer solves what asor solves, and reports it truthfully.

    hypre_relax_test.py HYPRE_RELAX MPIEXEC ASOR SOURCE_DIR

Registered by bench/CMakeLists.txt only when hypre is found. On the 32 x 32
Poisson problem of data/:

- relax types 3, 6 and 5 on 2 MPI ranks converge, and the residual each JSON
  line reports is below tol;
- --fixed-its N, with N the iterations the checked run needed, lands on the
  same x (the same residual), and N / 2 iterations of type 3 do not
  converge: the count is obeyed, not the tolerance;
- on one rank, relax type 3 with the weight omega is asor's sequential SOR
  and type 5 asor's Gauss-Seidel: after as many sweeps as asor took, the
  residuals agree to 1e-4 (rounding differs between the two kernels: 3e-6
  apart after 711 sweeps; omega 1 instead of 1.5 would be orders of magnitude).
"""
import json
import subprocess
import sys

HYPRE, MPIEXEC, ASOR, SRC = sys.argv[1:5]
A, B = f"{SRC}/data/poisson2d_32.mtx", f"{SRC}/data/poisson2d_32_b.mtx"
OMEGA, TOL = 1.5, 1e-8


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def hypre(ranks, relax_type, *extra):
    """The JSON lines of one run of the peer."""
    command = [MPIEXEC, "--allow-run-as-root", "--oversubscribe", "-np", str(ranks), HYPRE, A, B,
               "--relax-type", str(relax_type), "--omega", str(OMEGA), "--tol", str(TOL), *extra]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        fail(f"{' '.join(command)} exited {done.returncode}: {done.stderr}")
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        fail(f"no JSON from {' '.join(command)}: {done.stdout} {done.stderr}")
    return lines


def asor_sweeps_and_residual(method):
    done = subprocess.run([ASOR, "solve", A, B, "--method", method, "--omega", str(OMEGA),
                           "--tol", str(TOL), "--json", "-", "-q"],
                          capture_output=True, text=True, timeout=60)
    report = json.loads(done.stdout)
    return report["sweeps"], report["relative_residual"]


def close(a, b, rel=1e-6):
    return abs(a - b) <= rel * max(abs(a), abs(b))


for relax_type in (3, 6, 5):
    checked = hypre(2, relax_type, "--repeat", "2")
    for line in checked:
        if line["processes"] != 2 or line["method"] != f"hypre-relax{relax_type}":
            fail(f"wrong run described: {line}")
        if not (line["converged"] and 0 < line["relative_residual"] <= TOL and line["iterations"] > 0):
            fail(f"relax {relax_type} did not converge: {line}")
    n = checked[0]["iterations"]
    fixed = hypre(2, relax_type, "--fixed-its", str(n))[0]
    if fixed["iterations"] != n or not close(fixed["relative_residual"], checked[0]["relative_residual"]):
        fail(f"relax {relax_type}: {n} fixed iterations gave {fixed}, checked {checked[0]}")
    if relax_type == 3:  # one type suffices: all share BoomerAMG's count with tol 0
        half = hypre(2, relax_type, "--fixed-its", str(n // 2))[0]
        if half["converged"] or half["iterations"] != n // 2 or not half["relative_residual"] > TOL:
            fail(f"relax {relax_type}: {n // 2} fixed iterations should not converge: {half}")
    print(f"relax {relax_type} on 2 ranks: {n} iterations, residual {fixed['relative_residual']:.3g}")

for relax_type, method in ((3, "sor"), (5, "gs")):
    sweeps, residual = asor_sweeps_and_residual(method)
    line = hypre(1, relax_type, "--fixed-its", str(sweeps))[0]
    if not close(line["relative_residual"], residual, rel=1e-4):
        fail(f"relax {relax_type} on 1 rank after {sweeps} sweeps: {line['relative_residual']}, "
             f"asor {method}: {residual}")
    print(f"relax {relax_type} on 1 rank = asor {method}: {sweeps} sweeps, residual {residual:.6g}")
print("PASS")
