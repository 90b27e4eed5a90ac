// Every rank's figures gathered on rank 0 once the solve ended.
#include "rank_stats.hpp"

#include <cstdint>
#include <string>

namespace asor::detail {

namespace {

// One rank's figures as doubles (counts below 2^53 are exact): a header,
// then one record per row block.
constexpr std::size_t kHeader = 6;
constexpr std::size_t kPerBlock = 7;

std::vector<double> pack(const HaloExchange& halo, const LocalSystem& local,
                         const std::vector<ThreadStats>& threads,
                         std::span<const BlockTally> tallies) {
    std::vector<double> v{static_cast<double>(local.first_row),
                          static_cast<double>(local.first_row + local.matrix.rows),
                          static_cast<double>(halo.messages_sent()),
                          static_cast<double>(halo.bytes_sent()),
                          static_cast<double>(halo.messages_received()),
                          static_cast<double>(threads.size())};
    for (std::size_t b = 0; b < threads.size(); ++b) {
        const ThreadStats& t = threads[b];
        v.insert(v.end(), {static_cast<double>(t.first_row), static_cast<double>(t.end_row),
                           static_cast<double>(t.rows), static_cast<double>(t.nonzeros),
                           static_cast<double>(t.sweeps), t.busy_seconds,
                           static_cast<double>(tallies[b].halo_age_sum)});
    }
    return v;
}

RankStats unpack(const double* v) {
    RankStats r;
    r.first_row = static_cast<Index>(v[0]);
    r.end_row = static_cast<Index>(v[1]);
    r.messages_sent = static_cast<std::uint64_t>(v[2]);
    r.bytes_sent = static_cast<std::uint64_t>(v[3]);
    r.messages_received = static_cast<std::uint64_t>(v[4]);
    const auto blocks = static_cast<std::size_t>(v[5]);
    double age_sum = 0.0, sweeps = 0.0;
    for (std::size_t b = 0; b < blocks; ++b) {
        const double* t = v + kHeader + b * kPerBlock;
        r.thread_stats.push_back({static_cast<Index>(t[0]), static_cast<Index>(t[1]),
                                  static_cast<Index>(t[2]), static_cast<Offset>(t[3]),
                                  static_cast<std::uint64_t>(t[4]), t[5]});
        r.thread_halo_age.push_back(t[4] > 0.0 ? t[6] / t[4] : 0.0);
        age_sum += t[6];
        sweeps += t[4];
    }
    r.halo_age = sweeps > 0.0 ? age_sum / sweeps : 0.0;
    return r;
}

}  // namespace

std::vector<RankStats> gather_rank_stats(const HaloExchange& halo, const LocalSystem& local,
                                         const std::vector<ThreadStats>& threads,
                                         std::span<const BlockTally> tallies, Watchdog& watchdog) {
    const std::vector<double> mine = pack(halo, local, threads, tallies);
    const int ranks = world_size();
    const bool root = world_rank() == 0;
    int count = static_cast<int>(mine.size());
    std::vector<int> counts(root ? static_cast<std::size_t>(ranks) : 0);
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Igather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD, &request);
    watchdog.wait_all(std::span(&request, 1));
    std::vector<int> at(counts.size(), 0);
    for (std::size_t r = 1; r < counts.size(); ++r) at[r] = at[r - 1] + counts[r - 1];
    std::vector<double> all(root ? static_cast<std::size_t>(at.back() + counts.back()) : 0);
    MPI_Igatherv(mine.data(), count, MPI_DOUBLE, all.data(), counts.data(), at.data(), MPI_DOUBLE,
                 0, MPI_COMM_WORLD, &request);
    watchdog.wait_all(std::span(&request, 1));
    std::vector<RankStats> stats;
    for (std::size_t r = 0; r < counts.size(); ++r) stats.push_back(unpack(all.data() + at[r]));
    return stats;
}

}  // namespace asor::detail
