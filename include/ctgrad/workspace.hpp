// ctgrad/workspace.hpp - make_workspace<float>(f, wrt(W1, b1, ...)): every forward value and
// adjoint of f's program in two blocks sized at compile time and allocated once, so that
// ws.value_and_grad(p) in a training loop allocates nothing. ws.grad[W] views W's gradient.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <memory>

#include <ctgrad/detail/pack.hpp>
#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/core/tensor.hpp>
#include <ctgrad/core/tensor_point.hpp>
#include <ctgrad/core/wrt.hpp>
#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/reverse_schedule.hpp>
#include <ctgrad/detail/tensor_layout.hpp>
#include <ctgrad/detail/tensor_run.hpp>
#include <ctgrad/detail/tensor_sweep.hpp>
#include <ctgrad/eval.hpp>

namespace ctgrad {

template <class T, class E, class W>
class workspace;

/// The gradients in a workspace, by variable: a tensor_view for a tensor, a T for a scalar.
/// Views stay valid as long as the workspace (and are refilled by each value_and_grad).
template <class T, class... Vars>
class gradient_views {
public:
    template <fixed_string Name, std::size_t... Extents>
    const auto& operator[](var<Name, Extents...>) const {
        const tensor_view<T>& view = views_[detail::wrt_position<Vars...>(Name.view())];
        if constexpr (sizeof...(Extents) == 0) return view.data()[0];
        else return view;
    }
    static constexpr std::size_t size() { return sizeof...(Vars); }

private:
    template <class, class, class>
    friend class workspace;
    std::array<tensor_view<T>, sizeof...(Vars)> views_{};
};

template <class T, class E, class... Vars>
class workspace<T, E, wrt_list<Vars...>> {
    using program = detail::program_of<T, E>;
    using schedule = detail::reverse_schedule<program, wrt_list<Vars...>, T>;
    static constexpr auto& prog = program::value;
    static constexpr std::size_t root = static_cast<std::size_t>(prog.roots[0]);
    static constexpr std::size_t value_size = detail::value_layout<program>::value.size;
    static constexpr std::size_t adjoint_size = detail::adjoint_layout<schedule>::value.size;
    static constexpr std::size_t zeros_size = std::max({std::size_t(1), Vars::shape.size()...});
    static_assert(prog.shapes[root].rank == 0, "ctgrad::make_workspace: f is a tensor; reduce it to a scalar first (sum, mean)");

public:
    explicit workspace(const E& f)
        : f_(f),
          values_(std::make_unique<T[]>(value_size == 0 ? 1 : value_size)),
          adjoints_(std::make_unique<T[]>(adjoint_size + zeros_size)) {
        std::size_t i = 0;
        detail::for_each_argument([&](auto v) { grad.views_[i] = {{}, adjoints_.get() + gradient_offset(i), decltype(v)::shape}, ++i; },
                                  Vars{}...);
    }

    /// f(p); fills grad. Allocates nothing.
    template <point_like P>
    T value_and_grad(const P& p) {
        static_assert(std::is_same_v<typename P::value_type, T>,
                      "ctgrad::workspace::value_and_grad: the point's element type is not the workspace's");
        using map = detail::point_map<program, P>;
        if constexpr (!map::complete) {
            detail::forward_values<T>(p, f_);  // reports the unbound variable
            return T{};
        } else {
            static_assert(detail::shapes_bound_agree<program, map, P>(),
                          "ctgrad::at: a tensor variable is bound with another shape");
            const auto c = detail::value_constants_of<T, program>(f_);
            const auto x = p.pointers();
            if constexpr (schedule::value.touched[root])
                adjoints_[detail::adjoint_layout<schedule>::value.offset[static_cast<std::size_t>(schedule::value.storage[root])]] = T(1);
            detail::tensor_interleaved_sweep<schedule, map>(values_.get(), x.data(), c.data(), adjoints_.get());
            return detail::value_at<program, map, static_cast<int>(root)>(values_.get(), x.data())[0];
        }
    }

    gradient_views<T, Vars...> grad;

    static constexpr std::size_t values_allocated() { return value_size; }
    static constexpr std::size_t adjoints_allocated() { return adjoint_size + zeros_size; }

private:
    /// Where wrt variable i's gradient is: its adjoint storage, or the zero block when f does
    /// not depend on it.
    static constexpr std::size_t gradient_offset(std::size_t i) {
        const int source = schedule::gradient_source[i];
        return source < 0 ? adjoint_size : detail::adjoint_layout<schedule>::value.offset[static_cast<std::size_t>(source)];
    }

    E f_;
    std::unique_ptr<T[]> values_;
    std::unique_ptr<T[]> adjoints_;  // make_unique value-initializes: the zero block is zeros
};

/// make_workspace<float>(f, wrt(W1, b1)): a reusable evaluator of f and its gradient in T.
template <class T, expression E, wrt_like W>
auto make_workspace(const E& f, W) {
    return workspace<T, E, W>(f);
}
}  // namespace ctgrad
