// ctgrad/nn.hpp - losses and network building blocks (ctgrad::nn).
#pragma once
#include <cstddef>
#include <utility>

#include <boost/hana/at.hpp>
#include <boost/hana/fold_left.hpp>
#include <boost/hana/size.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/unpack.hpp>

#include <ctgrad/core/constant.hpp>
#include <ctgrad/core/var.hpp>
#include <ctgrad/core/wrt.hpp>
#include <ctgrad/ops/add.hpp>
#include <ctgrad/ops/channels.hpp>
#include <ctgrad/ops/conv2d.hpp>
#include <ctgrad/ops/erf.hpp>
#include <ctgrad/ops/irrational.hpp>
#include <ctgrad/ops/log.hpp>
#include <ctgrad/ops/log_sigmoid.hpp>
#include <ctgrad/ops/mul.hpp>
#include <ctgrad/ops/pool2d.hpp>
#include <ctgrad/ops/pow.hpp>
#include <ctgrad/ops/relu.hpp>
#include <ctgrad/ops/sigmoid.hpp>
#include <ctgrad/ops/softmax_cross_entropy.hpp>
#include <ctgrad/ops/sub.hpp>
#include <ctgrad/ops/tanh.hpp>

namespace ctgrad::nn {
namespace hana = boost::hana;

/// Softmax cross-entropy of logits Z against targets Y, per row: log(sum_j exp(z_j)) -
/// sum_j y_j z_j, which is -sum_j y_j log softmax(z)_j when a row of Y sums to 1 (one-hot
/// labels, probabilities); fused and stable; d/dZ = softmax(Z) - Y. A matrix gives a vector of
/// row losses (take its mean), a vector a scalar.
template <expression Z, expression Y>
constexpr auto softmax_cross_entropy(const Z& logits, const Y& onehot) {
    constexpr shape sz = detail::shape_of<Z>{}, sy = detail::shape_of<Y>{};
    if constexpr (!detail::check_rank_at_most_two<ops::softmax_cross_entropy, sz>()) {
        return logits;
    } else if constexpr (sz.rank == 0 || !(sz == sy)) {
        CTGRAD_REPORT_SHAPES(operands_broadcast, operands_do_not_broadcast,
                             "ctgrad::nn::softmax_cross_entropy: logits and targets differ in shape",
                             ops::softmax_cross_entropy, detail::shape_diagnostic<sz>, detail::shape_diagnostic<sy>);
        return logits;
    } else {
        return detail::make_node<node<ops::softmax_cross_entropy, Z, Y>>(logits, onehot);
    }
}

/// Squared error 1/2 (p - y)^2, whose derivative in p is p - y (the seed's Loss); for tensors
/// elementwise, broadcasting.
template <operand P, operand Y>
    requires(expression<P> || expression<Y>)
constexpr auto mse(const P& p, const Y& y) {
    return constant<1, 2>{} * square(p - y);
}

/// Binary cross-entropy of a probability p: -(y log p + (1 - y) log(1 - p)).
template <operand P, operand Y>
    requires(expression<P> || expression<Y>)
constexpr auto bce(const P& p, const Y& y) {
    return -(y * log(as_expression(p)) + (constant<1>{} - y) * log(constant<1>{} - p));
}

/// Binary cross-entropy of a logit z: y softplus(-z) + (1 - y) softplus(z). Equal to
/// PyTorch's (1 - y) z - log_sigmoid(z), but neither term cancels: the loss and its
/// gradient sigmoid(z) - y keep full relative accuracy at |z| = 40 for y = 0 and y = 1.
template <operand Z, operand Y>
    requires(expression<Z> || expression<Y>)
constexpr auto bce_with_logits(const Z& z, const Y& y) {
    const auto logit = as_expression(z);
    return y * softplus(-logit) + (constant<1>{} - y) * softplus(logit);
}

namespace ops {
/// 1/sqrt(2), which scales gelu's argument to erf.
struct inv_sqrt2 : ctgrad::ops::irrational<"1/sqrt(2)", "\\frac{1}{\\sqrt{2}}", precedence::product> {
    static constexpr cpp_code cpp{.value = "T(0.707106781186547524400844362104849039L)"};
    template <class T> static constexpr T value() { return T(0.707106781186547524400844362104849039L); }
};
}  // namespace ops

/// GELU, x Phi(x) with Phi the standard normal CDF, in PyTorch's exact form (its default,
/// approximate='none'): x * 1/2 * (1 + erf(x / sqrt(2))). Like PyTorch's, it is 0 where
/// 1 + erf cancels (x < -8.3) and NaN at x = -inf.
template <expression X>
constexpr auto gelu(const X& x) {
    return constant<1, 2>{} * x * (constant<1>{} + erf(node<ops::inv_sqrt2>{} * x));
}

/// Activations for dense layers.
namespace act {
struct identity {
    template <expression E> constexpr auto operator()(const E& e) const { return e; }
};
struct sigmoid {
    template <expression E> constexpr auto operator()(const E& e) const { return ctgrad::sigmoid(e); }
};
struct relu {
    template <expression E> constexpr auto operator()(const E& e) const { return ctgrad::relu(e); }
};
struct tanh {
    template <expression E> constexpr auto operator()(const E& e) const { return ctgrad::tanh(e); }
};
}  // namespace act

/// The variables Prefix_0 ... Prefix_{N-1}, as a hana::tuple.
template <fixed_string Prefix, std::size_t N>
constexpr auto inputs() {
    return []<std::size_t... I>(std::index_sequence<I...>) {
        return hana::make_tuple(indexed_var<Prefix, I>{}...);
    }(std::make_index_sequence<N>{});
}

/// A dense layer of Out units over a hana::tuple of inputs: unit j is
/// act(W_j_0 * in_0 + ... + W_j_{n-1} * in_{n-1} + B_j), one variable per weight.
template <fixed_string W, fixed_string B, std::size_t Out, class Inputs, class Act>
constexpr auto dense(const Inputs& in, Act activation) {
    constexpr std::size_t n = decltype(hana::size(in))::value;
    auto unit = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
        auto sum = [&]<std::size_t... I>(std::index_sequence<I...>) {
            return (... + (indexed_var<W, J, I>{} * hana::at_c<I>(in)));
        }(std::make_index_sequence<n>{});
        return activation(sum + indexed_var<B, J>{});
    };
    return [&]<std::size_t... J>(std::index_sequence<J...>) {
        return hana::make_tuple(unit(std::integral_constant<std::size_t, J>{})...);
    }(std::make_index_sequence<Out>{});
}

/// The weights and biases of a dense layer over In inputs, in the order
/// W_0_0 ... W_{Out-1}_{In-1}, B_0 ... B_{Out-1}, as a wrt list.
template <fixed_string W, fixed_string B, std::size_t Out, std::size_t In>
constexpr auto dense_parameters() {
    return []<std::size_t... K, std::size_t... J>(std::index_sequence<K...>, std::index_sequence<J...>) {
        return wrt_list<indexed_var<W, K / In, K % In>..., indexed_var<B, J>...>{};
    }(std::make_index_sequence<Out * In>{}, std::make_index_sequence<Out>{});
}

/// Sum over outputs of mse(output_k, target_k), for hana::tuples of equal size.
template <class Outputs, class Targets>
constexpr auto mse(const Outputs& outputs, const Targets& targets)
    requires(!expression<Outputs>)
{
    constexpr std::size_t n = decltype(hana::size(outputs))::value;
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
        return (... + mse(hana::at_c<K>(outputs), hana::at_c<K>(targets)));
    }(std::make_index_sequence<n>{});
}
}  // namespace ctgrad::nn
