#include "solve_command.hpp"

#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <optional>
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
#include "checkpointing.hpp"
#include "exit_codes.hpp"
#include "interrupts.hpp"
#include "progress_printer.hpp"

namespace asor::cli {

namespace {

constexpr const char* kExitCodes =
    "Exit codes: 0 converged, 1 not converged (sweep/time limit or stop; x is still\n"
    "written), 2 bad usage or input, 3 diverged (NaN/Inf or residual growth past 1e8x),\n"
    "130/143 interrupted by SIGINT/SIGTERM (x and the report are still written).";

// The options `solve` and `lcp` share, after their positional arguments.
void add_run_options(CLI::App& cmd, SolveCommandOptions& opt) {
    std::vector<std::string> methods = {"async", "gs", "sor", "jacobi", "multicolor", "local"};
    if (!opt.lcp) methods.emplace_back("cg");
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
    cmd.add_flag("-q,--quiet", opt.quiet, "No summary and no progress on stderr");
}

}  // namespace

Command setup_solve_command(CLI::App& app) {
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
    return {cmd, [opt] { return run_solve_command(*opt); }};
}

Command setup_lcp_command(CLI::App& app) {
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
    return {cmd, [opt] { return run_solve_command(*opt); }};
}

namespace {

void print_summary(const SolveReport& r, bool with_stats, bool lcp) {
    std::fprintf(stderr, "method:            %s, %d thread%s",
                 std::string(to_string(r.method)).c_str(), r.threads, r.threads == 1 ? "" : "s");
    if (std::isfinite(r.omega)) std::fprintf(stderr, ", omega %g", r.omega);
    if (r.colors > 0) std::fprintf(stderr, ", %d colours", r.colors);
    std::fputc('\n', stderr);
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
    std::fprintf(stderr, "seconds:           %.6f\n", r.seconds);
    if (r.restored_last_finite) {
        std::fprintf(stderr, "x:                 the last finite iterate kept, from sweep %llu\n",
                     static_cast<unsigned long long>(r.restored_sweeps));
    }
    const char* measure = lcp             ? "||min(z, M z + q)|| / ||q||"
                          : r.constrained ? "||x - P(x + b - A x)|| / ||b||"
                                          : "||b - A x|| / ||b||";
    std::fprintf(stderr, "final residual:    %.3e (%s, recomputed from %s; tol %g)\n",
                 r.relative_residual, measure, lcp ? "z" : "x", r.tolerance);
    if (r.constrained) {
        const ConstraintMeasures& c = r.constraints;
        std::fprintf(stderr, "complementarity:   gap %.3e, %s %.3e, bound violation %.3e\n",
                     c.complementarity_gap, lcp ? "largest -w_i" : "wrong-sign gradient",
                     c.gradient_violation, c.bound_violation);
    }
    if (!with_stats) return;
    std::fprintf(stderr, "initial residual:  %.3e\nverifications:     %d\n", r.initial_residual,
                 r.verifications);
    for (std::size_t t = 0; t < r.thread_stats.size(); ++t) {
        const ThreadStats& s = r.thread_stats[t];
        std::fprintf(
            stderr,
            "thread %-3zu        rows %d-%d (%d), nonzeros %lld, sweeps %llu, busy %.3f s\n", t,
            s.first_row + 1, s.end_row, s.end_row - s.first_row, static_cast<long long>(s.nonzeros),
            static_cast<unsigned long long>(s.sweeps), s.busy_seconds);
    }
    std::fprintf(stderr, "sweep spread:      %llu (fastest minus slowest thread)\n",
                 static_cast<unsigned long long>(r.sweeps_max - r.sweeps));
}

}  // namespace

int run_solve_command(const SolveCommandOptions& given) {
    SolveCommandOptions resolved = given;
    resolved.rhs_path =
        resolve_rhs(given.matrix_path, given.rhs_path, given.rhs_choice, given.quiet);
    const SolveCommandOptions& o = resolved;
    // Fail before the solve, not after it, when a result cannot be written.
    if (o.checkpoint_path == "-") {
        throw Error(ErrorKind::usage, "--checkpoint needs a file name, not '-' (standard output)");
    }
    const std::string checkpoint_sidecar =
        o.checkpoint_path.empty() ? "" : checkpoint_sidecar_path(o.checkpoint_path);
    for (const std::string* path :
         {&o.output_path, &o.json_path, &o.history_path, &o.checkpoint_path, &checkpoint_sidecar}) {
        if (!path->empty()) check_writable(*path);
    }

    const std::string& x0_path = o.resume_path.empty() ? o.x0_path : o.resume_path;
    SystemInput input =
        read_system(o.matrix_path, o.rhs_path, x0_path, o.lcp ? "q" : "right-hand side");
    const CsrMatrix& a = input.a;
    const std::vector<double>& b = input.b;
    std::vector<double>& x = input.x0;
    const std::vector<double> lower = read_bound(o.lower, a.rows, o.matrix_path);
    const std::vector<double> upper = read_bound(o.upper, a.rows, o.matrix_path);
    if (!lower.empty() || !upper.empty()) {
        try {
            (void)make_box(lower, upper, a.rows);
        } catch (const Error& e) {
            throw Error(ErrorKind::input,
                        "--lower " + o.lower + " --upper " + o.upper + ": " + e.what());
        }
    }

    SolveOptions options = to_solve_options(o);
    options.lower = lower;
    options.upper = upper;
    options.method = parse_method(o.method);
    options.threads = o.threads;
    options.cancel = install_interrupt_handlers();
    std::optional<OmegaChoice> omega_choice;
    if (o.auto_omega) {
        omega_choice = choose_omega(a, options.method);
        options.omega = omega_choice->omega;
    }

    const CheckpointInfo inputs = describe_solve(o.matrix_path, o.rhs_path, a, options);
    const std::uint64_t sweeps_before =
        o.resume_path.empty() ? 0 : check_resume(o.resume_path, inputs);
    std::optional<CheckpointWriter> checkpoints;
    if (!o.checkpoint_path.empty()) {
        checkpoints.emplace(o.checkpoint_path, inputs, sweeps_before);
        options.on_snapshot = [&checkpoints](const Snapshot& s) { checkpoints->write(s); };
        options.snapshot_interval_seconds = o.checkpoint_every_seconds;
    }

    std::optional<ProgressLine> progress;
    if (o.progress && !o.quiet && isatty(STDERR_FILENO)) progress.emplace(o.tolerance);
    std::optional<History> history;
    if (!o.history_path.empty()) history.emplace();
    if (progress || history) {
        options.observer = [&](const Progress& p) {
            if (progress) progress->update(p);
            if (history) history->record(p);
            return ObserverAction::proceed;
        };
    }

    SolveReport report;
    std::vector<double> diverged_at;
    try {
        const Solver solver = o.lcp ? solve_lcp : solve;
        if (o.auto_omega) {
            BackedOffSolve solved = solve_backing_off(a, b, x, options, solver);
            report = std::move(solved.report);
            diverged_at = std::move(solved.diverged_at);
        } else {
            report = solver(a, b, x, options);
        }
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::input) throw;
        throw Error(ErrorKind::input, o.matrix_path + ": " + e.what());
    }
    if (progress) progress->clear();

