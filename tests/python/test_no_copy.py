"""A canonical scipy CSR matrix is used in place: its data and indices are
not copied by asor.solve, asor.Solver or asor.preconditioner."""
import gc
import os
import subprocess
import sys

import numpy as np
import pytest
import scipy.sparse as sp

import asor
from conftest import poisson2d

# In a fresh interpreter (its peak RSS not raised by earlier tests): load
# the three arrays of a 10^6-row 2D Poisson matrix, wrap them in a scipy CSR
# matrix (no copy), then solve. Prints the peak RSS before and after the
# solve and the bytes of data and indices, in KiB.
CHILD = r"""
import os, resource, sys
import numpy as np
import scipy.sparse as sp
import asor

folder, n = sys.argv[1], int(sys.argv[2])
data, indices, indptr = (np.load(os.path.join(folder, f + ".npy"))
                         for f in ("data", "indices", "indptr"))
A = sp.csr_matrix((data, indices, indptr), shape=(n, n), copy=False)
assert np.shares_memory(A.data, data) and np.shares_memory(A.indices, indices)
assert A.has_canonical_format
b = np.ones(n)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
x, report = asor.solve(A, b, storage="double", threads=2, max_sweeps=3, fallback=False)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
assert report.sweeps >= 3
print(before, after, (data.nbytes + indices.nbytes) // 1024, data.nbytes // 1024)
"""


def test_solving_does_not_copy_a_canonical_csr_matrix(tmp_path):
    side = 1000
    A = asor.generate("poisson2d", side, shift=0.5)
    assert A.indices.dtype == np.int32 and A.data.dtype == np.float64
    for name in ("data", "indices", "indptr"):
        np.save(tmp_path / f"{name}.npy", getattr(A, name))
    child = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path), str(side * side)],
                           capture_output=True, text=True, env=os.environ, check=False)
    assert child.returncode == 0, child.stderr
    before, after, arrays, data = (int(v) for v in child.stdout.split())
    # Without a copy, the solve allocates n-sized vectors (x, the inverse
    # diagonal, indptr widened to int64: 8 MB each) and the threads' stacks:
    # 29 MB measured. A copy of indices (20 MB) or data (40 MB) on top
    # exceeds the bound, the size of data (39 MB); the copying module grew
    # by 85 MB here.
    assert arrays > 55_000
    assert after - before < data, (
        f"peak RSS grew by {after - before} KiB during the solve; A's data and indices "
        f"take {arrays} KiB")


def test_the_solver_keeps_the_arrays_alive():
    A = poisson2d(20, shift=0.5)
    b = A @ np.ones(A.shape[0])
    solver = asor.Solver(A, method="gs", tol=1e-12)
    assert solver.copied == ("indptr",)  # scipy's int32 indptr is widened
    del A
    gc.collect()
    garbage = [np.full(100, np.nan) for _ in range(1000)]  # reuse freed memory, if any
    x, report = solver.solve(b)
    assert report.converged and np.allclose(x, 1.0) and len(garbage) == 1000


@pytest.mark.parametrize("dtype, copied", [
    (np.float32, ("indptr", "data")),
    (np.int64, ("indptr", "data")),
])
def test_other_value_types_are_converted_once(dtype, copied):
    A = poisson2d(6).astype(dtype)
    assert asor.Solver(A).copied == copied


def test_an_int64_indptr_is_used_in_place():
    A = poisson2d(6, shift=0.5)
    A.indptr = A.indptr.astype(np.int64)  # scipy narrows it in its constructor
    assert asor.Solver(A).copied == ()


def test_int64_indices_are_converted():
    A = poisson2d(6, shift=0.5)
    A.indices = A.indices.astype(np.int64)
    A.indptr = A.indptr.astype(np.int64)
    assert asor.Solver(A).copied == ("indices",)


def test_int64_indices_that_32_bits_would_wrap_are_an_input_error():
    A = poisson2d(6, shift=0.5)
    A.indices = A.indices.astype(np.int64)
    A.indptr = A.indptr.astype(np.int64)
    # 2^32 + 1 wraps to 1, a valid column: it must not pass for one.
    A.indices[3] = 2**32 + 1
    with pytest.raises(asor.InputError, match="column index 4294967297 is out of range"):
        asor.Solver(A)


def test_a_non_contiguous_array_is_converted():
    A = poisson2d(6, shift=0.5)
    A.data = np.repeat(A.data, 2)[::2]  # the same values, a stride of 16 bytes
    assert not A.data.flags.c_contiguous
    solver = asor.Solver(A, method="gs", tol=1e-12)
    assert solver.copied == ("indptr", "data")
    b = A @ np.ones(A.shape[0])
    x, report = solver.solve(b)
    assert report.converged and np.allclose(x, 1.0)


def test_a_non_canonical_matrix_is_summed_into_a_copy():
    A = sp.csr_matrix((np.array([1.0, 1.0, 3.0]), np.array([0, 0, 1]), np.array([0, 2, 3])),
                      shape=(2, 2))
    assert not A.has_canonical_format
    x, report = asor.solve(A, np.array([2.0, 3.0]), method="gs")
    assert report.converged and np.allclose(x, [1.0, 1.0])
    assert A.nnz == 3  # A itself left as it was
