// asor (internal): reading text one physical line at a time, fast.
#include "line_reader.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "asor/error.hpp"

namespace asor::detail {

LineReader::LineReader(Source source, std::string name)
    : source_(std::move(source)),
      name_(std::move(name)),
      buffer_(std::make_unique_for_overwrite<char[]>(first_block_bytes)) {}

bool LineReader::next(std::string_view& line) {
    if (bytes_consumed() >= stop_at_) return false;
    for (;;) {
        const char* first = buffer_.get() + begin_;
        const std::size_t available = end_ - begin_;
        const auto* newline = static_cast<const char*>(std::memchr(first, '\n', available));
        if (newline != nullptr || (eof_ && available > 0)) {
            const char* last = newline != nullptr ? newline : first + available;
            std::size_t length = static_cast<std::size_t>(last - first);
            if (length > max_line_bytes) break;
            begin_ += length + (newline != nullptr ? 1 : 0);
            if (length > 0 && first[length - 1] == '\r') --length;
            line = std::string_view(first, length);
            ++line_number_;
            return true;
        }
        if (available > max_line_bytes) break;
        if (eof_) return false;
        if (!refill()) eof_ = true;
    }
    fail_at(line_number_ + 1, "line too long (expected at most " + std::to_string(max_line_bytes) +
                                  " bytes per line)");
}

void LineReader::reserve(std::size_t bytes) {
    const std::size_t capacity = std::min(bytes, block_bytes);
    if (capacity <= capacity_ || end_ > 0) return;
    buffer_ = std::make_unique_for_overwrite<char[]>(capacity);
    capacity_ = capacity;
}

bool LineReader::refill() {
    // Move the partial line to the front (of a buffer twice as large if the
    // last read filled it), then fill the rest of the buffer.
    const std::size_t carry = end_ - begin_;
    if (end_ == capacity_ && capacity_ < block_bytes) {
        const std::size_t capacity = std::min(2 * capacity_, block_bytes);
        auto larger = std::make_unique_for_overwrite<char[]>(capacity);
        std::memcpy(larger.get(), buffer_.get() + begin_, carry);
        buffer_ = std::move(larger);
        capacity_ = capacity;
    } else if (begin_ > 0) {
        std::memmove(buffer_.get(), buffer_.get() + begin_, carry);
    }
    bytes_before_buffer_ += begin_;
    begin_ = 0;
    end_ = carry;
    const std::size_t got = source_(buffer_.get() + end_, capacity_ - end_);
    end_ += got;
    return got > 0;
}

void LineReader::fail_at(std::int64_t line, const std::string& what) const {
    throw Error(ErrorKind::input, name_ + ":" + std::to_string(line) + ": " + what);
}

void LineReader::fail(const std::string& what) const {
    fail_at(line_number_ > 0 ? line_number_ : 1, what);
}

std::string quote(std::string_view text) {
    constexpr std::size_t max_shown = 40;
    std::string out = "'";
    for (std::size_t i = 0; i < text.size() && i < max_shown; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            constexpr const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        }
    }
    if (text.size() > max_shown) out += "...";
    return out + "'";
}

}  // namespace asor::detail
