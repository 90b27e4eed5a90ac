"""scipy.sparse matrices and numpy vectors as the compiled module takes them."""
import numpy as np
import scipy.sparse

_REAL_KINDS = "biuf"  # bool, signed and unsigned integers, floats


def csr_parts(A):
    """(rows, cols, indptr, indices, data) of A in scipy's canonical CSR form.

    A CSR matrix or array already canonical (sorted indices, no duplicates)
    is used as it is; any other sparse format is converted by tocsr(), and a
    non-canonical CSR is copied and its duplicates summed (A itself is left
    unchanged). The compiled module then uses each array in place where it
    has the library's type (float64 data, int32 indices, int64 indptr) and
    converts the others into copies of their own (scipy's int32 indptr,
    n + 1 entries, in practice).
    """
    if not scipy.sparse.issparse(A):
        raise TypeError(f"A must be a scipy.sparse matrix or array (got {type(A).__name__})")
    if A.dtype.kind not in _REAL_KINDS:
        raise TypeError(f"A must have real entries (its dtype is {A.dtype})")
    csr = A.tocsr()
    if not csr.has_canonical_format:
        csr = csr.copy()
        csr.sum_duplicates()
    rows, cols = csr.shape
    return rows, cols, csr.indptr, csr.indices, csr.data


def real_array(values, name):
    """values as a float64 numpy array (no copy when it already is one)."""
    array = np.asarray(values)
    if array.dtype.kind not in _REAL_KINDS:
        raise TypeError(f"{name} must have real entries (its dtype is {array.dtype})")
    return array.astype(np.float64, copy=False)


def optional_real_array(values, name):
    """real_array(values, name), or None for None."""
    return None if values is None else real_array(values, name)


def bound(values, n, name):
    """A bound: None (that side free), a scalar for every row, or n values."""
    if values is None:
        return None
    array = real_array(values, name)
    return np.full(n, float(array)) if array.ndim == 0 else array


def csr_from_parts(rows, cols, data, indices, indptr):
    """A scipy CSR matrix over the arrays the compiled module made (no copy of
    data or indices; scipy narrows the int64 indptr to int32 where it fits)."""
    return scipy.sparse.csr_matrix((data, indices, indptr), shape=(rows, cols))
