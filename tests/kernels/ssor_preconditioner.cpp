// Specifies src/kernels/ssor_preconditioner.cpp.
#include "asor/ssor_preconditioner.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <vector>

#include "asor/error.hpp"
#include "test_problems.hpp"

using asor::SsorPreconditioner;

namespace {

std::vector<double> applied(const SsorPreconditioner& p, const std::vector<double>& r) {
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
    const auto kind_of = [](auto&& make) {
        try {
            make();
        } catch (const asor::Error& e) {
            return e.kind();
        }
        FAIL("no asor::Error thrown");
        return asor::ErrorKind::io;
    };
    CHECK(kind_of([&] { SsorPreconditioner(a, 0, 1.0); }) == asor::ErrorKind::usage);
    CHECK(kind_of([&] { SsorPreconditioner(a, 1, 2.0); }) == asor::ErrorKind::usage);
    const std::vector<asor::Triplet> no_diagonal = {{0, 1, 1.0}, {1, 0, 1.0}};
    const asor::CsrMatrix b = asor::csr_from_triplets(2, 2, no_diagonal);
    CHECK(kind_of([&] { SsorPreconditioner(b, 1, 1.0); }) == asor::ErrorKind::input);
    const SsorPreconditioner p(a, 1, 1.0);
    std::vector<double> r(3), z(9);
    CHECK(kind_of([&] { p.apply(r, z); }) == asor::ErrorKind::input);
}
