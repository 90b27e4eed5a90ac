// asor (internal): the fallback's verdict on a matrix (SolveOptions::fallback).
#pragma once

#include <string>

#include "asor/matrix_properties.hpp"
#include "asor/omega_choice.hpp"

namespace asor::detail {

/// Symmetric with a positive diagonal and a positive lowest eigenvalue
/// estimate, not nearly singular: SPD as far as the estimates tell, where
/// sequential SOR converges for every omega in (0, 2) (Ostrowski-Reich).
bool sequential_sor_converges(const MatrixProperties& p);

/// Why the fallback converges, with the omega rule it uses.
std::string fallback_reason(const OmegaChoice& choice);

/// Why no fallback is guaranteed on A (not symmetric, a diagonal entry <= 0,
/// singular, indefinite), and what to try instead: async with omega below
/// its bound where A is an H-matrix, else other methods.
std::string no_fallback_reason(const MatrixProperties& p);

}  // namespace asor::detail
