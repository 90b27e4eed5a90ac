// Specification of the Matrix Market reader and writer (asor/matrix_market.hpp).
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "asor/detail/atomic_file.hpp"
#include "asor/error.hpp"
#include "asor/matrix_market.hpp"
#include "test_files.hpp"

using asor::CsrMatrix;
using asor::Error;
using asor::ErrorKind;
using asor::test::error_of;
using asor::test::read_text;
using asor::test::TempDir;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

using Dense = std::vector<std::vector<double>>;

std::string data_file(const std::string& name) {
    return std::string(ASOR_TEST_DATA) + "/mm/" + name;
}

CsrMatrix parse_matrix(const std::string& text) {
    std::istringstream in(text);
    return asor::read_matrix(in, "t.mtx");
}

std::vector<double> parse_vector(const std::string& text) {
    std::istringstream in(text);
    return asor::read_vector(in, "t.mtx");
}

Dense dense(const CsrMatrix& a) {
    asor::check_structure(a);
    Dense d(static_cast<std::size_t>(a.rows),
            std::vector<double>(static_cast<std::size_t>(a.cols)));
    for (asor::Index r = 0; r < a.rows; ++r) {
        for (auto k = a.row_offsets[r]; k < a.row_offsets[r + 1]; ++k) {
            d[r][a.col_indices[k]] = a.values[k];
        }
    }
    return d;
}

/// Checks that reading `text` as a matrix fails at `line` with `fragment`.
void check_matrix_error(const std::string& text, int line, const std::string& fragment) {
    INFO("input:\n" << text);
    const std::string message = error_of([&] { parse_matrix(text); });
    CHECK_THAT(message, StartsWith("t.mtx:" + std::to_string(line) + ": ") && Contains(fragment));
}

const std::string real_general = "%%MatrixMarket matrix coordinate real general\n";

/// Checks that `actual` holds the same doubles as `expected`, bit for bit
/// (so -0.0 differs from 0.0).
void check_same_bits(const std::vector<double>& actual, const std::vector<double>& expected) {
    REQUIRE(actual.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("element " << i << ": expected " << expected[i] << ", got " << actual[i]);
        CHECK(std::bit_cast<std::uint64_t>(actual[i]) == std::bit_cast<std::uint64_t>(expected[i]));
    }
}

}  // namespace

// ------------------------------------------------------------------ reading

TEST_CASE(
    "read_matrix reads a symmetric file with comments, blank lines, CRLF, tabs and a "
    "duplicate",
    "[matrix_market]") {
    const CsrMatrix a = asor::read_matrix(data_file("symmetric_5x5.mtx"));
    // Written independently from the file's lines: lower triangle mirrored,
    // the duplicate (5, 5) summed to 4.
    const Dense expected = {
        {4.0, -1.5, 0.0, 0.0, 0.25}, {-1.5, 4.0, -1.0, 0.0, 0.0}, {0.0, -1.0, 4.0, -1.0, 0.0},
        {0.0, 0.0, -1.0, 4.0, 0.0},  {0.25, 0.0, 0.0, 0.0, 4.0},
    };
    CHECK(a.rows == 5);
    CHECK(a.cols == 5);
    CHECK(a.nnz() == 13);
    CHECK(dense(a) == expected);
}

TEST_CASE("read_matrix reads real, integer and pattern fields", "[matrix_market]") {
    SECTION("real general, entries in any order") {
        const CsrMatrix a = asor::read_matrix(data_file("general_real.mtx"));
        CHECK(a.rows == 3);
        CHECK(a.cols == 4);
        CHECK(dense(a) == Dense{{1.5, 0, 0, -2}, {0, 0, 1e-3, 0}, {0.5, 0, 0, -7.25}});
    }
    SECTION("integer general") {
        const CsrMatrix a = asor::read_matrix(data_file("integer_general.mtx"));
        CHECK(dense(a) == Dense{{3, 0}, {-4, 12}});
    }
    SECTION("pattern symmetric: every stored position is 1") {
        const CsrMatrix a = asor::read_matrix(data_file("pattern_symmetric.mtx"));
        CHECK(dense(a) == Dense{{1, 1, 0}, {1, 0, 1}, {0, 1, 1}});
    }
}

TEST_CASE("read_matrix expands the stored triangle of symmetric and skew-symmetric files",
          "[matrix_market]") {
    SECTION("symmetric, upper triangle stored") {
        const CsrMatrix a = asor::read_matrix(data_file("symmetric_upper.mtx"));
        CHECK(dense(a) == Dense{{2, -1, 0}, {-1, 0, -0.5}, {0, -0.5, 2}});
    }
    SECTION("skew-symmetric, lower triangle stored: mirrors are negated") {
        const CsrMatrix a = asor::read_matrix(data_file("skew_symmetric.mtx"));
        CHECK(dense(a) == Dense{{0, -1.5, 0}, {1.5, 0, 2}, {0, -2, 0}});
    }
    SECTION("skew-symmetric, upper triangle stored") {
        const CsrMatrix a =
            parse_matrix("%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n1 2 3\n");
        CHECK(dense(a) == Dense{{0, 3}, {-3, 0}});
    }
}

TEST_CASE("read_matrix sums duplicate coordinate entries", "[matrix_market]") {
    const CsrMatrix a = parse_matrix(real_general + "2 2 4\n1 2 1.5\n2 1 1\n1 2 2.25\n1 2 -1\n");
    CHECK(a.nnz() == 2);
    CHECK(dense(a) == Dense{{0, 2.75}, {1, 0}});
}

TEST_CASE("read_matrix keeps the non-zeros of a dense array file", "[matrix_market]") {
    const CsrMatrix a = asor::read_matrix(data_file("array_real.mtx"));
    CHECK(a.nnz() == 3);
    CHECK(dense(a) == Dense{{1.0, 0, 3}, {0, -2.5, 0}});
}

