// asor (internal): reading text one physical line at a time, fast.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace asor::detail {

/// Splits a byte source into lines, reading it in large blocks and carrying a
/// partial line over to the next block. The buffer starts at
/// `first_block_bytes` and doubles whenever a read fills it, up to
/// `block_bytes`, so that a small input costs a small buffer (the readers of
/// b and x0, the fuzzer). Tracks the 1-based physical line
/// number for error messages and refuses lines longer than `max_line_bytes`.
/// Not thread-safe.
class LineReader {
  public:
    /// Fills `buffer` with up to `size` bytes and returns how many; 0 means the
    /// end of the input. Throws asor::Error (io) on a read error.
    using Source = std::function<std::size_t(char* buffer, std::size_t size)>;

    static constexpr std::size_t first_block_bytes = std::size_t{4} << 10;
    static constexpr std::size_t block_bytes = std::size_t{2} << 20;
    static constexpr std::size_t max_line_bytes = std::size_t{1} << 20;

    /// `name` is the file name used in error messages.
    LineReader(Source source, std::string name);

    /// Gets the next line without its terminator ("\n" or "\r\n"); the view
    /// stays valid until the next call. Returns false at the end of the input.
    /// Throws asor::Error (input) for a line longer than max_line_bytes.
    bool next(std::string_view& line);

    /// 1-based number of the last line returned by next() (0 before the first).
    [[nodiscard]] std::int64_t line_number() const noexcept { return line_number_; }

    /// Before the first line: takes a buffer of `bytes` (at most
    /// block_bytes) at once, for an input known to be that large, instead of
    /// doubling up to it (the buffers left behind would stay resident).
    void reserve(std::size_t bytes);

    /// From now on next() returns false once the next line would start at
    /// or after byte `offset` of the input (counted as bytes_consumed()):
    /// the reader of one part of a file that several threads read at once.
    void stop_at(std::uint64_t offset) noexcept { stop_at_ = offset; }

    /// Bytes of the input up to the end of the last line returned.
    [[nodiscard]] std::uint64_t bytes_consumed() const noexcept {
        return bytes_before_buffer_ + static_cast<std::uint64_t>(begin_);
    }

    [[nodiscard]] const std::string& name() const noexcept { return name_; }

    /// Throws asor::Error (input) "NAME:LINE: what" for the line `line`.
    [[noreturn]] void fail_at(std::int64_t line, const std::string& what) const;

    /// Same, for the last line returned (line 1 before the first).
    [[noreturn]] void fail(const std::string& what) const;

  private:
    bool refill();

    Source source_;
    std::string name_;
    std::unique_ptr<char[]> buffer_;  // capacity_ bytes, not zeroed
    std::size_t capacity_ = first_block_bytes;
    std::size_t begin_ = 0;  ///< start of the unread bytes in buffer_
    std::size_t end_ = 0;    ///< end of the valid bytes in buffer_
    std::uint64_t bytes_before_buffer_ = 0;
    std::int64_t line_number_ = 0;
    bool eof_ = false;
    std::uint64_t stop_at_ = UINT64_MAX;
};

/// Quotes `text` for an error message: at most 40 characters, with control
/// and non-ASCII bytes shown as \xNN.
std::string quote(std::string_view text);

}  // namespace asor::detail
