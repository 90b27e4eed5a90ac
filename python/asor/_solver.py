"""The prepared solver, the one-shot solve and the LCP."""
from . import _asor
from ._arrays import bound, csr_parts, optional_real_array, real_array


class Solver:
    """asor's solver prepared once for a matrix A, then applied to any number
    of right-hand sides with solve(b).

    A is any square scipy.sparse matrix or array with real entries. The
    setup checks A and the options (asor.InputError, asor.UsageError) and
    computes the inverse diagonal, the row blocks, and what the method and
    options need (the colouring for multicolor, the omega estimate for
    omega='auto', the reordered matrix for reorder='rcm'). A canonical CSR
    matrix with float64 data and int32 indices is used in place: the solver
    keeps a reference to its arrays, which must not change while it lives,
    and copies only scipy's int32 indptr, widened to int64 (n + 1 entries;
    `copied` names the arrays converted). Copies of A are made for
    reorder='rcm', compact storage and method='cg' (see docs/python.md).
    The keywords are those of asor.solve. One solve at a time per Solver: a
    second call while one runs (from another thread, or from the observer)
    raises asor.UsageError; make one Solver per thread instead.
    """

    def __init__(self, A, *, method="async", omega=1.0, threads=0, tol=1e-8, max_sweeps=10000,
                 time_limit=None, lower=None, upper=None, observer=None, observe_x=False,
                 storage="auto", reorder="none", inner_sweeps=1, fallback=True,
                 monitor_interval=1e-3, divergence_factor=1e8):
        rows, cols, indptr, indices, data = csr_parts(A)
        options = _asor.Options(
            method=method, omega=omega, threads=threads, tol=tol, max_sweeps=max_sweeps,
            time_limit=time_limit, lower=bound(lower, rows, "lower"),
            upper=bound(upper, rows, "upper"), observer=observer, observe_x=observe_x,
            storage=storage, reorder=reorder, inner_sweeps=inner_sweeps, fallback=fallback,
            monitor_interval=monitor_interval, divergence_factor=divergence_factor)
        self._solver = _asor.Solver(rows, cols, indptr, indices, data, options)
        self.shape = (rows, cols)

    def solve(self, b, x0=None):
        """Solves A x = b from x0 (zeros when None); returns (x, report).

        A 1-D b gives a 1-D x and one asor.SolveReport. A 2-D b of shape
        (n, k) solves every column, up to four swept together (each row of A
        read once for all of them; not for cg or with bounds), and gives an
        (n, k) x and a list of reports, one per column; a stop by the
        observer or Ctrl-C ends the list early, the later columns of x left
        as x0 had them. x is a new array; x0 and b are not changed.
        Non-convergence does not raise: check report.converged. Ctrl-C stops
        the workers and raises KeyboardInterrupt.
        """
        b = real_array(b, "b")
        x0 = optional_real_array(x0, "x0")
        if b.ndim == 1:
            return self._solver.solve_vector(b, x0)
        if b.ndim == 2:
            return self._solver.solve_columns(b, x0)
        raise _asor.InputError(f"b must be 1-D or 2-D (found {b.ndim} dimensions)")

    @property
    def copied(self):
        """The names of A's arrays that the setup converted into copies of its
        own ('indptr', 'indices', 'data'); the others it reads in place. A
        canonical scipy CSR matrix with float64 data gives ('indptr',)."""
        return self._solver.copied

    @property
    def setup_seconds(self):
        """Seconds of the one-time setup (reported apart from each solve's)."""
        return self._solver.setup_seconds

    @property
    def omega(self):
        """The omega of every solve's first attempt (1 for gs, NaN for cg)."""
        return self._solver.omega

    @property
    def omega_choice(self):
        """An asor.OmegaChoice saying how omega was chosen (omega='auto'), else None."""
        return self._solver.omega_choice

    @property
    def reordering(self):
        """An asor.ReorderingReport: what the reorder option did at setup."""
        return self._solver.reordering


def solve(A, b, *, x0=None, **options):
    """Solves A x = b by asynchronous SOR (or another method); returns (x, report).

    A: a square scipy.sparse matrix or array, real (a canonical float64 CSR
    matrix is used in place: see asor.Solver). b: a 1-D array of n entries, or
    2-D (n, k) for k right-hand sides (see Solver.solve). x0: the initial
    guess (zeros when None).

    Keywords (defaults those of the command line):
      method: 'async' (default), 'gs', 'sor', 'jacobi', 'multicolor', 'local', 'cg'.
      omega: in (0, 2), the relaxation factor (jacobi's weight), or 'auto'
        (Young's omega from a Lanczos estimate; async and local back off
        toward 1 if they diverge). Default 1.
      threads: OpenMP threads, 0 for OpenMP's default.
      tol: on ||b - A x|| / ||b||, recomputed from the returned x. Default 1e-8.
      max_sweeps: sweeps of the slowest thread (cg: iterations). Default 10000.
      time_limit: seconds, or None for none.
      lower, upper: bounds (a scalar, n values with -inf/+inf for free rows,
        or None): every update projected onto the box; not with cg.
      observer: a callable given an asor.Progress while the solve runs;
        returning False stops the solve (reason 'observer_stop'); what it
        raises comes out of solve. Called from the monitor's thread with the
        GIL held, at most once per monitor_interval.
      observe_x: True to hand the observer a read-only copy of x (Progress.x),
        taken at most once per monitor_interval: n values copied each time.
      storage: 'auto' (compact for large matrices), 'double' or 'compact'.
      reorder: 'none', 'rcm' or 'auto' (reverse Cuthill-McKee at setup).
      inner_sweeps: async only, 0 to 64 (0: adapted). Default 1.
      fallback: repeat a failed async solve of an SPD system by sequential
        SOR. Default True.
      monitor_interval: seconds between the monitor's checks (async) and the
        least time between observer calls. Default 1e-3.
      divergence_factor: diverged past this many times the initial residual.

    Raises asor.InputError (A not square, a zero or missing diagonal entry,
    NaN, wrong lengths, bad bounds), asor.UsageError (an option out of
    range, an unknown name), TypeError (A not sparse, complex entries) and
    KeyboardInterrupt on Ctrl-C, once the workers have stopped.
    """
    return Solver(A, **options).solve(b, x0)


def lcp(M, q, *, z0=None, **options):
    """Solves the linear complementarity problem z >= 0, w = M z + q >= 0,
    z'w = 0 by projected SOR; returns (z, report).

    M: a square scipy.sparse matrix with a positive diagonal; q: n values;
    z0: the start (zeros when None), projected onto z >= 0 first. The
    report's residual is ||min(z, M z + q)|| / ||q|| recomputed from z, and
    report.constraints gives max(-w) (gradient_violation) and z'w
    (complementarity_gap). The keywords of asor.solve but lower and upper
    (the LCP brings its own bound) and method 'cg' (asor.UsageError).
    """
    rows, cols, indptr, indices, data = csr_parts(M)
    opts = _asor.Options(**options)
    return _asor.solve_lcp(rows, cols, indptr, indices, data, real_array(q, "q"),
                           optional_real_array(z0, "z0"), opts)