TEST_CASE("header words are case-insensitive and a UTF-8 BOM is skipped", "[matrix_market]") {
    SECTION("BOM") {
        CHECK(dense(asor::read_matrix(data_file("bom.mtx"))) == Dense{{0, 0}, {3, 0}});
    }
    SECTION("upper-case words") {
        const CsrMatrix a =
            parse_matrix("%%MATRIXMARKET MATRIX COORDINATE INTEGER SKEW-SYMMETRIC\n2 2 1\n2 1 5\n");
        CHECK(dense(a) == Dense{{0, -5}, {5, 0}});
    }
}

TEST_CASE("read_matrix reads a stream, naming it in errors", "[matrix_market]") {
    std::istringstream in(real_general + "% comment\n2 3 1\n2 3 -4.5\n");
    const CsrMatrix a = asor::read_matrix(in, "my stream");
    CHECK(dense(a) == Dense{{0, 0, 0}, {0, 0, -4.5}});

    std::istringstream bad(real_general + "2 3 1\n2 4 -4.5\n");
    CHECK_THAT(error_of([&] { asor::read_matrix(bad, "my stream"); }),
               StartsWith("my stream:3: column index '4' out of range"));
}

TEST_CASE("the path '-' reads standard input", "[matrix_market]") {
    std::istringstream fake_stdin(real_general + "1 1 1\n1 1 42\n");
    std::streambuf* saved = std::cin.rdbuf(fake_stdin.rdbuf());
    CsrMatrix a;
    std::string message;
    try {
        a = asor::read_matrix("-");
        std::istringstream bad_stdin("oops\n");
        std::cin.clear();
        std::cin.rdbuf(bad_stdin.rdbuf());
        message = error_of([] { asor::read_matrix("-"); });
    } catch (...) {
        std::cin.rdbuf(saved);
        throw;
    }
    std::cin.rdbuf(saved);
    std::cin.clear();
    CHECK(dense(a) == Dense{{42}});
    CHECK_THAT(message, StartsWith("<stdin>:1: "));
}

TEST_CASE("a file that cannot be opened is an io error naming the path and the reason",
          "[matrix_market]") {
    SECTION("missing file") {
        const std::string path = data_file("no_such_file.mtx");
        CHECK(error_of([&] { asor::read_matrix(path); }, ErrorKind::io) ==
              path + ": cannot open (No such file or directory)");
    }
    SECTION("directory") {
        const std::string path = std::string(ASOR_TEST_DATA) + "/mm";
        CHECK(error_of([&] { asor::read_vector(path); }, ErrorKind::io) ==
              path + ": cannot open (Is a directory)");
    }
}

TEST_CASE("a size line that claims more entries than the file holds fails before allocating",
          "[matrix_market]") {
    SECTION("regular file: refused at the size line from the file size") {
        // 82 bytes claiming 10^12 entries: storing them would take 16 TB.
        const std::string path = data_file("lying_header.mtx");
        CHECK_THAT(error_of([&] { asor::read_matrix(path); }),
                   StartsWith(path + ":2: the size line declares 1000000000000 entries") &&
                       Contains("hold at most"));
    }
    SECTION("stream: memory grows with the entries actually read") {
        // 25.5 TiB passes the memory check (see bad_input.cpp) under this limit;
        // nothing is allocated for the entries that never come.
        ::setenv("ASOR_MEMORY_LIMIT", "64T", 1);
        check_matrix_error(real_general + "1000000 1000000 1000000000000\n1 1 1\n", 3,
                           "expected 1000000000000 entries, found 1");
        ::unsetenv("ASOR_MEMORY_LIMIT");
    }
}

// ------------------------------------------------------------------ vectors

TEST_CASE("read_vector reads one column or one row", "[matrix_market]") {
    SECTION("array n x 1") {
        CHECK(asor::read_vector(data_file("vector_array.mtx")) ==
              std::vector<double>{1, -2.5, 0, 1e-3});
    }
    SECTION("array 1 x n, integer field") {
        CHECK(asor::read_vector(data_file("vector_array_row.mtx")) == std::vector<double>{7, 8, 9});
    }
    SECTION("coordinate n x 1: absent entries are zero, duplicates are summed") {
        CHECK(asor::read_vector(data_file("vector_coordinate.mtx")) ==
              std::vector<double>{-1, 0, 0, 3, 0});
    }
    SECTION("coordinate 1 x n") {
        CHECK(parse_vector(real_general + "1 3 1\n1 2 5\n") == std::vector<double>{0, 5, 0});
    }
}

TEST_CASE("read_vector rejects a matrix with more than one row and column", "[matrix_market]") {
    SECTION("array") {
        CHECK_THAT(error_of([] { asor::read_vector(data_file("array_real.mtx")); }),
                   Contains("array_real.mtx:3: expected a vector") && Contains("2 x 3"));
    }
    SECTION("coordinate") {
        std::istringstream in(real_general + "2 2 1\n1 1 1\n");
        CHECK_THAT(error_of([&] { asor::read_vector(in, "t.mtx"); }),
                   StartsWith("t.mtx:2: expected a vector"));
    }
}

TEST_CASE("read_vector reports malformed values like read_matrix", "[matrix_market]") {
    std::istringstream in("%%MatrixMarket matrix array real general\n3 1\n1\n2.5.5\n3\n");
    CHECK_THAT(error_of([&] { asor::read_vector(in, "t.mtx"); }),
               StartsWith("t.mtx:4: invalid value '2.5.5'"));
    std::istringstream short_in("%%MatrixMarket matrix array real general\n3 1\n1\n");
    CHECK_THAT(error_of([&] { asor::read_vector(short_in, "t.mtx"); }),
               StartsWith("t.mtx:3: expected 3 values, found 1"));
}

// ------------------------------------------------------------------ dense matrices

namespace {

asor::DenseMatrix parse_dense(const std::string& text) {
    std::istringstream in(text);
    return asor::read_dense_matrix(in, "t.mtx");
}

}  // namespace

