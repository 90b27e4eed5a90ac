// asor (internal): a regular file's body cut into parts that threads read at once.
#include "body_chunks.hpp"

#include <exception>
#include <string_view>
#include <thread>

namespace asor::detail {

std::vector<BodyChunk> cut_body(std::uint64_t body, std::uint64_t total, std::size_t count) {
    std::vector<BodyChunk> chunks(count);
    const std::uint64_t bytes = total > body ? total - body : 0;
    for (std::size_t k = 0; k < count; ++k) {
        chunks[k].begin = body + bytes * k / count;
        chunks[k].end = body + bytes * (k + 1) / count;
    }
    chunks.back().end = total;
    return chunks;
}

LineReader chunk_lines(const std::function<LineReader(std::uint64_t)>& reread,
                       const BodyChunk& chunk) {
    // From the byte before the chunk: the line read first ends at the first
    // newline there or after, so the next starts in the chunk (or later).
    // For the first chunk that byte ends the size line: nothing is skipped.
    const std::uint64_t from = chunk.begin - 1;
    LineReader reader = reread(from);
    reader.reserve(chunk.end - from + 1);
    std::string_view cut;
    reader.next(cut);
    reader.stop_at(chunk.end - from);
    return reader;
}

void read_each(std::size_t count, const std::function<void(std::size_t)>& read) {
    std::vector<std::exception_ptr> failures(count);
    const auto guarded = [&](std::size_t k) {
        try {
            read(k);
        } catch (...) {
            failures[k] = std::current_exception();
        }
    };
    {
        std::vector<std::jthread> threads;
        threads.reserve(count > 0 ? count - 1 : 0);
        for (std::size_t k = 1; k < count; ++k) threads.emplace_back(guarded, k);
        if (count > 0) guarded(0);
    }
    for (const auto& failure : failures) {
        if (failure) std::rethrow_exception(failure);
    }
}

}  // namespace asor::detail
