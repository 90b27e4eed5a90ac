"""asor from Python: a Poisson problem built with scipy, solved by
asynchronous SOR with an observer recording the residual history, then the
same matrix as a preconditioner for scipy's conjugate gradient.

    PYTHONPATH=build/release/python python3 examples/python/poisson.py

Exits 0 when every step did what it shows (ctest runs it).
"""
import sys

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

import asor

# The 5-point Laplacian on a 100 x 100 grid, built by scipy (CSR, float64).
n = 100
t = sp.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(n, n))
A = sp.kronsum(t, t, format="csr")
b = A @ np.ones(n * n)  # the exact solution is all ones

# What asor knows about A before solving it.
properties = asor.info(A)
print(f"symmetric: {properties.symmetric}, omega: {properties.recommended_omega:.4f}")

# Solve, recording the monitor's residual estimates as the solve runs.
history = []


def observer(progress):
    history.append((progress.elapsed_seconds, progress.sweeps, progress.estimated_residual))


x, report = asor.solve(A, b, omega="auto", threads=2, tol=1e-8, observer=observer)
print(f"{report.method}: {report.reason} after {report.sweeps} sweeps, {report.seconds:.3f} s, "
      f"residual {report.relative_residual:.2e} (recomputed from x), omega {report.omega:.4f}")
if report.fallback is not None:  # async failed; sequential SOR took over where A is SPD
    print(f"fallback: {report.fallback.reason}")
print(f"{len(history)} provisional results, the last estimate {history[-1][2]:.2e}")

# The residual history, plotted where matplotlib is installed.
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    seconds, sweeps, residuals = zip(*history)
    plt.semilogy(sweeps, residuals)
    plt.xlabel("sweeps (slowest thread)")
    plt.ylabel("estimated relative residual")
    plt.savefig("residual_history.png")
except ImportError:
    pass

# A prepared solver for several right-hand sides (one setup).
solver = asor.Solver(A, method="sor", omega=properties.recommended_omega)
X, reports = solver.solve(np.column_stack([b, 2 * b]))
print("two columns:", [f"{r.relative_residual:.1e}" for r in reports])

# Symmetric SOR sweeps as a preconditioner for scipy's conjugate gradient.
iterations = {}
for name, M in (("none", None), ("ssor", asor.preconditioner(A, sweeps=2))):
    count = []
    y, info = spla.cg(A, b, M=M, tol=1e-8, atol=0.0, callback=lambda xk: count.append(1))
    iterations[name] = len(count)
print(f"cg iterations: {iterations['none']} plain, {iterations['ssor']} with SSOR")

# The asynchronous variant is not the same operator at every application:
# a flexible Krylov method, gcrotmk, uses whatever z it was handed.
M = asor.preconditioner(A, sweeps=2, method="async", threads=2)
z, info = spla.gcrotmk(A, b, M=M, tol=1e-8, atol=0.0)
flexible = np.linalg.norm(b - A @ z) / np.linalg.norm(b)
print(f"gcrotmk with async SSOR: info {info}, residual {flexible:.1e}")

ok = (report.converged and np.abs(x - 1).max() < 1e-5 and len(history) > 0
      and all(r.converged for r in reports) and iterations["ssor"] < iterations["none"]
      and info == 0 and flexible <= 1.01e-8)
sys.exit(0 if ok else 1)