TEST_CASE("a dense matrix of three columns round-trips through a file and a stream",
          "[matrix_market][dense]") {
    asor::DenseMatrix m;
    m.rows = 4;
    m.cols = 3;
    m.values = {1, -2.5, 0, 1e-300, 0.1, 1.0 / 3.0, -0.0, 7, 2, 4, 6, 8};
    CHECK(std::vector<double>(m.column(1).begin(), m.column(1).end()) ==
          std::vector<double>{0.1, 1.0 / 3.0, -0.0, 7});
    SECTION("stream") {
        std::stringstream s;
        asor::write_dense_matrix(s, m, "three columns");
        CHECK_THAT(s.str(), StartsWith("%%MatrixMarket matrix array real general\n"
                                       "% three columns\n4 3\n1\n-2.5\n"));
        const asor::DenseMatrix back = asor::read_dense_matrix(s, "round trip");
        CHECK(back.rows == 4);
        CHECK(back.cols == 3);
        check_same_bits(back.values, m.values);
    }
    SECTION("file") {
        const TempDir dir;
        asor::write_dense_matrix(dir.file("B.mtx"), m);
        const asor::DenseMatrix back = asor::read_dense_matrix(dir.file("B.mtx"));
        CHECK(back.rows == 4);
        CHECK(back.cols == 3);
        check_same_bits(back.values, m.values);
    }
    SECTION("values that do not match the size are a usage error") {
        m.values.pop_back();
        std::stringstream s;
        CHECK_THAT(error_of([&] { asor::write_dense_matrix(s, m); }, ErrorKind::usage),
                   Contains("11 values for 4 x 3"));
    }
}

TEST_CASE("a one-column dense matrix is read and written exactly as a vector",
          "[matrix_market][dense]") {
    SECTION("values, from every vector file") {
        for (const char* name :
             {"vector_array.mtx", "vector_array_row.mtx", "vector_coordinate.mtx"}) {
            CAPTURE(name);
            check_same_bits(asor::read_dense_matrix(data_file(name)).values,
                            asor::read_vector(data_file(name)));
        }
    }
    SECTION("errors") {
        const std::string array = "%%MatrixMarket matrix array real general\n";
        for (const std::string& text :
             {array + "3 1\n1\n2.5.5\n3\n", array + "3 1\n1\n", array + "2 1\n1\n2\n3\n",
              array + "2 1\n1\nnan\n", real_general + "3 1 2\n1 1 1\n4 1 1\n",
              real_general + "3 1 1\n", std::string("%%MatrixMarket matrix array real\n")}) {
            CAPTURE(text);
            std::istringstream as_vector(text);
            CHECK(error_of([&] { asor::read_dense_matrix(as_vector, "t.mtx"); }) == error_of([&] {
                      std::istringstream in(text);
                      asor::read_vector(in, "t.mtx");
                  }));
        }
    }
    SECTION("bytes written") {
        const std::vector<double> x = {0.1, -2, 1e300};
        asor::DenseMatrix m;
        m.rows = 3;
        m.cols = 1;
        m.values = x;
        std::stringstream as_vector;
        std::stringstream as_dense;
        asor::write_vector(as_vector, x, "c");
        asor::write_dense_matrix(as_dense, m, "c");
        CHECK(as_dense.str() == as_vector.str());
    }
}

TEST_CASE("a coordinate n x k file is read dense, zeros where absent", "[matrix_market][dense]") {
    SECTION("general: duplicates summed") {
        const asor::DenseMatrix m = parse_dense(real_general + "3 2 3\n1 1 1.5\n3 2 -2\n1 1 0.5\n");
        CHECK(m.rows == 3);
        CHECK(m.cols == 2);
        CHECK(m.values == std::vector<double>{2, 0, 0, 0, 0, -2});
    }
    SECTION("symmetric: the other triangle filled in") {
        const asor::DenseMatrix m =
            parse_dense("%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 4\n2 1 -1\n");
        CHECK(m.values == std::vector<double>{4, -1, -1, 0});
    }
}

TEST_CASE("a dense header claiming 10^12 entries is refused before anything is allocated",
          "[matrix_market][dense]") {
    // 8 TB of doubles: beyond the memory of any machine this runs on, so the
    // size line is refused; the file holds no values at all.
    std::istringstream in("%%MatrixMarket matrix array real general\n1000000 1000000\n");
    CHECK_THAT(
        error_of([&] { asor::read_dense_matrix(in, "t.mtx"); }),
        StartsWith("t.mtx:2: the dense matrix needs ") && Contains("of memory is available"));
    const TempDir dir;
    {
        std::ofstream out(dir.file("lying.mtx"));
        out << "%%MatrixMarket matrix array real general\n1000000 1000000\n1\n";
    }
    CHECK_THAT(
        error_of([&] { asor::read_dense_matrix(dir.file("lying.mtx")); }),
        StartsWith(dir.file("lying.mtx") + ":2: the size line declares 1000000000000 entries"));
}

TEST_CASE("a truncated dense body names the file and the line", "[matrix_market][dense]") {
    CHECK_THAT(
        error_of([] { parse_dense("%%MatrixMarket matrix array real general\n2 3\n1\n2\n3\n"); }),
        StartsWith("t.mtx:5: expected 6 values, found 3 (the file ends early)"));
    CHECK_THAT(error_of([] { parse_dense(real_general + "4 2 3\n1 1 1\n% a comment\n"); }),
               StartsWith("t.mtx:4: expected 3 entries, found 1 (the file ends early)"));
}

// ------------------------------------------------------------------ malformed headers

