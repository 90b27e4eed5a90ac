// Matrix Market files: writing and reading matrices and vectors.
#include <asor/asor.hpp>

#include <cstdio>
#include <filesystem>
#include <vector>

int main() {
    const auto dir = std::filesystem::temp_directory_path() / "asor_example_matrix_market";
    std::filesystem::create_directories(dir);
    const std::string a_path = (dir / "A.mtx").string(), b_path = (dir / "b.mtx").string();

    // A matrix built from (row, column, value) entries, 0-based, in any order;
    // duplicates are summed.
    std::vector<asor::Triplet> entries = {{0, 0, 4.0},  {1, 1, 4.0},  {2, 2, 4.0},  {1, 0, -1.0},
                                          {0, 1, -1.0}, {2, 1, -1.0}, {1, 2, -0.5}, {1, 2, -0.5}};
    asor::CsrMatrix a = asor::csr_from_triplets(3, 3, entries);

    asor::MatrixWriteOptions how;
    how.symmetric = true;  // writes the lower triangle; the caller vouches for symmetry
    how.comment = "a 3 x 3 example";
    asor::write_matrix(a_path, a, how);  // atomically: a temporary file, then rename
    asor::write_vector(b_path, std::vector<double>{3.0, 2.0, 3.0});

    asor::CsrMatrix read = asor::read_matrix(a_path);  // both triangles again
    std::vector<double> b = asor::read_vector(b_path);
    std::printf("%d x %d, %lld non-zeros; b has %zu entries\n", read.rows, read.cols,
                static_cast<long long>(read.nnz()), b.size());

    const bool same = read.values == a.values && read.col_indices == a.col_indices &&
                      asor::entry(read, 1, 2) == -1.0 && b == std::vector<double>{3.0, 2.0, 3.0};
    std::filesystem::remove_all(dir);
    return same ? 0 : 1;
}
