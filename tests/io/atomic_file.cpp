// Specification of atomic file writing (asor/detail/atomic_file.hpp).
#include "asor/detail/atomic_file.hpp"

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <latch>
#include <mutex>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

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

namespace {

// What for_each_unfinished_temporary_file hands out, gathered by a plain
// function as a signal handler's would be.
std::mutex seen_mutex;
std::vector<std::string> seen_names;
void record_name(const char* name) {
    const std::lock_guard lock(seen_mutex);
    seen_names.emplace_back(name);
}
std::vector<std::string> unfinished_names() {
    {
        const std::lock_guard lock(seen_mutex);
        seen_names.clear();
    }
    asor::for_each_unfinished_temporary_file(record_name);
    const std::lock_guard lock(seen_mutex);
    return seen_names;
}

// A temporary file asor makes beside `path`: path.PID.N.tmp.
bool is_temporary_of(const std::string& name, const std::string& path) {
    static const std::regex suffix(R"(\.[0-9]+\.[0-9]+\.tmp)");
    return name.starts_with(path + ".") && std::regex_match(name.substr(path.size()), suffix);
}

}  // namespace

// Tagged [engine] so that ThreadSanitizer runs these two as well.
TEST_CASE("a signal handler finds the temporary files of concurrent writes, each one whole",
          "[atomic_file][engine]") {
    const TempDir dir;
    constexpr int kWriters = 4;
    std::vector<std::string> paths;
    for (int w = 0; w < kWriters; ++w) {
        paths.push_back(dir.file("out" + std::string(std::size_t(w) * 7, 'w') + ".mtx"));
    }
    std::latch all_writing(kWriters + 1);
    std::latch handler_done(1);
    std::atomic<int> failed{0};
    std::vector<std::thread> writers;
    for (const std::string& path : paths) {
        writers.emplace_back([&, path] {
            try {
                asor::write_file_atomically(path, [&](std::ostream& out) {
                    out << "partial";
                    all_writing.count_down();
                    handler_done.wait();
                });
            } catch (const asor::Error&) {
                failed.fetch_add(1);  // its temporary file was removed under it
            }
        });
    }
    all_writing.arrive_and_wait();
    const std::vector<std::string> names = unfinished_names();
    CHECK(dir.entries() == kWriters);
    asor::remove_unfinished_temporary_file();
    CHECK(dir.entries() == 0);
    handler_done.count_down();
    for (std::thread& t : writers) t.join();

    REQUIRE(names.size() == kWriters);
    for (const std::string& path : paths) {
        CHECK(std::count_if(names.begin(), names.end(), [&](const std::string& name) {
                  return is_temporary_of(name, path);
              }) == 1);
    }
    CHECK(failed.load() == kWriters);
    CHECK(unfinished_names().empty());
}

TEST_CASE("a signal handler racing writes that start and end never sees a torn name",
          "[atomic_file][engine]") {
    const TempDir dir;
    // Names of different lengths, so that a half-copied one would show.
    const std::vector<std::string> paths = {dir.file("a.mtx"), dir.file("bbbbbbbbbbbbbbbbbbbb.mtx"),
                                            dir.file("cccccccccccccccccccccccccccccccccccc.mtx")};
    const std::string bystander = dir.file("bystander.mtx");
    asor::write_file_atomically(bystander, [](std::ostream& out) { out << "keep\n"; });
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (const std::string& path : paths) {
        writers.emplace_back([&, path] {
            while (!stop.load(std::memory_order_relaxed)) {
                try {
                    asor::write_file_atomically(path, [](std::ostream& out) { out << "x\n"; });
                } catch (const asor::Error&) {
                    // the "handler" removed its temporary file: expected
                }
            }
        });
    }
    std::set<std::string> torn;
    std::set<std::string> seen;
    // Until it has caught a hundred writes in progress (or 10 s passed).
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (int round = 0; seen.size() < 100 && std::chrono::steady_clock::now() < give_up; ++round) {
        for (const std::string& name : unfinished_names()) {
            seen.insert(name);
            const bool whole = std::any_of(paths.begin(), paths.end(), [&](const std::string& p) {
                return is_temporary_of(name, p);
            });
            if (!whole) torn.insert(name);
        }
        if (round % 4 == 0) asor::remove_unfinished_temporary_file();
    }
    stop = true;
    for (std::thread& t : writers) t.join();
    CHECK(torn.empty());
    CHECK(seen.size() >= 100);
    CHECK(read_text(bystander) == "keep\n");
    for (const std::string& path : paths) {
        const std::string text = read_text(path);
        CHECK((text.empty() || text == "x\n"));  // never written, or whole
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir.file(""))) {
        const std::string name = entry.path().string();
        CHECK((name == bystander || std::count(paths.begin(), paths.end(), name) == 1));
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