TEST_CASE("a missing, misspelled or unsupported banner is rejected on line 1", "[matrix_market]") {
    SECTION("empty file") {
        const std::string path = data_file("empty.mtx");
        CHECK(error_of([&] { asor::read_matrix(path); }) ==
              path + ":1: empty file (expected a '%%MatrixMarket' banner)");
    }
    SECTION("no banner") { check_matrix_error("3 3 1\n1 1 1\n", 1, "'%%MatrixMarket' banner"); }
    SECTION("misspelled banner") {
        check_matrix_error("%%MatrixMarkt matrix coordinate real general\n1 1 0\n", 1,
                           "missing or misspelled '%%MatrixMarket' banner");
    }
    SECTION("single percent sign") {
        check_matrix_error("%MatrixMarket matrix coordinate real general\n1 1 0\n", 1,
                           "missing or misspelled");
    }
    SECTION("wrong object") {
        check_matrix_error("%%MatrixMarket vector coordinate real general\n1 1 0\n", 1,
                           "unsupported object 'vector' (expected 'matrix')");
    }
    SECTION("unknown format") {
        check_matrix_error("%%MatrixMarket matrix sparse real general\n1 1 0\n", 1,
                           "unknown format 'sparse'");
    }
    SECTION("unknown field") {
        check_matrix_error("%%MatrixMarket matrix coordinate double general\n1 1 0\n", 1,
                           "unknown field 'double'");
    }
    SECTION("unknown symmetry") {
        check_matrix_error("%%MatrixMarket matrix coordinate real diagonal\n1 1 0\n", 1,
                           "unknown symmetry 'diagonal'");
    }
    SECTION("incomplete banner") {
        check_matrix_error("%%MatrixMarket matrix coordinate real\n1 1 0\n", 1,
                           "incomplete banner: no symmetry");
    }
    SECTION("extra banner word") {
        check_matrix_error("%%MatrixMarket matrix coordinate real general extra\n1 1 0\n", 1,
                           "unexpected 'extra' after the banner");
    }
    SECTION("complex is unsupported") {
        const std::string path = data_file("complex.mtx");
        CHECK_THAT(error_of([&] { asor::read_matrix(path); }),
                   StartsWith(path + ":1: complex matrices are not supported"));
    }
    SECTION("hermitian is unsupported") {
        check_matrix_error("%%MatrixMarket matrix coordinate real hermitian\n1 1 0\n", 1,
                           "hermitian matrices are not supported");
    }
    SECTION("array pattern is unsupported") {
        check_matrix_error("%%MatrixMarket matrix array pattern general\n1 1\n", 1,
                           "'array pattern' is not supported");
    }
    SECTION("array symmetric is unsupported") {
        check_matrix_error("%%MatrixMarket matrix array real symmetric\n1 1\n1\n", 1,
                           "'array symmetric' is not supported");
    }
    SECTION("pattern skew-symmetric is unsupported") {
        check_matrix_error("%%MatrixMarket matrix coordinate pattern skew-symmetric\n1 1 0\n", 1,
                           "'pattern skew-symmetric' is not supported");
    }
    SECTION("binary garbage") {
        const std::string path = data_file("binary_garbage.mtx");
        CHECK_THAT(error_of([&] { asor::read_matrix(path); }),
                   StartsWith(path + ":1: NUL byte in the line (expected text"));
    }
}

TEST_CASE("a missing or malformed size line is rejected with its line", "[matrix_market]") {
    SECTION("file ends after the header and comments") {
        check_matrix_error(real_general + "% comment\n\n", 3, "missing size line");
    }
    SECTION("too few numbers") { check_matrix_error(real_general + "3 3\n", 2, "too few numbers"); }
    SECTION("too many numbers") {
        check_matrix_error(real_general + "3 3 1 1\n1 1 1\n", 2, "too many numbers");
    }
    SECTION("array size line has two numbers") {
        check_matrix_error("%%MatrixMarket matrix array real general\n2 1 2\n1\n2\n", 2,
                           "too many numbers: '2 1 2' (expected 'ROWS COLS')");
    }
    SECTION("non-numeric") {
        check_matrix_error(real_general + "3 three 1\n", 2,
                           "malformed size line: 'three' is not an integer");
    }
    SECTION("partial number") {
        check_matrix_error(real_general + "3 3.0 1\n", 2, "'3.0' is not an integer");
    }
    SECTION("negative rows") {
        check_matrix_error(real_general + "-3 3 1\n", 2,
                           "number of rows must be positive, found -3");
    }
    SECTION("zero columns") {
        check_matrix_error(real_general + "3 0 0\n", 2,
                           "number of columns must be positive, found 0");
    }
    SECTION("negative entries") {
        check_matrix_error(real_general + "3 3 -1\n", 2, "number of entries must not be negative");
    }
    SECTION("more entries than rows x columns") {
        check_matrix_error(real_general + "2 2 5\n", 2, "5 entries exceed rows x columns = 4");
    }
    SECTION("size overflowing 64 bits") {
        check_matrix_error(real_general + "99999999999999999999 3 1\n", 2,
                           "size '99999999999999999999' out of range");
    }
    SECTION("rows beyond 32-bit indices") {
        check_matrix_error(real_general + "2147483648 1 0\n", 2,
                           "2147483648 rows exceed the limit of 2147483647");
    }
    SECTION("millions of rows with fewer entries: refused before allocating") {
        check_matrix_error(
            real_general + "2147483647 2147483647 0\n", 2,
            "2147483647 x 2147483647 with only 0 entries: most rows or columns would "
            "be empty");
        std::istringstream in(real_general + "2147483647 1 3\n");
        CHECK_THROWS_WITH(asor::read_vector(in, "v.mtx"),
                          StartsWith("v.mtx:2: ") && Contains("with only 3 entries"));
    }
    SECTION("non-square symmetric") {
        check_matrix_error("%%MatrixMarket matrix coordinate real symmetric\n2 3 0\n", 2,
                           "a symmetric matrix must be square, found 2 x 3");
    }
}

// ------------------------------------------------------------------ malformed bodies

TEST_CASE("the number of entries must match the size line", "[matrix_market]") {
    SECTION("too few: reported at the last line of the file") {
        const std::string path = data_file("too_few_entries.mtx");
        CHECK(error_of([&] { asor::read_matrix(path); }) ==
              path + ":5: expected 3 entries, found 2 (the file ends early)");
    }
    SECTION("too few, with trailing comments") {
        check_matrix_error(real_general + "2 2 2\n1 1 1\n% end\n\n", 5,
                           "expected 2 entries, found 1");
    }
    SECTION("too many: reported at the first extra line") {
        check_matrix_error(real_general + "2 2 1\n1 1 1\n% comment\n2 2 2\n", 5,
                           "more entries than the 1 declared");
    }
    SECTION("too many array values") {
        check_matrix_error("%%MatrixMarket matrix array real general\n1 1\n1\n2\n", 4,
                           "more values than the 1 declared");
    }
}

