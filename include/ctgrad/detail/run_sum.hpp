// ctgrad/detail/run_sum.hpp - the sum of a contiguous run of elements in a fixed order that
// the compiler vectorizes: sum(A), a channel's sum.
#pragma once
#include <cstddef>

namespace ctgrad::detail {

/// The sum of x[0, n) in eight interleaved partial sums, added pairwise at the end: a fixed
/// order (the same bits every run), and one the compiler vectorizes (a single running sum is
/// a chain of dependent additions it may not reorder).
template <class T>
constexpr T run_sum(const T* x, std::size_t n) {
    T lanes[8] = {};
    const std::size_t blocked = n - n % 8;  // (a bound g++ sees: the rest's loop never runs past n)
    for (std::size_t p = 0; p < blocked; p += 8)
        for (std::size_t j = 0; j < 8; ++j) lanes[j] += x[p + j];
    T total = ((lanes[0] + lanes[4]) + (lanes[2] + lanes[6])) + ((lanes[1] + lanes[5]) + (lanes[3] + lanes[7]));
    for (std::size_t p = blocked; p < n; ++p) total += x[p];
    return total;
}
}  // namespace ctgrad::detail
