// asor (internal): a regular file's body cut into parts that threads read at
// once, as fast_matrix_market's read_body_threads does: each part is the
// lines that start in a byte range, so a thread finds its own first line
// (after the first newline before its range) without reading the part
// before it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "line_reader.hpp"

namespace asor::detail {

/// The lines of a file that start at byte offsets in [begin, end).
struct BodyChunk {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
};

/// A reader of the lines of chunk k of a body (chunk_lines).
using ChunkReader = std::function<LineReader(std::size_t chunk)>;

/// Cuts the bytes [body, total) into `count` (>= 1) chunks of about equal
/// size; the first begins at `body` exactly, the last ends at `total`.
std::vector<BodyChunk> cut_body(std::uint64_t body, std::uint64_t total, std::size_t count);

/// A reader of the lines of `chunk`, from `reread(offset)` (a reader of the
/// file from that byte on, as TextInput::reread); `chunk.begin` must be at
/// least 1, as a body's is. A chunk that begins inside a line skips it: that
/// line belongs to the chunk before. Line
/// numbers count from the reader's start, so they are not the file's: a
/// chunk's errors are for deciding, not for messages. Throws asor::Error for
/// a read error or a line too long.
LineReader chunk_lines(const std::function<LineReader(std::uint64_t)>& reread,
                       const BodyChunk& chunk);

/// Runs read(k) for each k in [0, count), at once: count - 1 new threads
/// and the caller's. Waits for all, then rethrows the exception of the
/// lowest k that threw, if any.
void read_each(std::size_t count, const std::function<void(std::size_t)>& read);

}  // namespace asor::detail
