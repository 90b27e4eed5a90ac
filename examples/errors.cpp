// Errors: the library throws asor::Error, whose what() is a message ready for
// a user and whose kind() says what went wrong.
#include <asor/asor.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

int main() {
    const auto dir = std::filesystem::temp_directory_path() / "asor_example_errors";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "bad.mtx").string();
    std::ofstream(path) << "%%MatrixMarket matrix coordinate real general\n"
                           "2 2 2\n"
                           "1 1 4.0\n"
                           "2 3 1.0\n";  // column 3 of a 2 x 2 matrix

    bool input_error = false, usage_error = false;
    try {
        asor::CsrMatrix a = asor::read_matrix(path);
    } catch (const asor::Error& e) {
        std::printf("%s\n", e.what());  // FILE:4: what is wrong (what was expected)
        input_error =
            e.kind() == asor::ErrorKind::input && std::string(e.what()).starts_with(path + ":4:");
    }

    asor::ProblemSpec spec;
    spec.kind = asor::ProblemKind::poisson2d;
    spec.size = 10;
    const asor::CsrMatrix a = asor::generate_matrix(spec);
    std::vector<double> b(a.rows, 1.0), x(a.rows, 0.0);
    asor::SolveOptions options;
    options.omega = 2.5;  // outside (0, 2)
    try {
        asor::solve(a, b, x, options);
    } catch (const asor::Error& e) {
        std::printf("%s\n", e.what());
        usage_error = e.kind() == asor::ErrorKind::usage;
    }
    std::filesystem::remove_all(dir);
    return input_error && usage_error ? 0 : 1;
}
