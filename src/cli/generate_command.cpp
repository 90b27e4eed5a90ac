#include "generate_command.hpp"

#include <charconv>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "asor/detail/atomic_file.hpp"
#include "asor/detail/linear_system.hpp"
#include "asor/error.hpp"
#include "asor/lcp_problems.hpp"
#include "asor/matrix_market.hpp"

namespace asor::cli {

namespace {

std::string kinds_help() {
    std::string help = "Kinds (N = --size; every kind also gets + S * I from --shift):\n";
    for (ProblemKind kind : all_problem_kinds) {
        std::string name(to_string(kind));
        name.resize(11, ' ');
        help += "  " + name + std::string(problem_description(kind)) + "\n";
    }
    return help +
           "  obstacle2d LCP (asor lcp): membrane on an N x N grid, load -10, pushed onto the\n"
           "             obstacle psi = 0.5 - 4 |p - (1/2, 1/2)|^2; z = u - psi; M = 5-point\n"
           "             Laplacian, q = M psi + 10 h^2; --obstacle writes psi\n"
           "  lcp        LCP (asor lcp): M as randspd (N rows, degree 10), q = w* - M z* for a\n"
           "             complementary pair z*, w* >= 0 of the seed; --solution writes z*\n"
           "Symmetric kinds (all but diagdom) are written as 'symmetric' Matrix Market.\n"
           "Random kinds (randspd, diagdom, lcp) are the same for the same --seed on every\n"
           "platform. With --rhs, b = A * ones, so the exact solution is all ones; for the\n"
           "LCP kinds --rhs writes q.";
}

/// Shortest text that reads back as the same double.
std::string exact(double x) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
    return {buffer, result.ptr};
}

/// The command line that makes the same matrix, for the file's comment.
std::string command_line(const ProblemSpec& s) {
    std::string line = "asor generate " + std::string(to_string(s.kind)) + " --size " +
                       std::to_string(s.size.value_or(default_size(s.kind))) + " --shift " +
                       exact(s.shift);
    switch (s.kind) {
        case ProblemKind::aniso2d:
            return line + " --epsilon " + exact(s.epsilon);
        case ProblemKind::randspd:
            return line + " --degree " + std::to_string(s.degree) + " --seed " +
                   std::to_string(s.seed);
        case ProblemKind::diagdom:
            return line + " --degree " + std::to_string(s.degree) + " --ratio " + exact(s.ratio) +
                   " --seed " + std::to_string(s.seed);
        case ProblemKind::denserows:
            return line + " --dense " + std::to_string(s.dense);
        default:
            return line;
    }
}

}  // namespace

Command setup_generate_command(CLI::App& app) {
    auto opt = std::make_shared<GenerateCommandOptions>();
    CLI::App* cmd = app.add_subcommand("generate", "Write a test problem A (and b) to files");
    cmd->footer(kinds_help());
    cmd->add_option("KIND", opt->kind, "Problem kind, one of those listed below")->required();
    cmd->add_option("--size", opt->spec.size,
                    "N: grid side for poisson2d/poisson3d/aniso2d, rows for the others, >= 1\n"
                    "(default: 100 for the 2D grids, 20 for poisson3d, 10000 otherwise)");
    cmd->add_option("--shift", opt->spec.shift,
                    "S: adds S * I; may be negative only while A stays positive definite\n"
                    "(diagdom: strictly diagonally dominant)")
        ->capture_default_str();
    cmd->add_option("--seed", opt->spec.seed, "Seed of the random kinds (randspd, diagdom, lcp)")
        ->capture_default_str();
    cmd->add_option("--epsilon", opt->spec.epsilon, "E > 0: aniso2d's coupling along y")
        ->capture_default_str();
    cmd->add_option("--degree", opt->spec.degree,
                    "D >= 1: randspd's average degree; diagdom's entries drawn per row")
        ->capture_default_str();
    cmd->add_option("--ratio", opt->spec.ratio,
                    "R > 1: diagdom's |a_ii| / sum_j |a_ij| (before the shift)")
        ->capture_default_str();
    cmd->add_option("--dense", opt->spec.dense, "K in [1, N]: denserows' dense rows")
        ->capture_default_str();
    cmd->add_option("-o,--output", opt->output_path, "Write A here, Matrix Market ('-': stdout)")
        ->required();
    cmd->add_option("--rhs", opt->rhs_path,
                    "Write b = A * ones here (for obstacle2d and lcp: q), Matrix Market array");
    cmd->add_option("--obstacle", opt->obstacle_path, "obstacle2d: write the obstacle psi here");
    cmd->add_option("--solution", opt->solution_path, "lcp: write the known solution z* here");
    cmd->add_flag("-q,--quiet", opt->quiet, "No summary on stderr");
    return {cmd, [opt] { return run_generate_command(*opt); }};
}

