#!/usr/bin/env python3
"""The Python module's three targets (issue 19), as ratios of medians of
alternating runs in one session:

  1. asor.solve on the 10^6-row shifted 2D Poisson problem against the
     command line's solve (reading excluded from both): the Python call's
     wall time (A's arrays taken in place, indptr widened, setup and solve)
     against the CLI's setup_seconds + seconds from its JSON report; and
     report.seconds against the CLI's seconds (the solve alone, same
     library code); medians and ranges;
  2. asor.read_matrix against scipy.io.mmread on the same file;
  3. scipy.sparse.linalg.cg unpreconditioned, with Jacobi and with
     asor.preconditioner (its default, 2 symmetric Gauss-Seidel sweeps, and
     1 symmetric SOR sweep at omega 1.2) on the suite's 2D and 3D Poisson
     problems: iterations and seconds;
  4. (--only gmres, not in the default run) scipy's gmres (restart 20) and
     its flexible gcrotmk, unpreconditioned, with asor.preconditioner(A)
     and with asor.preconditioner(A, method="async", threads=2), on the
     same problems and on a non-symmetric one, 2D convection-diffusion on a
     40 x 40 grid (tests/python/test_preconditioner.py's): products with A
     (median and range: the asynchronous operator differs between runs)
     and seconds.

    PYTHONPATH=build/release/python python3 bench/python_targets.py \
        [--asor build/release/asor] [--cache build/bench-python] [--rounds 5]

Prints the machine, the commit and one table per target.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time

import numpy as np
import scipy.io
import scipy.sparse
import scipy.sparse.linalg as spla

import asor

SUITE = {  # as bench/suite-problems.sh: name -> asor generate arguments
    "poisson2d": ("poisson2d", 1000, 0.5),
    "poisson3d": ("poisson3d", 100, 0.5),
}


def problem_file(asor_cli, cache, name):
    kind, size, shift = SUITE[name]
    path = os.path.join(cache, f"{kind}_size_{size}_shift_{shift}.mtx")
    if not os.path.exists(path):
        os.makedirs(cache, exist_ok=True)
        subprocess.run([asor_cli, "generate", kind, "--size", str(size), "--shift", str(shift),
                        "-o", path, "-q"], check=True)
    return path


def cli_solve(asor_cli, path, threads, omega):
    with tempfile.TemporaryDirectory() as work:
        report = os.path.join(work, "report.json")
        subprocess.run([asor_cli, "solve", path, "--threads", str(threads), "--omega",
                        str(omega), "--json", report, "-q", "-o", os.path.join(work, "x.mtx")],
                       check=True)
        with open(report) as f:
            r = json.load(f)
    return r["setup_seconds"] + r["seconds"], r["seconds"], r["sweeps"]


def python_solve(A, b, threads, omega):
    start = time.perf_counter()
    x, report = asor.solve(A, b, threads=threads, omega=omega)
    wall = time.perf_counter() - start
    assert report.converged
    return wall, report.seconds, report.sweeps


def target_solve(asor_cli, path, rounds, threads=2, omega=1.2):
    A = asor.read_matrix(path)
    b = A @ np.ones(A.shape[0])
    runs = {"cli": [], "python": []}
    for k in range(rounds):
        # ABBA: each goes first in every other round, so that what the
        # previous run leaves behind (a process exiting, a file written)
        # falls on both alike.
        order = ("cli", "python") if k % 2 == 0 else ("python", "cli")
        for name in order:
            runs[name].append(cli_solve(asor_cli, path, threads, omega) if name == "cli"
                              else python_solve(A, b, threads, omega))
    print(f"\n1. solve, {os.path.basename(path)}, {threads} threads, omega {omega}, "
          f"{rounds} alternating runs each (each first in every other round)")
    print("| run | setup + solve: median (range) | solve alone: median (range) | "
          "sweeps: median (range) |")
    print("|---|---|---|---|")
    medians = {}
    for name, values in runs.items():
        medians[name] = [statistics.median(v[k] for v in values) for k in range(3)]
        cells = []
        for k, unit in ((0, " s"), (1, " s"), (2, "")):
            low, high = min(v[k] for v in values), max(v[k] for v in values)
            digits = 3 if unit else 0
            cells.append(f"{medians[name][k]:.{digits}f}{unit} ({low:.{digits}f} to "
                         f"{high:.{digits}f})")
        print(f"| {name} | " + " | ".join(cells) + " |")
    for name in runs:
        first = [v[0] for k, v in enumerate(runs[name]) if (k % 2 == 0) == (name == "cli")]
        second = [v[0] for k, v in enumerate(runs[name]) if (k % 2 == 0) != (name == "cli")]
        if first and second:
            print(f"{name}, setup + solve: median {statistics.median(first):.3f} s when first "
                  f"in its round, {statistics.median(second):.3f} s when run after the other")
    print(f"python / cli: {medians['python'][0] / medians['cli'][0]:.3f}x setup + solve "
          f"(Python wall time; A's arrays copied: {asor.Solver(A).copied}), "
          f"{medians['python'][1] / medians['cli'][1]:.3f}x solve alone (target <= 1.1x)")


def target_read(path, rounds):
    times = {"asor.read_matrix": [], "scipy.io.mmread": []}
    for _ in range(rounds):
        for name, read in (("asor.read_matrix", asor.read_matrix),
                           ("scipy.io.mmread", scipy.io.mmread)):
            start = time.perf_counter()
            read(path)
            times[name].append(time.perf_counter() - start)
    a, s = (statistics.median(times[k]) for k in times)
    print(f"\n2. reading {os.path.basename(path)}, {rounds} alternating reads each: "
          f"asor.read_matrix {a:.3f} s, scipy.io.mmread {s:.3f} s (medians): "
          f"{s / a:.1f}x (target >= 10x)")


def cg_run(A, b, M):
    count = []
    start = time.perf_counter()
    x, info = spla.cg(A, b, M=M, tol=1e-8, atol=0.0, maxiter=100000,
                      callback=lambda xk: count.append(1))
    seconds = time.perf_counter() - start
    assert info == 0 and np.linalg.norm(b - A @ x) <= 1.01e-8 * np.linalg.norm(b)
    return len(count), seconds


def target_cg(asor_cli, cache, rounds):
    print(f"\n3. scipy cg to 1e-8, b = A * ones, {rounds} alternating runs each (medians; "
          "the preconditioners' construction, one copy of A, is not included)")
    configs = (("none", None), ("Jacobi", None), ("SSOR x2, omega 1 (default)", (2, 1.0)),
               ("SSOR x1, omega 1.2", (1, 1.2)))
    print("| problem | " + " | ".join(f"{name}: its, s" for name, _ in configs) +
          " | best SSOR time vs none | vs Jacobi |")
    print("|---|" + "---|" * (len(configs) + 2))
    for name in SUITE:
        A = asor.read_matrix(problem_file(asor_cli, cache, name))
        b = A @ np.ones(A.shape[0])
        inverse_diagonal = 1.0 / A.diagonal()
        jacobi = spla.LinearOperator(A.shape, dtype=np.float64,
                                     matvec=lambda r: inverse_diagonal.reshape(r.shape) * r)
        operators = {"none": None, "Jacobi": jacobi}
        for label, ssor in configs[2:]:
            operators[label] = asor.preconditioner(A, sweeps=ssor[0], omega=ssor[1])
        runs = {label: [] for label in operators}
        for _ in range(rounds):
            for label, M in operators.items():
                runs[label].append(cg_run(A, b, M))
        med = {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v))
               for k, v in runs.items()}
        best = min(med[label][1] for label, _ in configs[2:])
        cells = " | ".join(f"{med[k][0]:.0f}, {med[k][1]:.3f} s" for k in runs)
        print(f"| {name} | {cells} | {med['none'][1] / best:.2f}x | "
              f"{med['Jacobi'][1] / best:.2f}x |")


def krylov_run(A, b, M, solver, tol=1e-8):
    """(products with A, seconds) of solver(A, b, M=M) from x = 0 to a
    relative residual of tol, which it must reach (checked from x)."""
    products = [0]

    def times_a(v):
        products[0] += 1
        return A @ v

    counted = spla.LinearOperator(A.shape, matvec=times_a, dtype=np.float64)
    start = time.perf_counter()
    x, info = solver(counted, b, M=M, tol=tol, atol=0.0, maxiter=100000)
    seconds = time.perf_counter() - start
    assert info == 0 and np.linalg.norm(b - A @ x) <= 1.01 * tol * np.linalg.norm(b)
    return products[0], seconds


def convection_diffusion(n, c):
    """2D convection-diffusion, central differences (cell Peclet number 2c):
    non-symmetric, n^2 rows."""
    t = scipy.sparse.diags([-1.0 - c, 2.0, -1.0 + c], [-1, 0, 1], shape=(n, n))
    return scipy.sparse.kronsum(t, t, format="csr")


def target_gmres(asor_cli, cache, rounds, threads=2):
    print(f"\n4. scipy gmres (restart 20) and gcrotmk to 1e-8, b = A * ones, {rounds} "
          "alternating runs each: products with A, median (range), and seconds (median)")
    solvers = (("gmres", spla.gmres), ("gcrotmk", spla.gcrotmk))
    print("| problem | solver | none | preconditioner(A) | "
          f"preconditioner(A, method='async', threads={threads}) |")
    print("|---|---|---|---|---|")
    problems = [(name, lambda name=name: asor.read_matrix(problem_file(asor_cli, cache, name)))
                for name in SUITE]
    problems.append(("convdiff 40 x 40", lambda: convection_diffusion(40, 0.4)))
    for name, matrix in problems:
        A = matrix()
        b = A @ np.ones(A.shape[0])
        operators = {"none": None, "ssor": asor.preconditioner(A),
                     "async": asor.preconditioner(A, method="async", threads=threads)}
        for solver_name, solver in solvers:
            runs = {label: [] for label in operators}
            for _ in range(rounds):
                for label, M in operators.items():
                    runs[label].append(krylov_run(A, b, M, solver))
            cells = []
            for label in operators:
                products = [r[0] for r in runs[label]]
                seconds = statistics.median(r[1] for r in runs[label])
                cells.append(f"{statistics.median(products):.0f} ({min(products)} to "
                             f"{max(products)}), {seconds:.2f} s")
            print(f"| {name} | {solver_name} | " + " | ".join(cells) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--asor", default="build/release/asor")
    parser.add_argument("--cache", default="build/bench-python")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=["solve", "read", "cg", "gmres"])
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}; asor {asor.__version__}, commit {commit}; "
          f"numpy {np.__version__}, scipy {scipy.__version__}")
    path = problem_file(args.asor, args.cache, "poisson2d")
    if args.only in (None, "solve"):
        target_solve(args.asor, path, args.rounds)
    if args.only in (None, "read"):
        target_read(path, max(1, args.rounds // 2))
    if args.only in (None, "cg"):
        target_cg(args.asor, args.cache, args.rounds)
    if args.only == "gmres":
        target_gmres(args.asor, args.cache, args.rounds)


if __name__ == "__main__":
    main()
