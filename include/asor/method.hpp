// asor: the methods, and what each one is (one table every part consults).
#pragma once

#include <span>
#include <string_view>

namespace asor {

/// The relaxation methods (and cg, the Krylov reference).
enum class Method {
    async,       ///< asynchronous SOR: lock-free threads over a shared x (default)
    gs,          ///< sequential Gauss-Seidel, forward sweeps (omega forced to 1)
    sor,         ///< sequential SOR, forward sweeps in natural row order
    jacobi,      ///< synchronous weighted Jacobi (omega is the weight), parallel
    multicolor,  ///< synchronous SOR over a greedy row colouring, colours in turn
    local,       ///< processor-local SOR: SOR in each thread's block, barrier per sweep
    cg,          ///< Eigen's conjugate gradient, diagonal preconditioner (symmetric A)
};

/// What a method is. The CLI's method lists, the benchmark's cases and
/// solve()'s row blocks are all derived from these properties.
struct MethodTraits {
    Method method;
    std::string_view name;  ///< as on the command line
    /// Runs on several threads when given them (false: one thread whatever
    /// SolveOptions::threads says).
    bool parallel;
    /// Splits the rows into one block per thread (cg's threads live inside
    /// Eigen's products instead; gs and sor have one block).
    bool row_blocks;
    /// Takes SolveOptions::omega (gs forces 1; cg has none).
    bool uses_omega;
    /// Takes box constraints, and so the LCP (every relaxation method).
    bool accepts_bounds;
    /// Threads never wait for each other: the only asynchronous method.
    bool asynchronous;
};

/// Every method, in the order of the Method enumeration.
std::span<const MethodTraits> all_methods() noexcept;

/// The traits of `method`; those of async for a value that is no enumerator.
const MethodTraits& traits(Method method) noexcept;

/// The method's name as on the command line ("async", "gs", ...); "unknown"
/// for a value that is no enumerator.
std::string_view to_string(Method method) noexcept;

/// Parses a method's name as to_string writes it (case-sensitive); throws
/// asor::Error (usage) naming the valid ones otherwise.
Method parse_method(std::string_view name);

}  // namespace asor
