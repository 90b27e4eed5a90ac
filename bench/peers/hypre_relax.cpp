// hypre's relaxation on the same problem as `asor bench`, as a real peer.
//
//   mpirun -np 2 hypre_relax A.mtx [b.mtx] --relax-type 3 --omega W --tol T
//                            [--repeat N] [--max-its M] [--fixed-its N]
//
// Every rank reads the file with asor's own reader (so that both sides solve
// the same matrix) and keeps a contiguous block of rows, split as PETSc
// splits them; b = A * ones when no b.mtx is given. The block goes into a
// ParCSR matrix through the IJ interface. BoomerAMG with one level is then
// nothing but its smoother on the fine grid: each iteration is one
// relaxation (relax type 3: forward hybrid SOR; 6: symmetric hybrid SSOR,
// a forward and a backward sweep; 5: "chaotic" Gauss-Seidel, which takes no
// weight), started from x0 = 0.
//
// Checked mode: BoomerAMG stops when ||b - A x|| / ||b|| < tol, computing that
// residual after every iteration (a matrix-vector product and a norm).
// --fixed-its N: tol 0, so BoomerAMG runs exactly N iterations without a
// residual. Either way only HYPRE_BoomerAMGSolve is timed, and the reported
// residual is recomputed from x afterwards. One JSON line per repeat on rank 0,
// in the format of petsc_sor.py.
#include <mpi.h>

#include <HYPRE.h>
#include <HYPRE_IJ_mv.h>
#include <HYPRE_parcsr_ls.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "asor/matrix_market.hpp"

namespace {

struct Options {
    std::string matrix;
    std::string rhs;  // empty: b = A * ones
    int relax_type = 3;
    double omega = 1.0;
    double tol = 1e-8;
    int repeat = 1;
    int max_its = 100000;
    int fixed_its = 0;  // > 0: exactly this many iterations, no residual checks
};

[[noreturn]] void usage_error(const std::string& message) {
    std::fprintf(stderr, "hypre_relax: %s\n", message.c_str());
    MPI_Abort(MPI_COMM_WORLD, 2);
    std::abort();
}

// The value of `option`, which must be a whole number if `whole`.
double number(const std::string& option, const char* text, bool whole) {
    char* end = nullptr;
    const double value = std::strtod(text, &end);
    if (end == text || *end != '\0' ||
        (whole && (value != std::floor(value) || std::fabs(value) > 2147483647.0)))
        usage_error(option + ": not " + (whole ? "a whole number: " : "a number: ") + text);
    return value;
}

Options parse_options(int argc, char** argv) {
    Options o;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0) {
            files.push_back(arg);
            continue;
        }
        const bool known = arg == "--omega" || arg == "--tol" || arg == "--relax-type" ||
                           arg == "--repeat" || arg == "--max-its" || arg == "--fixed-its";
        if (!known) usage_error("unknown option " + arg);
        if (i + 1 >= argc) usage_error(arg + " needs a value");
        const bool real = arg == "--omega" || arg == "--tol";
        const double value = number(arg, argv[++i], !real);
        if (arg == "--omega")
            o.omega = value;
        else if (arg == "--tol")
            o.tol = value;
        else if (arg == "--relax-type")
            o.relax_type = static_cast<int>(value);
        else if (arg == "--repeat")
            o.repeat = static_cast<int>(value);
        else if (arg == "--max-its")
            o.max_its = static_cast<int>(value);
        else
            o.fixed_its = static_cast<int>(value);
    }
    if (files.empty() || files.size() > 2) usage_error("expected A.mtx [b.mtx]");
    o.matrix = files[0];
    if (files.size() == 2) o.rhs = files[1];
    if (o.relax_type != 3 && o.relax_type != 5 && o.relax_type != 6)
        usage_error("--relax-type must be 3, 5 or 6");
    if (!(o.omega > 0 && o.omega < 2)) usage_error("--omega must lie in (0, 2)");
    if (o.repeat < 1 || o.max_its < 1 || o.fixed_its < 0 || !(o.tol >= 0))
        usage_error("--repeat and --max-its must be positive, --fixed-its and --tol not negative");
    return o;
}

// This rank's rows [first, last): the first n % size ranks get one more.
struct RowBlock {
    HYPRE_BigInt first = 0;
    HYPRE_BigInt last = 0;
};

RowBlock my_rows(HYPRE_BigInt n, int rank, int size) {
    const HYPRE_BigInt base = n / size, extra = n % size;
    RowBlock block;
    block.first = rank * base + (rank < extra ? rank : extra);
    block.last = block.first + base + (rank < extra ? 1 : 0);
    return block;
}