TEST_CASE("malformed entry lines are rejected with their line and the expected layout",
          "[matrix_market]") {
    const std::string head = real_general + "3 3 2\n1 1 1\n";  // the bad entry is on line 4
    SECTION("too few numbers") {
        check_matrix_error(head + "2 2\n", 4, "found 2 (expected 'ROW COL VALUE')");
    }
    SECTION("too many numbers") {
        check_matrix_error(head + "2 2 1 7\n", 4, "found 4 (expected 'ROW COL VALUE')");
    }
    SECTION("pattern entry with a value") {
        check_matrix_error("%%MatrixMarket matrix coordinate pattern general\n3 3 1\n1 1 1\n", 3,
                           "found 3 (expected 'ROW COL')");
    }
    SECTION("zero index") {
        check_matrix_error(head + "0 2 1\n", 4,
                           "row index '0' out of range (expected an integer in 1..3)");
    }
    SECTION("index beyond the size") {
        check_matrix_error(head + "2 4 1\n", 4,
                           "column index '4' out of range (expected an integer in 1..3)");
    }
    SECTION("index overflow") {
        check_matrix_error(head + "99999999999999999999 1 1\n", 4,
                           "row index '99999999999999999999' out of range");
    }
    SECTION("negative index") {
        check_matrix_error(head + "2 -1 1\n", 4, "invalid column index '-1'");
    }
    SECTION("non-numeric index") {
        check_matrix_error(head + "2 x 1\n", 4, "invalid column index 'x'");
    }
    SECTION("partial value") {
        check_matrix_error(head + "2 2 1.5x\n", 4,
                           "invalid value '1.5x' (expected a finite real number)");
    }
    SECTION("value nan") { check_matrix_error(head + "2 2 nan\n", 4, "value 'nan' is not finite"); }
    SECTION("value inf") {
        check_matrix_error(head + "2 2 -inf\n", 4, "value '-inf' is not finite");
    }
    SECTION("value overflowing a double") {
        check_matrix_error(head + "2 2 1e999\n", 4, "value '1e999' out of range");
    }
    SECTION("float value in an integer file") {
        check_matrix_error("%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n", 3,
                           "invalid value '1.5' (expected an integer: the field is 'integer')");
    }
    SECTION("NUL byte") {
        check_matrix_error(head + std::string("2 2 1\0\n", 7), 4, "NUL byte in the line");
    }
    SECTION("line too long") {
        const std::string long_line(std::size_t{2} << 20, '1');
        check_matrix_error(head + long_line + "\n", 4, "line too long");
    }
}

TEST_CASE("a symmetric or skew-symmetric file stores a single triangle", "[matrix_market]") {
    SECTION("symmetric with entries on both sides") {
        check_matrix_error(
            "%%MatrixMarket matrix coordinate real symmetric\n3 3 4\n1 1 1\n2 1 1\n3 3 1\n1 3 1\n",
            6,
            "entries above the diagonal (first at line 6) and below it (first at line 4): a "
            "symmetric file stores one triangle");
    }
    SECTION("skew-symmetric with entries on both sides") {
        check_matrix_error(
            "%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 2\n1 2 1\n3 1 1\n", 4,
            "above the diagonal (first at line 3) and below it (first at line 4): a "
            "skew-symmetric file");
    }
    SECTION("skew-symmetric with a non-zero diagonal entry") {
        check_matrix_error(
            "%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 2\n2 1 1\n2 2 0.5\n", 4,
            "non-zero diagonal entry in a skew-symmetric file");
    }
}

// ------------------------------------------------------------------ writing

TEST_CASE("write_matrix then read_matrix gives bit-identical values", "[matrix_market]") {
    const double denormal = std::numeric_limits<double>::denorm_min();
    const std::vector<asor::Triplet> entries = {
        {0, 0, 0.1},
        {0, 2, 1.0 / 3.0},
        {1, 1, 1e-300},
        {2, 0, -2.5e300},
        {2, 2, denormal},
        {3, 1, -0.0},
        {3, 3, 5 * denormal},
        {1, 3, std::numeric_limits<double>::max()},
        {3, 0, -std::numeric_limits<double>::min()},
        {2, 3, 123456789.0},
    };
    const CsrMatrix a = asor::csr_from_triplets(4, 4, entries);
    const auto same_bits = [&a](const CsrMatrix& b) {
        REQUIRE(b.rows == a.rows);
        REQUIRE(b.cols == a.cols);
        CHECK(b.row_offsets == a.row_offsets);
        CHECK(b.col_indices == a.col_indices);
        check_same_bits(b.values, a.values);
    };
    SECTION("through a stream") {
        std::stringstream s;
        asor::write_matrix(s, a);
        same_bits(asor::read_matrix(s, "round trip"));
    }
    SECTION("through a file") {
        const TempDir dir;
        asor::write_matrix(dir.file("a.mtx"), a, {.symmetric = false, .comment = "line 1\nline 2"});
        same_bits(asor::read_matrix(dir.file("a.mtx")));
        CHECK(dir.entries() == 1);  // no temporary file left behind
    }
}

TEST_CASE("write_matrix writes a symmetric matrix as its lower triangle", "[matrix_market]") {
    const CsrMatrix a = asor::read_matrix(data_file("symmetric_5x5.mtx"));
    std::stringstream s;
    asor::write_matrix(s, a, {.symmetric = true, .comment = "5x5 test"});
    const std::string text = s.str();
    CHECK_THAT(text, StartsWith("%%MatrixMarket matrix coordinate real symmetric\n% 5x5 test\n"
                                "5 5 9\n1 1 4\n2 1 -1.5\n"));
    CHECK(dense(asor::read_matrix(s, "lower")) == dense(a));
}

TEST_CASE("write_vector then read_vector gives bit-identical values", "[matrix_market]") {
    const std::vector<double> x = {
        0.1, 1.0 / 3.0, 1e-300, -2.5e300, std::numeric_limits<double>::denorm_min(), -0.0, 0.0, 7};
    SECTION("through a stream") {
        std::stringstream s;
        asor::write_vector(s, x, "a comment");
        CHECK_THAT(s.str(),
                   StartsWith("%%MatrixMarket matrix array real general\n% a comment\n8 1\n"
                              "0.1\n"));
        check_same_bits(asor::read_vector(s, "round trip"), x);
    }
    SECTION("through a file") {
        const TempDir dir;
        asor::write_vector(dir.file("x.mtx"), x);
        check_same_bits(asor::read_vector(dir.file("x.mtx")), x);
    }
}

