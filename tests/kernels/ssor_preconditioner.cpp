// Specifies src/kernels/ssor_preconditioner.cpp.
#include "asor/ssor_preconditioner.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <vector>

#include "asor/error.hpp"
#include "test_problems.hpp"

using asor::AsyncSsorPreconditioner;
using asor::SsorPreconditioner;

namespace {

template <class Preconditioner>
std::vector<double> applied(const Preconditioner& p, const std::vector<double>& r) {
    std::vector<double> z(r.size());
    p.apply(r, z);
    return z;
}

std::vector<double> wave(std::size_t n, double frequency) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = std::sin(frequency * static_cast<double>(i + 1));
    return v;
}

double dot(const std::vector<double>& u, const std::vector<double>& v) {
    return std::inner_product(u.begin(), u.end(), v.begin(), 0.0);
}

// The kind of the asor::Error that `make` throws.
template <class Make>
asor::ErrorKind kind_of(Make&& make) {
    try {
        make();
    } catch (const asor::Error& e) {
        return e.kind();
    }
    FAIL("no asor::Error thrown");
    return asor::ErrorKind::io;
}

// ||r - A z|| / ||r||.
double relative_residual(const asor::CsrMatrix& a, const std::vector<double>& r,
                         const std::vector<double>& z) {
    std::vector<double> az(r.size());
    asor::multiply(a, z, az);
    double sum = 0.0;
    for (std::size_t i = 0; i < r.size(); ++i) sum += (r[i] - az[i]) * (r[i] - az[i]);
    return std::sqrt(sum / dot(r, r));
}

}  // namespace

TEST_CASE("SSOR applied k times is symmetric and positive definite on an SPD matrix", "[ssor]") {
    const asor::CsrMatrix a = asor::test::poisson2d(9);
    const auto n = static_cast<std::size_t>(a.rows);
    const std::vector<double> u = wave(n, 0.7), v = wave(n, 1.9);
    for (int sweeps : {1, 2, 3}) {
        for (double omega : {1.0, 1.5}) {
            const SsorPreconditioner p(a, sweeps, omega);
            const double uv = dot(u, applied(p, v)), vu = dot(v, applied(p, u));
            CHECK(uv == Approx(vu).epsilon(1e-12));
            CHECK(dot(u, applied(p, u)) > 0.0);
        }
    }
}

TEST_CASE("SSOR with many sweeps solves A z = r", "[ssor]") {
    const asor::CsrMatrix a = asor::test::poisson2d(6);
    const std::vector<double> r = wave(static_cast<std::size_t>(a.rows), 1.3);
    const std::vector<double> z = applied(SsorPreconditioner(a, 200, 1.5), r);
    std::vector<double> az(r.size());
    asor::multiply(a, z, az);
    for (std::size_t i = 0; i < r.size(); ++i) CHECK(az[i] == Approx(r[i]).margin(1e-10));
}

TEST_CASE("one SSOR sweep on a 1 x 1 matrix is omega (2 - omega) r / a", "[ssor]") {
    const std::vector<asor::Triplet> entries = {{0, 0, 4.0}};
    const asor::CsrMatrix a = asor::csr_from_triplets(1, 1, entries);
    const std::vector<double> z = applied(SsorPreconditioner(a, 1, 1.5), {2.0});
    CHECK(z[0] == Approx(1.5 * 0.5 * 2.0 / 4.0));
}

TEST_CASE("the SSOR preconditioner refuses bad parameters, matrices and vectors", "[ssor]") {
    const asor::CsrMatrix a = asor::test::poisson2d(3);
    CHECK(kind_of([&] { SsorPreconditioner(a, 0, 1.0); }) == asor::ErrorKind::usage);
    CHECK(kind_of([&] { SsorPreconditioner(a, 1, 2.0); }) == asor::ErrorKind::usage);
    const std::vector<asor::Triplet> no_diagonal = {{0, 1, 1.0}, {1, 0, 1.0}};
    const asor::CsrMatrix b = asor::csr_from_triplets(2, 2, no_diagonal);
    CHECK(kind_of([&] { SsorPreconditioner(b, 1, 1.0); }) == asor::ErrorKind::input);
    const SsorPreconditioner p(a, 1, 1.0);
    std::vector<double> r(3), z(9);
    CHECK(kind_of([&] { p.apply(r, z); }) == asor::ErrorKind::input);
}

