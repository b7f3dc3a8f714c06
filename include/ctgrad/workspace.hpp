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
#include <stdexcept>
#include <string>
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
    using value_layout = detail::value_layout<program>;
    using adjoint_layout = detail::adjoint_layout<schedule>;
    static constexpr std::size_t zeros_size = std::max({std::size_t(1), Vars::shape.size()...});
    static_assert(prog.shapes[root].rank == 0, "ctgrad::make_workspace: f is a tensor; reduce it to a scalar first (sum, mean)");

public:
    /// Whether f has a run-time batch (a batched variable, var<"X", batch, 784>).
    static constexpr bool batched = value_layout::value.batched || adjoint_layout::value.batched;

    /// Blocks for batches of up to max_batch rows (1 where f has no batched variable).
    workspace(const E& f, std::size_t max_batch, workspace_options options)
        : f_(f),
          max_batch_(batched ? max_batch : 1),
          values_size_(value_layout::size_at(max_batch_)),
          adjoints_size_(adjoint_layout::size_at(max_batch_)),
          values_(values_size_),
          adjoints_(adjoints_size_ + zeros_size) {
        const std::size_t threads = options.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : options.threads;
        if (threads > 1) team_ = std::make_unique<detail::thread_team>(threads, value_layout::scratch_region_at(max_batch_) * sizeof(T));
        std::size_t i = 0;
        detail::for_each_argument(
            [&](auto v) { grad.values.views[i] = {{}, adjoints_.data() + gradient_offset(i), decltype(v)::shape}, ++i; },
            Vars{}...);
    }
    explicit workspace(const E& f, workspace_options options = {}) : workspace(f, 1, options) {}

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
            if constexpr (batched) check_batch(p.batch());
            const detail::team_scope scope(team_.get());
            const auto c = detail::value_constants_of<T, program>(f_);
            if constexpr (schedule::value.touched[root])
                adjoints_[adjoint_layout::value.offset[static_cast<std::size_t>(schedule::value.storage[root])].fixed] = T(1);
            detail::sweep<context<P>, detail::interleaved_order<schedule>>(values_.data(), p.scalars(), p.bound(), c.data(),
                                                                           adjoints_.data(), p.batch());
            return detail::value_at<context<P>, static_cast<int>(root)>(values_.data(), p.bound(), p.batch())[0];
        }
    }

    gradient_views<T, Vars...> grad;

    std::size_t values_allocated() const noexcept { return values_size_; }
    std::size_t adjoints_allocated() const noexcept { return adjoints_size_ + zeros_size; }
    /// The largest batch value_and_grad accepts (1 where f has no batched variable).
    std::size_t max_batch() const noexcept { return max_batch_; }
    /// Bytes the workspace holds, all allocated when it was made: values (with the kernels'
    /// scratch region), adjoints, and each worker thread's scratch.
    std::size_t bytes_allocated() const noexcept {
        return (values_allocated() + adjoints_allocated()) * sizeof(T) + (team_ ? team_->scratch_allocated() : 0);
    }
    /// The threads a step uses, the caller's among them.
    std::size_t threads() const noexcept { return team_ ? team_->size() : 1; }

private:
    /// Where wrt variable i's gradient is: its adjoint storage (a static slot: wrt variables
    /// have no batch), or the zero block when f does not depend on it.
    std::size_t gradient_offset(std::size_t i) const {
        const long offset = detail::gradient_offsets<schedule>[i];
        return offset < 0 ? adjoints_size_ : static_cast<std::size_t>(offset);
    }
    void check_batch(std::size_t rows) const {
        if (rows > max_batch_)
            throw std::length_error("ctgrad::workspace::value_and_grad: the point binds a batch of " + std::to_string(rows) +
                                    " rows; the workspace was made for at most " + std::to_string(max_batch_) +
                                    " (make_workspace's max_batch)");
    }

    E f_;
    std::size_t max_batch_;
    std::size_t values_size_;
    std::size_t adjoints_size_;
    std::unique_ptr<detail::thread_team> team_;
    detail::aligned_buffer<T> values_;
    detail::aligned_buffer<T> adjoints_;  // zeroed: the zero block is zeros
};

/// make_workspace<float>(f, wrt(W1, b1)): a reusable evaluator of f and its gradient in T;
/// make_workspace<float>(f, wrt(W1, b1), {.threads = 0}) runs each step on every core.
template <class T, expression E, wrt_like W>
auto make_workspace(const E& f, W, workspace_options options = {}) {
    static_assert(!workspace<T, E, W>::batched,
                  "ctgrad::make_workspace: f has a run-time batch; give the largest: make_workspace<float>(f, wrt(...), max_batch)");
    return workspace<T, E, W>(f, options);
}
/// make_workspace<float>(f, wrt(W1, b1), max_batch): for an f with a run-time batch
/// (var<"X", batch, 784>), blocks for every batch of 1 to max_batch rows, allocated once.
template <class T, expression E, wrt_like W>
auto make_workspace(const E& f, W, std::size_t max_batch, workspace_options options = {}) {
    if (max_batch == 0) throw std::invalid_argument("ctgrad::make_workspace: max_batch is 0; give the largest batch, at least 1");
    return workspace<T, E, W>(f, max_batch, options);
}
}  // namespace ctgrad
