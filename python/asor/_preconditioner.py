"""asor's sweeps as preconditioners for scipy.sparse.linalg's Krylov methods."""
import numpy as np
import scipy.sparse.linalg

from . import _asor
from ._arrays import csr_parts

_METHODS = ("ssor", "async")


def preconditioner(A, sweeps=2, omega=1.0, *, method="ssor", threads=0):
    """A scipy.sparse.linalg.LinearOperator z = M^-1 r applying `sweeps`
    symmetric SOR sweeps (each a forward pass over the rows, then a backward
    one) to A z = r from z = 0; omega=1 is symmetric Gauss-Seidel.

    method='ssor' (the default): sequential sweeps. For symmetric positive
    definite A and 0 < omega < 2 the operator is linear, symmetric and
    positive definite, so scipy.sparse.linalg.cg may use it (M=...); gmres
    and bicgstab may too, for any A with a non-zero diagonal.

    method='async': the rows split into one block per thread (threads: 0
    for OpenMP's default), each thread sweeping its own block `sweeps` times
    without waiting for the others, reading their entries of z as they
    leave them. Not the same operator at every application (it depends on
    how the threads interleave; with threads=1 it is 'ssor' exactly), nor
    symmetric: use it with a flexible method, scipy.sparse.linalg.gcrotmk,
    which uses every z it was handed consistently. gmres converges with it
    too, but takes an erratic number of iterations (sometimes more than
    without a preconditioner); not cg. See docs/python.md.

    A's arrays are used in place when A is a canonical CSR matrix with
    float64 data and int32 indices (scipy's int32 indptr is widened into a
    copy of n + 1 entries); they must not change while the operator is used.
    Raises asor.InputError for a matrix unfit for SOR and asor.UsageError
    for sweeps < 1, omega outside (0, 2), threads < 0 or another method.
    """
    if method == "ssor":
        sweeper = _asor.SsorPreconditioner(*csr_parts(A), sweeps, omega)
    elif method == "async":
        sweeper = _asor.AsyncSsorPreconditioner(*csr_parts(A), sweeps, omega, threads)
    else:
        raise _asor.UsageError(
            f"unknown preconditioner method '{method}' (expected one of: {', '.join(_METHODS)})")
    n = sweeper.rows

    def apply(r):
        r = np.asarray(r, dtype=np.float64)
        return sweeper.apply(r.ravel()).reshape(r.shape)

    operator = scipy.sparse.linalg.LinearOperator((n, n), matvec=apply, rmatvec=None,
                                                  dtype=np.float64)
    operator.copied = sweeper.copied
    return operator
