// asor: checkpoints, so that a long solve survives being killed.
#include "asor/detail/checkpoint.hpp"

#include <sys/stat.h>

#include <charconv>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>

#include "asor/detail/atomic_file.hpp"
#include "asor/error.hpp"
#include "asor/matrix_market.hpp"
#include "io/json.hpp"

namespace asor {

namespace {

using detail::json_number;

constexpr std::string_view kFormat = "asor checkpoint 1";

std::string sidecar_json(const std::string& path, const CheckpointInfo& info) {
    detail::JsonObject o("");
    o.string("format", kFormat);
    o.string("x", path);
    o.string("matrix", info.matrix_path);
    o.raw("matrix_bytes", json_number(info.matrix_bytes));
    o.string("rhs", info.rhs_path);
    o.raw("rhs_bytes", json_number(info.rhs_bytes));
    o.raw("n", json_number(std::int64_t{info.rows}));
    o.raw("nnz", json_number(std::int64_t{info.nonzeros}));
    o.string("method", info.method);
    o.raw("omega", json_number(info.omega));
    o.raw("tol", json_number(info.tolerance));
    o.raw("threads", json_number(std::int64_t{info.threads}));
    o.raw("sweeps", json_number(info.sweeps));
    o.raw("estimated_residual", json_number(info.estimated_residual));
    o.raw("elapsed_seconds", json_number(info.elapsed_seconds));
    return o.close() + "\n";
}

// Reads the one-level JSON object the sidecar is: names to raw values
// (strings unescaped, numbers and literals as written). Only what
// sidecar_json writes is accepted; anything else is "not a sidecar".
class SidecarParser {
  public:
    SidecarParser(std::string_view text, std::string name) : text_(text), name_(std::move(name)) {}

    std::map<std::string, std::string, std::less<>> parse() {
        std::map<std::string, std::string, std::less<>> fields;
        expect('{');
        if (peek() == '}') return fields;
        for (;;) {
            std::string key = string();
            expect(':');
            fields[std::move(key)] = peek() == '"' ? string() : literal();
            if (peek() == '}') break;
            expect(',');
        }
        expect('}');
        if (peek() != '\0') fail("text after the object");
        return fields;
    }

  private:
    char peek() {
        while (pos_ < text_.size() &&
               std::string_view(" \t\r\n").find(text_[pos_]) != std::string_view::npos) {
            ++pos_;
        }
        return pos_ < text_.size() ? text_[pos_] : '\0';
    }
    void expect(char c) {
        if (peek() != c) fail(std::string("expected '") + c + "'");
        ++pos_;
    }
    std::string string() {
        expect('"');
        std::string out;
        while (pos_ < text_.size() && text_[pos_] != '"') {
            char c = text_[pos_++];
            if (c == '\\') {
                if (pos_ >= text_.size()) break;
                const char e = text_[pos_++];
                const std::string_view escapes = "\"\\/ntr";
                const std::string_view meanings = "\"\\/\n\t\r";
                const std::size_t k = escapes.find(e);
                if (k != std::string_view::npos) {
                    c = meanings[k];
                } else if (e == 'u' && pos_ + 4 <= text_.size()) {
                    unsigned code = 0;
                    std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, code, 16);
                    pos_ += 4;
                    if (code >= 0x80) fail("non-ASCII \\u escape");
                    c = static_cast<char>(code);
                } else {
                    fail("bad escape in a string");
                }
            }
            out += c;
        }
        expect('"');
        return out;
    }
    std::string literal() {
        peek();
        const std::size_t first = pos_;
        while (pos_ < text_.size() &&
               std::string_view(",} \t\r\n").find(text_[pos_]) == std::string_view::npos) {
            ++pos_;
        }
        if (pos_ == first) fail("expected a value");
        return std::string(text_.substr(first, pos_ - first));
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw Error(ErrorKind::input, name_ + ": not an asor checkpoint sidecar (" + what +
                                          " at byte " + std::to_string(pos_) + ")");
    }

    std::string_view text_;
    std::string name_;
    std::size_t pos_ = 0;
};

template <class Number>
Number number_field(const std::map<std::string, std::string, std::less<>>& fields,
                    std::string_view key, const std::string& name) {
    const auto it = fields.find(key);
    Number value{};
    if (it != fields.end()) {
        const std::string& text = it->second;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc() && ptr == text.data() + text.size()) return value;
        if (text == "null") return value;
    }
    throw Error(ErrorKind::input,
                name + ": not an asor checkpoint sidecar (no number \"" + std::string(key) + "\")");
}

std::string string_field(const std::map<std::string, std::string, std::less<>>& fields,
                         std::string_view key, const std::string& name) {
    const auto it = fields.find(key);
    if (it == fields.end()) {
        throw Error(ErrorKind::input,
                    name + ": not an asor checkpoint sidecar (no \"" + std::string(key) + "\")");
    }
    return it->second;
}

}  // namespace

std::string checkpoint_sidecar_path(const std::string& path) { return path + ".json"; }

void write_checkpoint(const std::string& path, std::span<const double> x,
                      const CheckpointInfo& info) {
    write_vector(path, x,
                 "asor checkpoint: " + std::to_string(info.sweeps) +
                     " sweeps, estimated residual " + json_number(info.estimated_residual) +
                     " (see " + checkpoint_sidecar_path(path) + ")");
    const std::string json = sidecar_json(path, info);
    write_file_atomically(checkpoint_sidecar_path(path), [&](std::ostream& out) { out << json; });
}

CheckpointInfo read_checkpoint_info(const std::string& path) {
    const std::string name = checkpoint_sidecar_path(path);
    std::ifstream in(name, std::ios::binary);
    if (!in) throw Error(ErrorKind::io, name + ": cannot open (no checkpoint sidecar)");
    std::ostringstream text;
    text << in.rdbuf();
    const auto fields = SidecarParser(text.str(), name).parse();
    if (string_field(fields, "format", name) != kFormat) {
        throw Error(ErrorKind::input, name + ": not an asor checkpoint sidecar (format is not '" +
                                          std::string(kFormat) + "')");
    }
    CheckpointInfo info;
    info.matrix_path = string_field(fields, "matrix", name);
    info.matrix_bytes = number_field<std::uint64_t>(fields, "matrix_bytes", name);
    info.rhs_path = string_field(fields, "rhs", name);
    info.rhs_bytes = number_field<std::uint64_t>(fields, "rhs_bytes", name);
    info.rows = number_field<Index>(fields, "n", name);
    info.nonzeros = number_field<Offset>(fields, "nnz", name);
    info.method = string_field(fields, "method", name);
    info.omega = number_field<double>(fields, "omega", name);
    info.tolerance = number_field<double>(fields, "tol", name);
    info.threads = number_field<int>(fields, "threads", name);
    info.sweeps = number_field<std::uint64_t>(fields, "sweeps", name);
    info.estimated_residual = number_field<double>(fields, "estimated_residual", name);
    info.elapsed_seconds = number_field<double>(fields, "elapsed_seconds", name);
    return info;
}

std::uint64_t file_size_or_zero(const std::string& path) {
    struct stat info {};
    if (path == "-" || ::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return 0;
    return static_cast<std::uint64_t>(info.st_size);
}

}  // namespace asor
