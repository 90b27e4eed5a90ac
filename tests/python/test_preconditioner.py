"""asor.preconditioner: symmetric SOR sweeps for scipy's Krylov methods."""
import numpy as np
import pytest
import scipy.sparse.linalg as spla

import asor
from conftest import poisson2d


def cg_iterations(A, b, M=None):
    count = []
    x, info = spla.cg(A, b, M=M, tol=1e-10, atol=0.0, maxiter=5000,
                      callback=lambda xk: count.append(1))
    assert info == 0
    return x, len(count)


@pytest.mark.parametrize("sweeps, omega", [(1, 1.0), (2, 1.0), (2, 1.5)])
def test_the_operator_is_symmetric_positive_definite(sweeps, omega):
    A = poisson2d(8)
    M = asor.preconditioner(A, sweeps=sweeps, omega=omega)
    rng = np.random.default_rng(5)
    u, v = rng.standard_normal(64), rng.standard_normal(64)
    assert u @ M.matvec(v) == pytest.approx(v @ M.matvec(u), rel=1e-12)
    assert u @ M.matvec(u) > 0
    assert M.matvec(u.reshape(-1, 1)).shape == (64, 1)


def test_preconditioned_cg_takes_fewer_iterations_than_plain_and_jacobi():
    A = asor.generate("poisson2d", 40)
    b = A @ np.ones(A.shape[0])
    _, plain = cg_iterations(A, b)
    jacobi = spla.LinearOperator(A.shape, matvec=lambda r: r / A.diagonal().reshape(r.shape))
    _, with_jacobi = cg_iterations(A, b, jacobi)
    x, with_ssor = cg_iterations(A, b, asor.preconditioner(A, sweeps=2, omega=1.0))
    assert with_ssor < min(plain, with_jacobi) / 2
    assert np.linalg.norm(b - A @ x) / np.linalg.norm(b) <= 1e-9


def test_gmres_accepts_it_on_a_non_symmetric_matrix():
    A = asor.generate("diagdom", 400, seed=2)
    b = np.ones(A.shape[0])
    x, info = spla.gmres(A, b, M=asor.preconditioner(A, sweeps=1), tol=1e-10, atol=0.0)
    assert info == 0 and np.linalg.norm(b - A @ x) <= 1e-9 * np.linalg.norm(b)
