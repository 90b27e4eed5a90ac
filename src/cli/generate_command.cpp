#include "generate_command.hpp"

#include <charconv>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "asor/atomic_file.hpp"
#include "asor/linear_system.hpp"
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
           "Symmetric kinds (all but diagdom) are written as 'symmetric' Matrix Market.\n"
           "Random kinds (randspd, diagdom) are the same for the same --seed on every platform.\n"
           "With --rhs, b = A * ones, so the exact solution is all ones.";
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
    cmd->add_option("--seed", opt->spec.seed, "Seed of randspd and diagdom")->capture_default_str();
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
    cmd->add_option("--rhs", opt->rhs_path, "Write b = A * ones here, Matrix Market array");
    cmd->add_flag("-q,--quiet", opt->quiet, "No summary on stderr");
    return {cmd, [opt] { return run_generate_command(*opt); }};
}

int run_generate_command(const GenerateCommandOptions& o) {
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