TEST_CASE("gzip-compressed files are read by their content, whatever their name",
          "[matrix_market]") {
    const CsrMatrix plain = asor::read_matrix(data_file("general_real.mtx"));
    const auto same_as_plain = [&](const CsrMatrix& m) {
        CHECK(m.rows == plain.rows);
        CHECK(m.row_offsets == plain.row_offsets);
        CHECK(m.col_indices == plain.col_indices);
        CHECK(m.values == plain.values);
    };
    SECTION("a .mtx.gz file") {
        same_as_plain(asor::read_matrix(data_file("general_real.mtx.gz")));
    }
    SECTION("a compressed file named .mtx") {
        same_as_plain(asor::read_matrix(data_file("gzip_without_suffix.mtx")));
    }
    SECTION("members joined with cat, read one after the other") {
        same_as_plain(asor::read_matrix(data_file("gzip_two_members.mtx.gz")));
    }
    SECTION("a compressed stream") {
        std::ifstream in(data_file("general_real.mtx.gz"), std::ios::binary);
        same_as_plain(asor::read_matrix(in, "<stdin>"));
    }
    SECTION("truncated or corrupt data is refused, naming the file") {
        CHECK_THAT(error_of([&] { asor::read_matrix(data_file("gzip_truncated.mtx.gz")); }),
                   Contains("gzip_truncated.mtx.gz: truncated gzip data"));
        CHECK_THAT(error_of([&] { asor::read_matrix(data_file("gzip_corrupt.mtx.gz")); }),
                   Contains("gzip_corrupt.mtx.gz: corrupt gzip data ("));
    }
}

// ------------------------------------------------------- reading in passes
//
// A plain regular file is read in passes straight into CSR arrays (see
// src/io/matrix_market_csr.hpp), its body cut into chunks that threads read
// at once; a stream, a pipe or compressed input in one pass through a list
// of entries. All must give the same matrix, bit for bit, and the same error
// at the same line, however the body is cut.

namespace {

/// Writes `text` to a new file of `dir` and returns its path.
std::string write_text(const TempDir& dir, const std::string& text) {
    static int count = 0;
    std::string name = std::to_string(count++);
    name += ".mtx";  // (not "m" + ...: a false -Wrestrict of g++ 12)
    const std::string path = dir.file(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

CsrMatrix read_as_stream(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return asor::read_matrix(in, path);
}

/// Same sizes, offsets, columns, value bits and storage.
void check_identical(const CsrMatrix& actual, const CsrMatrix& expected) {
    asor::check_structure(actual);
    CHECK(actual.rows == expected.rows);
    CHECK(actual.cols == expected.cols);
    CHECK(actual.row_offsets == expected.row_offsets);
    CHECK(actual.col_indices == expected.col_indices);
    check_same_bits(actual.values, expected.values);
    CHECK(actual.storage_bytes() == expected.storage_bytes());
}

/// Ways of reading a file in passes: the default, on one thread, and in 2,
/// 3 and 7 chunks however small the file (a chunk may then be part of a
/// line, or hold no line at all).
const std::vector<asor::MatrixReadOptions> ways_in_passes = {
    {}, {.threads = 1}, {2, 1}, {3, 1}, {7, 1}};

/// Reads `text` from a file (in passes, each way) and as a stream (one
/// pass): the same.
CsrMatrix check_passes_agree(const std::string& text) {
    INFO("input:\n" << text.substr(0, 400));
    const TempDir dir;
    const std::string path = write_text(dir, text);
    const CsrMatrix from_stream = read_as_stream(path);
    for (const asor::MatrixReadOptions& way : ways_in_passes) {
        INFO("threads " << way.threads << ", at least " << way.min_bytes_per_thread << " bytes");
        check_identical(asor::read_matrix(path, way), from_stream);
    }
    return from_stream;
}

/// Random entries (1-based), in random order, about `duplicates` of them
/// repeated, written with shortest round-trip values.
std::string random_coordinate_file(int n, int entries, double duplicates, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> index(1, n);
    std::uniform_real_distribution<double> value(-1.0, 1.0);
    std::bernoulli_distribution repeat(duplicates);
    std::ostringstream lines;
    lines.precision(17);
    int written = 0;
    int row = 1;
    int col = 1;
    while (written < entries) {
        if (written == 0 || !repeat(rng)) {
            row = index(rng);
            col = index(rng);
        }
        lines << row << ' ' << col << ' ' << value(rng) << '\n';
        ++written;
    }
    return real_general + std::to_string(n) + " " + std::to_string(n) + " " +
           std::to_string(entries) + "\n" + lines.str();
}

}  // namespace

TEST_CASE("a regular file is read in passes into the matrix a stream gives, bit for bit",
          "[matrix_market][passes]") {
    SECTION("rows in order, as write_matrix writes them") {
        check_passes_agree(real_general + "3 4 5\n1 1 1.5\n1 4 -2\n2 3 1e-3\n3 1 0.5\n3 4 -7.25\n");
    }
    SECTION("sorted by column, as SuiteSparse files are") {
        check_passes_agree(real_general + "3 3 5\n1 1 1\n3 1 2\n2 2 3\n1 3 4\n3 3 5\n");
    }
    SECTION("each chunk's rows in column order, but not the chunks together") {
        check_passes_agree(real_general + "3 3 4\n1 3 1\n2 2 2\n1 1 3\n3 3 4\n");
        check_passes_agree(real_general + "3 3 4\n1 3 1\n2 2 2\n1 3 3\n3 3 4\n");
    }
    SECTION("rows in order, with short lines in one half of the file and long ones in the other") {
        // Read from both ends, one half has more entries than its share of
        // the bytes suggests, the other fewer: each way round.
        const auto lines = [](bool long_first) {
            std::string text = real_general + "80 80 80\n";
            for (int r = 1; r <= 80; ++r) {
                const bool long_line = (r <= 40) == long_first;
                text +=
                    std::to_string(r) + (long_line ? " 2 -1.2345678901234567e-300\n" : " 1 1\n");
            }
            return text;
        };
        check_passes_agree(lines(false));
        check_passes_agree(lines(true));
    }
    SECTION("CRLF line ends, and no newline after the last entry") {
        check_passes_agree(real_general + "2 2 3\r\n1 1 1\r\n2 1 2\r\n2 2 3");
    }
    SECTION("symmetric: the lower triangle by column, the upper by row") {
        const std::string banner = "%%MatrixMarket matrix coordinate real symmetric\n";
        check_passes_agree(banner + "3 3 5\n1 1 4\n2 1 -1\n3 1 0.5\n2 2 4\n3 3 4\n");
        check_passes_agree(banner + "3 3 5\n1 1 4\n1 2 -1\n1 3 0.5\n2 2 4\n3 3 4\n");
    }
    SECTION("skew-symmetric, integer and pattern fields") {
        check_passes_agree(
            "%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 3\n2 1 1.5\n3 2 2\n3 3 0\n");
        check_passes_agree(
            "%%MatrixMarket matrix coordinate integer general\n2 2 3\n2 2 12\n1 1 3\n2 1 -4\n");
        check_passes_agree(
            "%%MatrixMarket matrix coordinate pattern symmetric\n3 3 4\n1 1\n2 1\n3 2\n3 3\n");
    }
    SECTION("rows out of order, empty rows, comments between entries, explicit zeros") {
        check_passes_agree(real_general +
                           "5 5 6\n4 2 1\n1 5 2\n% a comment\n\n4 1 0\n1 1 -0\n5 5 3\n1 3 4\n");
    }
    SECTION("no entries at all") { check_passes_agree(real_general + "4 4 0\n"); }
    SECTION("large random files across many reader blocks, with and without duplicates") {
        check_passes_agree(random_coordinate_file(2000, 300000, 0.0, 1));
        check_passes_agree(random_coordinate_file(1000, 300000, 0.3, 2));
    }
    SECTION("the SuiteSparse matrices in ../shared, when present") {
        const std::filesystem::path dir = ASOR_SHARED_DATA;
        if (!std::filesystem::is_directory(dir)) {
            WARN("skipped: " << dir.string() << " is absent");
            return;
        }
        int files = 0;
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            if (entry.path().extension() != ".mtx") continue;
            INFO(entry.path().string());
            const CsrMatrix from_stream = read_as_stream(entry.path().string());
            check_identical(asor::read_matrix(entry.path().string()), from_stream);
            check_identical(asor::read_matrix(entry.path().string(), {2, 1}), from_stream);
            ++files;
        }
        CHECK(files > 0);
    }
}

namespace {

/// A field of /proc/self/status ("VmHWM", "VmRSS") in bytes, 0 if absent.
std::uint64_t status_bytes(const std::string& field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field + ":", 0) == 0) {
            return std::stoull(line.substr(field.size() + 1)) * 1024;  // "   123 kB"
        }
    }
    return 0;
}

