// tests/tensor_support.hpp - checking tensor gradients element by element: value_and_grad
// against central finite differences of eval, for variables bound to std::vectors.
#pragma once
#include <cmath>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <ctgrad/ctgrad.hpp>

#include "support.hpp"

namespace ctgrad_test {
using ctgrad::shape;

/// The variable named Name of static shape S (rank 0 to 4).
template <ctgrad::fixed_string Name, shape S>
auto shaped_var_of() {
    if constexpr (S.rank == 0) return ctgrad::var<Name>{};
    else if constexpr (S.rank == 1) return ctgrad::var<Name, S.cols>{};
    else if constexpr (S.rank == 2) return ctgrad::var<Name, S.rows, S.cols>{};
    else if constexpr (S.rank == 3) return ctgrad::var<Name, S.rows, S.tail[0], S.tail[1]>{};
    else return ctgrad::var<Name, S.rows, S.tail[0], S.tail[1], S.tail[2]>{};
}
template <ctgrad::fixed_string Name, shape S>
using shaped_var = decltype(shaped_var_of<Name, S>());

inline std::vector<double> random_values(std::size_t n, double lo, double hi, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(lo, hi);
    std::vector<double> v(n);
    for (double& x : v) x = u(rng);
    return v;
}

/// A variable and the values bound to it.
template <class V>
struct bound {
    using variable = V;
    std::vector<double>* values;
};
template <class V>
bound<V> with(V, std::vector<double>& values) {
    REQUIRE(values.size() == V::shape.size());
    return {&values};
}

template <class V>
auto bind(const bound<V>& b) {
    if constexpr (V::shape.rank == 0) return V{} = (*b.values)[0];
    else return V{} = *b.values;
}

template <class G>
double element(const G& g, std::size_t k) {
    if constexpr (requires { g.data(); }) return g.data()[k];
    else return g;
}

/// value_and_grad(f, wrt(every bound variable)) against eval(f), against the symbolic gradient
/// eval(diff(f, v)), and against central finite differences in each element of each variable.
template <class E, class... V>
void check_gradient(const E& f, const std::string& what, bound<V>... vars) {
    auto point = [&] { return ctgrad::at(bind(vars)...); };
    const auto r = ctgrad::value_and_grad(f, ctgrad::wrt(V{}...), point());
    INFO(what);
    CHECK(close(r.value, ctgrad::eval(f, point()), 1e-14, 1e-15));
    auto check_variable = [&](auto variable, std::vector<double>& values) {
        const auto& g = r.grad[variable];
        const auto symbolic = ctgrad::eval(ctgrad::diff(f, variable), point());
        for (std::size_t k = 0; k < values.size(); ++k) {
            INFO("d/d" << std::string(decltype(variable)::name.view()) << "[" << k << "] = "
                       << ctgrad::to_string(ctgrad::diff(f, variable)));
            CHECK(close(element(symbolic, k), element(g, k), 1e-12, 1e-14));
        }
        for (std::size_t k = 0; k < values.size(); ++k) {
            const double saved = values[k];
            const double h = 1e-6 * std::fmax(1.0, std::fabs(saved));
            values[k] = saved + h;
            const double up = ctgrad::eval(f, point());
            values[k] = saved - h;
            const double down = ctgrad::eval(f, point());
            values[k] = saved;
            const double fd = (up - down) / (2 * h);
            INFO(std::string(decltype(variable)::name.view()) << "[" << k << "] = " << saved);
            CHECK(close(element(g, k), fd, 1e-6, 1e-8));
        }
    };
    (check_variable(V{}, *vars.values), ...);
}

/// sum(R * op(A, B)) with a random weight R: the gradient of every element of op's result.
template <shape SA, shape SB, class Op>
void binary_case(Op op, const char* name, double lo = -2.0, double hi = 2.0, unsigned seed = 21) {
    constexpr shaped_var<"A", SA> A;
    constexpr shaped_var<"B", SB> B;
    constexpr shape out = ctgrad::detail::shape_of<decltype(op(A, B))>();
    constexpr shaped_var<"R", out> R;
    auto a = random_values(SA.size(), lo, hi, seed), b = random_values(SB.size(), lo, hi, seed + 1);
    auto w = random_values(out.size(), -1.5, 1.5, seed + 2);
    check_gradient(ctgrad::sum(R * op(A, B)), std::string(name) + " " + ctgrad::shape_string(SA) + " with " + ctgrad::shape_string(SB),
                   with(A, a), with(B, b), with(R, w));
}
/// The same for op(A), with A's values drawn from [lo, hi].
template <shape S, class Op>
void unary_case(Op op, const char* name, double lo = -2.0, double hi = 2.0, unsigned seed = 31) {
    constexpr shaped_var<"A", S> A;
    constexpr shape out = ctgrad::detail::shape_of<decltype(op(A))>();
    constexpr shaped_var<"R", out> R;
    auto a = random_values(S.size(), lo, hi, seed), w = random_values(out.size(), -1.5, 1.5, seed + 1);
    check_gradient(ctgrad::sum(R * op(A)), std::string(name) + " " + ctgrad::shape_string(S), with(A, a), with(R, w));
}
/// Which cells of an operation-by-shape grid (tensor_elementwise, tensor_broadcast) this build
/// checks, from CTGRAD_TEST_GRID: all of them; even or odd cells (CI's two compilers split the
/// grid as they split the generated expressions, each still compiling every operation and
/// every shape); or a sample for the sanitizer builds (every operation at its first shape and a
/// quarter of the rest, every shape under some operations: the kernels' memory accesses are
/// the shape's, the release builds check every cell).
enum class grid_share { all, even, odd, sample };
#ifdef CTGRAD_TEST_GRID
inline constexpr grid_share test_grid = grid_share::CTGRAD_TEST_GRID;
#else
inline constexpr grid_share test_grid = grid_share::all;
#endif
constexpr bool in_grid(int op, int shape_index) {
    switch (test_grid) {
        case grid_share::even: return (op + shape_index) % 2 == 0;
        case grid_share::odd: return (op + shape_index) % 2 == 1;
        case grid_share::sample: return shape_index == 0 || (op + shape_index) % 4 == 0;
        default: return true;
    }
}

/// op at 1 x 1, 1 x n, n x 1, m x n and on a vector; with an operation's index in a grid, the
/// shapes this build's share of the grid has (in_grid).
template <int GridOp = -1, class Op>
void every_shape(Op op, const char* name, double lo = -2.0, double hi = 2.0) {
    constexpr auto cell = [](int k) { return GridOp < 0 || in_grid(GridOp, k); };
    if constexpr (cell(0)) unary_case<shape{2, 1, 1}>(op, name, lo, hi, 1);
    if constexpr (cell(1)) unary_case<shape{2, 1, 5}>(op, name, lo, hi, 2);
    if constexpr (cell(2)) unary_case<shape{2, 4, 1}>(op, name, lo, hi, 3);
    if constexpr (cell(3)) unary_case<shape{2, 3, 4}>(op, name, lo, hi, 4);
    if constexpr (cell(4)) unary_case<shape{1, 1, 4}>(op, name, lo, hi, 5);
}
}  // namespace ctgrad_test
