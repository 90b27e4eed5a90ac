// TEMPORARY until the layout branch lands (one column only).
#include "asor/matrix_market.hpp"
namespace asor {
std::span<const double> DenseMatrix::column(Index j) const { return {values.data() + std::size_t(j) * rows, std::size_t(rows)}; }
std::span<double> DenseMatrix::column(Index j) { return {values.data() + std::size_t(j) * rows, std::size_t(rows)}; }
DenseMatrix read_dense_matrix(const std::string& path) { DenseMatrix m; m.values = read_vector(path); m.rows = Index(m.values.size()); m.cols = 1; return m; }
void write_dense_matrix(const std::string& path, const DenseMatrix& m, const std::string& comment) { write_vector(path, m.values, comment); }
}
