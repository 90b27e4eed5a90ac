"""asor: asynchronous SOR for sparse linear systems, from Python.

Solves A x = b for a scipy.sparse A on shared-memory threads, by the C++
library of the same name: lock-free threads relax rows of a shared x, a
monitor thread stops them once the residual meets the tolerance, and the
residual reported is recomputed from the returned x.

    import asor, numpy as np, scipy.sparse as sp
    x, report = asor.solve(A, b, omega=1.5)
    report.converged, report.relative_residual, report.sweeps

Errors: asor.InputError (bad data: not square, a zero diagonal entry, wrong
lengths), asor.UsageError (an option out of range, an unknown name), both
ValueError, and asor.IoError (an OSError) for files; the messages are those
of the command-line program. See docs/python.md.
"""
from ._asor import (
    ConstraintMeasures,
    FallbackReport,
    InputError,
    IoError,
    MatrixProperties,
    OmegaChoice,
    Progress,
    ReorderingReport,
    SolveReport,
    Spread,
    ThreadStats,
    UsageError,
    __version__,
    problem_kinds,
)
from ._matrices import generate, info, read_matrix, read_vector, write_matrix, write_vector
from ._preconditioner import preconditioner
from ._solver import Solver, lcp, solve

__all__ = [
    "ConstraintMeasures", "FallbackReport", "InputError", "IoError", "MatrixProperties",
    "OmegaChoice", "Progress", "ReorderingReport", "SolveReport", "Solver", "Spread",
    "ThreadStats", "UsageError", "__version__", "generate", "info", "lcp", "preconditioner",
    "problem_kinds", "read_matrix", "read_vector", "solve", "write_matrix", "write_vector",
]
