// ctgrad/detail/point_map.hpp - where each variable of a program is in a point, named by the
// program's key and the point's names' key (never by either's full type).
#pragma once
#include <array>
#include <cstddef>
#include <string_view>

#include <ctgrad/detail/program.hpp>

namespace ctgrad::detail {

/// The point's position of program variable i, or -1.
template <class ProgramOf, class PointKey>
struct point_map_table {
    static constexpr auto& Prog = ProgramOf::value;
    static constexpr std::size_t count = Prog.variables.size();
    static constexpr std::array<int, count> index = []() consteval {
        constexpr auto& names = table_of(PointKey{});
        std::array<int, count> m{};
        for (std::size_t i = 0; i < count; ++i) m[i] = names.find(Prog.variable_hashes[i], Prog.variables[i]);
        return m;
    }();
    static constexpr int first_unbound = []() consteval {
        for (std::size_t i = 0; i < count; ++i)
            if (index[i] < 0) return static_cast<int>(i);
        return -1;
    }();
    static constexpr std::string_view unbound_name = first_unbound < 0 ? std::string_view{} : Prog.variables[first_unbound];
    static constexpr bool complete = first_unbound < 0;
};
template <class ProgramOf, class P>
using point_map = point_map_table<ProgramOf, typename P::key>;
}  // namespace ctgrad::detail
