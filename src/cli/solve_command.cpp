#include "solve_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "asor/constraints.hpp"
#include "asor/detail/atomic_file.hpp"
#include "asor/detail/checkpoint.hpp"
#include "asor/detail/linear_system.hpp"
#include "asor/error.hpp"
#include "asor/lcp.hpp"
#include "asor/matrix_market.hpp"
#include "asor/omega_choice.hpp"
#include "asor/report.hpp"
#include "asor/solver.hpp"
#include "checkpointing.hpp"
#include "exit_codes.hpp"
#include "interrupts.hpp"
#include "progress_printer.hpp"

namespace asor::cli {

namespace {

constexpr const char* kExitCodes =
    "Exit codes: 0 converged, 1 not converged (sweep/time limit or stop; x is still\n"
    "written), 2 bad usage or input, 3 diverged (NaN/Inf or residual growth past 1e8x),\n"
    "4 a rank under mpirun sent no heartbeat for --rank-timeout seconds (the job is\n"
    "ended), 130/143 interrupted by SIGINT/SIGTERM (x and the report are still written).";

// The options `solve` and `lcp` share, after their positional arguments.
void add_run_options(CLI::App& cmd, SolveCommandOptions& opt) {
    std::vector<std::string> methods;
    for (const MethodTraits& t : all_methods()) {
        if (!opt.lcp || t.accepts_bounds) methods.emplace_back(t.name);
    }
    cmd.add_option("--method", opt.method,
                   "async (default): asynchronous SOR on --threads workers;\n"
                   "gs, sor: sequential Gauss-Seidel, SOR (the references);\n"
                   "jacobi: synchronous weighted Jacobi (omega is the weight);\n"
                   "multicolor: synchronous SOR over a greedy row colouring;\n"
                   "local: processor-local SOR (as PETSc, hypre), a barrier per sweep" +
                       std::string(opt.lcp ? "\n(all projected onto z >= 0)"
                                           : ";\ncg: Eigen's conjugate gradient, "
                                             "Jacobi-preconditioned (symmetric A)"))
        ->check(CLI::IsMember(methods))
        ->capture_default_str();
    add_solver_options(cmd, opt);
    cmd.add_option("--threads", opt.threads,
                   "Threads of the parallel methods (default: OpenMP's, e.g. OMP_NUM_THREADS)")
        ->check(CLI::Range(1, 4096));
    CLI::Option* x0 = cmd.add_option("--x0", opt.x0_path, "Initial guess vector (default: zeros)");
    CLI::Option* checkpoint =
        cmd.add_option("--checkpoint", opt.checkpoint_path,
                       "Every --checkpoint-every seconds and at the end, write x here\n"
                       "(Matrix Market array) and a JSON sidecar FILE.json, atomically");
    cmd.add_option("--checkpoint-every", opt.checkpoint_every_seconds,
                   "Seconds between checkpoints")
        ->check(CLI::Range(1e-3, 1e9))
        ->needs(checkpoint)
        ->capture_default_str();
    cmd.add_option("--resume", opt.resume_path,
                   "Continue from a checkpoint: x0 from FILE, checked against the inputs\n"
                   "named in FILE.json; sweep counts go on from the checkpoint's")
        ->excludes(x0);
    cmd.add_option("-o,--output", opt.output_path,
                   "Write x here, Matrix Market array ('-': stdout)");
    cmd.add_option("--json", opt.json_path, "Write the JSON report here ('-': stdout)");
    cmd.add_option("--history", opt.history_path,
                   "Write CSV of time, estimated residual, sweeps (min, max) at each check,\n"
                   "sparser as the solve goes on (at most one row a second)");
    cmd.add_flag("--progress", opt.progress,
                 "Live status line on stderr (only when stderr is a terminal)");
    cmd.add_flag("--stats", opt.stats, "Per-thread statistics in the summary");
    cmd.add_flag("--no-fallback", opt.no_fallback,
                 "When async stops at the sweep limit or diverges on a symmetric positive\n"
                 "definite A, do not solve again by sequential SOR at Young's omega");
    cmd.add_flag("-q,--quiet", opt.quiet, "No summary and no progress on stderr");
    cmd.add_option("--rank-timeout", opt.rank_timeout_seconds,
                   "Under mpirun with several ranks: end the job (exit 4) when a rank has\n"
                   "sent no heartbeat for this many seconds (stopped, hung, cut off), from\n"
                   "the setup to the end, or MPI_Finalize waited that long")
        ->check(CLI::Range(0.01, 1e9))
        ->capture_default_str();
}

}  // namespace

Command setup_solve_command(CLI::App& app, MpiSession& mpi) {
    auto opt = std::make_shared<SolveCommandOptions>();
    CLI::App* cmd = app.add_subcommand("solve", "Solve A x = b by SOR-type relaxation");
    cmd->footer(
        std::string("The solution is written only where -o says; the summary goes to stderr.\n"
                    "Without B.mtx, b = A * ones, so the exact solution is all ones.\n"
                    "With --lower or --upper, every update is projected onto the box and the\n"
                    "residual is the natural one, ||x - P(x + b - A x)|| / ||b||.\n") +
        kExitCodes);
    add_system_arguments(*cmd, opt->matrix_path, opt->rhs_path, opt->rhs_choice);
    cmd->add_option("--lower", opt->lower,
                    "Lower bound on x: a number for every entry, or a vector file\n"
                    "(-inf entries leave a row free); box-constrained SOR (not cg)");
    cmd->add_option("--upper", opt->upper, "Upper bound on x, as --lower (inf: free)");
    add_run_options(*cmd, *opt);
    return {cmd, [opt, &mpi] { return run_solve_command(*opt, mpi); }};
}

Command setup_lcp_command(CLI::App& app, MpiSession& mpi) {
    auto opt = std::make_shared<SolveCommandOptions>();
    opt->lcp = true;
    CLI::App* cmd = app.add_subcommand(
        "lcp", "Solve the linear complementarity problem z >= 0, M z + q >= 0, z'(M z + q) = 0");
    cmd->footer(
        std::string(
            "By projected SOR: z_i <- max(0, z_i - omega (M z + q)_i / m_ii); M needs a\n"
            "positive diagonal (symmetric M: the problem is min 1/2 z'M z + q'z, z >= 0).\n"
            "The residual is ||min(z, M z + q)|| / ||q||; the summary and the JSON report\n"
            "also give the complementarity gap z'w and the largest violation of w >= 0.\n") +
        kExitCodes);
    cmd->add_option("M.mtx", opt->matrix_path, "Matrix M, Matrix Market ('-' for stdin)")
        ->required();
    cmd->add_option("q.mtx", opt->rhs_path, "Vector q")->required();
    add_run_options(*cmd, *opt);
    return {cmd, [opt, &mpi] { return run_solve_command(*opt, mpi); }};
}

namespace {

// The system as read from the command line, in the form the Solver takes:
// an LCP's q becomes b = -q with the bound z >= 0.
struct Inputs {
    CsrMatrix a;
    DenseMatrix b;  ///< k right-hand sides
    DenseMatrix x;  ///< the initial guesses in, the solutions out
    std::vector<double> lower;
    std::vector<double> upper;
};

// A relative residual's measure, as the summary names it.
const char* residual_measure(const SolveReport& r, bool lcp) {
    return lcp             ? "||min(z, M z + q)|| / ||q||"
           : r.constrained ? "||x - P(x + b - A x)|| / ||b||"
                           : "||b - A x|| / ||b||";
}

void print_method_line(const SolveReport& r) {
    std::fprintf(stderr, "method:            %s, %d thread%s",
                 std::string(to_string(r.method)).c_str(), r.threads, r.threads == 1 ? "" : "s");
    if (r.blocks > r.threads) std::fprintf(stderr, " (%d row blocks)", r.blocks);
    if (std::isfinite(r.omega)) std::fprintf(stderr, ", omega %g", r.omega);
    if (r.colors > 0) std::fprintf(stderr, ", %d colours", r.colors);
    if (r.storage == Storage::compact) {
        std::fprintf(stderr, ", compact storage (%.0f bytes a row, %d refinement%s%s)",
                     r.bytes_per_row, r.refinements, r.refinements == 1 ? "" : "s",
                     r.storage_fell_back ? ", then double" : "");
    }
    std::fputc('\n', stderr);
}

// One thread's line of --stats, after `indent` spaces, ended by `more`.
void print_thread_line(std::size_t t, const ThreadStats& s, int indent, const std::string& more) {
    std::fprintf(stderr,
                 "%*sthread %-*zu rows %d-%d (%d), nonzeros %lld, sweeps %llu, busy %.3f s%s\n",
                 indent, "", 10 - indent, t, s.first_row + 1, s.end_row, s.end_row - s.first_row,
                 static_cast<long long>(s.nonzeros), static_cast<unsigned long long>(s.sweeps),
                 s.busy_seconds, more.c_str());
}

// --stats: the figures before the threads' lines, then (after them) the spread.
void print_stats_start(const SolveReport& r) {
    std::fprintf(stderr, "initial residual:  %.3e\nverifications:     %d\n", r.initial_residual,
                 r.verifications);
}
void print_sweep_spread(const SolveReport& r) {
    std::fprintf(stderr, "sweep spread:      %llu (fastest minus slowest thread)\n",
                 static_cast<unsigned long long>(r.sweeps_max - r.sweeps));
}

void print_thread_stats(const SolveReport& r) {
    print_stats_start(r);
    for (std::size_t t = 0; t < r.thread_stats.size(); ++t) {
        print_thread_line(t, r.thread_stats[t], 0, "");
    }
    print_sweep_spread(r);
}

void print_fallback(const SolveReport& r) {
    if (!r.fallback) return;
    const FallbackReport& f = *r.fallback;
    std::fprintf(stderr, "fallback:          %s stopped (%s) at %.3e after %llu sweeps; %s\n",
                 std::string(to_string(f.from)).c_str(),
                 std::string(to_string(f.from_reason)).c_str(), f.from_residual,
                 static_cast<unsigned long long>(f.from_sweeps), f.reason.c_str());
}

void print_summary(const SolveReport& r, bool with_stats, bool lcp) {
    print_method_line(r);
    std::fprintf(stderr, "converged:         %s (%s)\n", r.converged ? "yes" : "no",
                 std::string(to_string(r.reason)).c_str());
    if (r.sweeps == r.sweeps_max) {
        std::fprintf(stderr, "sweeps:            %llu\n",
                     static_cast<unsigned long long>(r.sweeps));
    } else {
        std::fprintf(stderr, "sweeps:            %llu (slowest thread) to %llu (fastest)\n",
                     static_cast<unsigned long long>(r.sweeps),
                     static_cast<unsigned long long>(r.sweeps_max));
    }
    std::fprintf(stderr, "seconds:           %.6f (setup %.6f apart)\n", r.seconds,
                 r.setup_seconds);
    if (r.restored_last_finite) {
        std::fprintf(stderr, "x:                 the last finite iterate kept, from sweep %llu\n",
                     static_cast<unsigned long long>(r.restored_sweeps));
    }
    std::fprintf(stderr, "final residual:    %.3e (%s, recomputed from %s; tol %g)\n",
                 r.relative_residual, residual_measure(r, lcp), lcp ? "z" : "x", r.tolerance);
    if (r.constrained) {
        const ConstraintMeasures& c = r.constraints;
        std::fprintf(stderr, "complementarity:   gap %.3e, %s %.3e, bound violation %.3e\n",
                     c.complementarity_gap, lcp ? "largest -w_i" : "wrong-sign gradient",
                     c.gradient_violation, c.bound_violation);
    }
    print_fallback(r);
    if (with_stats) print_thread_stats(r);
}

// Several right-hand sides: the method once, then one line per column.
void print_column_summaries(std::span<const SolveReport> reports, bool lcp) {
    print_method_line(reports.front());
    std::fprintf(stderr, "setup:             %.6f s, once for %zu columns\n",
                 reports.front().setup_seconds, reports.size());
    for (std::size_t j = 0; j < reports.size(); ++j) {
        const SolveReport& r = reports[j];
        std::fprintf(stderr, "column %-4zu        %s (%s), %llu sweeps, %.6f s, residual %.3e%s",
                     j + 1, r.converged ? "converged" : "not converged",
                     std::string(to_string(r.reason)).c_str(),
                     static_cast<unsigned long long>(r.sweeps), r.seconds, r.relative_residual,
                     r.fallback && r.fallback->used ? " (by the fallback)" : "");
        // The sweeps and seconds of a group are shared by its columns.
        if (r.columns_together > 1) {
            std::fprintf(stderr, " (swept with %d columns)", r.columns_together);
        }
        std::fputc('\n', stderr);
    }
    std::fprintf(stderr, "final residuals:   %s, recomputed; tol %g\n",
                 residual_measure(reports.front(), lcp), reports.front().tolerance);
    for (const SolveReport& r : reports) {
        if (r.fallback) {
            print_fallback(r);
            break;  // the reason is the matrix's, the same for every column
        }
    }
}

void print_omega_choice(const SolveReport& r) {
    if (!r.omega_choice) return;
    const OmegaChoice& c = *r.omega_choice;
    std::fprintf(stderr, "omega auto:        %.6g: %s", c.omega, c.rule.c_str());
    if (c.seconds > 0.0) std::fprintf(stderr, "; estimated in %.3f s", c.seconds);
    std::fputc('\n', stderr);
    for (const double w : r.diverged_at) {
        std::fprintf(stderr, "                   diverged at %.6g, so solved again at %.6g\n", w,
                     backed_off_omega(w));
    }
}

// What --reorder did, once: it is the setup's, the same for every column.
void print_reordering(const SolveReport& r) {
    if (r.reordering.asked == Reorder::none) return;
    std::fprintf(stderr, "reordering:        %s; in %.3f s of the setup\n",
                 r.reordering.rule.c_str(), r.reordering.seconds);
}

// Fail before the solve, not after it, when a result cannot be written.
void check_outputs(const SolveCommandOptions& o) {
    if (o.checkpoint_path == "-") {
        throw Error(ErrorKind::usage, "--checkpoint needs a file name, not '-' (standard output)");
    }
    const std::string sidecar =
        o.checkpoint_path.empty() ? "" : checkpoint_sidecar_path(o.checkpoint_path);
    for (const std::string* path :
         {&o.output_path, &o.json_path, &o.history_path, &o.checkpoint_path, &sidecar}) {
        if (!path->empty()) check_writable(*path);
    }
}

Inputs read_inputs(const SolveCommandOptions& o) {
    const std::string& x0_path = o.resume_path.empty() ? o.x0_path : o.resume_path;
    SystemColumns system =
        read_system_columns(o.matrix_path, o.rhs_path, x0_path, o.lcp ? "q" : "right-hand side");
    Inputs in{std::move(system.a), std::move(system.b), std::move(system.x0), {}, {}};
    const Index n = in.a.rows;
    if (in.b.cols > 1 &&
        (!o.history_path.empty() || !o.checkpoint_path.empty() || !o.resume_path.empty())) {
        throw Error(ErrorKind::usage,
                    "--history, --checkpoint and --resume take one right-hand side; " + o.rhs_path +
                        " has " + std::to_string(in.b.cols) + " columns");
    }
    if (o.lcp) {
        for (Index j = 0; j < in.b.cols; ++j) {
            try {
                const LcpAsBox box = lcp_as_box(in.a, in.b.column(j));
                std::copy(box.b.begin(), box.b.end(), in.b.column(j).begin());
                in.lower = box.lower;
            } catch (const Error& e) {
                throw Error(ErrorKind::input, o.matrix_path + ": " + e.what());
            }
        }
        return in;
    }
    in.lower = read_bound(o.lower, n, o.matrix_path);
    in.upper = read_bound(o.upper, n, o.matrix_path);
    if (!in.lower.empty() || !in.upper.empty()) {
        try {
            (void)make_box(in.lower, in.upper, n);
        } catch (const Error& e) {
            throw Error(ErrorKind::input,
                        "--lower " + o.lower + " --upper " + o.upper + ": " + e.what());
        }
    }
    return in;
}

SolveOptions library_options(const SolveCommandOptions& o, const Inputs& in) {
    SolveOptions options = to_solve_options(o);
    options.lower = in.lower;
    options.upper = in.upper;
    options.method = parse_method(o.method);
    options.threads = o.threads;
    options.auto_omega = o.auto_omega;
    options.fallback = !o.no_fallback;
    options.cancel = install_interrupt_handlers();
    return options;
}

// The input errors of A name its file.
template <class Step>
auto naming_the_matrix(const std::string& matrix_path, Step&& step) {
    try {
        return step();
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::input) throw;
        throw Error(ErrorKind::input, matrix_path + ": " + e.what());
    }
}

// --progress and --history, as one observer.
struct Watchers {
    std::optional<ProgressLine> progress;
    std::optional<History> history;

