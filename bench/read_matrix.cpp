// Matrix Market reader throughput and memory.
//
// Three files of the same matrix, the 7-point stencil of a 100^3 grid
// (n = 1,000,000, 6,940,000 non-zeros) with random values of full
// precision, each read `repeats` times:
//
//   general     `coordinate real general` by write_matrix (about 234 MB),
//               rows in order: read in two passes.
//   symmetric   the lower triangle, `symmetric` (about 133 MB).
//   duplicated  every entry line written twice (`general`, 13,880,000
//               entries, about 468 MB; the matrix read is 2 A): rows out of
//               order for the reader, which takes its third pass.
//
// The files are in the page cache, so the figure is parsing speed, not disk
// speed: with the reader's default threads (one per hardware thread), and
// on one thread, alternating read by read. Peak memory is measured in a fresh process (this
// program re-executed) as VmHWM - VmRSS around one read_matrix, and compared
// with the storage of the resulting CSR matrix.
//
// Usage: bench_read_matrix [file=<temp dir>/bench_read_matrix.mtx] [repeats=5]
// The files are FILE, FILE.symmetric.mtx and FILE.duplicated.mtx; they are
// overwritten, and removed at the end when no path was given.
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "asor/matrix_market.hpp"
#include "bench_common.hpp"

using namespace asor;

namespace {

constexpr const char* measure_memory_flag = "--measure-memory";

/// The 7-point stencil on a g^3 grid, with random values so that each entry
/// is written with up to 17 significant digits, as in real data.
CsrMatrix random_stencil3d(Index g) {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    bench::CsrRowBuilder a(g * g * g, 7);
    for (Index z = 0; z < g; ++z) {
        for (Index y = 0; y < g; ++y) {
            for (Index x = 0; x < g; ++x) {
                const Index k = (z * g + y) * g + x;
                if (z > 0) a.add(k - g * g, -uniform(rng));
                if (y > 0) a.add(k - g, -uniform(rng));
                if (x > 0) a.add(k - 1, -uniform(rng));
                a.add(k, 6.0 + uniform(rng));
                if (x + 1 < g) a.add(k + 1, -uniform(rng));
                if (y + 1 < g) a.add(k + g, -uniform(rng));
                if (z + 1 < g) a.add(k + g * g, -uniform(rng));
                a.end_row();
            }
        }
    }
    return a.finish();
}

/// A field of /proc/self/status in bytes (VmRSS, VmHWM), or -1.
long long status_bytes(const std::string& field) {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind(field + ":", 0) == 0)
            return std::stoll(line.substr(field.size() + 1)) * 1024;
    }
    return -1;
}

/// Child mode: one read_matrix in a fresh process, printing the peak RSS
/// increase and the CSR storage in bytes.
int measure_memory(const std::string& path) {
    const long long before = status_bytes("VmRSS");
    const CsrMatrix a = read_matrix(path);
    const long long peak = status_bytes("VmHWM");
    std::printf("%lld %zu\n", peak - before, a.storage_bytes());
    return 0;
}

/// Runs this program in measure-memory mode and parses its output.
bool run_memory_child(const std::string& path, long long& increase, std::size_t& storage) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return false;
    std::fflush(stdout);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(pipe_fds[1], STDOUT_FILENO);
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        ::execl("/proc/self/exe", "bench_read_matrix", measure_memory_flag, path.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(pipe_fds[1]);
    char buffer[128] = {};
    const ssize_t n = pid > 0 ? ::read(pipe_fds[0], buffer, sizeof buffer - 1) : -1;
    ::close(pipe_fds[0]);
    int status = 0;
    if (pid > 0) ::waitpid(pid, &status, 0);
    return n > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
           std::sscanf(buffer, "%lld %zu", &increase, &storage) == 2;
}

