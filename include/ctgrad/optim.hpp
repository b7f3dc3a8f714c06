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

}  // namespace detail

/// The optimizer protocol: an optimizer is a set of parameters, per-parameter state, and an
/// update rule. A Rule provides
///   options                        its options struct (sgd_options, adam_options)
///   buffers                        how many state buffers each parameter has (each of the
///                                  parameter's size, zero when made)
///   update(options, t, p, g, s)    one step on one parameter: t the step number (1, 2, ...),
///                                  p the parameter and g its gradient as Eigen arrays, s an
///                                  std::array of the parameter's state buffers as Eigen arrays
/// optimizer<Rule, T, Params...> does the rest: it binds the parameters, allocates the state
/// once, and step(ws) applies the rule to each parameter with its gradient in workspace ws.
/// Adding an optimizer is a rule and a class that names it (sgd, adam below).
template <class Rule, class T, class... Params>
class optimizer {
public:
    using options_type = typename Rule::options;

    explicit optimizer(options_type options, Params... params) : options(options), params_(params...) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (allocate(I, std::get<I>(params_).values.size()), ...);
        }(std::index_sequence_for<Params...>{});
    }

    /// One step: every parameter updated in place from its gradient in ws. Allocates nothing.
    template <class Workspace>
    void step(const Workspace& ws) {
        ++steps_;
        [&]<std::size_t... I>(std::index_sequence<I...>) { (update<I>(ws), ...); }(std::index_sequence_for<Params...>{});
    }
    /// Steps taken so far.
    std::size_t steps() const { return steps_; }

    /// The options, which a schedule may change between steps (options.lr).
    options_type options;

private:
    void allocate(std::size_t parameter, std::size_t size) {
        for (auto& buffer : state_[parameter]) buffer = std::make_unique<T[]>(size);
    }
    template <std::size_t I, class Workspace>
    void update(const Workspace& ws) {
        using P = std::tuple_element_t<I, std::tuple<Params...>>;
        std::span<T> p = std::get<I>(params_).values;
        auto state = [&]<std::size_t... B>(std::index_sequence<B...>) {
            return std::array<decltype(detail::array_of(p.data(), 0)), Rule::buffers>{
                detail::array_of(state_[I][B].get(), p.size())...};
        }(std::make_index_sequence<Rule::buffers>{});
        Rule::update(options, steps_, detail::array_of(p.data(), p.size()),
                     detail::array_of(ws.grad.data(typename P::variable{}), p.size()), state);
    }
    std::tuple<Params...> params_;
    std::array<std::array<std::unique_ptr<T[]>, Rule::buffers>, sizeof...(Params)> state_;
    std::size_t steps_ = 0;
};

struct sgd_options {
    double lr = 0.01;
    double momentum = 0.0;
    double dampening = 0.0;
    double weight_decay = 0.0;
    bool nesterov = false;
};

/// torch.optim.SGD: g = grad + weight_decay p; with momentum, b = g on the first step and
/// b = momentum b + (1 - dampening) g after, g = b (or g + momentum b, Nesterov); p -= lr g.
struct sgd_rule {
    using options = sgd_options;
    static constexpr std::size_t buffers = 1;  // the momentum buffer
    template <class Param, class Grad, class State>
    static void update(const options& o, std::size_t t, Param p, Grad grad, State& state) {
        using T = typename Param::Scalar;
        const auto g = grad + T(o.weight_decay) * p;  // read before p changes
        if (o.momentum == 0.0) {
            p -= T(o.lr) * g;
            return;
        }
        auto& b = state[0];
        if (t == 1) b = g;
        else b = T(o.momentum) * b + (T(1) - T(o.dampening)) * g;
        if (o.nesterov) p -= T(o.lr) * (g + T(o.momentum) * b);
        else p -= T(o.lr) * b;
    }
};

struct adam_options {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weight_decay = 0.0;
};

/// torch.optim.Adam: m = beta1 m + (1 - beta1) g, v = beta2 v + (1 - beta2) g^2 (g with
/// weight decay added), p -= lr / (1 - beta1^t) m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
struct adam_rule {
    using options = adam_options;
    static constexpr std::size_t buffers = 2;  // the first and second moments
    template <class Param, class Grad, class State>
    static void update(const options& o, std::size_t t, Param p, Grad grad, State& state) {
        using T = typename Param::Scalar;
        const T beta1 = T(o.beta1), beta2 = T(o.beta2);
        const T step_size = T(o.lr / (1.0 - std::pow(o.beta1, double(t))));
        const T root_correction = T(std::sqrt(1.0 - std::pow(o.beta2, double(t))));
        auto &m = state[0], &v = state[1];
        const auto g = grad + T(o.weight_decay) * p;
        m = beta1 * m + (T(1) - beta1) * g;
        v = beta2 * v + (T(1) - beta2) * g.square();
        p -= step_size * m / (v.sqrt() / root_correction + T(o.eps));
    }
};

/// optim::sgd opt({.lr = 0.05, .momentum = 0.9}, param(W, w), ...);
template <class T, class... Params>
class sgd : public optimizer<sgd_rule, T, Params...> {
    using optimizer<sgd_rule, T, Params...>::optimizer;
};
template <class V, class T, class... Params>
sgd(sgd_options, parameter<V, T>, Params...) -> sgd<T, parameter<V, T>, Params...>;

/// optim::adam opt({.lr = 1e-3}, param(W, w), ...);
template <class T, class... Params>
class adam : public optimizer<adam_rule, T, Params...> {
    using optimizer<adam_rule, T, Params...>::optimizer;
};
template <class V, class T, class... Params>
adam(adam_options, parameter<V, T>, Params...) -> adam<T, parameter<V, T>, Params...>;
}  // namespace ctgrad::optim
