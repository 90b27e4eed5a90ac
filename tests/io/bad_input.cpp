// Bad input, refused clearly: the corpus in tests/data/bad/ (each file with
// the message it must produce, listed in tests/data/bad/EXPECTED), the
// harmless variations in tests/data/accepted/ that must read as their plain
// twins, inputs too large to commit (generated here), and the memory check
// at the size line.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "asor/detail/linear_system.hpp"
#include "asor/error.hpp"
#include "asor/matrix_market.hpp"
#include "test_files.hpp"

using asor::CsrMatrix;
using asor::ErrorKind;
using asor::test::error_of;
using asor::test::TempDir;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const std::string bad_dir = std::string(ASOR_TEST_DATA) + "/bad";
const std::string accepted_dir = std::string(ASOR_TEST_DATA) + "/accepted";
/// The good A that right-hand sides and initial guesses of the corpus go with.
const std::string good_matrix = std::string(ASOR_TEST_DATA) + "/../../data/poisson2d_32.mtx";

/// One line of a manifest: NAME, a role or kind, and the expected text.
struct ManifestLine {
    std::string name;
    std::string role;
    std::string expected;
};

/// The lines of a manifest (TAB-separated, '#' comments and blank lines
/// skipped); every line must have exactly three non-empty fields.
std::vector<ManifestLine> read_manifest(const std::string& dir) {
    std::ifstream in(dir + "/EXPECTED");
    REQUIRE(in);
    std::vector<ManifestLine> lines;
    std::string text;
    while (std::getline(in, text)) {
        if (text.empty() || text[0] == '#') continue;
        INFO("manifest line: " << text);
        REQUIRE(std::count(text.begin(), text.end(), '\t') == 2);
        const std::size_t first = text.find('\t');
        const std::size_t second = text.find('\t', first + 1);
        ManifestLine line{text.substr(0, first), text.substr(first + 1, second - first - 1),
                          text.substr(second + 1)};
        REQUIRE(!line.name.empty());
        REQUIRE(!line.expected.empty());
        lines.push_back(line);
    }
    return lines;
}

/// True if `expected` names a line ("NAME:LINE: ..."): the reader refuses the
/// file. Otherwise it is "NAME: ...": the file reads, the system is refused.
bool names_a_line(const ManifestLine& entry) {
    const std::string prefix = entry.name + ":";
    return entry.expected.starts_with(prefix) && entry.expected.size() > prefix.size() &&
           std::isdigit(static_cast<unsigned char>(entry.expected[prefix.size()])) != 0;
}

/// The message the CLI shows for a file of the corpus, built from the
/// library as the CLI does: the reader's own message, or the file name
/// followed by the message of the check that refuses the system.
std::string corpus_error(const ManifestLine& entry, const CsrMatrix& good) {
    const std::string path = bad_dir + "/" + entry.name;
    if (names_a_line(entry)) {
        return error_of([&] {
            if (entry.role == "matrix") {
                asor::read_matrix(path);
            } else {
                asor::read_vector(path);
            }
        });
    }
    const std::string what = error_of([&] {
        if (entry.role == "matrix") {
            const CsrMatrix a = asor::read_matrix(path);
            (void)asor::prepare_matrix(a, 1);
        } else if (entry.role == "rhs") {
            (void)asor::check_rhs(asor::read_vector(path), good.rows);
        } else {
            asor::check_initial_guess(asor::read_vector(path), good.rows);
        }
    });
    return path + ": " + what;
}

/// Sets ASOR_MEMORY_LIMIT (or removes it) for one scope, then restores it.
class MemoryLimit {
  public:
    explicit MemoryLimit(const char* value) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value != nullptr) {
            ::setenv(name, value, 1);
        } else {
            ::unsetenv(name);
        }
    }
    MemoryLimit(const MemoryLimit&) = delete;
    MemoryLimit& operator=(const MemoryLimit&) = delete;
    ~MemoryLimit() {
        if (old_) {
            ::setenv(name, old_->c_str(), 1);
        } else {
            ::unsetenv(name);
        }
    }

  private:
    static constexpr const char* name = "ASOR_MEMORY_LIMIT";
    std::optional<std::string> old_;
};

CsrMatrix parse_matrix(const std::string& text) {
    std::istringstream in(text);
    return asor::read_matrix(in, "t.mtx");
}

/// A stream of `prefix` then `digits` digits '7' and no newline, made on the
/// fly; counts the bytes it hands out, so a test can see how much was read.
class DigitStream : public std::streambuf {
  public:
    DigitStream(std::string prefix, std::uint64_t digits)
        : prefix_(std::move(prefix)), left_(digits), chunk_(std::size_t{1} << 16, '7') {}
    [[nodiscard]] std::uint64_t served() const noexcept { return served_; }