// Under a sanitizer every byte has shadow memory beside it: resident
// memory then says nothing of what the reader holds.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

struct PeakAndStorage {
    std::uint64_t peak = 0;     ///< resident bytes the reading added at its peak
    std::uint64_t storage = 0;  ///< of the matrix read
};

/// Runs `read` (returning a CsrMatrix) in a fresh process, a fork of this
/// one, so that no memory this process freed before is reused: the peak
/// resident memory it adds (the peak reset first through clear_refs) and
/// the storage of what it read.
template <class Read>
PeakAndStorage peak_of(Read read) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(fds[0]);
        PeakAndStorage result;
        std::ofstream("/proc/self/clear_refs") << "5";
        const std::uint64_t before = status_bytes("VmRSS");
        result.storage = read().storage_bytes();
        result.peak = status_bytes("VmHWM") - before;
        const bool sent = ::write(fds[1], &result, sizeof result) == sizeof result;
        ::_exit(sent && before > 0 ? 0 : 1);
    }
    ::close(fds[1]);
    PeakAndStorage result;
    const ssize_t got = ::read(fds[0], &result, sizeof result);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(got == sizeof result);
    REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    return result;
}

/// A 100,000 x 100,000 matrix of 20 entries a row with random values: 24.8
/// MB of CSR arrays.
CsrMatrix wide_matrix() {
    constexpr asor::Index n = 100000;
    constexpr asor::Index per_row = 20;
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> value(-1.0, 1.0);
    CsrMatrix a;
    a.rows = a.cols = n;
    a.row_offsets.assign(1, 0);
    for (asor::Index r = 0; r < n; ++r) {
        for (asor::Index k = 0; k < per_row; ++k) {
            a.col_indices.push_back((r + k * 4999) % n);
            a.values.push_back(value(rng));
        }
        std::sort(a.col_indices.end() - per_row, a.col_indices.end());
        a.row_offsets.push_back(static_cast<asor::Offset>(a.col_indices.size()));
    }
    asor::check_structure(a);
    return a;
}

/// Writes `a` as `coordinate real general` with each entry line twice in a
/// row: duplicates the reader sums.
void write_each_entry_twice(const std::string& path, const CsrMatrix& a) {
    std::ofstream out(path, std::ios::binary);
    out << real_general << a.rows << ' ' << a.cols << ' ' << 2 * a.nnz() << '\n';
    out.precision(17);
    for (asor::Index r = 0; r < a.rows; ++r) {
        for (asor::Offset k = a.row_offsets[r]; k < a.row_offsets[r + 1]; ++k) {
            std::ostringstream line;
            line.precision(17);
            line << r + 1 << ' ' << a.col_indices[k] + 1 << ' ' << a.values[k] << '\n';
            out << line.str() << line.str();
        }
    }
}

}  // namespace

