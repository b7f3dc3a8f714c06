// ctgrad/detail/shape_text.hpp - a static shape inside an operation's identity: its extents
// in the operation's printed pattern ("broadcast<2, 3>($0)") and as its parameter (two shapes,
// two operations).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <ctgrad/core/fixed_string.hpp>
#include <ctgrad/core/shape.hpp>

namespace ctgrad {
namespace detail {
/// before + the extents of S joined by between + after, as a fixed_string: "broadcast<2, 3>($0)".
template <shape S, std::size_t B, std::size_t M, std::size_t A>
consteval auto shape_pattern(const char (&before)[B], const char (&between)[M], const char (&after)[A]) {
    constexpr int axes = S.rank <= 1 ? 1 : S.rank;
    // an extent as written: a batched one is "batch" (axis 0 of rank 2-4 is rows, a vector's is cols)
    auto batched = [](int axis) {
        return S.rank <= 1 ? S.batch == batch_axis::cols
                           : axis == 0 ? S.batch == batch_axis::rows : S.rank == 2 && S.batch == batch_axis::cols;
    };
    constexpr std::size_t digits = [] {
        auto batched = [](int axis) {
            return S.rank <= 1 ? S.batch == batch_axis::cols
                               : axis == 0 ? S.batch == batch_axis::rows : S.rank == 2 && S.batch == batch_axis::cols;
        };
        std::size_t d = 0;
        for (int axis = 0; axis < axes; ++axis) d += batched(axis) ? 5 : decimal_digits(S.extent(axis));
        return d;
    }();
    fixed_string<(B - 1) + (A - 1) + digits + std::size_t(axes - 1) * (M - 1)> out;
    std::size_t pos = 0;
    auto put_text = [&](std::string_view t) { for (char c : t) out.chars[pos++] = c; };
    auto put_number = [&](std::size_t v) {
        const std::size_t d = decimal_digits(v);
        for (std::size_t i = 0; i < d; ++i, v /= 10) out.chars[pos + d - 1 - i] = static_cast<char>('0' + v % 10);
        pos += d;
    };
    put_text({before, B - 1});
    for (int axis = 0; axis < axes; ++axis) {
        if (axis > 0) put_text({between, M - 1});
        if (batched(axis)) put_text("batch");
        else put_number(S.extent(axis));
    }
    put_text({after, A - 1});
    return out;
}

/// A shape as an operation parameter (op_properties::param): different shapes, different values
/// (the extents of rank 3 and 4 mixed into those of rank 0 to 2, which stay as they were).
constexpr std::uint64_t shape_param(shape s) {
    std::uint64_t h = (std::uint64_t(s.rows) << 33) ^ (std::uint64_t(s.cols) << 2) ^ std::uint64_t(s.rank) ^
                      (std::uint64_t(s.batch) << 62);
    for (int axis = 1; axis < (s.rank >= 3 ? s.rank : 0); ++axis) h = (h ^ s.extent(axis)) * 0x100000001b3u;
    return h;
}
}  // namespace detail

}  // namespace ctgrad
