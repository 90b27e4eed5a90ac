"""Matrix Market files, generated test problems and matrix properties."""
import os

from . import _asor
from ._arrays import csr_from_parts, csr_parts, real_array


def read_matrix(path):
    """Reads a Matrix Market file (.mtx, or gzip-compressed whatever its name)
    into a scipy.sparse.csr_matrix with float64 values.

    Coordinate (real, integer, pattern; general, symmetric, skew-symmetric)
    and array files; a symmetric file's other triangle is filled in and
    duplicates are summed. The values and column indices are the arrays the
    library read into, not copies. Raises asor.InputError for a malformed
    file (FILE:LINE: what is wrong) and asor.IoError for one that cannot be
    read.
    """
    return csr_from_parts(*_asor.read_csr(os.fspath(path)))


def write_matrix(path, A, *, symmetric=False, comment=""):
    """Writes A as a Matrix Market `coordinate real` file, atomically (a
    temporary file renamed into place). symmetric=True writes the lower
    triangle only, as `symmetric`: the caller vouches for A's symmetry.
    Raises asor.IoError when the file cannot be written."""
    _asor.write_csr(os.fspath(path), *csr_parts(A), symmetric, comment)


def read_vector(path):
    """Reads a Matrix Market vector (one row or one column) as a float64 array."""
    return _asor.read_vector(os.fspath(path))


def write_vector(path, x, *, comment=""):
    """Writes a 1-D array as a Matrix Market `array real general` file, atomically."""
    _asor.write_vector(os.fspath(path), real_array(x, "x"), comment)


def generate(kind, size=None, *, shift=0.0, seed=1, epsilon=0.01, degree=10, ratio=2.0,
             dense=4):
    """A test problem's matrix as a scipy.sparse.csr_matrix, as `asor generate`
    builds it: the same matrix for the same seed on every platform.

    kind: one of asor.problem_kinds ('poisson2d', 'poisson3d', 'aniso2d',
    'randspd', 'diagdom', 'denserows', 'varcoef3d'). size: the grid side N for
    the grid kinds (N^2 or N^3 rows), the number of rows for the others; None
    for the kind's default. shift is added to the diagonal; seed drives the
    random kinds; epsilon (aniso2d), degree (randspd, diagdom), ratio
    (diagdom) and dense (denserows) as in docs/cli.md. Raises
    asor.UsageError for a bad kind or parameter.
    """
    return csr_from_parts(
        *_asor.generate_csr(kind, size, shift, seed, epsilon, degree, ratio, dense))


def info(A, *, lanczos_steps=150):
    """What to know about A before solving it (`asor info`): an
    asor.MatrixProperties with symmetry, diagonal dominance, the M-matrix
    test, Lanczos estimates of the spectrum of D^-1/2 A D^-1/2 (at most
    lanczos_steps steps), rho(J), Young's omega (recommended_omega) and which
    condition guarantees that asynchronous SOR converges."""
    return _asor.analyze_csr(*csr_parts(A), lanczos_steps)