// The IJ matrix of rows [first, last) of `a`, assembled, with the sizes of
// its on-process and off-process parts given up front so that assembly
// does not reallocate.
HYPRE_IJMatrix make_matrix(const asor::CsrMatrix& a, RowBlock rows) {
    const HYPRE_Int local = static_cast<HYPRE_Int>(rows.last - rows.first);
    std::vector<HYPRE_Int> diag(local), offd(local), lengths(local);
    std::vector<HYPRE_BigInt> row_ids(local), cols;
    std::vector<double> values;
    for (HYPRE_Int i = 0; i < local; ++i) {
        const auto row = rows.first + i;
        row_ids[i] = row;
        for (auto k = a.row_offsets[row]; k < a.row_offsets[row + 1]; ++k) {
            const HYPRE_BigInt col = a.col_indices[k];
            (col >= rows.first && col < rows.last ? diag : offd)[i]++;
            cols.push_back(col);
            values.push_back(a.values[k]);
        }
        lengths[i] = diag[i] + offd[i];
    }
    HYPRE_IJMatrix ij;
    HYPRE_IJMatrixCreate(MPI_COMM_WORLD, rows.first, rows.last - 1, rows.first, rows.last - 1, &ij);
    HYPRE_IJMatrixSetObjectType(ij, HYPRE_PARCSR);
    HYPRE_IJMatrixSetDiagOffdSizes(ij, diag.data(), offd.data());
    HYPRE_IJMatrixInitialize(ij);
    HYPRE_IJMatrixSetValues(ij, local, lengths.data(), row_ids.data(), cols.data(), values.data());
    HYPRE_IJMatrixAssemble(ij);
    return ij;
}

HYPRE_IJVector make_vector(RowBlock rows, const std::vector<double>& local_values) {
    HYPRE_IJVector v;
    HYPRE_IJVectorCreate(MPI_COMM_WORLD, rows.first, rows.last - 1, &v);
    HYPRE_IJVectorSetObjectType(v, HYPRE_PARCSR);
    HYPRE_IJVectorInitialize(v);
    std::vector<HYPRE_BigInt> ids(local_values.size());
    for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = rows.first + static_cast<HYPRE_BigInt>(i);
    HYPRE_IJVectorSetValues(v, static_cast<HYPRE_Int>(ids.size()), ids.data(), local_values.data());
    HYPRE_IJVectorAssemble(v);
    return v;
}

// This rank's part of b: from the file, or the row sums (b = A * ones).
std::vector<double> local_rhs(const Options& o, const asor::CsrMatrix& a, RowBlock rows) {
    std::vector<double> b;
    if (!o.rhs.empty()) {
        const auto all = asor::read_vector(o.rhs);
        if (static_cast<asor::Index>(all.size()) != a.rows)
            usage_error(o.rhs + ": " + std::to_string(all.size()) + " entries, the matrix has " +
                        std::to_string(a.rows) + " rows");
        b.assign(all.begin() + rows.first, all.begin() + rows.last);
        return b;
    }
    for (auto row = rows.first; row < rows.last; ++row) {
        double sum = 0;
        for (auto k = a.row_offsets[row]; k < a.row_offsets[row + 1]; ++k) sum += a.values[k];
        b.push_back(sum);
    }
    return b;
}

// ||b - A x|| / ||b||, from x as it is (r is scratch space).
double relative_residual(HYPRE_ParCSRMatrix a, HYPRE_ParVector b, HYPRE_ParVector x,
                         HYPRE_ParVector r) {
    HYPRE_ParVectorCopy(b, r);
    HYPRE_ParCSRMatrixMatvec(-1.0, a, x, 1.0, r);
    double rr = 0, bb = 0;
    HYPRE_ParVectorInnerProd(r, r, &rr);
    HYPRE_ParVectorInnerProd(b, b, &bb);
    return std::sqrt(rr) / std::sqrt(bb);
}

// BoomerAMG reduced to its smoother: one level, so each iteration is one
// relaxation of the whole matrix. The relaxation weight is omega (the outer
// weight stays 1: hypre's SOR update is then x_i += omega (b - A x)_i / a_ii
// with the rows above already updated, classical SOR). tol 0 turns the
// residual computation off altogether.
HYPRE_Solver make_solver(const Options& o) {
    HYPRE_Solver solver;
    HYPRE_BoomerAMGCreate(&solver);
    HYPRE_BoomerAMGSetMaxLevels(solver, 1);
    HYPRE_BoomerAMGSetRelaxType(solver, o.relax_type);
    HYPRE_BoomerAMGSetCycleRelaxType(solver, o.relax_type, 3);  // the one level is the coarsest
    HYPRE_BoomerAMGSetRelaxOrder(solver, 0);                    // natural order, no C/F split
    HYPRE_BoomerAMGSetNumSweeps(solver, 1);
    HYPRE_BoomerAMGSetRelaxWt(solver, o.omega);
    HYPRE_BoomerAMGSetOuterWt(solver, 1.0);
    HYPRE_BoomerAMGSetTol(solver, o.fixed_its > 0 ? 0.0 : o.tol);
    HYPRE_BoomerAMGSetMaxIter(solver, o.fixed_its > 0 ? o.fixed_its : o.max_its);
    HYPRE_BoomerAMGSetPrintLevel(solver, 0);
    return solver;
}

