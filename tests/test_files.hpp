// Test helpers for files: temporary directories, file contents, and the
// message of an expected asor::Error.
#pragma once

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "asor/error.hpp"

namespace asor::test {

/// The message of the asor::Error `read` throws; checks its kind.
template <class Read>
inline std::string error_of(Read read, ErrorKind kind = ErrorKind::input) {
    try {
        read();
    } catch (const Error& e) {
        CHECK(e.kind() == kind);
        return e.what();
    }
    FAIL("no asor::Error was thrown");
    return {};
}

/// A fresh empty directory, removed at the end of the test.
class TempDir {
  public:
    TempDir() {
        static int counter = 0;
        path_ = std::filesystem::temp_directory_path() /
                ("asor_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    [[nodiscard]] std::string file(const std::string& name) const {
        return (path_ / name).string();
    }
    [[nodiscard]] std::size_t entries() const {
        return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(path_),
                                                      std::filesystem::directory_iterator()));
    }

  private:
    std::filesystem::path path_;
};

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace asor::test
