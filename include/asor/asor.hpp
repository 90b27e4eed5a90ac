// asor: asynchronous SOR for sparse linear systems on shared-memory threads.
//
// The one header a user includes. Read a matrix (or generate one), prepare
// a Solver for it with SolveOptions (the Method, async by default: lock-free
// threads relaxing rows of a shared x), then solve(b, x) for as many
// right-hand sides as needed, each returning a SolveReport whose residual
// is recomputed from the returned x; solve(A, b, x, options) does both once.
// An observer sees provisional residuals while the solve runs and may stop
// it; stopping criteria are data. Bad input throws asor::Error with
// `FILE:LINE: what is wrong`; the library never prints or exits.
//
//   error.hpp             asor::Error and ErrorKind: the one exception type
//   csr_matrix.hpp        CsrMatrix, CsrView, Triplet, csr_from_triplets, multiply
//   matrix_market.hpp     reading and writing Matrix Market files (.mtx, .gz)
//   generators.hpp        test problems built in code (Poisson grids, random SPD, ...)
//   method.hpp            Method and its traits (parallel, omega, bounds, async)
//   storage.hpp           Storage: how the sweeps store A (double or compact)
//   solver.hpp            Solver: set up once for A, then solve(b, x) many times
//   solve.hpp             SolveOptions, SolveReport and the one-shot solve()
//   stopping.hpp          StoppingCriteria, StopReason, Progress
//   observer.hpp          Observer: provisional results, and stopping early
//   snapshot.hpp          copies of x taken while a solve runs (checkpoints)
//   constraints.hpp       box constraints lower <= x <= upper for solve()
//   lcp.hpp               linear complementarity problems by projected SOR
//   lcp_problems.hpp      LCPs generated in code (obstacle problem, random)
//   matrix_properties.hpp symmetry, dominance, spectral estimates of a matrix
//   omega_choice.hpp      choosing omega from those properties (--omega auto)
//   reordering.hpp        reverse Cuthill-McKee: unknowns renumbered for locality
//   report.hpp            a SolveReport as JSON
//   ssor_preconditioner.hpp symmetric SOR sweeps as a preconditioner (for cg), and
//                         by asynchronous threads (for flexible Krylov methods)
//
// Headers under asor/detail/ are the machinery behind these (sweep kernels,
// partitions, the monitor, benchmarks); they may change without notice.
#pragma once

#include "asor/constraints.hpp"
#include "asor/csr_matrix.hpp"
#include "asor/distributed.hpp"
#include "asor/error.hpp"
#include "asor/generators.hpp"
#include "asor/lcp.hpp"
#include "asor/lcp_problems.hpp"
#include "asor/matrix_market.hpp"
#include "asor/matrix_properties.hpp"
#include "asor/method.hpp"
#include "asor/observer.hpp"
#include "asor/omega_choice.hpp"
#include "asor/reordering.hpp"
#include "asor/report.hpp"
#include "asor/snapshot.hpp"
#include "asor/solve.hpp"
#include "asor/solver.hpp"
#include "asor/ssor_preconditioner.hpp"
#include "asor/stopping.hpp"
#include "asor/storage.hpp"
