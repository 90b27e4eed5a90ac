// Proof that the ThreadSanitizer run can fail: two OpenMP threads write the
// same plain double with no synchronisation. Built and run only by
// `make test-tsan`, whose test expects TSan to report this race; if the
// toolchain ever stopped seeing races inside OpenMP regions, that test fails.
#include <omp.h>

#include <cstdio>

int main() {
    double shared = 0.0;
#pragma omp parallel num_threads(2)
    {
        shared += omp_get_thread_num() + 1.0;  // the race, on purpose
    }
    std::printf("%g\n", shared);
    return 0;
}
