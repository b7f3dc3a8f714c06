// ctgrad/ops/reshape.hpp - reshape<Extents...>(A): A's elements in the same row-major order as
// a tensor of other extents with as many elements (the first extent may be the batch where A's
// is: reshape<batch, 784>(X) of a batch x 1 x 28 x 28 X); flatten(A): every extent after the
// first joined (PyTorch's Flatten). Its VJP is the adjoint reshaped back. A reshape is a view:
// it reads its operand's elements where they are (op_properties::views_operand), and its
// operand's adjoint takes over its own where nothing else adds into it; otherwise its reverse
// step adds the adjoint in one pass.
#pragma once
#include <cstddef>
#include <type_traits>

#include <ctgrad/core/shape.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/broadcast.hpp>
#include <ctgrad/ops/kernel.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad {
namespace ops {
template <shape S>
struct reshape {
    static constexpr std::string_view id = "reshape";
    static constexpr int rank = 3;
    static constexpr auto text_pattern = detail::shape_pattern<S>("reshape<", ", ", ">($0)");
    static constexpr auto latex_pattern = detail::shape_pattern<S>("\\operatorname{reshape}_{", " \\times ", "}\\left($0\\right)");
    static constexpr print_format text{text_pattern.view(), precedence::atom, 0};
    static constexpr print_format latex{latex_pattern.view(), precedence::atom, 0};
    // a view: no copy forward, and its operand takes over its adjoint where it can (the same
    // elements in the same order); a reshape to a scalar stays a step (scalar steps read
    // their operands at fixed offsets)
    static constexpr op_properties properties{.param = detail::shape_param(S),
                                              .passes_adjoint = {true, false},
                                              .views_operand = S.rank > 0,
                                              .reverse_reads = {0, 0}};
    static constexpr cpp_code cpp{.value = "for (std::size_t k = 0; k < $R * $C; ++k) $out[k] = $0[k];",
                                  .backward = {"for (std::size_t k = 0; k < $R * $C; ++k) $dst[k] += $adj[k];"}};
    static constexpr shape result_shape(shape) { return S; }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a) {
        const std::size_t n = a.dims.size();
        for (std::size_t k = 0; k < n; ++k) out[k] = a[k];
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T>, tensor_in<T> adj) {
        const std::size_t n = dst.dims.size();
        for (std::size_t k = 0; k < n; ++k) dst[k] = (accumulate ? dst[k] : T(0)) + adj[k];
    }
    template <std::size_t> static constexpr auto vjp(const auto& self, const auto& adj, const auto& a);
};
/// The call reshape<Extents...>, as a shape error names it.
template <std::size_t... Extents>
struct reshape_of_extents {};
}  // namespace ops

namespace detail {
/// A reshaped to S (a reshape of a reshape reshapes the first operand; to A's own shape, A).
template <shape S, class A>
constexpr auto make_reshape(const A& a) {
    if constexpr (shape_of<A>{}.value == S) return a;
    else if constexpr (is_op<A, ops::reshape<shape_of<A>{}.value>>) return make_reshape<S>(a.template operand<0>());
    else if constexpr (shape_of<A>{}.rank == 0) return expand_to<S>(a);  // a scalar adjoint of every element
    else return detail::make_node<node<ops::reshape<S>, A>>(a);
}
/// The shape flatten gives: the first extent, then the others' product (a vector stays).
constexpr shape flattened(shape s) { return s.rank <= 2 ? s : shape{2, s.rows, s.cols, s.batch}; }
}  // namespace detail

template <shape S>
template <std::size_t>
constexpr auto ops::reshape<S>::vjp(const auto& self, const auto& adj, const auto& a) {
    return detail::make_reshape<detail::shape_of<std::remove_cvref_t<decltype(a)>>{}.value>(detail::full_adjoint<decltype(self)>(adj));
}

/// reshape<Extents...>(A): A's elements as a tensor of these extents (as many elements; the
/// first may be `batch` where A's first is).
template <std::size_t... Extents, expression A>
constexpr auto reshape(const A& a) {
    constexpr shape from = detail::shape_of<A>{}, to = shape_of_extents<Extents...>();
    if constexpr (!(from.count() == to.count()) || from.batch != to.batch) {
        CTGRAD_REPORT_SHAPES(extents_have_the_operand_s_size, extents_have_another_size,
                             "ctgrad::reshape: the extents have another number of elements than the operand (or "
                             "another run-time batch)",
                             ops::reshape_of_extents<Extents...>, detail::shape_diagnostic<from>, detail::shape_diagnostic<to>);
        return a;
    } else {
        return detail::make_reshape<to>(a);
    }
}

/// flatten(A): A's first extent, then every other joined: an N x C x H x W tensor as an
/// N x CHW matrix (the batch stays the batch). A scalar, vector or matrix is returned as it is.
template <expression A>
constexpr auto flatten(const A& a) {
    return detail::make_reshape<detail::flattened(detail::shape_of<A>{})>(a);
}
}  // namespace ctgrad