  protected:
    int_type underflow() override {
        if (!prefix_.empty()) {
            chunk_.assign(prefix_.begin(), prefix_.end());
            prefix_.clear();
            setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
        } else {
            if (left_ == 0) return traits_type::eof();
            chunk_.assign(std::size_t{1} << 16, '7');
            const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left_, chunk_.size()));
            left_ -= n;
            setg(chunk_.data(), chunk_.data(), chunk_.data() + n);
        }
        served_ += static_cast<std::uint64_t>(egptr() - eback());
        return traits_type::to_int_type(*gptr());
    }

  private:
    std::string prefix_;
    std::uint64_t left_;
    std::vector<char> chunk_;
    std::uint64_t served_ = 0;
};

/// Peak resident memory of this process so far, in bytes.
std::uint64_t peak_resident_bytes() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux: KiB
}

constexpr std::uint64_t mib = std::uint64_t{1} << 20;
const std::string real_general = "%%MatrixMarket matrix coordinate real general\n";

}  // namespace

// ------------------------------------------------------------------ the corpus

TEST_CASE("the bad-input corpus lists at least 40 files, each once, with its expected error",
          "[bad_input]") {
    const std::vector<ManifestLine> corpus = read_manifest(bad_dir);
    CHECK(corpus.size() >= 40);
    std::set<std::string> listed;
    for (const ManifestLine& entry : corpus) {
        INFO(entry.name);
        CHECK(listed.insert(entry.name).second);
        CHECK((entry.role == "matrix" || entry.role == "rhs" || entry.role == "x0"));
        CHECK_THAT(entry.expected, StartsWith(entry.name + ":"));
        CHECK(std::filesystem::is_regular_file(bad_dir + "/" + entry.name));
    }
    for (const auto& file : std::filesystem::directory_iterator(bad_dir)) {
        const std::string name = file.path().filename().string();
        INFO(name << " is in tests/data/bad but not in its EXPECTED");
        CHECK((name == "EXPECTED" || listed.count(name) == 1));
    }
}

TEST_CASE("every malformed file of the corpus is refused with its file, line and reason",
          "[bad_input]") {
    const CsrMatrix good = asor::read_matrix(good_matrix);
    int checked = 0;
    for (const ManifestLine& entry : read_manifest(bad_dir)) {
        if (!names_a_line(entry)) continue;
        INFO(entry.name << " read as " << entry.role);
        CHECK_THAT(corpus_error(entry, good), StartsWith(bad_dir + "/" + entry.expected));
        ++checked;
    }
    CHECK(checked >= 40);
}

TEST_CASE("corpus files that read but cannot be solved are refused before solving, named",
          "[bad_input]") {
    const CsrMatrix good = asor::read_matrix(good_matrix);
    std::set<std::string> roles;
    for (const ManifestLine& entry : read_manifest(bad_dir)) {
        if (names_a_line(entry)) continue;
        INFO(entry.name << " used as " << entry.role);
        CHECK_THAT(corpus_error(entry, good), StartsWith(bad_dir + "/" + entry.expected));
        roles.insert(entry.role);
    }
    // Non-square and zero or missing diagonal (A), wrong lengths (b, x0).
    CHECK(roles == std::set<std::string>{"matrix", "rhs", "x0"});
}

TEST_CASE("harmless variations (CRLF, tabs, BOM, comments, notations) read as their plain twin",
          "[bad_input]") {
    const std::vector<ManifestLine> accepted = read_manifest(accepted_dir);
    CHECK(accepted.size() >= 10);
    for (const ManifestLine& entry : accepted) {
        INFO(entry.name << " must read as " << entry.expected);
        const std::string path = accepted_dir + "/" + entry.name;
        const std::string twin = accepted_dir + "/" + entry.expected;
        if (entry.role == "vector") {
            CHECK(asor::read_vector(path) == asor::read_vector(twin));
        } else {
            REQUIRE(entry.role == "matrix");
            const CsrMatrix a = asor::read_matrix(path);
            const CsrMatrix b = asor::read_matrix(twin);
            CHECK(a.rows == b.rows);
            CHECK(a.cols == b.cols);
            CHECK(a.row_offsets == b.row_offsets);
            CHECK(a.col_indices == b.col_indices);
            CHECK(a.values == b.values);
        }
    }
}