/// Writes `a` as `coordinate real general` with every entry line twice:
/// duplicates the reader must sum, in an order that is not sorted.
void write_duplicated(const std::string& path, const CsrMatrix& a) {
    std::ofstream out(path, std::ios::binary);
    out << "%%MatrixMarket matrix coordinate real general\n"
        << a.rows << ' ' << a.cols << ' ' << 2 * a.nnz() << '\n';
    char line[80];
    for (Index r = 0; r < a.rows; ++r) {
        for (Offset k = a.row_offsets[r]; k < a.row_offsets[r + 1]; ++k) {
            char* end = std::to_chars(line, line + 32, r + 1).ptr;
            *end++ = ' ';
            end = std::to_chars(end, end + 16, a.col_indices[k] + 1).ptr;
            *end++ = ' ';
            end = std::to_chars(end, end + 32, a.values[k]).ptr;
            *end++ = '\n';
            out.write(line, end - line);
            out.write(line, end - line);
        }
    }
    if (!out.flush()) throw std::runtime_error("cannot write " + path);
}

/// Memory and speed of read_matrix on one file.
void measure(const char* label, const std::string& path, int repeats) {
    const double megabytes = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
    std::printf("%s: %s, %.1f MB\n", label, path.c_str(), megabytes);
    long long increase = 0;
    std::size_t storage = 0;
    if (run_memory_child(path, increase, storage)) {
        std::printf("  memory: peak RSS increase %.1f MB, CSR storage %.1f MB, ratio %.2f\n",
                    static_cast<double>(increase) / 1e6, static_cast<double>(storage) / 1e6,
                    static_cast<double>(increase) / static_cast<double>(storage));
    } else {
        std::printf("  memory: measurement failed\n");
    }
    // The reader as it reads by default (one thread per hardware thread)
    // and on one thread, alternating.
    std::vector<double> seconds[2];
    for (int i = 0; i < repeats; ++i) {
        for (int one_thread = 0; one_thread < 2; ++one_thread) {
            const auto start = std::chrono::steady_clock::now();
            const CsrMatrix a = read_matrix(path, {.threads = one_thread != 0 ? 1 : 0});
            seconds[one_thread].push_back(bench::seconds_since(start));
            if (a.nnz() == 0) std::exit(1);
        }
    }
    for (int one_thread = 0; one_thread < 2; ++one_thread) {
        const bench::Summary s = bench::summarize(seconds[one_thread]);
        std::printf(
            "  read_matrix x%d, %s: median %.3f s (%.0f MB/s), min %.3f s (%.0f MB/s), max "
            "%.3f s\n",
            repeats, one_thread ? "one thread" : "default threads", s.median, megabytes / s.median,
            s.min, megabytes / s.min, s.max);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[1]) == measure_memory_flag) return measure_memory(argv[2]);

    const bool temporary = argc < 2;
    const std::string path =
        temporary ? (std::filesystem::temp_directory_path() / "bench_read_matrix.mtx").string()
                  : argv[1];
    const std::string symmetric_path = path + ".symmetric.mtx";
    const std::string duplicated_path = path + ".duplicated.mtx";
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;

    std::printf("machine: %s\n", bench::machine_description().c_str());
    {
        const CsrMatrix a = random_stencil3d(100);
        const auto start = std::chrono::steady_clock::now();
        write_matrix(path, a);
        write_matrix(symmetric_path, a, {.symmetric = true, .comment = {}});
        write_duplicated(duplicated_path, a);
        std::printf("wrote the files of a %d x %d matrix with %lld entries in %.2f s\n", a.rows,
                    a.cols, static_cast<long long>(a.nnz()), bench::seconds_since(start));
    }
    measure("general", path, repeats);
    measure("symmetric", symmetric_path, repeats);
    measure("duplicated", duplicated_path, repeats);
    if (temporary) {
        for (const std::string& p : {path, symmetric_path, duplicated_path}) {
            std::filesystem::remove(p);
        }
    }
    return 0;
}
