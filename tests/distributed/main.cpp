// The MPI tests' main: one MpiSession around Catch2, on every rank (ctest
// runs this binary under mpirun with 1 to 4 ranks; every TEST_CASE is
// collective, so every rank runs the same ones in the same order).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "asor/distributed.hpp"

int main(int argc, char** argv) {
    asor::MpiSession mpi(&argc, &argv);
    return Catch::Session().run(argc, argv);
}