TEST_CASE("the plain twins of the accepted variants hold the matrix and vector they describe",
          "[bad_input]") {
    // Written from the description in tests/data/accepted/EXPECTED, not from
    // the reader: 4 x 4, rows sorted by column.
    const CsrMatrix a = asor::read_matrix(accepted_dir + "/reference.mtx");
    CHECK(a.rows == 4);
    CHECK(a.cols == 4);
    CHECK(a.row_offsets == std::vector<asor::Offset>{0, 2, 4, 6, 8});
    CHECK(a.col_indices == std::vector<asor::Index>{0, 3, 0, 1, 1, 2, 2, 3});
    CHECK(a.values == std::vector<double>{4, 0.5, -1, 4, -1.5, 5, -1, 4});
    CHECK(asor::read_vector(accepted_dir + "/reference_b.mtx") ==
          std::vector<double>{4.5, 3, 3.5, 3});
    const CsrMatrix s = asor::read_matrix(accepted_dir + "/symmetric_lower.mtx");
    CHECK(s.row_offsets == std::vector<asor::Offset>{0, 2, 5, 7});
    CHECK(s.values == std::vector<double>{4, -1, -1, 4, -1, -1, 4});
}

// ------------------------------------------------------ generated, too big to commit

TEST_CASE("a 200 MB line without a newline is refused after reading a bounded prefix",
          "[bad_input]") {
    constexpr std::uint64_t size = 200 * mib;
    SECTION("from a stream: only a few MiB are pulled from it") {
        DigitStream digits("", size);
        std::istream in(&digits);
        CHECK_THAT(error_of([&] { asor::read_matrix(in, "t.mtx"); }),
                   StartsWith("t.mtx:1: line too long (expected at most "));
        CHECK(digits.served() <= 16 * mib);
    }
    SECTION("from a stream, after a valid header: the line is named") {
        DigitStream digits(real_general + "3 3 3\n1 1 1\n", size);
        std::istream in(&digits);
        CHECK_THAT(error_of([&] { asor::read_matrix(in, "t.mtx"); }),
                   StartsWith("t.mtx:4: line too long"));
        CHECK(digits.served() <= 16 * mib);
    }
    SECTION("from a 200 MB file: memory stays bounded") {
        const TempDir dir;
        const std::string path = dir.file("long_line.mtx");
        {
            std::ofstream out(path, std::ios::binary);
            const std::string block(mib, '7');
            for (std::uint64_t written = 0; written < size; written += mib) out << block;
            REQUIRE(out);
        }
        REQUIRE(std::filesystem::file_size(path) == size);
        const std::uint64_t peak_before = peak_resident_bytes();
        CHECK_THAT(error_of([&] { asor::read_matrix(path); }),
                   StartsWith(path + ":1: line too long (expected at most "));
        // Buffering the line would raise the peak by 200 MB.
        CHECK(peak_resident_bytes() - peak_before < 64 * mib);
    }
    SECTION("a 2 MiB comment line is refused like any other") {
        CHECK_THAT(error_of([&] { parse_matrix(real_general + "%" + std::string(2 * mib, 'c')); }),
                   StartsWith("t.mtx:2: line too long"));
    }
}

TEST_CASE("more than 2^31 - 1 rows or columns is refused at the size line, from any input",
          "[bad_input]") {
    const MemoryLimit unlimited("1T");
    CHECK_THAT(error_of([] { parse_matrix(real_general + "2147483648 3 3\n"); }),
               StartsWith("t.mtx:2: 2147483648 rows exceed the limit of 2147483647"));
    CHECK_THAT(error_of([] { parse_matrix(real_general + "3 2147483648 3\n"); }),
               StartsWith("t.mtx:2: 2147483648 columns exceed the limit of 2147483647"));
    CHECK_THAT(error_of([] { parse_matrix(real_general + "9223372036854775808 1 1\n"); }),
               StartsWith("t.mtx:2: size '9223372036854775808' out of range"));
    // 2^31 - 1 itself passes the header; this stream then ends early.
    CHECK_THAT(error_of([] { parse_matrix(real_general + "2147483647 2147483647 2147483647\n"); }),
               StartsWith("t.mtx:2: expected 2147483647 entries, found 0 (the file ends early)"));
}

TEST_CASE("more than 2^31 - 1 non-zeros pass the header: row offsets are 64-bit", "[bad_input]") {
    static_assert(sizeof(asor::Offset) == 8);
    const MemoryLimit unlimited("1T");
    // A stream (no file size to check against) declaring 3 * 10^9 entries:
    // the header is accepted and the reader fails only when the data ends.
    CHECK_THAT(error_of([] { parse_matrix(real_general + "100000 100000 3000000000\n1 1 1\n"); }),
               StartsWith("t.mtx:3: expected 3000000000 entries, found 1 (the file ends early)"));
}

// ------------------------------------------------------------ the memory check

