// ctgrad/core/var.hpp - variables: identity is the name.
#pragma once
#include <array>
#include <ranges>
#include <type_traits>

#include <ctgrad/core/diagnostic.hpp>

#include <ctgrad/core/constant.hpp>
#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/fixed_string.hpp>
#include <ctgrad/core/shape.hpp>

namespace ctgrad {
namespace detail {
/// A container that owns its elements (std::vector, std::array, an Eigen matrix): a point
/// bound to a temporary one would outlive it. Views (std::span, Eigen::Map) are borrowed.
template <class S>
concept owning_storage = (std::ranges::range<S> && !std::ranges::borrowed_range<S>) ||
                         requires(S& s) { s.conservativeResize(s.rows(), s.cols()); };
}  // namespace detail

/// `x = 1.5`: a value for one variable, collected into a point by `at(...)`.
template <fixed_string Name, class T>
struct binding {
    T value;
};

/// A variable. `var<"x1">` and another `var<"x1">` are the same variable. With extents it is
/// a tensor of that static shape, row-major: `var<"b1", 128>` a vector, `var<"W1", 128, 784>`
/// a matrix; a point binds it to storage the caller owns (core/point.hpp). One extent may be
/// `batch`, known when a point binds storage: `var<"X", batch, 784>` (core/shape.hpp).
template <fixed_string Name, std::size_t... Extents>
struct var {
    static constexpr auto name = Name;
    static constexpr std::string_view name_view = Name.view();  // for compile-time messages
    static constexpr ctgrad::shape shape = shape_of_extents<Extents...>();

    /// Binds a value: `at(x1 = 1.0, x2 = -1.0)`.
    template <class T>
        requires(!expression<T> && sizeof...(Extents) == 0)
    constexpr binding<Name, std::remove_cvref_t<T>> operator=(T&& value) const {
        return {static_cast<T&&>(value)};
    }
    /// Binds storage to a tensor variable, without a copy (core/tensor_binding.hpp).
    template <class S>
        requires(sizeof...(Extents) > 0)
    constexpr auto operator=(const S& storage) const;
    /// Misuse: a container that dies at the end of the statement (`W = std::vector{...}`);
    /// the point would read it after it is gone. A span or an Eigen::Map of live storage is fine.
    template <class S>
        requires(sizeof...(Extents) > 0 && !std::is_lvalue_reference_v<S> && detail::owning_storage<S>)
    diagnostic::misuse operator=(S&&) const {
        CTGRAD_REPORT_VARIABLE(at_binds_storage_that_outlives_the_point, at_binds_a_temporary_container,
                               "ctgrad::at: a tensor variable is bound to a temporary container; bind storage that "
                               "outlives the point",
                               name_view);
        return {};
    }
};

/// A generated variable name with indices: `indexed_var<"w1", 0, 2>` is `var<"w1_0_2">`.
template <fixed_string Prefix, std::size_t... Index>
using indexed_var = var<detail::indexed_name<Prefix, Index...>()>;

namespace detail {
template <fixed_string Name, std::size_t... Extents>
struct is_expression_t<var<Name, Extents...>> : std::true_type {};

template <class E>
struct is_var_t : std::false_type {};
template <fixed_string Name, std::size_t... Extents>
struct is_var_t<var<Name, Extents...>> : std::true_type {};
template <class E>
concept is_var = is_var_t<E>::value;

template <fixed_string Name, std::size_t... Extents>
struct type_hash<var<Name, Extents...>>
    : std::integral_constant<hash128, sizeof...(Extents) == 0
                                          ? hash_leaf(Name.view(), 0x53u)
                                          : combine_hashes(hash_leaf(Name.view(), 0x53u),
                                                           std::array<hash128, sizeof...(Extents)>{
                                                               hash_leaf("extent", Extents)...})> {
    // a tensor variable's shape is part of its structure (W of 2 x 3 and W of 3 x 2 are
    // different expressions), its name alone is what points look up (name_hash)
};
/// One name is one variable: a name used with two shapes in one expression (or between an
/// expression and the variable it is differentiated by) is a compile error naming both shapes.
/// Checked where diff and backprop ask whether an expression depends on a variable.
template <class V, class X>
consteval bool same_shape_for_one_name() {
    if constexpr (V::shape == X::shape) return true;
    else {
        constexpr shape first = V::shape, second = X::shape;  // (g++ 12 crashes on V::shape as the argument)
        CTGRAD_REPORT_VARIABLE_SHAPES(a_variable_name_has_one_shape, one_variable_name_has_two_shapes,
                                      "ctgrad: one variable name is used with two shapes", V::name_view,
                                      shape_diagnostic<first>, shape_diagnostic<second>);
        return false;
    }
}
template <fixed_string Name, std::size_t... A, std::size_t... B>
struct depends_on_t<var<Name, A...>, var<Name, B...>>
    : std::bool_constant<same_shape_for_one_name<var<Name, A...>, var<Name, B...>>()> {};

/// The 64-bit name hash of a variable, used to look names up in points and programs.
template <class V>
consteval std::uint64_t name_hash() { return hash_leaf(V::name.view(), 0x53u).lo; }
}  // namespace detail

namespace detail {
/// The variable named Name of rank Rank and extents Rows x Cols (as in shape, Batch the axis
/// that is the run-time batch; E1..E3 a rank-3 or rank-4 shape's tail): a scalar, a vector, a
/// matrix or an image tensor. Scalar arguments, not a shape: g++ 12 crashes substituting a
/// class argument read from another template's static member (X::shape).
template <fixed_string Name, int Rank, std::size_t Rows, std::size_t Cols, batch_axis Batch = batch_axis::none,
          std::size_t E1 = 0, std::size_t E2 = 0, std::size_t E3 = 0>
struct var_with_extents {
    using type = var<Name>;
};
template <fixed_string Name, std::size_t Rows, std::size_t Cols, batch_axis Batch, std::size_t E1, std::size_t E2,
          std::size_t E3>
struct var_with_extents<Name, 1, Rows, Cols, Batch, E1, E2, E3> {
    using type = var<Name, (Batch == batch_axis::cols ? batch : Cols)>;
};
template <fixed_string Name, std::size_t Rows, std::size_t Cols, batch_axis Batch, std::size_t E1, std::size_t E2,
          std::size_t E3>
struct var_with_extents<Name, 2, Rows, Cols, Batch, E1, E2, E3> {
    using type = var<Name, (Batch == batch_axis::rows ? batch : Rows), (Batch == batch_axis::cols ? batch : Cols)>;
};
template <fixed_string Name, std::size_t Rows, std::size_t Cols, batch_axis Batch, std::size_t E1, std::size_t E2,
          std::size_t E3>
struct var_with_extents<Name, 3, Rows, Cols, Batch, E1, E2, E3> {
    using type = var<Name, (Batch == batch_axis::rows ? batch : Rows), E1, E2>;
};
template <fixed_string Name, std::size_t Rows, std::size_t Cols, batch_axis Batch, std::size_t E1, std::size_t E2,
          std::size_t E3>
struct var_with_extents<Name, 4, Rows, Cols, Batch, E1, E2, E3> {
    using type = var<Name, (Batch == batch_axis::rows ? batch : Rows), E1, E2, E3>;
};
}  // namespace detail

/// A variable: what diff, wrt and at accept.
template <class V>
concept variable = detail::is_var<std::remove_cvref_t<V>>;
}  // namespace ctgrad
