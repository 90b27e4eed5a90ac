#include "gzip_source.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "asor/error.hpp"

namespace asor::detail {

namespace {

constexpr std::size_t kInputBytes = std::size_t{1} << 16;

// The state behind one decompressing source (std::function needs a copyable
// callable, so the lambda shares it).
class Decompressor {
  public:
    Decompressor(LineReader::Source raw, std::string name)
        : raw_(std::move(raw)), name_(std::move(name)), input_(kInputBytes) {}
    Decompressor(const Decompressor&) = delete;
    Decompressor& operator=(const Decompressor&) = delete;
    ~Decompressor() {
        if (mode_ == Mode::gzip) inflateEnd(&stream_);
    }

    std::size_t read(char* buffer, std::size_t size) {
        if (mode_ == Mode::unknown) detect();
        if (mode_ == Mode::plain) return read_plain(buffer, size);
        return inflate_into(buffer, size);
    }

  private:
    enum class Mode { unknown, plain, gzip };

    [[noreturn]] void fail(const std::string& what) const {
        throw Error(ErrorKind::input, name_ + ": " + what);
    }

    // Reads until two bytes are known (or the input ends), then decides.
    void detect() {
        while (held_ < 2) {
            const std::size_t got = raw_(input_.data() + held_, input_.size() - held_);
            if (got == 0) break;
            held_ += got;
        }
        if (!starts_gzip(input_.data(), held_)) {
            mode_ = Mode::plain;
            return;
        }
        mode_ = Mode::gzip;
        std::memset(&stream_, 0, sizeof stream_);
        if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) fail("cannot start gzip decompression");
        stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
        stream_.avail_in = static_cast<uInt>(held_);
    }

    std::size_t read_plain(char* buffer, std::size_t size) {
        if (offset_ < held_) {  // the bytes read to detect the format come first
            const std::size_t n = std::min(size, held_ - offset_);
            std::memcpy(buffer, input_.data() + offset_, n);
            offset_ += n;
            return n;
        }
        return raw_(buffer, size);
    }

    std::size_t inflate_into(char* buffer, std::size_t size) {
        const auto wanted = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
        stream_.next_out = reinterpret_cast<Bytef*>(buffer);
        stream_.avail_out = wanted;
        while (stream_.avail_out > 0 && !finished_) {
            if (stream_.avail_in == 0) refill();
            const int status = inflate(&stream_, Z_NO_FLUSH);
            if (status == Z_STREAM_END) {
                // Another member may follow (files joined with cat).
                if (stream_.avail_in == 0) refill();
                if (stream_.avail_in == 0) {
                    finished_ = true;
                } else {
                    inflateReset(&stream_);
                }
            } else if (status == Z_BUF_ERROR && stream_.avail_in == 0 && raw_ended_) {
                fail("truncated gzip data (the compressed file ends early)");
            } else if (status != Z_OK && status != Z_BUF_ERROR) {
                fail(std::string("corrupt gzip data (") +
                     (stream_.msg != nullptr ? stream_.msg : "zlib error") + ")");
            }
            if (stream_.avail_out < wanted) break;  // something to hand over
        }
        return wanted - stream_.avail_out;
    }

    // More compressed bytes, unless the raw input has ended.
    void refill() {
        if (raw_ended_) return;
        const std::size_t got = raw_(input_.data(), input_.size());
        raw_ended_ = got == 0;
        stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
        stream_.avail_in = static_cast<uInt>(got);
    }

    LineReader::Source raw_;
    std::string name_;
    std::vector<char> input_;
    std::size_t held_ = 0;    // bytes read while detecting
    std::size_t offset_ = 0;  // of those, already handed over (plain)
    Mode mode_ = Mode::unknown;
    z_stream stream_{};
    bool raw_ended_ = false;
    bool finished_ = false;
};

}  // namespace

bool starts_gzip(const char* bytes, std::size_t size) noexcept {
    return size >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
           static_cast<unsigned char>(bytes[1]) == 0x8b;
}

LineReader::Source decompressing_source(LineReader::Source raw, std::string name) {
    auto state = std::make_shared<Decompressor>(std::move(raw), std::move(name));
    return [state](char* buffer, std::size_t size) { return state->read(buffer, size); };
}

}  // namespace asor::detail
