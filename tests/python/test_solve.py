"""asor.solve and asor.Solver against scipy's direct solver."""
import numpy as np
import pytest
import scipy.sparse as sp

import asor
from conftest import poisson2d, relative_residual

METHODS = ["async", "gs", "sor", "jacobi", "multicolor", "local", "cg"]


@pytest.mark.parametrize("method", METHODS)
def test_every_method_agrees_with_spsolve(poisson, method):
    A, b, exact = poisson
    # async at omega 1: an M-matrix, so it converges whatever the delays on a
    # loaded machine (above about 1.002 a starved thread may make it diverge)
    omega = 1.3 if method in ("sor", "multicolor", "local") else 1.0
    x, report = asor.solve(A, b, method=method, omega=omega, threads=2, tol=1e-10)
    assert report.converged and report.reason == "converged"
    assert report.method == method
    assert np.allclose(x, exact, rtol=0, atol=1e-8 * np.abs(exact).max())
    assert report.relative_residual == pytest.approx(relative_residual(A, x, b), rel=1e-6)
    assert report.relative_residual <= 1e-10


def test_the_report_has_every_field_as_an_attribute_and_in_to_dict(poisson):
    A, b, _ = poisson
    _, report = asor.solve(A, b, method="sor", omega="auto", reorder="rcm")
    d = report.to_dict()
    for name in ("method", "rows", "nonzeros", "threads", "blocks", "omega", "tolerance",
                 "sweeps", "sweeps_max", "seconds", "setup_seconds", "relative_residual",
                 "initial_residual", "converged", "reason", "storage", "reordering",
                 "thread_stats", "omega_choice", "fallback", "constraints", "diverged_at"):
        assert name in d
        assert not hasattr(getattr(report, name), "to_dict") or isinstance(d[name], dict)
    assert d["rows"] == A.shape[0] and d["nonzeros"] == A.nnz
    assert d["omega_choice"]["omega"] == report.omega_choice.omega > 1.0
    assert d["reordering"]["asked"] == "rcm"
    assert len(d["thread_stats"]) == report.blocks and "sweeps" in d["thread_stats"][0]
    assert d["fallback"] is None
    assert '"method": "sor"' in report.to_json()


def test_x0_is_the_start_and_is_left_unchanged(poisson):
    A, b, exact = poisson
    x0 = exact.copy()
    x, report = asor.solve(A, b, method="sor", x0=x0)
    assert report.initial_residual < 1e-12 and report.sweeps <= 1
    assert np.array_equal(x0, exact) and x is not x0


def test_two_dimensional_b_solves_every_column(poisson):
    A, b, _ = poisson
    B = np.column_stack([b, 2 * b, np.ones_like(b), np.cos(b), b[::-1].copy()])
    X, reports = asor.solve(A, B, threads=2, omega=1.0, tol=1e-10)
    assert X.shape == B.shape and len(reports) == 5
    assert [r.columns_together for r in reports] == [4, 4, 4, 4, 1]
    for k, r in enumerate(reports):
        assert r.converged
        assert relative_residual(A, X[:, k], B[:, k]) <= 1e-10


def test_a_prepared_solver_solves_many_right_hand_sides(poisson):
    A, b, _ = poisson
    solver = asor.Solver(A, method="sor", omega="auto")
    assert solver.setup_seconds >= 0 and 1 < solver.omega < 2
    assert solver.omega_choice is not None and solver.reordering.asked == "none"
    for scale in (1.0, -3.0, 1e-3):
        x, report = solver.solve(scale * b)
        assert report.converged and relative_residual(A, x, scale * b) <= 1e-8


def test_bounds_project_every_update():
    A = poisson2d(10)
    b = A @ np.ones(A.shape[0])  # unconstrained solution: all ones
    x, report = asor.solve(A, b, lower=0.0, upper=0.8, threads=2, tol=1e-10)
    assert report.constrained and report.converged
    assert x.min() >= 0.0 and x.max() <= 0.8
    assert report.constraints.bound_violation == 0.0
    assert report.constraints.complementarity_gap < 1e-8
    # Only an upper bound, given per row with +inf rows left free.
    upper = np.full(A.shape[0], np.inf)
    upper[0] = 0.5
    x, report = asor.solve(A, b, upper=upper, method="sor", omega=1.5)
    assert report.converged and x[0] <= 0.5


def test_any_sparse_format_and_integer_entries_are_accepted(poisson):
    A, b, exact = poisson
    for M in (A.tocoo(), A.tocsc(), sp.csr_array(A), A.astype(np.float32)):
        x, report = asor.solve(M, b, method="sor", omega=1.3, tol=1e-10)
        assert report.converged
    I = sp.identity(5, dtype=np.int64, format="csr")
    x, _ = asor.solve(I, np.arange(5), method="gs")
    assert np.allclose(x, np.arange(5))


def test_duplicates_of_a_non_canonical_matrix_are_summed_without_changing_it():
    A = sp.csr_matrix((np.array([1.0, 1.0, 2.0]), np.array([0, 0, 1]), np.array([0, 2, 3])),
                      shape=(2, 2))
    assert not A.has_canonical_format
    x, report = asor.solve(A, np.array([2.0, 2.0]), method="gs")
    assert np.allclose(x, [1.0, 1.0]) and report.converged
    assert A.nnz == 3  # the caller's matrix is left as it was


def test_limits_stop_without_raising(poisson):
    A, b, _ = poisson
    x, report = asor.solve(A, b, method="gs", max_sweeps=3, tol=1e-14, fallback=False)
    assert not report.converged and report.reason == "sweep_limit" and report.sweeps == 3


def test_compact_storage_meets_the_double_tolerance(poisson):
    A, b, _ = poisson
    x, report = asor.solve(A, b, storage="compact", threads=2, tol=1e-10)
    assert report.storage == "compact" and report.converged
    assert relative_residual(A, x, b) <= 1e-10


def test_a_solver_refuses_a_second_solve_while_it_solves():
    A = poisson2d(30)
    b = A @ np.ones(A.shape[0])
    refused = []

    def observer(progress):  # called while the solver solves
        try:
            solver.solve(b)
        except asor.UsageError as e:
            refused.append(str(e))
        return False

    solver = asor.Solver(A, method="sor", tol=1e-14, observer=observer)
    x, report = solver.solve(b)
    assert report.reason == "observer_stop" and "already solving" in refused[0]
    x, report = asor.Solver(A, method="sor", omega=1.8).solve(b)  # a fresh one solves
    assert report.converged
