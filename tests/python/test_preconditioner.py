"""asor.preconditioner: symmetric SOR sweeps for scipy's Krylov methods."""
import pathlib
import sys

import numpy as np
import pytest
import scipy.sparse.linalg as spla

import asor
from conftest import poisson2d

# The benchmark's Krylov runs and test matrix (bench/python_targets.py).
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "bench"))
from python_targets import convection_diffusion, krylov_run  # noqa: E402


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


def products_with_a(A, b, M, solver):
    """Products with A of a Krylov solve to 1e-10, which must converge (the
    benchmark's krylov_run)."""
    return krylov_run(A, b, M, solver, tol=1e-10)[0]


def test_the_async_variant_on_one_thread_is_ssor_exactly():
    A = convection_diffusion(20, 0.4)
    r = np.sin(np.arange(A.shape[0], dtype=float))
    for sweeps in (1, 2):
        ssor = asor.preconditioner(A, sweeps=sweeps, omega=1.2)
        single = asor.preconditioner(A, sweeps=sweeps, omega=1.2, method="async", threads=1)
        assert np.array_equal(ssor.matvec(r), single.matvec(r))


def test_flexible_gmres_with_the_async_variant_takes_far_fewer_products_with_a():
    A = convection_diffusion(40, 0.4)
    assert abs(A - A.T).max() > 0.5
    b = A @ np.ones(A.shape[0])
    plain = min(products_with_a(A, b, None, spla.gmres),
                products_with_a(A, b, None, spla.gcrotmk))
    for threads in (2, 4):
        M = asor.preconditioner(A, sweeps=2, method="async", threads=threads)
        # gcrotmk is flexible: a preconditioner that varies between
        # applications does not spoil it (measured: 24 to 40 products,
        # against 256 for gcrotmk and 317 for gmres without one).
        for _ in range(3):
            assert products_with_a(A, b, M, spla.gcrotmk) < plain / 4
        # Plain gmres converges with it too, but its count varies with how
        # the threads interleaved (28 to 567 measured): not compared.
        products_with_a(A, b, M, spla.gmres)


def test_the_async_variant_refuses_bad_parameters():
    A = poisson2d(5)
    with pytest.raises(asor.UsageError, match="threads is -1"):
        asor.preconditioner(A, method="async", threads=-1)
    with pytest.raises(asor.UsageError, match="sweeps is 0"):
        asor.preconditioner(A, sweeps=0, method="async")
    with pytest.raises(asor.UsageError, match="unknown preconditioner method 'jacobi'"):
        asor.preconditioner(A, method="jacobi")
    assert asor.preconditioner(A, method="async").copied == ("indptr",)
