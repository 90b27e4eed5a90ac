// Checkpoints: x and its sidecar, written atomically and read back.
#include "asor/detail/checkpoint.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <vector>

#include "asor/error.hpp"
#include "asor/matrix_market.hpp"
#include "test_files.hpp"

using namespace asor;
using Catch::Matchers::Contains;

namespace {

CheckpointInfo sample_info() {
    CheckpointInfo info;
    info.matrix_path = "A \"quoted\".mtx";
    info.matrix_bytes = 123456789012;
    info.rhs_path = "b.mtx";
    info.rhs_bytes = 77;
    info.rows = 3;
    info.nonzeros = 7;
    info.method = "async";
    info.omega = 1.2;
    info.tolerance = 1e-8;
    info.threads = 2;
    info.sweeps = 4242;
    info.estimated_residual = 3.5e-5;
    info.elapsed_seconds = 12.25;
    return info;
}

}  // namespace

TEST_CASE("a checkpoint is x as a vector file plus a sidecar that reads back", "[checkpoint]") {
    test::TempDir dir;
    const std::string path = dir.file("ck.mtx");
    const std::vector<double> x = {1.5, -2.0, 0.1};
    write_checkpoint(path, x, sample_info());
    CHECK(read_vector(path) == x);
    CHECK(dir.entries() == 2);  // no temporary file left
    const CheckpointInfo back = read_checkpoint_info(path);
    const CheckpointInfo want = sample_info();
    CHECK(back.matrix_path == want.matrix_path);
    CHECK(back.matrix_bytes == want.matrix_bytes);
    CHECK(back.rhs_path == want.rhs_path);
    CHECK(back.rhs_bytes == want.rhs_bytes);
    CHECK(back.rows == want.rows);
    CHECK(back.nonzeros == want.nonzeros);
    CHECK(back.method == want.method);
    CHECK(back.omega == want.omega);
    CHECK(back.tolerance == want.tolerance);
    CHECK(back.threads == want.threads);
    CHECK(back.sweeps == want.sweeps);
    CHECK(back.estimated_residual == want.estimated_residual);
    CHECK(back.elapsed_seconds == want.elapsed_seconds);
    SECTION("writing again replaces both files") {
        CheckpointInfo later = sample_info();
        later.sweeps = 5000;
        write_checkpoint(path, std::vector<double>{1.0, 1.0, 1.0}, later);
        CHECK(read_vector(path) == std::vector<double>{1.0, 1.0, 1.0});
        CHECK(read_checkpoint_info(path).sweeps == 5000);
        CHECK(dir.entries() == 2);
    }
}

TEST_CASE("a sidecar asor did not write is refused", "[checkpoint]") {
    test::TempDir dir;
    const std::string path = dir.file("ck.mtx");
    const auto sidecar_with = [&](const std::string& text) {
        std::ofstream(checkpoint_sidecar_path(path)) << text;
    };
    SECTION("missing") {
        CHECK_THAT(test::error_of([&] { read_checkpoint_info(path); }, ErrorKind::io),
                   Contains("ck.mtx.json: cannot open"));
    }
    SECTION("not JSON") {
        sidecar_with("sweeps = 3\n");
        CHECK_THAT(test::error_of([&] { read_checkpoint_info(path); }),
                   Contains("ck.mtx.json: not an asor checkpoint sidecar (expected '{'"));
    }
    SECTION("another format") {
        sidecar_with(R"({"format": "something else"})");
        CHECK_THAT(test::error_of([&] { read_checkpoint_info(path); }),
                   Contains("format is not 'asor checkpoint 1'"));
    }
    SECTION("a field missing") {
        sidecar_with(R"({"format": "asor checkpoint 1", "matrix": "a.mtx"})");
        CHECK_THAT(test::error_of([&] { read_checkpoint_info(path); }),
                   Contains("not an asor checkpoint sidecar (no number \"matrix_bytes\")"));
    }
    SECTION("truncated") {
        sidecar_with(R"({"format": "asor checkpoint 1", "matrix": "a.m)");
        CHECK_THAT(test::error_of([&] { read_checkpoint_info(path); }),
                   Contains("not an asor checkpoint sidecar"));
    }
}

TEST_CASE("file sizes are known for regular files only", "[checkpoint]") {
    test::TempDir dir;
    std::ofstream(dir.file("f")) << "12345";
    CHECK(file_size_or_zero(dir.file("f")) == 5);
    CHECK(file_size_or_zero(dir.file("absent")) == 0);
    CHECK(file_size_or_zero("-") == 0);
}
