// tests/tensor_products.hpp - every way to write a matrix product: each factor a matrix, a
// transposed matrix, a vector (a row on the left, a column on the right), the column
// transpose(vector), or a 1 x n / n x 1 matrix, at inner extents 1 and above.
// value_and_grad, eval(diff(f, V)) and central differences must agree in every element
// (tests/tensor_support.hpp), for the product weighted, summed, and transposed.
#pragma once
#include <string>

#include <ctgrad/ctgrad.hpp>

#include "tensor_support.hpp"

namespace tensor_products {
using namespace ctgrad;
using namespace ctgrad_test;

// The forms of a factor standing for a Rows x Cols matrix: 0 a matrix, 1 the transpose of a
// Cols x Rows matrix, 2 a vector (one row), 3 transpose(vector) (one column).
template <int Form, std::size_t Rows, std::size_t Cols>
constexpr bool form_fits = Form < 2 || (Form == 2 && Rows == 1) || (Form == 3 && Cols == 1);

template <int Form, fixed_string Name, std::size_t Rows, std::size_t Cols>
constexpr auto factor_variable() {
    if constexpr (Form == 0) return var<Name, Rows, Cols>{};
    else if constexpr (Form == 1) return var<Name, Cols, Rows>{};
    else if constexpr (Form == 2) return var<Name, Cols>{};
    else return var<Name, Rows>{};
}
template <int Form, class V>
constexpr auto factor(V v) {
    if constexpr (Form == 1 || Form == 3) return transpose(v);
    else return v;
}

/// sum(R * op(L) op(Rt)) and the same of its transpose, for one pair of forms.
template <std::size_t P, std::size_t Q, std::size_t N, int LeftForm, int RightForm>
void product_case() {
    if constexpr (form_fits<LeftForm, P, Q> && form_fits<RightForm, Q, N> && !(RightForm == 2 && N != 1)) {
        constexpr auto a = factor_variable<LeftForm, "A", P, Q>();
        // a vector on the right is a column: form 2 stands for a Q x 1 matrix there
        constexpr auto b = [] {
            if constexpr (RightForm == 2) return var<"B", Q>{};
            else return factor_variable<RightForm, "B", Q, N>();
        }();
        constexpr auto product = matmul(factor<LeftForm>(a), factor<RightForm == 2 ? 0 : RightForm>(b));
        constexpr shape out = detail::shape_of<std::remove_cvref_t<decltype(product)>>{};
        constexpr shaped_var<"R", out> weights;
        constexpr auto transposed = transpose(product);
        constexpr shape out_t = detail::shape_of<std::remove_cvref_t<decltype(transposed)>>{};
        constexpr shaped_var<"S", out_t> weights_t;
        auto av = random_values(decltype(a)::shape.size(), -2, 2, 11 + LeftForm);
        auto bv = random_values(decltype(b)::shape.size(), -2, 2, 17 + RightForm);
        auto rv = random_values(out.size(), -1, 1, 23);
        auto sv = random_values(out_t.size(), -1, 1, 29);
        const std::string what = "matmul of forms " + std::to_string(LeftForm) + ", " + std::to_string(RightForm) +
                                 " standing for " + std::to_string(P) + " x " + std::to_string(Q) + " and " +
                                 std::to_string(Q) + " x " + std::to_string(N) + ": " + to_string(product);
        check_gradient(sum(weights * product), what, with(a, av), with(b, bv), with(weights, rv));
        check_gradient(sum(product), what + " (summed)", with(a, av), with(b, bv));
        if constexpr (out_t.rank > 0)
            check_gradient(sum(weights_t * transposed), what + " transposed", with(a, av), with(b, bv), with(weights_t, sv));
    }
}

template <std::size_t P, std::size_t Q, std::size_t N>
void every_form() {
    [&]<int... F>(std::integer_sequence<int, F...>) {
        (product_case<P, Q, N, F / 4, F % 4>(), ...);
    }(std::make_integer_sequence<int, 16>{});
}
}  // namespace tensor_products

