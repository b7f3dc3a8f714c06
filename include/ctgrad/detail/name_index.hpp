// ctgrad/detail/name_index.hpp - constant-time lookup of variable names in constant
// evaluation. g++ reads an element of a large constexpr array in time proportional to
// its index, so name matching by nested loops is quadratic in practice (14 s for an
// 8-32-4 network); an open-addressing table keeps each lookup to a few reads.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <algorithm>
#include <utility>

namespace ctgrad::detail {

constexpr std::size_t table_size_for(std::size_t n) {
    std::size_t k = 4;
    while (k < 2 * n) k *= 2;
    return k;
}

/// Positions of N names, found by (hash, name).
template <std::size_t N>
struct name_index {
    static constexpr std::size_t K = table_size_for(N);
    std::array<std::uint64_t, K> hashes{};
    std::array<int, K> positions{};

    constexpr name_index(const std::array<std::uint64_t, N>& keys) {
        for (auto& p : positions) p = -1;
        for (std::size_t i = 0; i < N; ++i) {
            std::size_t slot = keys[i] & (K - 1);
            while (positions[slot] >= 0) slot = (slot + 1) & (K - 1);
            hashes[slot] = keys[i];
            positions[slot] = static_cast<int>(i);
        }
    }
    /// The position of `name` (with hash h) among `names`, or -1.
    constexpr int find(std::uint64_t h, std::string_view name, const std::array<std::string_view, N>& names) const {
        for (std::size_t slot = h & (K - 1);; slot = (slot + 1) & (K - 1)) {
            int p = positions[slot];
            if (p < 0) return -1;
            if (hashes[slot] == h && names[static_cast<std::size_t>(p)] == name) return p;
        }
    }
};
/// The position of a name that occurs twice, or -1: sorting by hash keeps this
/// O(n log n) (a pairwise check instantiates n^2 templates: 22 s for 420 names).
template <std::size_t N>
constexpr int first_duplicate(const std::array<std::uint64_t, N>& hashes, const std::array<std::string_view, N>& names) {
    if constexpr (N < 2) return -1;
    else {
        std::array<std::pair<std::uint64_t, int>, N> order{};
        for (std::size_t i = 0; i < N; ++i) order[i] = {hashes[i], static_cast<int>(i)};
        std::sort(order.begin(), order.end());
        for (std::size_t i = 0; i + 1 < N; ++i)
            for (std::size_t j = i + 1; j < N && order[j].first == order[i].first; ++j)
                if (names[static_cast<std::size_t>(order[i].second)] == names[static_cast<std::size_t>(order[j].second)])
                    return std::max(order[i].second, order[j].second);
        return -1;
    }
}
}  // namespace ctgrad::detail