    Watchers(const SolveCommandOptions& o) {
        if (o.progress && !o.quiet && isatty(STDERR_FILENO)) progress.emplace(o.tolerance);
        if (!o.history_path.empty()) history.emplace();
    }
    Watchers(const Watchers&) = delete;  // the observer holds `this`
    Watchers& operator=(const Watchers&) = delete;

    void attach(SolveOptions& options) {
        if (!progress && !history) return;
        options.observer = [this](const Progress& p) {
            if (progress) progress->update(p);
            if (history) history->record(p);
            return ObserverAction::proceed;
        };
    }
};

// --checkpoint and --resume (one right-hand side).
struct Checkpoints {
    std::uint64_t sweeps_before = 0;
    std::optional<CheckpointWriter> writer;

    Checkpoints() = default;
    Checkpoints(const Checkpoints&) = delete;  // the snapshot handler holds `this`
    Checkpoints& operator=(const Checkpoints&) = delete;

    // Checks the checkpoint to resume from against A, and with --checkpoint
    // sets the writer and `options`' snapshot handler.
    void prepare(const SolveCommandOptions& o, const CsrMatrix& a, SolveOptions& options) {
        const CheckpointInfo inputs = describe_solve(o.matrix_path, o.rhs_path, a, options);
        if (!o.resume_path.empty()) sweeps_before = check_resume(o.resume_path, inputs);
        if (o.checkpoint_path.empty()) return;
        writer.emplace(o.checkpoint_path, inputs, sweeps_before);
        options.on_snapshot = [this](const Snapshot& s) { writer->write(s); };
        options.snapshot_interval_seconds = o.checkpoint_every_seconds;
    }
};

std::vector<SolveReport> solve_columns(Solver& solver, Inputs& in, const std::string& matrix_path) {
    if (in.b.cols == 1) {
        return {naming_the_matrix(matrix_path,
                                  [&] { return solver.solve(in.b.column(0), in.x.column(0)); })};
    }
    // Up to four columns swept together; an interrupt ends every column, the
    // rest keeping their initial guesses.
    return naming_the_matrix(matrix_path, [&] { return solver.solve(in.b, in.x); });
}

ReportFields input_fields(const SolveCommandOptions& o) {
    return {{"matrix", o.matrix_path}, {"rhs", o.rhs_path.empty() ? "A * ones" : o.rhs_path}};
}

// The report with `fields` first, and how a signal ended the solve.
void write_json(const SolveCommandOptions& o, std::span<const SolveReport> reports,
                ReportFields fields, int signal) {
    if (signal != 0) {
        fields.emplace_back("reason", "interrupted");
        fields.emplace_back("interrupted", signal == SIGINT ? "SIGINT" : "SIGTERM");
    }
    const std::string json = to_json(reports, fields);
    write_file_atomically(o.json_path, [&](std::ostream& out) { out << json; });
}

void write_json(const SolveCommandOptions& o, std::span<const SolveReport> reports,
                const Checkpoints& checkpoints, int signal, const ReportFields& more = {}) {
    ReportFields fields = input_fields(o);
    fields.insert(fields.end(), more.begin(), more.end());
    if (!o.resume_path.empty()) {
        fields.emplace_back("resumed_from", o.resume_path);
        fields.emplace_back("sweeps_before_resume", checkpoints.sweeps_before);
    }
    if (checkpoints.writer) fields.emplace_back("checkpoint", o.checkpoint_path);
    write_json(o, reports, std::move(fields), signal);
}

void write_solution(const SolveCommandOptions& o, const DenseMatrix& x,
                    std::span<const SolveReport> reports) {
    double worst = 0.0;
    for (const SolveReport& r : reports) {
        if (!(r.relative_residual <= worst)) worst = r.relative_residual;
    }
    char comment[160];
    std::snprintf(comment, sizeof comment, "%s: method %s, relative residual %.3e%s",
                  o.lcp ? "asor lcp" : "asor solve",
                  std::string(to_string(reports.front().method)).c_str(), worst,
                  x.cols > 1 ? " (the largest over the columns)" : "");
    write_dense_matrix(o.output_path, x, comment);
}

void print_interruption(int signal) {
    if (signal != 0) {
        std::fprintf(stderr, "interrupted:       by %s\n", signal == SIGINT ? "SIGINT" : "SIGTERM");
    }
}

void print_checkpoints(const SolveCommandOptions& o, const Checkpoints& checkpoints) {
    if (!o.resume_path.empty()) {
        std::fprintf(stderr, "resumed:           from %s, after %llu earlier sweeps\n",
                     o.resume_path.c_str(),
                     static_cast<unsigned long long>(checkpoints.sweeps_before));
    }
    if (checkpoints.writer) {
        std::fprintf(stderr, "checkpoints:       %d written to %s\n", checkpoints.writer->written(),
                     o.checkpoint_path.c_str());
    }
}

void print_summaries(const SolveCommandOptions& o, std::span<const SolveReport> reports,
                     const Checkpoints& checkpoints, int signal) {
    if (reports.size() == 1) {
        print_summary(reports.front(), o.stats, o.lcp);
    } else {
        print_column_summaries(reports, o.lcp);
    }
    print_omega_choice(reports.front());
    print_reordering(reports.front());
    print_checkpoints(o, checkpoints);
    print_interruption(signal);
}

// The worst outcome over the columns decides: diverged, then not converged.
int exit_code_for_all(std::span<const SolveReport> reports, Index columns) {
    int code = static_cast<Index>(reports.size()) < columns ? kNotConverged : kConverged;
    for (const SolveReport& r : reports) {
        const int one = exit_code_for(r);
        if (one == kDiverged || (one == kNotConverged && code == kConverged)) code = one;
    }
    return code;
}

#if ASOR_HAS_MPI

// Across MPI ranks: what the distributed engine does not take is refused
// alike on every rank, which all read the same command line.
void refuse_across_ranks(const SolveCommandOptions& o) {
    const auto refuse = [](const std::string& what) {
        throw Error(ErrorKind::usage, what + " across MPI ranks: not implemented yet");
    };
    if (o.lcp) refuse("asor lcp");
    if (!o.lower.empty() || !o.upper.empty()) refuse("--lower and --upper");
    if (!o.history_path.empty() || o.progress) refuse("--history and --progress");
}

// --stats across ranks: a line per rank, then one per thread of the rank.
void print_rank_stats(const SolveReport& r, std::span<const RankStats> ranks) {
    print_stats_start(r);
    for (std::size_t k = 0; k < ranks.size(); ++k) {
        const RankStats& s = ranks[k];
        std::fprintf(stderr,
                     "rank %-4zu         rows %d-%d (%d), sent %llu messages (%llu bytes), "
                     "received %llu, halo age %.2f sweeps\n",
                     k, s.first_row + 1, s.end_row, s.end_row - s.first_row,
                     static_cast<unsigned long long>(s.messages_sent),
                     static_cast<unsigned long long>(s.bytes_sent),
                     static_cast<unsigned long long>(s.messages_received), s.halo_age);
        for (std::size_t t = 0; t < s.thread_stats.size(); ++t) {
            char age[48];
            std::snprintf(age, sizeof age, ", halo age %.2f", s.thread_halo_age[t]);
            print_thread_line(t, s.thread_stats[t], 2, age);
        }
    }
    print_sweep_spread(r);
}

// Rank 0 reads, writes and prints; every rank solves and returns the same
// exit code (but the signal's, on the rank that got it).
int run_across_ranks(const SolveCommandOptions& given, MpiSession& mpi) {
    // From here every wait on another rank is watched, the setup's and the
    // end's included (main() guards MPI_Finalize).
    mpi.watch_ranks(given.rank_timeout_seconds);
    refuse_across_ranks(given);
    SolveCommandOptions o = given;
    const bool root = mpi.rank() == 0;
    o.rhs_path =
        resolve_rhs(given.matrix_path, given.rhs_path, given.rhs_choice, given.quiet || !root);
    mpi.on_root_collectively([&] { check_outputs(o); });
    SolveOptions options = to_solve_options(o);
    options.method = parse_method(o.method);
    options.threads = o.threads;
    options.auto_omega = o.auto_omega;
    options.cancel = install_interrupt_handlers();
    // Rank 0 checks the checkpoint to resume from against A, and writes the
    // checkpoints: the library hands it x gathered from every rank.
    Checkpoints checkpoints;
    DistributedOptions distributed;
    distributed.rank_timeout_seconds = o.rank_timeout_seconds;
    distributed.x0_path = o.resume_path.empty() ? o.x0_path : o.resume_path;
    if (root && !(o.checkpoint_path.empty() && o.resume_path.empty())) {
        distributed.on_root_input = [&](const CsrMatrix& a) { checkpoints.prepare(o, a, options); };
    }
    if (root && !o.checkpoint_path.empty()) {
        options.on_snapshot = [&checkpoints](const Snapshot& s) { checkpoints.writer->write(s); };
        options.snapshot_interval_seconds = o.checkpoint_every_seconds;
    }
    stop_here_for_tests("setup", mpi.rank());
    DistributedSolution solution =
        solve_distributed(o.matrix_path, o.rhs_path, options, distributed);
    stop_here_for_tests("end", mpi.rank());
    const std::vector<SolveReport> reports{solution.report};
    // The ranks stopped after the same reduction, but the signal may have
    // reached some of them only (SIGINT to one rank; mpirun's SIGTERM
    // reaches all): they agree on it, so that rank 0's report names it and
    // every rank exits alike.
    const int signal = reports.front().reason == StopReason::cancelled
                           ? mpi.largest_over_ranks(interrupting_signal())
                           : 0;
    // The others wait for rank 0's files: a rank that ended first with a
    // non-zero code would have mpirun end rank 0 (SIGTERM, then SIGKILL a
    // second later) while it writes. x first, for the time mpirun leaves
    // after its own SIGINT (docs/mpi.md#signals).
    mpi.on_root_collectively([&] {
        const Index n = reports.front().rows;
        const DenseMatrix x{n, 1, std::move(solution.x)};
        if (!o.output_path.empty()) write_solution(o, x, reports);
        if (checkpoints.writer) checkpoints.writer->write_final(x.values, reports.front());
        const ReportFields fields{{"ranks", static_cast<std::uint64_t>(solution.ranks)},
                                  {"halo_messages", solution.halo_messages},
                                  ReportField::json("rank_stats", to_json(solution.rank_stats))};
        if (!o.json_path.empty()) write_json(o, reports, checkpoints, signal, fields);
        if (o.quiet) return;
        print_summary(reports.front(), false, false);
        std::fprintf(stderr,
                     "ranks:             %d, rows split by non-zeros%s; %llu halo messages\n",
                     solution.ranks,
                     options.omega > kMostOmegaAcrossRanks ? " (omega capped across ranks)" : "",
                     static_cast<unsigned long long>(solution.halo_messages));
        if (o.stats) print_rank_stats(reports.front(), solution.rank_stats);
        print_checkpoints(o, checkpoints);
        print_interruption(signal);
    });
    // Rank 0's broadcast above may complete before the others received it:
    // every rank alive before MPI_Finalize, which waits for all unwatched.
    mpi.wait_for_every_rank();
    return signal != 0 ? 128 + signal : exit_code_for(reports.front());
}

#endif

}  // namespace