TEST_CASE("a regular file is read holding little more than its CSR arrays, however it is cut",
          "[matrix_market][passes]") {
    // Under twice the CSR arrays, with a margin: the reader in row order
    // holds besides them a count per row and the entries beyond a chunk's
    // split, the passes 8 bytes a row; each a line buffer per chunk
    // (measured: 0.96x to 1.41x, the most with each entry twice in 3
    // chunks). One pass over a stream holds 16 bytes a stored entry, 2.8x
    // for the general file, 5.2x with each entry twice (1.7x to 2.2x for the
    // symmetric one, which stores half the entries): the check tells those
    // apart.
    if (kSanitized) {
        WARN("skipped: a sanitizer's shadow memory counts as resident");
        return;
    }
    const TempDir dir;
    const std::string path = dir.file("wide.mtx");
    bool streamed_above = true;
    SECTION("rows in order, read in one pass") { asor::write_matrix(path, wide_matrix()); }
    SECTION("the lower triangle of a symmetric file, read in passes") {
        asor::write_matrix(path, wide_matrix(), {.symmetric = true, .comment = {}});
        streamed_above = false;
    }
    SECTION("each entry twice in a row, read in passes that sum them") {
        write_each_entry_twice(path, wide_matrix());
    }
    for (const asor::MatrixReadOptions& way : ways_in_passes) {
        INFO("threads " << way.threads << ", at least " << way.min_bytes_per_thread << " bytes");
        const PeakAndStorage read = peak_of([&] { return asor::read_matrix(path, way); });
        CHECK(static_cast<double>(read.peak) < 1.8 * static_cast<double>(read.storage));
    }
    if (streamed_above) {
        const PeakAndStorage streamed = peak_of([&] { return read_as_stream(path); });
        CHECK(static_cast<double>(streamed.peak) > 2 * static_cast<double>(streamed.storage));
    }
}

TEST_CASE("duplicates read in passes sum in file order, and the arrays fit the merged matrix",
          "[matrix_market][passes]") {
    SECTION("the sum of 1e16, 1 and -1e16 is 0 in file order (1 in any other)") {
        const CsrMatrix a =
            check_passes_agree(real_general + "2 2 4\n2 2 5\n1 1 1e16\n1 1 1\n1 1 -1e16\n");
        CHECK(a.nnz() == 2);
        CHECK(asor::entry(a, 0, 0) == 0.0);
        CHECK(asor::entry(a, 1, 1) == 5.0);
    }
    SECTION("a lone -0 stays -0, and -0 plus -0 too") {
        const CsrMatrix a =
            check_passes_agree(real_general + "2 2 4\n2 2 -0\n1 1 -0\n2 1 1\n1 1 -0\n");
        check_same_bits(a.values, {-0.0, 1.0, -0.0});
    }
    SECTION("every entry twice: the storage is that of the merged matrix") {
        std::string text = real_general + "3 3 8\n";
        for (const char* line : {"1 1 2\n", "2 2 2.5\n", "3 1 -1\n", "3 3 0.125\n"}) {
            text += std::string(line) + line;
        }
        const CsrMatrix a = check_passes_agree(text);
        CHECK(a.nnz() == 4);
        CHECK(dense(a) == Dense{{4, 0, 0}, {0, 5, 0}, {-2, 0, 0.25}});
        CHECK(a.storage_bytes() == 4 * sizeof(asor::Offset) + 4 * (sizeof(asor::Index) + 8));
    }
}

TEST_CASE("a malformed file is refused in passes with the one-pass error at the same line",
          "[matrix_market][passes]") {
    const std::string good_rows = "1 1 1\n2 2 2\n3 3 3\n";
    const std::string symmetric = "%%MatrixMarket matrix coordinate real symmetric\n";
    const std::string skew = "%%MatrixMarket matrix coordinate real skew-symmetric\n";
    // Each text goes wrong after pass 1 (a value, a token count, the triangle,
    // the end of the body) or in it (an index, a missing line, a long line).
    const std::vector<std::string> texts = {
        real_general + "3 3 4\n" + good_rows + "3 2 1.5x\n",
        real_general + "3 3 4\n3 1 1\n1 1 nan\n" + good_rows,
        real_general + "3 3 4\n3 1 1\n1 1 1e999\n2 2 2\n1 1 1\n",
        real_general + "3 3 4\n" + good_rows + "3 2\n",
        real_general + "3 3 4\n" + good_rows + "3 2 1 7\n",
        real_general + "3 3 3\n" + good_rows + "1 2 1\n",
        real_general + "3 3 2\n" + good_rows,
        real_general + "3 3 4\n" + good_rows,
        real_general + "3 3 4\n1 1 abc\n" + good_rows.substr(6) + "4 1 1\n",
        real_general + "3 3 4\n" + good_rows + "0 1 1\n",
        real_general + "3 3 4\n" + good_rows + "1 -1 1\n",
        real_general + "3 3 4\n1 1 1\n%" + std::string(std::size_t{2} << 20, 'c') + "\n",
        symmetric + "3 3 4\n2 1 1\n1 1 2\n1 3 1\n3 3 1\n",
        symmetric + "3 3 4\n2 1 1\n1 1 1,5\n1 3 1\n3 3 1\n",
        symmetric + "3 3 4\n2 1 1\n3 1 1\n1 2 1\n1 3 1\n",
        skew + "3 3 2\n2 1 1\n2 2 1\n",
        "%%MatrixMarket matrix coordinate integer general\n2 2 2\n1 1 1\n2 2 2.5\n",
    };
    // A trailing comment, so that no size line claims more entries than the
    // file's size allows (a check made for files only, before any pass).
    const std::string padding = "% " + std::string(60, '-') + "\n";
    const TempDir dir;
    for (const std::string& text : texts) {
        INFO("input:\n" << text.substr(0, 200));
        const std::string path = write_text(dir, text + padding);
        const std::string from_stream = error_of([&] { read_as_stream(path); });
        for (const asor::MatrixReadOptions& way : ways_in_passes) {
            INFO("threads " << way.threads);
            CHECK(error_of([&] { asor::read_matrix(path, way); }) == from_stream);
        }
        CHECK_THAT(from_stream, StartsWith(path + ":"));
    }
}
