// ctgrad/workspace.hpp - make_workspace<float>(f, wrt(W1, b1, ...)): every forward value and
// adjoint of f's program in two blocks sized at compile time and allocated once, so that
// ws.value_and_grad(p) in a training loop allocates nothing. ws.grad[W] views W's gradient.
// make_workspace<float>(f, wrt(...), {.threads = n}) also starts n - 1 threads, once, that
// large products and elementwise passes are split over (detail/thread_team.hpp).
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <memory>
#include <thread>

#include <ctgrad/detail/pack.hpp>
#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/gradient.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/core/tensor.hpp>
#include <ctgrad/core/tensor_at.hpp>
#include <ctgrad/core/wrt.hpp>
#include <ctgrad/detail/executor.hpp>
#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/thread_team.hpp>
#include <ctgrad/eval.hpp>

namespace ctgrad {

/// How a workspace runs. threads: how many threads a step may use, the caller's among them
/// (1: the calling thread alone; 0: one per core, std::thread::hardware_concurrency()). A
/// given thread count gives the same result every run; different counts may differ in the
/// last bits, as the products' sums are blocked differently.
struct workspace_options {
    std::size_t threads = 1;
};

template <class T, class E, class W>
class workspace;

template <class T, class E, class... Vars>
class workspace<T, E, wrt_list<Vars...>> {
    using program = detail::program_of<T, E>;
    using schedule = detail::reverse_schedule<program, wrt_list<Vars...>, T>;
    template <class P>
    using context = detail::sweep_context<program, detail::point_map<program, P>, schedule>;
    static constexpr auto& prog = program::value;
    static constexpr std::size_t root = static_cast<std::size_t>(prog.roots[0]);
    static constexpr std::size_t value_size = detail::value_layout<program>::value.size;
    static constexpr std::size_t adjoint_size = detail::adjoint_layout<schedule>::value.size;
    static constexpr std::size_t zeros_size = std::max({std::size_t(1), Vars::shape.size()...});
    static_assert(prog.shapes[root].rank == 0, "ctgrad::make_workspace: f is a tensor; reduce it to a scalar first (sum, mean)");

public:
    explicit workspace(const E& f, workspace_options options = {})
        : f_(f),
          values_(std::make_unique<T[]>(value_size == 0 ? 1 : value_size)),
          adjoints_(std::make_unique<T[]>(adjoint_size + zeros_size)) {
        const std::size_t threads = options.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : options.threads;
        if (threads > 1) team_ = std::make_unique<detail::thread_team>(threads, largest_scratch * sizeof(T));
        std::size_t i = 0;
        detail::for_each_argument(
            [&](auto v) { grad.values.views[i] = {{}, adjoints_.get() + gradient_offset(i), decltype(v)::shape}, ++i; },
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
            static_assert(detail::shapes_bound_agree<program, map, P>());
            const detail::team_scope scope(team_.get());
            const auto c = detail::value_constants_of<T, program>(f_);
            if constexpr (schedule::value.touched[root])
                adjoints_[detail::adjoint_layout<schedule>::value.offset[static_cast<std::size_t>(schedule::value.storage[root])]] = T(1);
            detail::sweep<context<P>, detail::interleaved_order<schedule>>(values_.get(), p.scalars(), p.bound(), c.data(),
                                                                           adjoints_.get());
            return detail::value_at<context<P>, static_cast<int>(root)>(values_.get(), p.bound())[0];
        }
    }

    gradient_views<T, Vars...> grad;

    static constexpr std::size_t values_allocated() { return value_size; }
    static constexpr std::size_t adjoints_allocated() { return adjoint_size + zeros_size; }
    /// Bytes the workspace holds, all allocated when it was made: values (with the kernels'
    /// scratch region), adjoints, and each worker thread's scratch.
    std::size_t bytes_allocated() const noexcept {
        return (values_allocated() + adjoints_allocated()) * sizeof(T) + (team_ ? team_->scratch_allocated() : 0);
    }
    /// The threads a step uses, the caller's among them.
    std::size_t threads() const noexcept { return team_ ? team_->size() : 1; }

private:
    /// Where wrt variable i's gradient is: its adjoint storage, or the zero block when f does
    /// not depend on it.
    static constexpr std::size_t gradient_offset(std::size_t i) {
        const long offset = detail::gradient_offsets<schedule>[i];
        return offset < 0 ? adjoint_size : static_cast<std::size_t>(offset);
    }

    /// Each thread's scratch: as large as the largest kernel's (a split product needs less).
    static constexpr std::size_t largest_scratch = detail::value_layout<program>::value.scratch_region;

    E f_;
    std::unique_ptr<detail::thread_team> team_;
    std::unique_ptr<T[]> values_;
    std::unique_ptr<T[]> adjoints_;  // make_unique value-initializes: the zero block is zeros
};

/// make_workspace<float>(f, wrt(W1, b1)): a reusable evaluator of f and its gradient in T;
/// make_workspace<float>(f, wrt(W1, b1), {.threads = 0}) runs each step on every core.
template <class T, expression E, wrt_like W>
auto make_workspace(const E& f, W, workspace_options options = {}) {
    return workspace<T, E, W>(f, options);
}
}  // namespace ctgrad
