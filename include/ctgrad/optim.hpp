// ctgrad/optim.hpp - optimizers the way torch.optim users know them: SGD (momentum, Nesterov,
// weight decay) and Adam, updating the storage a point binds to each parameter, in place, from
// a workspace's gradients. State is allocated once, when the optimizer is made; step()
// allocates nothing.
#pragma once
#include <array>
#include <cmath>
#include <cstddef>
#include <memory>
#include <ranges>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include <ctgrad/core/shape.hpp>
#include <ctgrad/core/var.hpp>
#include <ctgrad/detail/array_rules.hpp>

namespace ctgrad::optim {

/// A parameter: variable V and the storage bound to it, which step() updates.
template <class V, class T>
struct parameter {
    using variable = V;
    using value_type = T;
    std::span<T> values;
};

/// param(W1, w1): W1's storage (a std::vector, std::array, std::span or anything contiguous
/// and sized), checked against W1's shape.
template <class V, class S>
    requires(variable<V> && std::ranges::contiguous_range<S> && std::ranges::sized_range<S>)
auto param(V, S& storage) {
    using T = std::remove_cv_t<std::ranges::range_value_t<S>>;
    if (std::size_t(std::ranges::size(storage)) != V::shape.size())
        throw std::length_error("ctgrad::optim::param: " + std::string(V::name.view()) + " is " + shape_string(V::shape) +
                                ", the storage has " + std::to_string(std::ranges::size(storage)) + " elements");
    return parameter<V, T>{std::span<T>(std::ranges::data(storage), std::ranges::size(storage))};
}

namespace detail {
/// The gradient of V in a workspace, as contiguous elements.
template <class V, class Workspace>
const auto* gradient_data(const Workspace& ws) {
    const auto& g = ws.grad[V{}];
    if constexpr (requires { g.data(); }) return g.data();
    else return &g;
}
/// n elements as an Eigen array (the maps the elementwise rules use): the updates are array
/// expressions, vectorized by Eigen.
template <class T>
auto array_of(T* data, std::size_t n) {
    return ctgrad::detail::array_map<T>(data, Eigen::Index(n));
}
template <class T>
auto array_of(const T* data, std::size_t n) {
    return ctgrad::detail::const_array_map<T>(data, Eigen::Index(n));
}

/// One zero-initialized buffer per parameter, each its parameter's size (allocated once).
template <class T, class... Params>
auto state_buffers(const Params&... params) {
    return std::array<std::unique_ptr<T[]>, sizeof...(Params)>{std::make_unique<T[]>(params.values.size())...};
}
}  // namespace detail

struct sgd_options {
    double lr = 0.01;
    double momentum = 0.0;
    double dampening = 0.0;
    double weight_decay = 0.0;
    bool nesterov = false;
};

/// torch.optim.SGD: g = grad + weight_decay p; with momentum, b = g on the first step and
/// b = momentum b + (1 - dampening) g after, g = b (or g + momentum b, Nesterov); p -= lr g.
template <class T, class... Params>
class sgd {
public:
    explicit sgd(sgd_options options, Params... params)
        : options_(options), params_(params...), momentum_(detail::state_buffers<T>(params...)) {}

    template <class Workspace>
    void step(const Workspace& ws) {
        [&]<std::size_t... I>(std::index_sequence<I...>) { (update<I>(ws), ...); }(std::index_sequence_for<Params...>{});
        ++steps_;
    }
    std::size_t steps() const { return steps_; }

private:
    template <std::size_t I, class Workspace>
    void update(const Workspace& ws) {
        using P = std::tuple_element_t<I, std::tuple<Params...>>;
        const auto* grad = detail::gradient_data<typename P::variable>(ws);
        std::span<T> p = std::get<I>(params_).values;
        const T lr = T(options_.lr), momentum = T(options_.momentum), decay = T(options_.weight_decay);
        const T keep = T(1) - T(options_.dampening);
        auto param = detail::array_of(p.data(), p.size());
        const auto g = detail::array_of(grad, p.size()) + decay * param;  // read before param changes
        if (options_.momentum == 0.0) {
            param -= lr * g;
            return;
        }
        auto buffer = detail::array_of(momentum_[I].get(), p.size());
        if (steps_ == 0) buffer = g;
        else buffer = momentum * buffer + keep * g;
        if (options_.nesterov) param -= lr * (g + momentum * buffer);
        else param -= lr * buffer;
    }
    sgd_options options_;
    std::tuple<Params...> params_;
    std::array<std::unique_ptr<T[]>, sizeof...(Params)> momentum_;
    std::size_t steps_ = 0;
};
template <class V, class T, class... Params>
sgd(sgd_options, parameter<V, T>, Params...) -> sgd<T, parameter<V, T>, Params...>;

struct adam_options {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weight_decay = 0.0;
};

/// torch.optim.Adam: m = beta1 m + (1 - beta1) g, v = beta2 v + (1 - beta2) g^2 (g with
/// weight decay added), p -= lr / (1 - beta1^t) m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
template <class T, class... Params>
class adam {
public:
    explicit adam(adam_options options, Params... params)
        : options_(options), params_(params...), first_(detail::state_buffers<T>(params...)),
          second_(detail::state_buffers<T>(params...)) {}

    template <class Workspace>
    void step(const Workspace& ws) {
        ++steps_;
        [&]<std::size_t... I>(std::index_sequence<I...>) { (update<I>(ws), ...); }(std::index_sequence_for<Params...>{});
    }
    std::size_t steps() const { return steps_; }

private:
    template <std::size_t I, class Workspace>
    void update(const Workspace& ws) {
        using P = std::tuple_element_t<I, std::tuple<Params...>>;
        const auto* grad = detail::gradient_data<typename P::variable>(ws);
        std::span<T> p = std::get<I>(params_).values;
        const double t = double(steps_);
        const T beta1 = T(options_.beta1), beta2 = T(options_.beta2), decay = T(options_.weight_decay);
        const T step_size = T(options_.lr / (1.0 - std::pow(options_.beta1, t)));
        const T root_correction = T(std::sqrt(1.0 - std::pow(options_.beta2, t)));
        const T eps = T(options_.eps);
        auto param = detail::array_of(p.data(), p.size());
        auto m = detail::array_of(first_[I].get(), p.size());
        auto v = detail::array_of(second_[I].get(), p.size());
        const auto g = detail::array_of(grad, p.size()) + decay * param;
        m = beta1 * m + (T(1) - beta1) * g;
        v = beta2 * v + (T(1) - beta2) * g.square();
        param -= step_size * m / (v.sqrt() / root_correction + eps);
    }
    adam_options options_;
    std::tuple<Params...> params_;
    std::array<std::unique_ptr<T[]>, sizeof...(Params)> first_, second_;
    std::size_t steps_ = 0;
};
template <class V, class T, class... Params>
adam(adam_options, parameter<V, T>, Params...) -> adam<T, parameter<V, T>, Params...>;
}  // namespace ctgrad::optim