TEST_CASE("a matrix that would not fit in memory is refused at its size line with the figure",
          "[bad_input]") {
    SECTION("general: 8 bytes per row offset, 12 per entry as CSR, 16 per entry as triplets") {
        // 8 * 1001 + 12 * 5000 + 16 * 5000 = 148008 bytes; the body is never read.
        const MemoryLimit limit("100000");
        CHECK_THAT(error_of([] { parse_matrix(real_general + "1000 1000 5000\n1 1 nan\n"); }),
                   StartsWith("t.mtx:2: the matrix needs 144.5 KiB (about 148008 bytes, the CSR "
                              "arrays plus the entries held while they are assembled) but only "
                              "97.7 KiB of memory is available (the limit set by "
                              "ASOR_MEMORY_LIMIT)"));
    }
    SECTION("symmetric: each stored off-diagonal entry is two non-zeros") {
        // 8 * 1001 + 12 * 10000 + 16 * 5000 = 208008 bytes.
        const MemoryLimit limit("208007");
        CHECK_THAT(error_of([] {
                       parse_matrix(
                           "%%MatrixMarket matrix coordinate real symmetric\n"
                           "1000 1000 5000\n");
                   }),
                   StartsWith("t.mtx:2: the matrix needs 203.1 KiB (about 208008 bytes"));
    }
    SECTION("exactly the figure is enough, one byte less is not") {
        const auto read = [] { parse_matrix(real_general + "1000 1000 5000\n1 1 1\n"); };
        {
            const MemoryLimit limit("148008");
            CHECK_THAT(error_of(read), StartsWith("t.mtx:3: expected 5000 entries, found 1"));
        }
        {
            const MemoryLimit limit("148007");
            CHECK_THAT(error_of(read), StartsWith("t.mtx:2: the matrix needs 144.5 KiB"));
        }
    }
    SECTION("a regular file that holds its entries is refused before they are read") {
        const MemoryLimit limit("100");
        const std::string path = accepted_dir + "/reference.mtx";
        CHECK_THAT(error_of([&] { asor::read_matrix(path); }),
                   StartsWith(path + ":3: the matrix needs 264 bytes (about 264 bytes"));
    }
    SECTION("3 * 10^9 entries through a stream: tens of GiB") {
        // 16 * 3e9 + 8 * (10^6 + 1) + 12 * 3e9 = 84008000008 bytes.
        const MemoryLimit limit("20G");
        CHECK_THAT(error_of([] { parse_matrix(real_general + "1000000 1000000 3000000000\n"); }),
                   StartsWith("t.mtx:2: the matrix needs 78.2 GiB (about 84008000008 bytes") &&
                       Contains("but only 20.0 GiB of memory is available (the limit set by "
                                "ASOR_MEMORY_LIMIT)"));
    }
    SECTION("without ASOR_MEMORY_LIMIT: the machine's available memory") {
        const MemoryLimit detected(nullptr);
        // 2^62 entries: no machine holds them.
        CHECK_THAT(
            error_of([] {
                parse_matrix(real_general + "2147483647 2147483647 4611686014132420609\n1 1 1\n");
            }),
            StartsWith("t.mtx:2: the matrix needs 112.0 EiB") &&
                Contains("ASOR_MEMORY_LIMIT=BYTES overrides it)"));
    }
}

TEST_CASE("a vector that would not fit in memory is refused at its size line", "[bad_input]") {
    const MemoryLimit limit("1M");
    std::istringstream in("%%MatrixMarket matrix array real general\n1000000 1\n");
    CHECK_THAT(error_of([&] { asor::read_vector(in, "b.mtx"); }),
               StartsWith("b.mtx:2: the vector needs 7.6 MiB (about 8000000 bytes, 8 per entry) "
                          "but only 1.0 MiB of memory is available"));
}

TEST_CASE("ASOR_MEMORY_LIMIT takes bytes or a K, M, G, T suffix and refuses anything else",
          "[bad_input]") {
    // 128 values need 1024 bytes.
    std::string vector = "%%MatrixMarket matrix array real general\n128 1\n";
    for (int i = 0; i < 128; ++i) vector += "1\n";
    const auto read = [&vector] {
        std::istringstream in(vector);
        return asor::read_vector(in, "b.mtx");
    };
    for (const char* enough : {"1024", "1K", "1k", "1M", "1G", "1T"}) {
        const MemoryLimit limit(enough);
        INFO("ASOR_MEMORY_LIMIT=" << enough);
        CHECK(read().size() == 128);
    }
    {
        const MemoryLimit limit("1023");
        CHECK_THAT(error_of(read), StartsWith("b.mtx:2: the vector needs 1.0 KiB (about 1024"));
    }
    for (const char* malformed : {"", "1x", "-5", "1.5G", "1KB", "99999999999T", " 1"}) {
        const MemoryLimit limit(malformed);
        INFO("ASOR_MEMORY_LIMIT=" << malformed);
        CHECK_THAT(error_of(read, ErrorKind::usage),
                   StartsWith(std::string("ASOR_MEMORY_LIMIT='") + malformed +
                              "' is not a memory size (expected a number of bytes"));
    }
}
