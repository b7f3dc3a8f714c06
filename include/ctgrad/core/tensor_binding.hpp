// ctgrad/core/tensor_binding.hpp - `W = storage`: a tensor variable bound to contiguous,
// row-major storage the caller owns, without a copy. A size known at compile time
// (std::array, std::span<T, N>) is checked at compile time; other sizes (std::vector, dynamic
// spans, Eigen matrices) at run time, with a message naming the variable and both sizes.
#pragma once
#include <array>
#include <cstddef>
#include <iterator>
#include <ranges>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <ctgrad/core/diagnostic.hpp>
#include <ctgrad/core/shape.hpp>
#include <ctgrad/core/var.hpp>

namespace ctgrad {

/// A tensor variable V bound to the elements at `data` (V::shape.size() of them; of a batched
/// variable, `rows` rows).
template <class V, class T>
struct tensor_binding {
    const T* data;
    std::size_t rows = 0;
};

namespace detail {
template <class S>
concept eigen_dense = requires(const S& s) {
    S::IsRowMajor;
    S::IsVectorAtCompileTime;
    s.data();
    s.rows();
    s.cols();
};
template <class S>
concept static_extent = requires { std::tuple_size<S>::value; } ||
                        (requires { S::extent; } && !std::is_same_v<std::remove_cv_t<decltype(S::extent)>, void>);

template <class S>
consteval std::size_t extent_of() {
    if constexpr (requires { S::extent; }) return S::extent;  // std::span
    else return std::tuple_size<S>::value;                     // std::array
}

[[noreturn]] inline void throw_size_mismatch(std::string_view variable, shape s, std::size_t bound) {
    throw std::length_error("ctgrad::at: " + std::string(variable) + " is " + shape_string(s) + ", " +
                            std::to_string(s.size()) + " elements; the storage bound to it has " +
                            std::to_string(bound));
}

[[noreturn]] inline void throw_not_whole_rows(std::string_view variable, shape s, std::size_t bound) {
    throw std::length_error("ctgrad::at: " + std::string(variable) + " is " + shape_string(s) + "; the storage bound to it has " +
                            std::to_string(bound) + " elements, not a positive multiple of " + std::to_string(s.count().per_batch));
}

/// A batched variable (var<"X", batch, 784>) bound to any number of whole batch rows (of
/// count().per_batch elements each: a row of X, a column of var<"M", 3, batch>), at least one.
template <class V, class S>
constexpr auto bind_batched(const S& storage) {
    constexpr shape s = V::shape;
    constexpr std::size_t per_batch = s.count().per_batch;
    if constexpr (eigen_dense<S>) {
        using T = std::remove_cv_t<std::remove_pointer_t<decltype(storage.data())>>;
        static_assert(S::IsRowMajor || S::IsVectorAtCompileTime,
                      "ctgrad::at: an Eigen matrix bound to a tensor variable must be row-major (Eigen::RowMajor)");
        const auto size = std::size_t(storage.size());
        const bool whole_rows = S::IsVectorAtCompileTime || s.batch != batch_axis::rows || std::size_t(storage.cols()) == s.cols;
        if (size == 0 || size % per_batch != 0 || !whole_rows) throw_not_whole_rows(V::name.view(), s, size);
        return tensor_binding<V, T>{storage.data(), size / per_batch};
    } else {
        static_assert(std::ranges::contiguous_range<S> && std::ranges::sized_range<S>,
                      "ctgrad::at: bind a tensor variable to contiguous storage: std::array, std::span, "
                      "std::vector or a row-major Eigen matrix");
        using T = std::remove_cv_t<std::ranges::range_value_t<S>>;
        const auto size = std::size_t(std::ranges::size(storage));
        if (size == 0 || size % per_batch != 0) throw_not_whole_rows(V::name.view(), s, size);
        return tensor_binding<V, T>{std::ranges::data(storage), size / per_batch};
    }
}

template <class V, class S>
constexpr auto bind_tensor(const S& storage) {
    constexpr shape s = V::shape;
    if constexpr (s.batched()) return bind_batched<V>(storage);
    else {
    if constexpr (eigen_dense<S>) {
        using T = std::remove_cv_t<std::remove_pointer_t<decltype(storage.data())>>;
        static_assert(S::IsRowMajor || S::IsVectorAtCompileTime,
                      "ctgrad::at: an Eigen matrix bound to a tensor variable must be row-major (Eigen::RowMajor)");
        bool same = s.rank == 2 && !S::IsVectorAtCompileTime
                        ? std::size_t(storage.rows()) == s.rows && std::size_t(storage.cols()) == s.cols
                        : std::size_t(storage.size()) == s.size();
        if (!same) throw_size_mismatch(V::name.view(), s, std::size_t(storage.size()));
        return tensor_binding<V, T>{storage.data()};
    } else {
        static_assert(std::ranges::contiguous_range<S> && std::ranges::sized_range<S>,
                      "ctgrad::at: bind a tensor variable to contiguous storage: std::array, std::span, "
                      "std::vector or a row-major Eigen matrix");
        using T = std::remove_cv_t<std::ranges::range_value_t<S>>;
        if constexpr (static_extent<S>) {
            if constexpr (extent_of<S>() != std::dynamic_extent && extent_of<S>() != s.size()) {
#if defined(__clang__)
                static_assert(diagnostic::at_binds_storage_of_the_variable_s_size<diagnostic::variable_named<V::name_view>,
                                                                                  shape_diagnostic<s>,
                                                                                  diagnostic::elements<extent_of<S>()>>,
                              "ctgrad::at: the storage bound to a tensor variable has another size");
#else
                diagnostic::at_binds_storage_of_another_size(diagnostic::variable_named<V::name_view>{},
                                                             shape_diagnostic<s>{}, diagnostic::elements<extent_of<S>()>{});
#endif
            } else if constexpr (extent_of<S>() == std::dynamic_extent) {
                if (std::size_t(std::ranges::size(storage)) != s.size())
                    throw_size_mismatch(V::name.view(), s, std::size_t(std::ranges::size(storage)));
            }
        } else if (std::size_t(std::ranges::size(storage)) != s.size()) {
            throw_size_mismatch(V::name.view(), s, std::size_t(std::ranges::size(storage)));
        }
        return tensor_binding<V, T>{std::ranges::data(storage)};
    }
    }
}
}  // namespace detail

template <fixed_string Name, std::size_t... Extents>
template <class S>
    requires(sizeof...(Extents) > 0)
constexpr auto var<Name, Extents...>::operator=(const S& storage) const {
    return detail::bind_tensor<var>(storage);
}
}  // namespace ctgrad