int run_solve_command(const SolveCommandOptions& given, MpiSession& mpi) {
#if ASOR_HAS_MPI
    if (mpi.ranks() > 1) return run_across_ranks(given, mpi);
#else
    (void)mpi;  // one rank: MpiSession refuses more without MPI
#endif
    SolveCommandOptions o = given;
    o.rhs_path = resolve_rhs(given.matrix_path, given.rhs_path, given.rhs_choice, given.quiet);
    check_outputs(o);
    Inputs in = read_inputs(o);
    SolveOptions options = library_options(o, in);
    Checkpoints checkpoints;
    checkpoints.prepare(o, in.a, options);
    Watchers watchers(o);
    watchers.attach(options);

    Solver solver = naming_the_matrix(o.matrix_path, [&] { return Solver(in.a, options); });
    const std::vector<SolveReport> reports = solve_columns(solver, in, o.matrix_path);
    if (watchers.progress) watchers.progress->clear();

    if (!o.output_path.empty()) write_solution(o, in.x, reports);
    if (checkpoints.writer) checkpoints.writer->write_final(in.x.values, reports.front());
    // Interrupted (Ctrl-C, SIGTERM): everything computed is still written,
    // then the exit code says which signal ended the solve.
    const bool cancelled = reports.back().reason == StopReason::cancelled;
    const int signal = cancelled ? interrupting_signal() : 0;
    if (!o.json_path.empty()) write_json(o, reports, checkpoints, signal);
    if (watchers.history) watchers.history->write(o.history_path);
    if (!o.quiet) print_summaries(o, reports, checkpoints, signal);
    return signal != 0 ? 128 + signal : exit_code_for_all(reports, in.b.cols);
}

}  // namespace asor::cli
