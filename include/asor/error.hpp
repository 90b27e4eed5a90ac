// asor: the one error type the library throws.
#pragma once

#include <stdexcept>
#include <string>

namespace asor {

/// What went wrong, so that a front end can choose its reaction (the CLI
/// exits 2 for every kind; a library user may retry I/O but not bad input).
enum class ErrorKind {
    input,  ///< malformed or inconsistent data: a file, a matrix, a vector
    usage,  ///< an option outside its valid range
    io,     ///< a file that cannot be opened, read or written
};

/// The only exception type the library throws on purpose (besides
/// std::bad_alloc). what() is a complete message ready to show a user; for
/// file input it has the form `FILE:LINE: what is wrong (what was expected)`.
class Error : public std::runtime_error {
  public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}

    [[nodiscard]] ErrorKind kind() const noexcept { return kind_; }

  private:
    ErrorKind kind_;
};

}  // namespace asor
