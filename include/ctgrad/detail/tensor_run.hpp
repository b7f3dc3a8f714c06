// ctgrad/detail/tensor_run.hpp - eval and value_and_grad of a program with tensors, with
// their blocks of values and adjoints: inline when small (and so in constant evaluation),
// on the heap when large (no large tensor on the stack). make_workspace (workspace.hpp)
// allocates them once instead.
#pragma once
#include <array>
#include <cstddef>
#include <utility>
#include <vector>

#include <ctgrad/core/gradient.hpp>
#include <ctgrad/core/tensor.hpp>
#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/reverse_schedule.hpp>
#include <ctgrad/detail/sweep.hpp>
#include <ctgrad/detail/tensor_layout.hpp>
#include <ctgrad/detail/tensor_sweep.hpp>

namespace ctgrad::detail {

inline constexpr std::size_t inline_block_limit = 4096;

template <class T, std::size_t N>
constexpr auto make_block() {
    if constexpr (N <= inline_block_limit) return std::array<T, (N == 0 ? 1 : N)>{};
    else return std::vector<T>(N);
}

/// Checks, at compile time, that the point binds each tensor variable with its own shape.
template <class ProgramOf, class Map, class P>
consteval bool shapes_bound_agree() {
    constexpr auto& prog = ProgramOf::value;
    for (std::size_t i = 0; i < prog.variables.size(); ++i) {
        auto slot = static_cast<std::size_t>(prog.variable_slots[i]);
        if (!(P::shapes[static_cast<std::size_t>(Map::index[i])] == prog.shapes[slot])) return false;
    }
    return true;
}

/// The value of slot S as what eval returns: a scalar, or an owned tensor.
template <class ProgramOf, class Map, int S, class T>
constexpr auto result_value(const T* v, const T* const* x) {
    constexpr shape s = ProgramOf::value.shapes[static_cast<std::size_t>(S)];
    const T* data = value_at<ProgramOf, Map, S>(v, x);
    if constexpr (s.rank == 0) return data[0];
    else {
        tensor<T, s> t;
        for (std::size_t k = 0; k < s.size(); ++k) t.data()[k] = data[k];
        return t;
    }
}

template <class T, class ProgramOf, class Map, class P, class E>
constexpr auto tensor_eval(const P& p, const E& f) {
    static_assert(shapes_bound_agree<ProgramOf, Map, P>(), "ctgrad::at: a tensor variable is bound with another shape");
    auto c = value_constants_of<T, ProgramOf>(f);
    auto v = make_block<T, value_layout<ProgramOf>::value.size>();
    const auto x = p.pointers();
    tensor_forward_sweep<ProgramOf, Map>(v.data(), x.data(), c.data());
    return result_value<ProgramOf, Map, ProgramOf::value.roots[0]>(v.data(), x.data());
}

/// Copies the adjoint of wrt variable I (or zeros) into the result's gradient.
template <class Schedule, std::size_t I, class T, class G>
constexpr void copy_gradient(const T* g, G& grad) {
    constexpr int source = Schedule::gradient_source[I];
    auto& out = std::get<I>(grad.values);
    if constexpr (requires { out.data(); }) {
        for (std::size_t k = 0; k < out.size(); ++k)
            out.data()[k] = source < 0 ? T(0) : g[adjoint_layout<Schedule>::value.offset[source < 0 ? 0 : source] + k];
    } else {
        out = source < 0 ? T(0) : g[adjoint_layout<Schedule>::value.offset[source < 0 ? 0 : source]];
    }
}

template <class T, class ProgramOf, class Schedule, class Map, class Result, class P, class E>
constexpr Result tensor_value_and_grad(const P& p, const E& f) {
    static_assert(shapes_bound_agree<ProgramOf, Map, P>(), "ctgrad::at: a tensor variable is bound with another shape");
    constexpr auto root = static_cast<std::size_t>(ProgramOf::value.roots[0]);
    auto c = value_constants_of<T, ProgramOf>(f);
    auto v = make_block<T, value_layout<ProgramOf>::value.size>();
    auto g = make_block<T, adjoint_layout<Schedule>::value.size>();
    const auto x = p.pointers();
    if constexpr (Schedule::value.touched[root])
        g[adjoint_layout<Schedule>::value.offset[static_cast<std::size_t>(Schedule::value.storage[root])]] = T(1);
    tensor_interleaved_sweep<Schedule, Map>(v.data(), x.data(), c.data(), g.data());
    Result r{value_at<ProgramOf, Map, static_cast<int>(root)>(v.data(), x.data())[0], {}};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (copy_gradient<Schedule, I>(g.data(), r.grad), ...);
    }(std::make_index_sequence<decltype(r.grad)::size()>{});
    return r;
}
}  // namespace ctgrad::detail