TEST_CASE("async SSOR on one thread is SSOR exactly", "[ssor]") {
    const asor::CsrMatrix a = asor::test::random_diagonally_dominant(300, 6, 1.5, 3);
    const std::vector<double> r = wave(300, 0.9);
    for (int sweeps : {1, 3}) {
        const AsyncSsorPreconditioner p(a, sweeps, 1.3, 1);
        CHECK(p.threads() == 1);
        CHECK(applied(p, r) == applied(SsorPreconditioner(a, sweeps, 1.3), r));
    }
}

TEST_CASE("async SSOR on several threads contracts the error however the threads interleave",
          "[ssor][engine]") {
    // |a_ii| = 1.2 sum_j |a_ij| (+ 1e-3): a Gauss-Seidel update of row i,
    // whatever values of the other entries it reads, leaves |e_i| at most
    // max_j |e_j| / 1.2, e = z - A^-1 r. From z = 0, every row updated at
    // least once: ||e||_inf <= ||A^-1 r||_inf / 1.2 (Chazan and Miranker).
    // More sweeps promise nothing more: a thread may finish all of its
    // sweeps before another starts.
    const asor::CsrMatrix a = asor::test::random_diagonally_dominant(4000, 8, 1.2, 7);
    const std::vector<double> r = wave(4000, 0.3);
    const std::vector<double> exact = applied(SsorPreconditioner(a, 400, 1.0), r);
    REQUIRE(relative_residual(a, r, exact) < 1e-12);
    double largest = 0.0;
    for (const double e : exact) largest = std::max(largest, std::abs(e));
    for (const int sweeps : {1, 2, 20}) {
        const AsyncSsorPreconditioner p(a, sweeps, 1.0, 4);
        CHECK(p.threads() == 4);
        CHECK(p.rows() == 4000);
        for (int repeat = 0; repeat < 5; ++repeat) {
            const std::vector<double> z = applied(p, r);
            double error = 0.0;
            for (std::size_t i = 0; i < z.size(); ++i) {
                error = std::max(error, std::abs(z[i] - exact[i]));
            }
            CHECK(error <= largest / 1.2 * (1.0 + 1e-12));
        }
    }
}

TEST_CASE("async SSOR uses at most one block per row and refuses what SSOR refuses", "[ssor]") {
    const asor::CsrMatrix a = asor::test::poisson2d(3);
    const AsyncSsorPreconditioner p(a, 1, 1.0, 16);
    CHECK(p.threads() == 9);
    const std::vector<double> r = wave(9, 1.1);
    CHECK(relative_residual(a, r, applied(p, r)) < 1.0);
    CHECK(kind_of([&] { AsyncSsorPreconditioner(a, 0, 1.0, 2); }) == asor::ErrorKind::usage);
    CHECK(kind_of([&] { AsyncSsorPreconditioner(a, 1, 0.0, 2); }) == asor::ErrorKind::usage);
    CHECK(kind_of([&] { AsyncSsorPreconditioner(a, 1, 1.0, -1); }) == asor::ErrorKind::usage);
    const std::vector<asor::Triplet> no_diagonal = {{0, 1, 1.0}, {1, 0, 1.0}};
    const asor::CsrMatrix b = asor::csr_from_triplets(2, 2, no_diagonal);
    CHECK(kind_of([&] { AsyncSsorPreconditioner(b, 1, 1.0, 2); }) == asor::ErrorKind::input);
    std::vector<double> short_r(3), z(9);
    CHECK(kind_of([&] { p.apply(short_r, z); }) == asor::ErrorKind::input);
}
