// Regression tests of the libFuzzer harness of the Matrix Market reader
// (tests/fuzz/, `make fuzz`). Each file goes through the four reads the
// harness makes: read_matrix and read_vector, from a stream and from the file.
// A read may succeed or throw asor::Error naming the file; anything else (a
// crash, another exception, a sanitizer report under `make test-asan`) fails.
//
// - tests/data/bad/fuzz_crash_*: every input the fuzzer ever crashed on, kept
//   once the reader is fixed. These run whenever such files are present.
// - tests/fuzz/seeds/: the hand-written seeds of the fuzz corpus, one per
//   banner variant; their names say what they must do: ok_* parse as a
//   matrix, vec_* parse as a matrix and as a vector, err_* are refused.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "asor/error.hpp"
#include "asor/matrix_market.hpp"
#include "test_files.hpp"

namespace fs = std::filesystem;
using asor::test::read_text;

namespace {

const fs::path bad_dir = fs::path(ASOR_TEST_DATA) / "bad";
const fs::path seed_dir = fs::path(ASOR_TEST_DATA) / ".." / "fuzz" / "seeds";

/// The regular files in `dir` whose names start with `prefix`, sorted.
std::vector<fs::path> files_starting_with(const fs::path& dir, const std::string& prefix) {
    std::vector<fs::path> files;
    if (!fs::is_directory(dir)) return files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.is_regular_file() && entry.path().filename().string().starts_with(prefix)) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

/// True if `read` returns, false if it throws asor::Error naming `name`; any
/// other exception escapes and fails the test.
template <class Read>
bool parses(Read read, const std::string& name) {
    try {
        read();
        return true;
    } catch (const asor::Error& e) {
        INFO(e.what());
        CHECK(std::string(e.what()).starts_with(name + ":"));
        return false;
    }
}

/// What the four reads of `file` did.
struct Outcomes {
    bool matrix_from_stream;
    bool matrix_from_file;
    bool vector_from_stream;
    bool vector_from_file;
};

Outcomes read_four_ways(const fs::path& file) {
    const std::string path = file.string();
    const std::string text = read_text(path);
    const std::string stream_name = "stream";
    Outcomes o{};
    o.matrix_from_stream = parses(
        [&] {
            std::istringstream in(text);
            asor::read_matrix(in, stream_name);
        },
        stream_name);
    o.matrix_from_file = parses([&] { asor::read_matrix(path); }, path);
    o.vector_from_stream = parses(
        [&] {
            std::istringstream in(text);
            asor::read_vector(in, stream_name);
        },
        stream_name);
    o.vector_from_file = parses([&] { asor::read_vector(path); }, path);
    return o;
}

}  // namespace

TEST_CASE("fuzz crash files are read or refused with asor::Error, without crashing", "[fuzz]") {
    const auto files = files_starting_with(bad_dir, "fuzz_crash_");
    for (const auto& file : files) {
        INFO(file.string());
        read_four_ways(file);
    }
    SUCCEED(std::to_string(files.size()) + " fuzz crash files in " + bad_dir.string());
}

TEST_CASE("fuzz seeds parse or are refused as their names say", "[fuzz]") {
    const auto ok = files_starting_with(seed_dir, "ok_");
    const auto vec = files_starting_with(seed_dir, "vec_");
    const auto err = files_starting_with(seed_dir, "err_");
    REQUIRE(ok.size() >= 10);  // every supported banner variant
    REQUIRE(vec.size() >= 4);
    REQUIRE(err.size() >= 5);  // complex, hermitian and the unsupported combinations

    for (const auto& file : ok) {
        INFO(file.string());
        const Outcomes o = read_four_ways(file);
        CHECK(o.matrix_from_stream);
        CHECK(o.matrix_from_file);
        const asor::CsrMatrix a = asor::read_matrix(file.string());
        CHECK(a.rows > 1);
        CHECK(a.cols > 1);
        CHECK(a.nnz() > 0);
        CHECK(o.vector_from_stream == o.vector_from_file);
    }
    for (const auto& file : vec) {
        INFO(file.string());
        const Outcomes o = read_four_ways(file);
        CHECK(o.matrix_from_stream);
        CHECK(o.matrix_from_file);
        CHECK(o.vector_from_stream);
        CHECK(o.vector_from_file);
        const asor::CsrMatrix a = asor::read_matrix(file.string());
        const std::vector<double> x = asor::read_vector(file.string());
        CHECK(static_cast<std::int64_t>(x.size()) == std::max(a.rows, a.cols));
    }
    for (const auto& file : err) {
        INFO(file.string());
        const Outcomes o = read_four_ways(file);
        CHECK_FALSE(o.matrix_from_stream);
        CHECK_FALSE(o.matrix_from_file);
        CHECK_FALSE(o.vector_from_stream);
        CHECK_FALSE(o.vector_from_file);
    }
}
