// Generated tensor expressions (tests/tensor_expressions.hpp), CTGRAD_TENSOR_COUNT of them
// from number CTGRAD_TENSOR_OFFSET: value_and_grad against eval(f) and eval(diff(f, V)), and
// against central finite differences in every element of every variable (tests/tensor_support.hpp).
#include <catch2/catch.hpp>

#include "../tensor_expressions.hpp"
#include "../tensor_support.hpp"

using namespace tensor_expressions;

namespace {
template <std::size_t I>
void check_expression() {
    using E = expression_number<I>;
    using V = typename E::vars;
    auto m = ctgrad_test::random_values(E::m * E::n, -1, 1, 3 * I + 1);
    auto p = ctgrad_test::random_values(E::m * E::n, -1, 1, 3 * I + 2);
    auto v = ctgrad_test::random_values(E::n, -1, 1, 3 * I + 3);
    auto c = ctgrad_test::random_values(E::m, -1, 1, 3 * I + 4);
    auto s = ctgrad_test::random_values(1, -1, 1, 3 * I + 5);
    auto k = ctgrad_test::random_values(E::n * E::k, -1, 1, 3 * I + 6);
    auto w = ctgrad_test::random_values(E::m * E::n, 0, 1, 3 * I + 7);
    auto across = ctgrad_test::random_values(E::n, -1, 1, 3 * I + 8);
    auto down = ctgrad_test::random_values(E::m, -1, 1, 3 * I + 9);
    auto tall = ctgrad_test::random_values(E::n, -1, 1, 3 * I + 10);
    ctgrad_test::check_gradient(E::f, "expression " + std::to_string(I) + " (" + std::to_string(E::m) + " x " +
                                          std::to_string(E::n) + ", k = " + std::to_string(E::k) +
                                          "): " + to_string(E::f),
                                ctgrad_test::with(V::matrix, m), ctgrad_test::with(V::other, p), ctgrad_test::with(V::row, v),
                                ctgrad_test::with(V::column, c), ctgrad_test::with(V::scalar, s),
                                ctgrad_test::with(V::inner, k), ctgrad_test::with(V::weights, w),
                                ctgrad_test::with(V::across, across), ctgrad_test::with(V::down, down),
                                ctgrad_test::with(V::tall, tall));
}
template <std::size_t Offset, std::size_t... I>
void check_range(std::index_sequence<I...>) {
    (check_expression<Offset + I>(), ...);
}
}  // namespace

TEST_CASE("generated tensor expressions: value_and_grad against diff and finite differences", "[tensor][random]") {
    check_range<CTGRAD_TENSOR_OFFSET>(std::make_index_sequence<CTGRAD_TENSOR_COUNT>{});
}
