// asor (internal): whitespace-separated tokens and numbers in one text line.
//
// Shared by every reader of Matrix Market text, so that the size line, the
// coordinate entries and the dense values are all parsed by the same code.
// Numbers are parsed in place with std::from_chars; nothing allocates.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <system_error>

namespace asor::detail {

/// Space and tab separate tokens (a trailing '\r' is removed by LineReader).
[[nodiscard]] inline bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

/// Why a token is not the number that was expected.
enum class NumberStatus {
    ok,
    missing,       ///< no token left on the line
    invalid,       ///< not a number of the expected kind, or trailing characters
    out_of_range,  ///< does not fit the type (or a double over/underflows)
    not_finite,    ///< "nan", "inf", "infinity"
};

/// A cursor over the tokens of one line.
class TokenCursor {
  public:
    explicit TokenCursor(std::string_view line) noexcept
        : pos_(line.data()), end_(line.data() + line.size()) {}

    /// True if only blanks remain.
    [[nodiscard]] bool at_end() noexcept {
        skip_blanks();
        return pos_ == end_;
    }

    /// The next token (empty at the end of the line).
    std::string_view next_token() noexcept {
        skip_blanks();
        const char* first = pos_;
        while (pos_ != end_ && !is_blank(*pos_)) ++pos_;
        return {first, static_cast<std::size_t>(pos_ - first)};
    }

    /// Parses a decimal integer (optionally negative) that fits 64 bits.
    NumberStatus parse_integer(std::int64_t& value) noexcept {
        skip_blanks();
        if (pos_ == end_) return NumberStatus::missing;
        const char* first = pos_;
        auto [ptr, ec] = std::from_chars(first, end_, value);
        return finish(ptr, ec);
    }

    /// Parses a finite double in decimal (fixed or scientific) notation; a
    /// leading '+' is accepted.
    NumberStatus parse_real(double& value) noexcept {
        skip_blanks();
        if (pos_ == end_) return NumberStatus::missing;
        const char* first = pos_;
        if (*first == '+' && first + 1 != end_ && first[1] != '-' && first[1] != '+') ++first;
        auto [ptr, ec] = std::from_chars(first, end_, value, std::chars_format::general);
        const NumberStatus status = finish(ptr, ec);
        if (status == NumberStatus::ok && !std::isfinite(value)) return NumberStatus::not_finite;
        return status;
    }

    /// Parses a 1-based index in [1, limit] written with digits only, and
    /// returns it 0-based. Hand-written because it is the innermost loop of
    /// the reader; anything unusual returns `invalid` or `out_of_range`.
    NumberStatus parse_index(std::int64_t limit, std::int64_t& index0) noexcept {
        skip_blanks();
        if (pos_ == end_) return NumberStatus::missing;
        const char* p = pos_;
        std::uint64_t v = 0;
        int digits = 0;
        while (p != end_ && static_cast<unsigned char>(*p - '0') < 10) {
            v = v * 10 + static_cast<unsigned>(*p - '0');
            ++p;
            ++digits;
            if (digits > 18) return NumberStatus::out_of_range;
        }
        if (digits == 0 || (p != end_ && !is_blank(*p))) return NumberStatus::invalid;
        pos_ = p;
        const auto value = static_cast<std::int64_t>(v);
        if (value < 1 || value > limit) return NumberStatus::out_of_range;
        index0 = value - 1;
        return NumberStatus::ok;
    }

  private:
    void skip_blanks() noexcept {
        while (pos_ != end_ && is_blank(*pos_)) ++pos_;
    }

    NumberStatus finish(const char* ptr, std::errc ec) noexcept {
        const bool ends_token = ptr != pos_ && (ptr == end_ || is_blank(*ptr));
        if (ec == std::errc::invalid_argument || !ends_token) return NumberStatus::invalid;
        pos_ = ptr;
        return ec == std::errc::result_out_of_range ? NumberStatus::out_of_range : NumberStatus::ok;
    }

    const char* pos_;
    const char* end_;
};

}  // namespace asor::detail
