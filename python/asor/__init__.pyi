# Type stubs of the asor package (python/asor/ and the compiled asor._asor).
import os
from typing import Callable, Literal, Optional, Union, overload

import numpy as np
import numpy.typing as npt
import scipy.sparse
import scipy.sparse.linalg

__version__: str
problem_kinds: list[str]

Method = Literal["async", "gs", "sor", "jacobi", "multicolor", "local", "cg"]
StorageName = Literal["auto", "double", "compact"]
ReorderName = Literal["none", "rcm", "auto"]
ArrayLike = npt.ArrayLike
Path = Union[str, os.PathLike[str]]

class InputError(ValueError): ...
class UsageError(ValueError): ...
class IoError(OSError): ...

class ThreadStats:
    first_row: int
    end_row: int
    rows: int
    nonzeros: int
    sweeps: int
    busy_seconds: float
    def to_dict(self) -> dict: ...

class ConstraintMeasures:
    bound_violation: float
    gradient_violation: float
    complementarity_gap: float
    def to_dict(self) -> dict: ...

class Spread:
    bandwidth: int
    mean_distance: float
    def to_dict(self) -> dict: ...

class ReorderingReport:
    asked: str
    applied: bool
    before: Spread
    after: Spread
    seconds: float
    rule: str
    def to_dict(self) -> dict: ...

class OmegaChoice:
    omega: float
    jacobi_radius: float
    rule: str
    seconds: float
    def to_dict(self) -> dict: ...

class FallbackReport:
    used: bool
    from_method: str
    from_reason: str
    from_residual: float
    from_sweeps: int
    from_seconds: float
    reason: str
    def to_dict(self) -> dict: ...

class SolveReport:
    method: str
    rows: int
    nonzeros: int
    threads: int
    blocks: int
    omega: float
    tolerance: float
    sweeps: int
    sweeps_max: int
    seconds: float
    setup_seconds: float
    relative_residual: float
    initial_residual: float
    colors: int
    converged: bool
    reason: str
    verifications: int
    restored_last_finite: bool
    restored_sweeps: int
    constrained: bool
    constraints: ConstraintMeasures
    thread_stats: list[ThreadStats]
    omega_choice: Optional[OmegaChoice]
    diverged_at: list[float]
    fallback: Optional[FallbackReport]
    storage: str
    bytes_per_row: float
    refinements: int
    storage_fell_back: bool
    columns_together: int
    inner_sweeps: int
    reordering: ReorderingReport
    def to_dict(self) -> dict: ...
    def to_json(self) -> str: ...

class Progress:
    sweeps: int
    sweeps_max: int
    estimated_residual: float
    initial_residual: float
    elapsed_seconds: float
    x: Optional[npt.NDArray[np.float64]]
    x_sweeps: int
    def to_dict(self) -> dict: ...

class MatrixProperties:
    rows: int
    cols: int
    nonzeros: int
    min_row_nonzeros: int
    max_row_nonzeros: int
    mean_row_nonzeros: float
    symmetric: bool
    symmetry_error: float
    positive_diagonal: bool
    strictly_dominant_rows: int
    weakly_dominant_rows: int
    worst_dominance_ratio: float
    m_matrix_candidate: bool
    spectrum_low: float
    spectrum_high: float
    spectrum_bound: float
    nearly_singular: bool
    jacobi_radius: float
    lanczos_steps: int
    recommended_omega: float
    async_guarantee: str
    async_omega_bound: float
    def to_dict(self) -> dict: ...

Observer = Callable[[Progress], Optional[bool]]

class Solver:
    shape: tuple[int, int]
    def __init__(
        self,
        A: scipy.sparse.spmatrix,
        *,
        method: Method = "async",
        omega: Union[float, Literal["auto"]] = 1.0,
        threads: int = 0,
        tol: float = 1e-8,
        max_sweeps: int = 10000,
        time_limit: Optional[float] = None,
        lower: Optional[ArrayLike] = None,
        upper: Optional[ArrayLike] = None,
        observer: Optional[Observer] = None,
        observe_x: bool = False,
        storage: StorageName = "auto",
        reorder: ReorderName = "none",
        inner_sweeps: int = 1,
        fallback: bool = True,
        monitor_interval: float = 1e-3,
        divergence_factor: float = 1e8,
    ) -> None: ...
    @overload
    def solve(
        self, b: npt.NDArray[np.floating], x0: Optional[ArrayLike] = None
    ) -> tuple[npt.NDArray[np.float64], SolveReport]: ...
    @overload
    def solve(
        self, b: ArrayLike, x0: Optional[ArrayLike] = None
    ) -> tuple[npt.NDArray[np.float64], Union[SolveReport, list[SolveReport]]]: ...
    @property
    def copied(self) -> tuple[str, ...]: ...
    @property
    def setup_seconds(self) -> float: ...
    @property
    def omega(self) -> float: ...
    @property
    def omega_choice(self) -> Optional[OmegaChoice]: ...
    @property
    def reordering(self) -> ReorderingReport: ...

def solve(
    A: scipy.sparse.spmatrix,
    b: ArrayLike,
    *,
    x0: Optional[ArrayLike] = None,
    method: Method = "async",
    omega: Union[float, Literal["auto"]] = 1.0,
    threads: int = 0,
    tol: float = 1e-8,
    max_sweeps: int = 10000,
    time_limit: Optional[float] = None,
    lower: Optional[ArrayLike] = None,
    upper: Optional[ArrayLike] = None,
    observer: Optional[Observer] = None,
    observe_x: bool = False,
    storage: StorageName = "auto",
    reorder: ReorderName = "none",
    inner_sweeps: int = 1,
    fallback: bool = True,
    monitor_interval: float = 1e-3,
    divergence_factor: float = 1e8,
) -> tuple[npt.NDArray[np.float64], Union[SolveReport, list[SolveReport]]]: ...
def lcp(
    M: scipy.sparse.spmatrix,
    q: ArrayLike,
    *,
    z0: Optional[ArrayLike] = None,
    method: Method = "async",
    omega: Union[float, Literal["auto"]] = 1.0,
    threads: int = 0,
    tol: float = 1e-8,
    max_sweeps: int = 10000,
    time_limit: Optional[float] = None,
    observer: Optional[Observer] = None,
    observe_x: bool = False,
    storage: StorageName = "auto",
    reorder: ReorderName = "none",
    inner_sweeps: int = 1,
    fallback: bool = True,
    monitor_interval: float = 1e-3,
    divergence_factor: float = 1e8,
) -> tuple[npt.NDArray[np.float64], SolveReport]: ...
def read_matrix(path: Path) -> scipy.sparse.csr_matrix: ...
def write_matrix(
    path: Path, A: scipy.sparse.spmatrix, *, symmetric: bool = False, comment: str = ""
) -> None: ...
def read_vector(path: Path) -> npt.NDArray[np.float64]: ...
def write_vector(path: Path, x: ArrayLike, *, comment: str = "") -> None: ...
def generate(
    kind: str,
    size: Optional[int] = None,
    *,
    shift: float = 0.0,
    seed: int = 1,
    epsilon: float = 0.01,
    degree: int = 10,
    ratio: float = 2.0,
    dense: int = 4,
) -> scipy.sparse.csr_matrix: ...
def info(A: scipy.sparse.spmatrix, *, lanczos_steps: int = 150) -> MatrixProperties: ...
def preconditioner(
    A: scipy.sparse.spmatrix,
    sweeps: int = 2,
    omega: float = 1.0,
    *,
    method: Literal["ssor", "async"] = "ssor",
    threads: int = 0,
) -> scipy.sparse.linalg.LinearOperator: ...
