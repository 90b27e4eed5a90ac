// asor (internal): reading gzip-compressed text as if it were plain.
#pragma once

#include <string>

#include "line_reader.hpp"

namespace asor::detail {

/// True if `bytes` start a gzip stream (the magic bytes 1f 8b).
bool starts_gzip(const char* bytes, std::size_t size) noexcept;

/// A source that passes `raw` through unchanged, or inflates it if its first
/// bytes are gzip's magic (by content, whatever the name; concatenated
/// members are read one after the other). Throws asor::Error (input) naming
/// `name` for corrupt or truncated compressed data.
LineReader::Source decompressing_source(LineReader::Source raw, std::string name);

}  // namespace asor::detail
