// Specification of atomic file writing (asor/detail/atomic_file.hpp).
#include "asor/detail/atomic_file.hpp"

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <stdexcept>
#include <string>
#include <thread>

#include "asor/error.hpp"
#include "asor/matrix_market.hpp"
#include "test_files.hpp"

using asor::CsrMatrix;
using asor::ErrorKind;
using asor::test::error_of;
using asor::test::read_text;
using asor::test::TempDir;

TEST_CASE("atomic writing leaves the old file or the new one, never a partial one",
          "[atomic_file]") {
    const TempDir dir;
    const std::string path = dir.file("out.mtx");
    asor::write_file_atomically(path, [](std::ostream& out) { out << "old\n"; });
    REQUIRE(read_text(path) == "old\n");

    SECTION("a writer that throws leaves the old file and no temporary file") {
        CHECK_THROWS_AS(asor::write_file_atomically(path,
                                                    [](std::ostream& out) {
                                                        out << "partial";
                                                        throw std::runtime_error("interrupted");
                                                    }),
                        std::runtime_error);
        CHECK(read_text(path) == "old\n");
        CHECK(dir.entries() == 1);
    }
    SECTION("a successful write replaces the file") {
        asor::write_file_atomically(path, [](std::ostream& out) { out << "new\n"; });
        CHECK(read_text(path) == "new\n");
        CHECK(dir.entries() == 1);
    }
    SECTION("a missing directory is an io error naming the path") {
        const std::string bad = dir.file("missing/x.mtx");
        CHECK(error_of([&] { asor::write_matrix(bad, CsrMatrix{}); }, ErrorKind::io) ==
              bad + ": cannot write (No such file or directory)");
        CHECK(error_of([&] { asor::check_writable(bad); }, ErrorKind::io) ==
              bad + ": cannot write (No such file or directory)");
    }
    SECTION("check_writable leaves nothing behind") {
        asor::check_writable(dir.file("new.mtx"));
        asor::check_writable("-");
        CHECK(dir.entries() == 1);
    }
}

namespace {

bool blocked(int signal) {
    sigset_t mask;
    pthread_sigmask(SIG_SETMASK, nullptr, &mask);
    return sigismember(&mask, signal) == 1;
}

}  // namespace

// It defers SIGINT and SIGTERM while its probe file exists (the stress test
// tests/stress/signals.sh interrupts the CLI at that moment); afterwards the
// signal mask is the caller's again.
TEST_CASE("check_writable leaves the caller's signal mask as it found it", "[atomic_file]") {
    const TempDir dir;
    REQUIRE_FALSE(blocked(SIGINT));
    REQUIRE_FALSE(blocked(SIGTERM));
    asor::check_writable(dir.file("new.mtx"));
    CHECK_FALSE(blocked(SIGINT));
    CHECK_FALSE(blocked(SIGTERM));
    CHECK_THROWS(asor::check_writable(dir.file("missing/x.mtx")));
    CHECK_FALSE(blocked(SIGINT));
    CHECK_FALSE(blocked(SIGTERM));
}

TEST_CASE("a signal handler can remove the temporary file of an unfinished write",
          "[atomic_file]") {
    const TempDir dir;
    const std::string path = dir.file("x.mtx");
    asor::remove_unfinished_temporary_file();  // none in progress: nothing happens
    std::size_t during = 0;
    std::size_t after_removal = 0;
    const std::string message = error_of(
        [&] {
            asor::write_file_atomically(path, [&](std::ostream& out) {
                out << "partial";
                during = dir.entries();  // the temporary file
                asor::remove_unfinished_temporary_file();
                after_removal = dir.entries();
            });
        },
        ErrorKind::io);
    CHECK(during == 1);
    CHECK(after_removal == 0);
    // Had the process gone on, the write would fail, and say so.
    CHECK_THAT(message, Catch::Matchers::Contains("x.mtx: cannot write"));
    CHECK(dir.entries() == 0);
    SECTION("a finished write is out of its reach") {
        asor::write_file_atomically(path, [](std::ostream& out) { out << "done\n"; });
        asor::remove_unfinished_temporary_file();
        CHECK(read_text(path) == "done\n");
    }
}

TEST_CASE("a symbolic link stays a link: its target gets the new contents", "[atomic_file]") {
    const TempDir dir;
    const std::string target = dir.file("data.mtx");
    const std::string link = dir.file("latest.mtx");
    asor::write_file_atomically(target, [](std::ostream& out) { out << "old\n"; });
    REQUIRE(::symlink("data.mtx", link.c_str()) == 0);  // relative, as users make them
    asor::check_writable(link);
    asor::write_file_atomically(link, [](std::ostream& out) { out << "new\n"; });
    struct stat info {};
    REQUIRE(::lstat(link.c_str(), &info) == 0);
    CHECK(S_ISLNK(info.st_mode));
    CHECK(read_text(target) == "new\n");
    CHECK(dir.entries() == 2);
}

TEST_CASE("a FIFO (or a device, /dev/null) is written in place, never replaced", "[atomic_file]") {
    const TempDir dir;
    const std::string fifo = dir.file("pipe");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::string received;
    std::thread reader([&] { received = read_text(fifo); });
    asor::check_writable(fifo);
    asor::write_file_atomically(fifo, [](std::ostream& out) { out << "through\n"; });
    reader.join();
    CHECK(received == "through\n");
    struct stat info {};
    REQUIRE(::lstat(fifo.c_str(), &info) == 0);
    CHECK(S_ISFIFO(info.st_mode));
    CHECK(dir.entries() == 1);
    asor::check_writable("/dev/null");  // no probe file beside it, so no root needed
}
