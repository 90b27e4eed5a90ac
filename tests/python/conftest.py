"""Small test problems and the reference every solve is checked against."""
import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spla


def poisson2d(n, shift=0.0):
    """The 5-point Laplacian on an n x n grid plus shift * I, built by scipy
    (CSR, canonical, float64, int32 indices)."""
    t = sp.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(n, n))
    return (sp.kronsum(t, t) + shift * sp.identity(n * n)).tocsr()


def relative_residual(A, x, b):
    """||b - A x|| / ||b||, computed here, not taken from the report."""
    return np.linalg.norm(b - A @ x) / np.linalg.norm(b)


@pytest.fixture
def poisson():
    """(A, b, x_exact): a 12 x 12 grid, b with a known spsolve solution."""
    A = poisson2d(12, shift=0.5)
    b = np.sin(np.arange(1, A.shape[0] + 1, dtype=float))
    return A, b, spla.spsolve(A.tocsc(), b)
