// Generated tensor expressions (tests/tensor_expressions.hpp), CTGRAD_TENSOR_COUNT of them
// from number CTGRAD_TENSOR_OFFSET: value_and_grad against eval(f) and eval(diff(f, V)), and
// against central finite differences in every element of every variable (tests/tensor_support.hpp);
// hvp and hessian against central differences of the gradient.
#include <catch2/catch.hpp>

#include "../tensor_expressions.hpp"
#include "../tensor_support.hpp"

using namespace tensor_expressions;

namespace {
template <std::size_t I>
void check_expression() {
    using E = expression_number<I>;
    using V = typename E::vars;
    auto m = ctgrad_test::random_values(elements(V::matrix), -1, 1, 3 * I + 1);
    auto p = ctgrad_test::random_values(elements(V::other), -1, 1, 3 * I + 2);
    auto v = ctgrad_test::random_values(elements(V::row), -1, 1, 3 * I + 3);
    auto c = ctgrad_test::random_values(elements(V::column), -1, 1, 3 * I + 4);
    auto s = ctgrad_test::random_values(1, -1, 1, 3 * I + 5);
    auto k = ctgrad_test::random_values(elements(V::inner), -1, 1, 3 * I + 6);
    auto w = ctgrad_test::random_values(elements(V::weights), 0, 1, 3 * I + 7);
    auto across = ctgrad_test::random_values(elements(V::across), -1, 1, 3 * I + 8);
    auto down = ctgrad_test::random_values(elements(V::down), -1, 1, 3 * I + 9);
    auto tall = ctgrad_test::random_values(elements(V::tall), -1, 1, 3 * I + 10);
    ctgrad_test::check_gradient(E::f, "expression " + std::to_string(I) + " (M " + shape_string(V::matrix.shape) +
                                          ", K " + shape_string(V::inner.shape) + "): " + to_string(E::f),
                                ctgrad_test::with(V::matrix, m), ctgrad_test::with(V::other, p), ctgrad_test::with(V::row, v),
                                ctgrad_test::with(V::column, c), ctgrad_test::with(V::scalar, s),
                                ctgrad_test::with(V::inner, k), ctgrad_test::with(V::weights, w),
                                ctgrad_test::with(V::across, across), ctgrad_test::with(V::down, down),
                                ctgrad_test::with(V::tall, tall));
    // Second order on a third of the expressions each (their compile time is the suite's):
    // hvp along a random direction of M's shape against central differences of the gradient
    if constexpr (I % 3 == 0) {
        auto point = [&] {
            return at(V::matrix = m, V::other = p, V::row = v, V::column = c, V::scalar = s[0], V::inner = k,
                      V::weights = w, V::across = across, V::down = down, V::tall = tall);
        };
        const auto direction = ctgrad_test::random_values(elements(V::matrix), -1, 1, 3 * I + 11);
        const auto hv = hvp(E::f, wrt(V::matrix), point(), at(V::matrix = direction));
        auto gradient_at = [&](double t) {
            const auto saved = m;
            for (std::size_t e = 0; e < m.size(); ++e) m[e] += t * direction[e];
            const auto g = value_and_grad(E::f, wrt(V::matrix), point()).grad;
            m = saved;
            return g;
        };
        const double h = 1e-5;
        const auto up = gradient_at(h), below = gradient_at(-h);
        for (std::size_t e = 0; e < m.size(); ++e) {
            INFO("(H v)[" << e << "] of expression " << I << ": " << to_string(E::f));
            CHECK(ctgrad_test::close(hv.data(V::matrix)[e],
                                     (up.data(V::matrix)[e] - below.data(V::matrix)[e]) / (2 * h), 1e-5, 1e-7));
        }
    }
    // Second order by a scalar inside a tensor expression (hessian once called through a null
    // rule there): hessian(f, wrt(s)) against central differences of df/ds.
    if constexpr (I % 3 == 1 &&
                  ctgrad::detail::depends_on<std::remove_cvref_t<decltype(E::f)>, std::remove_cvref_t<decltype(V::scalar)>>) {
        auto point = [&] {
            return at(V::matrix = m, V::other = p, V::row = v, V::column = c, V::scalar = s[0], V::inner = k,
                      V::weights = w, V::across = across, V::down = down, V::tall = tall);
        };
        const double second = hessian(E::f, wrt(V::scalar), point())(V::scalar, V::scalar);
        const double s0 = s[0], h = 1e-5;
        s[0] = s0 + h;
        const double up = value_and_grad(E::f, wrt(V::scalar), point()).grad[V::scalar];
        s[0] = s0 - h;
        const double down_ = value_and_grad(E::f, wrt(V::scalar), point()).grad[V::scalar];
        s[0] = s0;
        INFO("d2f/ds2 of expression " << I << ": " << to_string(E::f));
        CHECK(ctgrad_test::close(second, (up - down_) / (2 * h), 1e-5, 1e-7));
    }
}
template <std::size_t Offset, std::size_t... I>
void check_range(std::index_sequence<I...>) {
    (check_expression<Offset + I>(), ...);
}
}  // namespace

TEST_CASE("generated tensor expressions: value_and_grad against diff and finite differences", "[tensor][random]") {
    check_range<CTGRAD_TENSOR_OFFSET>(std::make_index_sequence<CTGRAD_TENSOR_COUNT>{});
}
