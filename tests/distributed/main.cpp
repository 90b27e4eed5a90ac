// The MPI tests' main: one MpiSession around Catch2, on every rank (ctest
// runs this binary under mpirun with 1 to 4 ranks; every TEST_CASE is
// collective, so every rank runs the same ones in the same order).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "asor/distributed.hpp"

namespace asor_tests {
/// The process's session, for the tests of MpiSession's collectives.
const asor::MpiSession* mpi_session = nullptr;
}  // namespace asor_tests

int main(int argc, char** argv) {
    asor::MpiSession mpi(&argc, &argv);
    asor_tests::mpi_session = &mpi;
    return Catch::Session().run(argc, argv);
}