    if (!o.output_path.empty()) {
        char comment[160];
        std::snprintf(comment, sizeof comment, "%s: method %s, relative residual %.3e",
                      o.lcp ? "asor lcp" : "asor solve",
                      std::string(to_string(report.method)).c_str(), report.relative_residual);
        write_vector(o.output_path, x, comment);
    }
    if (checkpoints) checkpoints->write_final(x, report);
    // Interrupted (Ctrl-C, SIGTERM): everything computed is still written,
    // then the exit code says which signal ended the solve.
    const int signal = report.reason == StopReason::cancelled ? interrupting_signal() : 0;
    if (!o.json_path.empty()) {
        ReportFields fields{{"matrix", o.matrix_path},
                            {"rhs", o.rhs_path.empty() ? "A * ones" : o.rhs_path}};
        if (!o.resume_path.empty()) {
            fields.emplace_back("resumed_from", o.resume_path);
            fields.emplace_back("sweeps_before_resume", sweeps_before);
        }
        if (checkpoints) fields.emplace_back("checkpoint", o.checkpoint_path);
        if (omega_choice) {
            const OmegaChoice& c = *omega_choice;
            fields.emplace_back("omega_choice", "auto");
            fields.emplace_back("omega_rule", c.rule);
            fields.emplace_back("omega_jacobi_radius", c.jacobi_radius);
            fields.emplace_back("omega_seconds", c.seconds);
            fields.emplace_back("omega_first", c.omega);
            fields.emplace_back("omega_backoffs", static_cast<std::uint64_t>(diverged_at.size()));
        }
        if (signal != 0) {
            fields.emplace_back("reason", "interrupted");
            fields.emplace_back("interrupted", signal == SIGINT ? "SIGINT" : "SIGTERM");
        }
        const std::string json = to_json(report, fields);
        write_file_atomically(o.json_path, [&](std::ostream& out) { out << json; });
    }
    if (history) history->write(o.history_path);
    if (!o.quiet) {
        print_summary(report, o.stats, o.lcp);
        if (omega_choice) {
            const OmegaChoice& c = *omega_choice;
            std::fprintf(stderr, "omega auto:        %.6g: %s", c.omega, c.rule.c_str());
            if (c.seconds > 0.0) std::fprintf(stderr, "; estimated in %.3f s", c.seconds);
            std::fputc('\n', stderr);
            for (const double w : diverged_at) {
                std::fprintf(stderr,
                             "                   diverged at %.6g, so solved again at %.6g\n", w,
                             backed_off_omega(w));
            }
        }
        if (!o.resume_path.empty()) {
            std::fprintf(stderr, "resumed:           from %s, after %llu earlier sweeps\n",
                         o.resume_path.c_str(), static_cast<unsigned long long>(sweeps_before));
        }
        if (checkpoints) {
            std::fprintf(stderr, "checkpoints:       %d written to %s\n", checkpoints->written(),
                         o.checkpoint_path.c_str());
        }
        if (signal != 0)
            std::fprintf(stderr, "interrupted:       by %s\n",
                         signal == SIGINT ? "SIGINT" : "SIGTERM");
    }
    return signal != 0 ? 128 + signal : exit_code_for(report);
}

}  // namespace asor::cli
