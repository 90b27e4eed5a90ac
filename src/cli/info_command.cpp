#include "info_command.hpp"

#include <cmath>
#include <cstdio>
#include <memory>

#include "asor/matrix_market.hpp"
#include "asor/matrix_properties.hpp"
#include "asor/omega_choice.hpp"
#include "asor/solve.hpp"

namespace asor::cli {

Command setup_info_command(CLI::App& app) {
    auto opt = std::make_shared<InfoCommandOptions>();
    CLI::App* cmd = app.add_subcommand("info", "What to know about a matrix before solving it");
    cmd->footer(
        "Size and non-zeros per row; symmetry, checked entry by entry; diagonal dominance;\n"
        "whether A is an M-matrix candidate; for symmetric A with a positive diagonal, an\n"
        "estimate of the Jacobi spectral radius rho(J) (Lanczos on D^-1/2 A D^-1/2), Young's\n"
        "omega from it, what --omega auto picks for each method, and which condition, if\n"
        "any, guarantees asynchronous SOR converges.");
    cmd->add_option("A.mtx", opt->matrix_path, "Matrix, Matrix Market ('-' for stdin)")->required();
    cmd->add_flag("--json", opt->json, "Print the properties as JSON on stdout");
    return {cmd, [opt] { return run_info_command(*opt); }};
}

namespace {

std::string number(double v, const char* format = "%.6g") {
    if (!std::isfinite(v)) return std::isinf(v) ? "inf" : "-";
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, format, v);
    return buffer;
}

// What --omega auto picks for each method.
void print_auto_omegas(const MatrixProperties& p) {
    const OmegaChoice sor = choose_omega(p, Method::sor);
    const OmegaChoice jacobi = choose_omega(p, Method::jacobi);
    std::printf(
        "--omega auto:      %s for sor, multicolor, async and local (async and local back\n"
        "                   off toward 1 if they diverge); %s for jacobi\n",
        number(sor.omega, "%.4f").c_str(), number(jacobi.omega, "%.4f").c_str());
    if (sor.omega == 1.0) std::printf("                   (%s)\n", sor.rule.c_str());
}

}  // namespace

int run_info_command(const InfoCommandOptions& o) {
    const CsrMatrix a = read_matrix(o.matrix_path);
    const MatrixProperties p = analyze_matrix(a);
    if (o.json) {
        std::fputs(to_json(p).c_str(), stdout);
        return 0;
    }
    std::printf("matrix:            %s\n", o.matrix_path.c_str());
    std::printf("size:              %d x %d, %lld non-zeros\n", p.rows, p.cols,
                static_cast<long long>(p.nonzeros));
    std::printf("per row:           min %d, mean %.2f, max %d\n", p.min_row_nonzeros,
                p.mean_row_nonzeros, p.max_row_nonzeros);
    if (p.rows != p.cols) {
        std::printf("not square:        SOR needs a square matrix\n");
        return 0;
    }
    std::printf("symmetric:         %s (max |a_ij - a_ji| / max |a_ij| = %s)\n",
                p.symmetric ? "yes" : "no", number(p.symmetry_error, "%.3g").c_str());
    std::printf("diagonal:          %s\n",
                p.positive_diagonal ? "all positive" : "not all positive (or missing)");
    std::printf(
        "dominance:         %d strict rows, %d weak (incl. strict) of %d; worst |a_ii| / "
        "sum |a_ij| = %s\n",
        p.strictly_dominant_rows, p.weakly_dominant_rows, p.rows,
        number(p.worst_dominance_ratio, "%.4g").c_str());
    std::printf("M-matrix:          %s\n",
                p.m_matrix_candidate
                    ? "candidate (positive diagonal, no positive off-diagonal entry)"
                    : "no (a positive off-diagonal entry or a non-positive diagonal)");
    if (std::isfinite(p.jacobi_radius)) {
        std::printf("rho(J) estimate:   %s (%d Lanczos steps on D^-1/2 A D^-1/2)\n",
                    number(p.jacobi_radius, "%.6f").c_str(), p.lanczos_steps);
        std::printf("omega:             %s (Young: 2 / (1 + sqrt(1 - rho^2)))\n",
                    std::isfinite(p.recommended_omega) ? number(p.recommended_omega, "%.4f").c_str()
                    : p.nearly_singular                ? "none: A is singular or nearly"
                                        : "none: rho(J) >= 1, Jacobi-type methods diverge");
    } else {
        std::printf("rho(J) estimate:   not computed (needs symmetric A, positive diagonal)\n");
    }
    print_auto_omegas(p);
    std::printf("async guarantee:   %s\n", p.async_guarantee.c_str());
    return 0;
}

}  // namespace asor::cli