std::string json_number(double v) {
    if (std::isnan(v)) return "NaN";  // as Python's json.dumps writes it (petsc_sor.py)
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", v);
    return text;
}

void print_result(const Options& o, int processes, int iterations, double seconds,
                  double residual) {
    const std::string method =
        "hypre-relax" + std::to_string(o.relax_type) + (o.fixed_its > 0 ? "-fixed-its" : "");
    // Type 5 has no weight parameter in hypre: it is Gauss-Seidel, omega 1.
    const double omega = o.relax_type == 5 ? 1.0 : o.omega;
    const int sweeps = iterations * (o.relax_type == 6 ? 2 : 1);
    std::printf(
        "{\"peer\": \"hypre\", \"method\": \"%s\", \"processes\": %d, \"omega\": %s, "
        "\"tol\": %s, \"iterations\": %d, \"sweeps\": %d, \"seconds\": %s, "
        "\"relative_residual\": %s, \"converged\": %s}\n",
        method.c_str(), processes, json_number(omega).c_str(), json_number(o.tol).c_str(),
        iterations, sweeps, json_number(seconds).c_str(), json_number(residual).c_str(),
        residual <= o.tol ? "true" : "false");
    std::fflush(stdout);
}

void run(const Options& o) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const asor::CsrMatrix a = asor::read_matrix(o.matrix);
    if (a.rows != a.cols) usage_error(o.matrix + ": the matrix is not square");
    const RowBlock rows = my_rows(a.rows, rank, size);

    HYPRE_IJMatrix ij_a = make_matrix(a, rows);
    HYPRE_IJVector ij_b = make_vector(rows, local_rhs(o, a, rows));
    const std::vector<double> zeros(static_cast<std::size_t>(rows.last - rows.first), 0.0);
    HYPRE_IJVector ij_x = make_vector(rows, zeros), ij_r = make_vector(rows, zeros);
    HYPRE_ParCSRMatrix pa;
    HYPRE_ParVector pb, px, pr;
    HYPRE_IJMatrixGetObject(ij_a, reinterpret_cast<void**>(&pa));
    HYPRE_IJVectorGetObject(ij_b, reinterpret_cast<void**>(&pb));
    HYPRE_IJVectorGetObject(ij_x, reinterpret_cast<void**>(&px));
    HYPRE_IJVectorGetObject(ij_r, reinterpret_cast<void**>(&pr));

    HYPRE_Solver solver = make_solver(o);
    HYPRE_BoomerAMGSetup(solver, pa, pb, px);
    // One product with A before the clock starts: it builds the matrix's
    // communication package, which relax type 5 uses without creating it
    // (hypre 2.26 crashes in a --fixed-its run, where no residual comes first).
    relative_residual(pa, pb, px, pr);
    if (o.relax_type == 5 && o.omega != 1.0 && rank == 0)
        std::fprintf(stderr, "hypre_relax: relax type 5 takes no weight: omega 1, not %g\n",
                     o.omega);
    for (int k = 0; k < o.repeat; ++k) {
        HYPRE_ParVectorSetConstantValues(px, 0.0);
        MPI_Barrier(MPI_COMM_WORLD);
        const double start = MPI_Wtime();
        HYPRE_BoomerAMGSolve(solver, pa, pb, px);
        MPI_Barrier(MPI_COMM_WORLD);
        const double seconds = MPI_Wtime() - start;
        HYPRE_ClearAllErrors();  // "not converged within max_iter" is an answer here
        HYPRE_Int iterations = 0;
        HYPRE_BoomerAMGGetNumIterations(solver, &iterations);
        const double residual = relative_residual(pa, pb, px, pr);
        if (rank == 0) print_result(o, size, iterations, seconds, residual);
    }
    HYPRE_BoomerAMGDestroy(solver);
    HYPRE_IJVectorDestroy(ij_r);
    HYPRE_IJVectorDestroy(ij_x);
    HYPRE_IJVectorDestroy(ij_b);
    HYPRE_IJMatrixDestroy(ij_a);
}

}  // namespace

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    HYPRE_Init();
    const Options options = parse_options(argc, argv);
    try {
        run(options);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "hypre_relax: %s\n", error.what());
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    HYPRE_Finalize();
    MPI_Finalize();
    return 0;
}