namespace {

// obstacle2d and lcp: M, q and what is known about the solution.
int generate_lcp(const GenerateCommandOptions& o) {
    const bool obstacle = o.kind == "obstacle2d";
    if (!obstacle && !o.obstacle_path.empty()) {
        throw Error(ErrorKind::usage, "--obstacle is for obstacle2d only");
    }
    if (obstacle && !o.solution_path.empty()) {
        throw Error(ErrorKind::usage, "--solution is for lcp only (obstacle2d has no closed form)");
    }
    for (const std::string* path :
         {&o.output_path, &o.rhs_path, &o.obstacle_path, &o.solution_path}) {
        if (!path->empty()) check_writable(*path);
    }
    const std::int64_t n = o.spec.size.value_or(obstacle ? 100 : 10000);
    const LcpProblem p = obstacle ? obstacle_problem_2d(n) : random_lcp(n, o.spec.seed);
    const std::string comment =
        "asor generate " + o.kind + " --size " + std::to_string(n) +
        (obstacle ? std::string() : " --seed " + std::to_string(o.spec.seed));
    write_matrix(o.output_path, p.m, {true, "M of the LCP made by " + comment});
    if (!o.rhs_path.empty()) write_vector(o.rhs_path, p.q, "q of the LCP made by " + comment);
    if (!o.obstacle_path.empty()) {
        write_vector(o.obstacle_path, p.obstacle, "obstacle psi (u = z + psi) of " + comment);
    }
    if (!o.solution_path.empty()) {
        write_vector(o.solution_path, p.solution, "exact solution z* of " + comment);
    }
    if (!o.quiet) {
        std::fprintf(stderr, "%s: %d x %d, %lld non-zeros, symmetric LCP (%s)\n",
                     o.output_path.c_str(), p.m.rows, p.m.cols, static_cast<long long>(p.m.nnz()),
                     comment.c_str());
    }
    return 0;
}

}  // namespace

int run_generate_command(const GenerateCommandOptions& o) {
    if (o.kind == "obstacle2d" || o.kind == "lcp") return generate_lcp(o);
    if (!o.obstacle_path.empty() || !o.solution_path.empty()) {
        throw Error(ErrorKind::usage, "--obstacle and --solution are for obstacle2d and lcp only");
    }
    ProblemSpec spec = o.spec;
    spec.kind = parse_problem_kind(o.kind);
    for (const std::string* path : {&o.output_path, &o.rhs_path}) {
        if (!path->empty()) check_writable(*path);
    }
    const CsrMatrix a = generate_matrix(spec);
    const std::string comment = command_line(spec);
    write_matrix(o.output_path, a, {is_symmetric(spec.kind), comment});
    if (!o.rhs_path.empty()) {
        write_vector(o.rhs_path, rhs_for_ones_solution(a), "b = A * ones for " + comment);
    }
    if (!o.quiet) {
        std::fprintf(stderr, "%s: %d x %d, %lld non-zeros, %s (%s)\n", o.output_path.c_str(),
                     a.rows, a.cols, static_cast<long long>(a.nnz()),
                     is_symmetric(spec.kind) ? "symmetric" : "general", comment.c_str());
    }
    return 0;
}

}  // namespace asor::cli
