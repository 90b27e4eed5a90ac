"""asor's sweeps as preconditioners for scipy.sparse.linalg's Krylov methods."""
import numpy as np
import scipy.sparse.linalg

from . import _asor
from ._arrays import csr_parts


def preconditioner(A, sweeps=2, omega=1.0):
    """A scipy.sparse.linalg.LinearOperator z = M^-1 r applying `sweeps`
    symmetric SOR sweeps (each a forward pass over the rows, then a backward
    one) to A z = r from z = 0; omega=1 is symmetric Gauss-Seidel.

    For symmetric positive definite A and 0 < omega < 2 the operator is
    linear, symmetric and positive definite, so scipy.sparse.linalg.cg may
    use it (M=...); gmres and bicgstab may too, for any A with a non-zero
    diagonal. Sequential, one pass over A per half-sweep. A's arrays are
    copied once into the library's matrix. Raises asor.InputError for a
    matrix unfit for SOR and asor.UsageError for sweeps < 1 or omega
    outside (0, 2).
    """
    ssor = _asor.SsorPreconditioner(*csr_parts(A), sweeps, omega)
    n = ssor.rows

    def apply(r):
        r = np.asarray(r, dtype=np.float64)
        return ssor.apply(r.ravel()).reshape(r.shape)

    return scipy.sparse.linalg.LinearOperator((n, n), matvec=apply, rmatvec=None,
                                              dtype=np.float64)
