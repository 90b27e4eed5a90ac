# Thin wrapper over CMake presets. `make run` and `make test` are the quick start.
MAKEFLAGS += --no-print-directory
JOBS ?= $(shell nproc)
BUILD := build/release
ASOR := $(BUILD)/asor

.PHONY: all deps build run test tsan-build test-tsan test-tsan-mpi test-asan test-mpich stress stress-short stress-build stress-tsan \
        stress-asan-short fuzz bench format clean

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

run: build
	$(ASOR) solve data/poisson2d_32.mtx data/poisson2d_32_b.mtx --omega 1.5 -o build/poisson2d_32_x.mtx

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) -LE stress

test-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir build/asan --output-on-failure -j $(JOBS) -LE stress

# The MPI tests (label mpi) on MPICH, installed beside Open MPI: only what
# they run (the mpich build preset's targets: the library, the binary and
# asor_mpi_tests, not the unit tests) built against mpicxx.mpich in
# build/mpich, run under mpiexec.mpich (docs/mpi.md). CI's (.ci/run).
# One test at a time: MPICH's ranks poll inside MPI calls, so two jobs at
# once on 2 cores starve each other's helper threads (a CI rehearsal saw a
# 3-rank job miss its 30 s heartbeat beside a 4-rank one, and a 1-rank
# solve end before its first snapshot beside a 2-rank one; alone, the
# same tests take 68 s in all).
test-mpich: deps
	@cmake --preset mpich >/dev/null
	@cmake --build --preset mpich -j $(JOBS)
	ctest --test-dir build/mpich --output-on-failure -j 1 -L mpi

# libgomp is invisible to ThreadSanitizer; clang's libomp with the Archer tool
# annotates OpenMP's own synchronisation so that every report is a real race.
# The tsan preset builds the MPI engine (against Open MPI, uninstrumented:
# tests/tsan.supp says which of its reports are ignored and why), so
# test-tsan runs the engine's tests and every MPI test (label mpi: the
# library's on 1 to 4 ranks, the binary's under mpirun), each rank's
# communication thread and workers checked; test-tsan-mpi runs only those.
TSAN_ENV = OMP_TOOL_LIBRARIES=/usr/lib/llvm-14/lib/libarcher.so ARCHER_OPTIONS=verbose=0 \
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/tsan.supp"
tsan-build: deps
	@cmake --preset tsan >/dev/null
	@cmake --build --preset tsan -j $(JOBS)

test-tsan: tsan-build
	$(TSAN_ENV) ctest --test-dir build/tsan --output-on-failure -j $(JOBS) -LE stress

test-tsan-mpi: tsan-build
	$(TSAN_ENV) ctest --test-dir build/tsan --output-on-failure -j $(JOBS) -L mpi

# Stress (tests/stress/, label `stress`): randomised async solves with stops,
# cancels and observer exceptions on 1 to 16 threads, and the asor binary
# interrupted at random moments; both run side by side for STRESS_SECONDS
# (seed STRESS_SEED, random if unset, printed). stress-short is CI's;
# stress-tsan runs the solves under ThreadSanitizer (not in CI);
# stress-asan-short runs both under AddressSanitizer and UBSan for
# STRESS_ASAN_SECONDS (CI's, right after test-asan, whose build it reuses:
# only asor_stress is compiled on top), with time bounds scaled for ASan.
STRESS_SECONDS ?= 600
STRESS_SHORT_SECONDS ?= 45
stress-build: deps
	@cmake --preset release -DASOR_STRESS=ON >/dev/null
	@cmake --build --preset release -j $(JOBS)

stress: stress-build
	STRESS_SECONDS=$(STRESS_SECONDS) ctest --test-dir $(BUILD) -L stress -j 2 -V \
	  --timeout $$(($(STRESS_SECONDS) + 300))

stress-short: stress-build
	STRESS_SECONDS=$(STRESS_SHORT_SECONDS) ctest --test-dir $(BUILD) -L stress -j 2 -V \
	  --timeout $$(($(STRESS_SHORT_SECONDS) + 120))

STRESS_ASAN_SECONDS ?= 30
stress-asan-short: deps
	@cmake --preset asan -DASOR_STRESS=ON >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 STRESS_TIME_SCALE=3 \
	  STRESS_SECONDS=$(STRESS_ASAN_SECONDS) ctest --test-dir build/asan -L stress -j 2 -V \
	  --timeout $$(($(STRESS_ASAN_SECONDS) + 120))

stress-tsan: deps
	@cmake --preset tsan -DASOR_STRESS=ON >/dev/null
	@cmake --build --preset tsan -j $(JOBS) --target asor_stress
	$(TSAN_ENV) build/tsan/tests/stress/asor_stress --seconds $(STRESS_SHORT_SECONDS) --time-scale 5

# libFuzzer on the Matrix Market reader (tests/fuzz/, clang-14 with ASan and
# UBSan, build/fuzz): FUZZ_SECONDS of fuzzing (default 60), FUZZ_FLAGS extra
# libFuzzer flags (e.g. -seed=1). The corpus, build/fuzz/corpus, is kept
# between runs and gets the seeds each time; a crash, leak, timeout or
# out-of-memory input lands in build/fuzz/artifacts/ and fails the target
# (a timeout that does not recur when its input is rerun alone is reported).
FUZZ_SECONDS ?= 60
FUZZ_FLAGS ?=
fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	tests/fuzz/run build/fuzz $(FUZZ_SECONDS) $(FUZZ_FLAGS)

bench: build
	$(BUILD)/bench/bench_read_matrix
	$(BUILD)/bench/bench_async_poisson

# Every C++ file of the project, in every subfolder (tests/data holds inputs).
format:
	find include src tests bench examples python/src \( -name '*.cpp' -o -name '*.hpp' \) \
	  -not -path 'tests/data/*' -print0 | xargs -0 clang-format -i

clean:
	rm -rf build
