// asor: how the sweeps store A (see docs/methods.md, "Compact storage").
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace asor {

/// The matrix format the relaxation sweeps read. The sweeps are bound by
/// memory bandwidth, so fewer bytes per row make them faster; x, b and every
/// sum stay double, and the reported residual is always that of the double A.
enum class Storage {
    /// compact where it pays and A survives the rounding (see Solver), else
    /// double.
    automatic,
    /// The CSR matrix as given: double values, 32-bit columns.
    double_precision,
    /// float32 values and inverse diagonal, 32-bit row offsets, columns as
    /// 16-bit offsets from the row where a chunk of rows allows it; the
    /// solver refines against the double A until the true residual meets the
    /// tolerance (mixed-precision iterative refinement).
    compact,
};

/// Storage::automatic chooses compact only for an A whose CSR arrays
/// (CsrView::bytes) take at least this many bytes: a smaller one
/// stays in cache, where fewer bytes gain little and the rounding and the
/// refinement passes cost (see bench/README.md, "Compact storage").
inline constexpr std::size_t kCompactFromBytes = std::size_t{16} << 20;

/// Storage::automatic chooses compact only where at least this share of
/// A's entries would have their columns in 16 bits (narrow or stencil
/// chunks): with 32-bit columns an entry shrinks from 12 bytes to 8 only,
/// and the float conversion and refinement ate that gain (measured in
/// docs/methods.md, "Compact storage").
inline constexpr double kCompactFromNarrowShare = 0.5;

/// "auto", "double", "compact".
std::string_view to_string(Storage storage) noexcept;

/// Every storage, in the order above.
constexpr std::array<Storage, 3> all_storages() noexcept {
    return {Storage::automatic, Storage::double_precision, Storage::compact};
}

/// The storage named `name` ("auto", "double", "compact"); throws asor::Error
/// (usage) naming the choices otherwise.
Storage parse_storage(std::string_view name);

}  // namespace asor
