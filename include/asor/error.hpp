// asor: the one error type the library throws.
#pragma once

#include <stdexcept>
#include <string>

namespace asor {

/// What went wrong, so that a front end can choose its reaction (the CLI
/// exits 2 for every kind; a library user may retry I/O but not bad input).
enum class ErrorKind {
    input,  ///< malformed or inconsistent data: a file, a matrix, a vector
    usage,  ///< an option or parameter outside its range, an unknown name, a bad ASOR_MEMORY_LIMIT
    io,     ///< a file that cannot be opened, read or written
};

/// The only exception type the library throws on purpose (besides
/// std::bad_alloc, and whatever a caller's callback throws, which passes
/// through unchanged). what() is a complete message ready to show a user; for
/// file input it has the form `FILE:LINE: what is wrong (what was expected)`.
class Error : public std::runtime_error {
  public:
    /// `message` becomes what(). Throws std::bad_alloc if it cannot be copied.
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}

    /// The kind given at construction.
    [[nodiscard]] ErrorKind kind() const noexcept { return kind_; }

  private:
    ErrorKind kind_;
};

}  // namespace asor
