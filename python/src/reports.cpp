// The library's report types as read-only Python records. Enumerations are
// exposed by the names the command line and the JSON report use.
#include <string>

#include "asor/matrix_properties.hpp"
#include "asor/report.hpp"
#include "asor/solve.hpp"
#include "bindings.hpp"
#include "observer_bridge.hpp"
#include "record.hpp"

namespace asor::python {

namespace {

/// A getter exposing an enumeration member by its name.
template <class T, class Enum>
auto name_of(Enum T::*field) {
    return [field](const T& value) { return std::string(to_string(value.*field)); };
}

void bind_parts(py::module_& m) {
    Record<ThreadStats>(m, "ThreadStats", "What one thread (one row block) did.")
        .member("first_row", &ThreadStats::first_row,
                "First row of the block (0 with end_row 0 where rows are not contiguous).")
        .member("end_row", &ThreadStats::end_row, "One past the block's last row.")
        .member("rows", &ThreadStats::rows, "Rows relaxed in each sweep.")
        .member("nonzeros", &ThreadStats::nonzeros, "Stored entries of those rows.")
        .member("sweeps", &ThreadStats::sweeps, "Complete sweeps of its rows (cg: iterations).")
        .member("busy_seconds", &ThreadStats::busy_seconds, "Seconds spent sweeping.")
        .finish();
    Record<ConstraintMeasures>(m, "ConstraintMeasures",
                               "How far x is from the box problem's optimality conditions.")
        .member("bound_violation", &ConstraintMeasures::bound_violation,
                "Largest step outside the bounds (0 for every method's x).")
        .member("gradient_violation", &ConstraintMeasures::gradient_violation,
                "Largest gradient entry of a sign no bound allows (LCP: max -w_i).")
        .member("complementarity_gap", &ConstraintMeasures::complementarity_gap,
                "Complementarity gap, zero at a solution (LCP: z'w).")
        .finish();
    Record<Spread>(m, "Spread", "How far a matrix's entries lie from its diagonal.")
        .member("bandwidth", &Spread::bandwidth, "max |i - j| over the stored entries.")
        .member("mean_distance", &Spread::mean_distance, "mean |i - j| off the diagonal.")
        .finish();
    Record<ReorderingReport>(m, "ReorderingReport", "What the reorder option did at setup.")
        .computed("asked", name_of(&ReorderingReport::asked), "'none', 'rcm' or 'auto'.")
        .member("applied", &ReorderingReport::applied,
                "True when the solver iterates on the RCM-reordered matrix.")
        .member("before", &ReorderingReport::before, "Spread of A as given.")
        .member("after", &ReorderingReport::after, "Spread of the reordered A.")
        .member("seconds", &ReorderingReport::seconds, "Time to order and permute (setup).")
        .member("rule", &ReorderingReport::rule, "What was done and why, in one line.")
        .finish();
    Record<OmegaChoice>(m, "OmegaChoice", "How omega was chosen (omega='auto').")
        .member("omega", &OmegaChoice::omega, "The omega chosen.")
        .member("jacobi_radius", &OmegaChoice::jacobi_radius,
                "The estimate of rho(J) it rests on (NaN when none).")
        .member("rule", &OmegaChoice::rule, "The rule applied, in one line.")
        .member("seconds", &OmegaChoice::seconds, "Time of the estimate.")
        .finish();
    Record<FallbackReport>(m, "FallbackReport",
                           "The fallback to sequential SOR considered after async failed.")
        .member("used", &FallbackReport::used, "True when x comes from the fallback.")
        .computed("from_method", name_of(&FallbackReport::from), "The method that failed.")
        .computed("from_reason", name_of(&FallbackReport::from_reason), "Why it stopped.")
        .member("from_residual", &FallbackReport::from_residual,
                "Its recomputed relative residual.")
        .member("from_sweeps", &FallbackReport::from_sweeps, "Its sweeps (slowest thread).")
        .member("from_seconds", &FallbackReport::from_seconds, "Its wall time.")
        .member("reason", &FallbackReport::reason, "Why the fallback converges, or why none.")
        .finish();
}

void bind_solve_report(py::module_& m) {
    Record<SolveReport>(m, "SolveReport",
                        "The outcome of a solve, the same for every method. The residuals are "
                        "recomputed from the returned x, never estimated.")
        .computed("method", name_of(&SolveReport::method), "The method that produced x.")
        .member("rows", &SolveReport::rows, "n.")
        .member("nonzeros", &SolveReport::nonzeros, "Stored entries of A.")
        .member("threads", &SolveReport::threads, "Threads that actually swept.")
        .member("blocks", &SolveReport::blocks, "Row blocks (one per thread asked for).")
        .member("omega", &SolveReport::omega, "The omega used (1 for gs, NaN for cg).")
        .member("tolerance", &SolveReport::tolerance, "On the relative residual, as given.")
        .member("sweeps", &SolveReport::sweeps, "Sweeps of the slowest thread (cg: iterations).")
        .member("sweeps_max", &SolveReport::sweeps_max, "Sweeps of the fastest thread.")
        .member("seconds", &SolveReport::seconds, "Wall time of this solve (setup excluded).")
        .member("setup_seconds", &SolveReport::setup_seconds, "The Solver's one-time setup.")
        .member("relative_residual", &SolveReport::relative_residual,
                "||b - A x|| / ||b|| recomputed from the returned x (natural residual with "
                "bounds).")
        .member("initial_residual", &SolveReport::initial_residual, "The same for x0.")
        .member("colors", &SolveReport::colors, "Colours (multicolor only).")
        .member("converged", &SolveReport::converged, "relative_residual <= tolerance.")
        .computed("reason", name_of(&SolveReport::reason),
                  "Why it stopped: 'converged', 'sweep_limit', 'time_limit', 'diverged', "
                  "'observer_stop' or 'cancelled'.")
        .member("verifications", &SolveReport::verifications,
                "True residual checks after the estimate met its target.")
        .member("restored_last_finite", &SolveReport::restored_last_finite,
                "Diverged: x was reset to the last finite iterate seen.")
        .member("restored_sweeps", &SolveReport::restored_sweeps,
                "The sweeps at which that iterate was taken.")
        .member("constrained", &SolveReport::constrained, "Solved with bounds.")
        .member("constraints", &SolveReport::constraints, "x measured against the bounds.")
        .member("thread_stats", &SolveReport::thread_stats, "One ThreadStats per row block.")
        .member("omega_choice", &SolveReport::omega_choice,
                "How omega was chosen (omega='auto'), else None.")
        .member("diverged_at", &SolveReport::diverged_at,
                "omega='auto': the omegas at which async or local diverged.")
        .member("fallback", &SolveReport::fallback,
                "A FallbackReport when async failed and the fallback was considered, else None.")
        .computed("storage", name_of(&SolveReport::storage),
                  "The storage the sweeps read: 'double' or 'compact'.")
        .member("bytes_per_row", &SolveReport::bytes_per_row, "Bytes one sweep moves per row.")
        .member("refinements", &SolveReport::refinements,
                "Compact storage: corrections of the right-hand side.")
        .member("storage_fell_back", &SolveReport::storage_fell_back,
                "Compact storage: the solve went on in double storage.")
        .member("columns_together", &SolveReport::columns_together,
                "Right-hand sides swept together with this one.")
        .member("inner_sweeps", &SolveReport::inner_sweeps, "Inner sweeps of each sub-block.")
        .member("reordering", &SolveReport::reordering, "What the reorder option did.")
        .finish()
        .def(
            "to_json", [](const SolveReport& r) { return to_json(r); },
            "The report as the JSON object of `asor solve --json`.");
}

void bind_progress(py::module_& m) {
    Record<ObservedProgress>(m, "Progress",
                             "A provisional result, handed to the observer while a solve runs.")
        .computed(
            "sweeps", [](const ObservedProgress& p) { return p.progress.sweeps_min; },
            "Sweeps completed by the slowest thread.")
        .computed(
            "sweeps_max", [](const ObservedProgress& p) { return p.progress.sweeps_max; },
            "Sweeps completed by the fastest thread.")
        .computed(
            "estimated_residual",
            [](const ObservedProgress& p) { return p.progress.estimated_residual; },
            "The monitor's estimate of the relative residual (drives decisions; the report's "
            "residual is recomputed).")
        .computed(
            "initial_residual",
            [](const ObservedProgress& p) { return p.progress.initial_residual; },
            "The true relative residual of x0.")
        .computed(
            "elapsed_seconds", [](const ObservedProgress& p) { return p.progress.elapsed_seconds; },
            "Wall time since the solve started.")
        .member("x", &ObservedProgress::x,
                "observe_x=True: a read-only copy (a new array at each call) of x as the "
                "latest snapshot found it, at most one monitor interval old; None before the "
                "first snapshot, without observe_x, and for 2-D b.")
        .member("x_sweeps", &ObservedProgress::x_sweeps,
                "Sweeps of the slowest thread when x was copied (0 when x is None).")
        .finish();
}

void bind_matrix_properties(py::module_& m) {
    using P = MatrixProperties;
    Record<P>(m, "MatrixProperties", "What to know about a matrix before solving (asor info).")
        .member("rows", &P::rows, "Rows.")
        .member("cols", &P::cols, "Columns.")
        .member("nonzeros", &P::nonzeros, "Stored entries.")
        .member("min_row_nonzeros", &P::min_row_nonzeros, "Fewest entries in a row.")
        .member("max_row_nonzeros", &P::max_row_nonzeros, "Most entries in a row.")
        .member("mean_row_nonzeros", &P::mean_row_nonzeros, "Mean entries per row.")
        .member("symmetric", &P::symmetric, "max |a_ij - a_ji| <= 1e-12 max |a_ij|.")
        .member("symmetry_error", &P::symmetry_error, "max |a_ij - a_ji| / max |a_ij|.")
        .member("positive_diagonal", &P::positive_diagonal, "Every a_ii present and > 0.")
        .member("strictly_dominant_rows", &P::strictly_dominant_rows,
                "Rows with |a_ii| > sum of |a_ij| off the diagonal.")
        .member("weakly_dominant_rows", &P::weakly_dominant_rows,
                "Rows with |a_ii| >= that sum (strict ones included).")
        .member("worst_dominance_ratio", &P::worst_dominance_ratio,
                "min over rows of |a_ii| / sum |a_ij| (inf when no off-diagonal entry).")
        .member("m_matrix_candidate", &P::m_matrix_candidate,
                "Positive diagonal, no positive off-diagonal entry.")
        .member("spectrum_low", &P::spectrum_low,
                "Lanczos estimate of the smallest eigenvalue of D^-1/2 A D^-1/2.")
        .member("spectrum_high", &P::spectrum_high, "Estimate of the largest one.")
        .member("spectrum_bound", &P::spectrum_bound, "Gershgorin's bound on the largest one.")
        .member("nearly_singular", &P::nearly_singular, "|spectrum_low| tiny: no omega given.")
        .member("jacobi_radius", &P::jacobi_radius, "Estimate of rho(J), J = I - D^-1 A.")
        .member("lanczos_steps", &P::lanczos_steps, "Lanczos steps taken.")
        .member("recommended_omega", &P::recommended_omega,
                "Young's omega 2 / (1 + sqrt(1 - rho^2)), NaN where it does not apply.")
        .member("async_guarantee", &P::async_guarantee,
                "Which condition makes asynchronous SOR converge, or that none is known.")
        .member("async_omega_bound", &P::async_omega_bound,
                "Largest omega with that guarantee (NaN when none).")
        .finish();
}

}  // namespace

void bind_reports(py::module_& m) {
    bind_parts(m);
    bind_solve_report(m);
    bind_progress(m);
    bind_matrix_properties(m);
}

}  // namespace asor::python
