// Matrix products in every form (tests/tensor_products.hpp) at inner extent 1 (outer
// products), the reproducers, and products of transposed vectors of computed values.
#include "../tensor_products.hpp"

using namespace ctgrad;
using namespace ctgrad_test;
using tensor_products::every_form;

TEST_CASE("matmul in every form at inner extent 1: outer products", "[tensor]") {
    every_form<3, 1, 2>();
    every_form<1, 1, 3>();
    every_form<3, 1, 1>();
}

TEST_CASE("the issue's reproducers: transposed matrix-vector products and columns from vectors", "[tensor]") {
    {  // sum(A^T v) with A = [[1, 2], [3, 4]], v = (10, 100): dA = [[10, 10], [100, 100]]
        constexpr var<"A", 2, 2> A;
        constexpr var<"v", 2> v;
        std::vector<double> a{1, 2, 3, 4}, vv{10, 100};
        constexpr auto f = sum(matmul(transpose(A), v));
        const auto d = eval(diff(f, A), at(A = a, v = vv));
        CHECK(d(0, 0) == 10);
        CHECK(d(0, 1) == 10);
        CHECK(d(1, 0) == 100);
        CHECK(d(1, 1) == 100);
        CHECK(to_string(diff(f, A)) == "broadcast<2, 2>(v^T)");
    }
    {  // sum(v B^T), B 2 x 3: every row of dB is v
        constexpr var<"B", 2, 3> B;
        constexpr var<"v", 3> v;
        std::vector<double> b{1, 2, 3, 4, 5, 6}, vv{10, 100, 1000};
        const auto d = eval(diff(sum(matmul(v, transpose(B))), B), at(B = b, v = vv));
        for (std::size_t i = 0; i < 2; ++i) {
            CHECK(d(i, 0) == 10);
            CHECK(d(i, 1) == 100);
            CHECK(d(i, 2) == 1000);
        }
    }
    {  // sum(A u^T) and sum(A^T u^T), u a vector: every row of dA is u, every column of dA^T
        constexpr var<"A", 2, 3> A;
        constexpr var<"At", 3, 2> At;
        constexpr var<"u", 3> u;
        std::vector<double> a{1, 2, 3, 4, 5, 6}, uv{10, 100, 1000};
        const auto d = eval(diff(sum(matmul(A, transpose(u))), A), at(A = a, u = uv));
        const auto dt = eval(diff(sum(matmul(transpose(At), transpose(u))), At), at(At = a, u = uv));
        for (std::size_t i = 0; i < 2; ++i)
            for (std::size_t j = 0; j < 3; ++j) {
                CHECK(d(i, j) == uv[j]);
                CHECK(dt(j, i) == uv[j]);
            }
    }
}

TEST_CASE("products of transposed vectors of computed values", "[tensor]") {
    constexpr var<"X", 3, 4> X;
    constexpr var<"u", 4> u;
    constexpr var<"w", 3> w;
    constexpr var<"d", 4, 1> d;
    auto x = random_values(12, -1, 1, 51), uv = random_values(4, -1, 1, 52), wv = random_values(3, -1, 1, 53);
    auto dv = random_values(4, -1, 1, 54);
    // an outer product of computed values, a column times a row
    check_gradient(sum(X * matmul(transpose(tanh(w)), transpose(tanh(d) * transpose(u)))), "outer of computed",
                   with(X, x), with(u, uv), with(w, wv), with(d, dv));
    // a matrix times a computed column, a computed row times a transposed matrix
    check_gradient(sum(matmul(X, transpose(exp(u))) * w), "X exp(u)^T", with(X, x), with(u, uv), with(w, wv));
    check_gradient(sum(matmul(sigmoid(w), X) * u), "sigmoid(w) X", with(X, x), with(u, uv), with(w, wv));
    check_gradient(sum(matmul(transpose(X), w * w) * u), "X^T w^2", with(X, x), with(u, uv), with(w, wv));
    check_gradient(matmul(u, matmul(transpose(X), w)), "u . X^T w", with(X, x), with(u, uv), with(w, wv));
}
