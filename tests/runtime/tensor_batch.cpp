// The run-time batch (var<"X", batch, n>): one expression type for every batch. Each check
// builds the same expression twice, with a static batch of B rows and with the run-time batch
// bound to B rows, and asks for the same bits: the kernels are the same, only where their
// blocks lie differs. Also a workspace reused across batches (larger, then smaller, then larger:
// nothing of a larger batch may leak into a smaller one), threads, eval of a batched result,
// central differences, and the run-time errors of binding and of a workspace's max_batch.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <ctgrad/ctgrad.hpp>

#include "../tensor_support.hpp"

using namespace ctgrad;
using namespace ctgrad_test;

namespace {
constexpr var<"W1", 5, 4> W1;
constexpr var<"b1", 5> b1;
constexpr var<"W2", 3, 5> W2;
constexpr var<"b2", 3> b2;
constexpr var<"s"> s;

/// The weights and a batch of up to 64 rows of data, one-hot labels.
struct data {
    std::vector<double> x = random_values(64 * 4, -2.0, 2.0, 1), y = std::vector<double>(64 * 3, 0.0);
    std::vector<double> w1 = random_values(20, -1.0, 1.0, 2), bias1 = random_values(5, -0.5, 0.5, 3);
    std::vector<double> w2 = random_values(15, -1.0, 1.0, 4), bias2 = random_values(3, -0.5, 0.5, 5);
    std::vector<double> scale{0.75};
    data() {
        for (std::size_t i = 0; i < 64; ++i) y[i * 3 + (i * 7) % 3] = 1.0;
    }
    std::span<const double> rows_of_x(std::size_t rows) const { return {x.data(), rows * 4}; }
    std::span<const double> rows_of_y(std::size_t rows) const { return {y.data(), rows * 3}; }
    std::span<const double, 12> w1_12() const { return std::span<const double, 12>(w1.data(), 12); }
};

// The expressions under test, each a function of the data variables X (rows x 4) and Y
// (rows x 3), so that one definition serves the static and the run-time batch.
struct mlp_mean {  // the seed's network: relu hidden layer, softmax cross-entropy, batch mean
    static constexpr bool same_bits = true;
    static constexpr auto f(auto X, auto Y) {
        const auto a1 = relu(matmul(X, transpose(W1)) + b1);
        return mean(nn::softmax_cross_entropy(matmul(a1, transpose(W2)) + b2, Y));
    }
};
struct sigmoid_mse {  // sigmoid (Eigen's array path), squared error, sum over the batch
    static constexpr bool same_bits = true;
    static constexpr auto f(auto X, auto Y) {
        const auto out = sigmoid(matmul(tanh(matmul(X, transpose(W1)) + b1), transpose(W2)) + b2);
        return sum(square(out - Y)) * s;
    }
};
// Sums along each axis, a batched column broadcast back, log_softmax. Not the same bits: a
// static mean is 1/n times a sum, whose 1/n joins the other constant factors (1/10 * s *
// sum(A)) and sorts among the terms as a product, where the batch's mean is a kernel of its
// own; the sums then add in another order.
struct reductions {
    static constexpr bool same_bits = false;
    static constexpr auto f(auto X, auto Y) {
        const auto h = matmul(X, transpose(W1));                  // rows x 5
        const auto centred = h - sum<1, keepdims>(h) * 0.2;       // each row minus its mean
        const auto column_sums = sum<0>(exp(centred * 0.1));      // 5: over the batch
        const auto row_losses = sum<1>(log_softmax(matmul(centred, transpose(W2))) * Y);  // one per row
        return sum(column_sums * b1) - mean(row_losses) + mean(centred * centred) * s;
    }
};
struct contraction {  // X^T X: a product over the batch, static afterwards
    static constexpr bool same_bits = true;
    static constexpr auto f(auto X, auto Y) {
        const auto gram = matmul(transpose(X), matmul(X, transpose(W1)));  // 4 x 5
        const auto cross = matmul(transpose(Y), matmul(X, transpose(W1)));  // 3 x 5
        return sum(gram * gram) * s + sum(matmul(cross, transpose(W2)) * matmul(W2, transpose(W2)));
    }
};

template <class Case, std::size_t Rows>
void check_against_static(data& d) {
    INFO("rows " << Rows);
    constexpr var<"X", Rows, 4> Xs;
    constexpr var<"Y", Rows, 3> Ys;
    constexpr var<"X", batch, 4> X;
    constexpr var<"Y", batch, 3> Y;
    constexpr auto fixed = Case::f(Xs, Ys);
    constexpr auto batched = Case::f(X, Y);
    const auto weights = wrt(W1, b1, W2, b2, s);
    const auto ps = at(Xs = d.rows_of_x(Rows), Ys = d.rows_of_y(Rows), W1 = d.w1, b1 = d.bias1, W2 = d.w2, b2 = d.bias2, s = 0.75);
    const auto pb = at(X = d.rows_of_x(Rows), Y = d.rows_of_y(Rows), W1 = d.w1, b1 = d.bias1, W2 = d.w2, b2 = d.bias2, s = 0.75);
    CHECK(pb.batch() == Rows);
    const auto expected = value_and_grad(fixed, weights, ps);
    auto same = [](double a, double b) { return Case::same_bits ? a == b : close(a, b, 1e-13, 1e-15); };
    auto check = [&](double value, const auto& grad) {
        CHECK(same(value, expected.value));
        for (std::size_t k = 0; k < 20; ++k) CHECK(same(grad[W1].data()[k], expected.grad[W1].data()[k]));
        for (std::size_t k = 0; k < 5; ++k) CHECK(same(grad[b1].data()[k], expected.grad[b1].data()[k]));
        for (std::size_t k = 0; k < 15; ++k) CHECK(same(grad[W2].data()[k], expected.grad[W2].data()[k]));
        for (std::size_t k = 0; k < 3; ++k) CHECK(same(grad[b2].data()[k], expected.grad[b2].data()[k]));
        CHECK(same(grad[s], expected.grad[s]));
    };
    const auto one_shot = value_and_grad(batched, weights, pb);
    check(one_shot.value, one_shot.grad);
    CHECK(same(eval(batched, pb), expected.value));
    // a workspace made for the largest batch serves this one
    auto ws = make_workspace<double>(batched, weights, 64);
    auto ws_fixed = make_workspace<double>(fixed, weights);
    CHECK(same(ws.value_and_grad(pb), ws_fixed.value_and_grad(ps)));
    for (std::size_t k = 0; k < 20; ++k) CHECK(same(ws.grad[W1].data()[k], ws_fixed.grad[W1].data()[k]));
    for (std::size_t k = 0; k < 5; ++k) CHECK(same(ws.grad[b1].data()[k], ws_fixed.grad[b1].data()[k]));
    CHECK(same(ws.grad[s], ws_fixed.grad[s]));
}

template <class Case>
void check_case(data& d) {
    check_against_static<Case, 1>(d);   // one row: every row extent is 1, yet none broadcasts
    check_against_static<Case, 40>(d);  // a last partial batch
    check_against_static<Case, 64>(d);  // the workspace's max_batch
}
}  // namespace

TEST_CASE("a run-time batch gives the bits of the same static batch", "[tensor][batch]") {
    data d;
    SECTION("relu network, softmax cross-entropy, batch mean") { check_case<mlp_mean>(d); }
    SECTION("sigmoid network, squared error") { check_case<sigmoid_mse>(d); }
    SECTION("reductions along each axis, log_softmax") { check_case<reductions>(d); }
    SECTION("products over the batch (X^T X)") { check_case<contraction>(d); }
}

TEST_CASE("one workspace serves every batch up to its max_batch, larger and smaller in turn", "[tensor][batch][workspace]") {
    data d;
    constexpr var<"X", batch, 4> X;
    constexpr var<"Y", batch, 3> Y;
    constexpr auto loss = mlp_mean::f(X, Y);
    const auto weights = wrt(W1, b1, W2, b2);
    auto ws = make_workspace<double>(loss, weights, 64);
    CHECK(ws.max_batch() == 64);
    for (std::size_t rows : {64u, 3u, 40u, 1u, 64u, 17u}) {
        INFO("rows " << rows);
        const auto p = at(X = d.rows_of_x(rows), Y = d.rows_of_y(rows), W1 = d.w1, b1 = d.bias1, W2 = d.w2, b2 = d.bias2);
        const auto expected = value_and_grad(loss, weights, p);  // fresh blocks at this batch
        CHECK(ws.value_and_grad(p) == expected.value);
        for (std::size_t k = 0; k < 20; ++k) CHECK(ws.grad[W1].data()[k] == expected.grad[W1].data()[k]);
        for (std::size_t k = 0; k < 3; ++k) CHECK(ws.grad[b2].data()[k] == expected.grad[b2].data()[k]);
    }
}

TEST_CASE("a run-time batch split over threads gives a static batch's bits at the same thread count", "[tensor][batch][threads]") {
    // 300 rows of 64: every elementwise pass and the products are split between two threads
    constexpr var<"X", batch, 48> X;
    constexpr var<"Xs", 300, 48> Xs;
    constexpr var<"W", 64, 48> W;
    constexpr var<"b", 64> b;
    constexpr var<"v", 64> v;
    const auto f = [&](auto x) { return mean(sigmoid(matmul(x, transpose(W)) + b) * v); };
    const auto x = random_values(300 * 48, -1.0, 1.0, 11), w = random_values(64 * 48, -0.3, 0.3, 12);
    const auto bias = random_values(64, -0.1, 0.1, 13), weights = random_values(64, -1.0, 1.0, 14);
    auto ws = make_workspace<double>(f(X), wrt(W, b, v), 300, {.threads = 2});
    auto ws_fixed = make_workspace<double>(f(Xs), wrt(W, b, v), {.threads = 2});
    REQUIRE(ws.threads() == 2);
    CHECK(ws.value_and_grad(at(X = x, W = w, b = bias, v = weights)) == ws_fixed.value_and_grad(at(Xs = x, W = w, b = bias, v = weights)));
    for (std::size_t k = 0; k < 64 * 48; ++k) CHECK(ws.grad[W].data()[k] == ws_fixed.grad[W].data()[k]);
    for (std::size_t k = 0; k < 64; ++k) CHECK(ws.grad[b](k) == ws_fixed.grad[b](k));
    for (std::size_t k = 0; k < 64; ++k) CHECK(ws.grad[v](k) == ws_fixed.grad[v](k));
}

TEST_CASE("a run-time batch against central differences", "[tensor][batch]") {
    data d;
    constexpr var<"X", batch, 4> X;
    constexpr var<"Y", batch, 3> Y;
    constexpr auto loss = sigmoid_mse::f(X, Y);
    for (std::size_t rows : {1u, 5u, 13u}) {
        INFO("rows " << rows);
        auto point = [&] { return at(X = d.rows_of_x(rows), Y = d.rows_of_y(rows), W1 = d.w1, b1 = d.bias1, W2 = d.w2, b2 = d.bias2, s = 0.75); };
        const auto r = value_and_grad(loss, wrt(W1, b2), point());
        auto check_variable = [&](auto variable, std::vector<double>& values) {
            for (std::size_t k = 0; k < values.size(); ++k) {
                // the five-point stencil: with h = 1e-6, two points' rounding (about 1e-9 of
                // the gradient here) reached the tolerance
                const double saved = values[k], h = 1e-4;
                auto loss_at = [&](double offset) {
                    values[k] = saved + offset;
                    return eval(loss, point());
                };
                const double slope = (8 * (loss_at(h) - loss_at(-h)) - (loss_at(2 * h) - loss_at(-2 * h))) / (12 * h);
                values[k] = saved;
                CHECK(close(r.grad[variable].data()[k], slope, 1e-7, 1e-9));
            }
        };
        check_variable(W1, d.w1);
        check_variable(b2, d.bias2);
    }
}

TEST_CASE("eval of a batched tensor returns the bound rows", "[tensor][batch]") {
    data d;
    constexpr var<"X", batch, 4> X;
    constexpr var<"X", 7, 4> Xs;
    const auto batched = eval(matmul(X, transpose(W1)) + b1, at(X = d.rows_of_x(7), W1 = d.w1, b1 = d.bias1));
    const auto fixed = eval(matmul(Xs, transpose(W1)) + b1, at(Xs = d.rows_of_x(7), W1 = d.w1, b1 = d.bias1));
    REQUIRE(batched.rows() == 7);
    REQUIRE(batched.cols() == 5);
    for (std::size_t i = 0; i < 7; ++i)
        for (std::size_t j = 0; j < 5; ++j) CHECK(batched(i, j) == fixed(i, j));
    // one loss per batch row: softmax cross-entropy's, a vector of the batch
    constexpr var<"Y", batch, 3> Y;
    constexpr var<"V", 3, 4> V;
    const auto losses = eval(nn::softmax_cross_entropy(matmul(X, transpose(V)), Y), at(X = d.rows_of_x(9), Y = d.rows_of_y(9), V = d.w1_12()));
    CHECK(losses.rows() == 1);
    CHECK(losses.cols() == 9);
    constexpr var<"Ys", 9, 3> Ys;
    constexpr var<"Xs9", 9, 4> Xs9;
    const auto fixed_losses = eval(nn::softmax_cross_entropy(matmul(Xs9, transpose(V)), Ys), at(Xs9 = d.rows_of_x(9), Ys = d.rows_of_y(9), V = d.w1_12()));
    for (std::size_t i = 0; i < 9; ++i) CHECK(losses(i) == fixed_losses(i));
}

TEST_CASE("symbolic derivatives of a batched expression are the static batch's", "[tensor][batch][diff]") {
    // products with the batch as rows and as the inner extent, an elementwise function, sums
    constexpr var<"W", 3, 4> W;
    constexpr var<"V", 3> V;
    const auto f = [&](auto X) { return sum(tanh(matmul(X, transpose(W))) * V) + sum(matmul(transpose(X), matmul(X, transpose(W)))); };
    const auto x = random_values(5 * 4, -1.0, 1.0, 21), w = random_values(12, -0.5, 0.5, 22), v = random_values(3, -1.0, 1.0, 23);
    constexpr var<"X", batch, 4> X;
    constexpr var<"X", 5, 4> Xs;
    const auto batched = diff(f(X), W);
    const auto fixed = diff(f(Xs), W);
    CHECK(to_string(batched) == to_string(fixed));
    const auto db = eval(batched, at(X = x, W = w, V = v));
    const auto ds = eval(fixed, at(Xs = x, W = w, V = v));
    for (std::size_t k = 0; k < 12; ++k) CHECK(db.data()[k] == ds.data()[k]);
    // and value_and_grad's
    const auto r = value_and_grad(f(X), wrt(W), at(X = x, W = w, V = v));
    for (std::size_t k = 0; k < 12; ++k) CHECK(close(r.grad[W].data()[k], db.data()[k], 1e-13, 1e-15));
}

TEST_CASE("explain of a batched network is the static batch's", "[tensor][batch][explain]") {
    data d;
    constexpr var<"X", batch, 4> X;
    constexpr var<"Y", batch, 3> Y;
    constexpr var<"X", 6, 4> Xs;
    constexpr var<"Y", 6, 3> Ys;
    const auto f = [](auto x, auto y) {
        const auto a = named<"a">(tanh(matmul(x, transpose(W1)) + b1));
        const auto z = named<"z">(matmul(a, transpose(W2)) + b2);
        return named<"L">(sum(nn::softmax_cross_entropy(z, y)));  // a sum: diff has no 1 / batch to write
    };
    const std::string batched = explain(f(X, Y), W1, at(X = d.rows_of_x(6), Y = d.rows_of_y(6), W1 = d.w1, b1 = d.bias1, W2 = d.w2, b2 = d.bias2));
    const std::string fixed = explain(f(Xs, Ys), W1, at(Xs = d.rows_of_x(6), Ys = d.rows_of_y(6), W1 = d.w1, b1 = d.bias1, W2 = d.w2, b2 = d.bias2));
    CHECK(batched == fixed);
    CHECK(batched.find("dL/dz  = softmax(z) - Y") != std::string::npos);
    CHECK(batched.find("(6 x 3)") != std::string::npos);  // a node's shape at the bound batch
}

TEST_CASE("a run-time batch is printed as batch", "[tensor][batch]") {
    constexpr var<"X", batch, 784> X;
    CHECK(shape_string(X.shape) == "(batch x 784)");
    CHECK(shape_string(detail::shape_of<std::remove_cvref_t<decltype(transpose(X))>>{}) == "(784 x batch)");
    constexpr var<"Y", batch, 3> Y;
    CHECK(to_string(mean(nn::softmax_cross_entropy(matmul(X, transpose(var<"W", 3, 784>{})), Y))) ==
          "mean(softmax_cross_entropy(X @ W^T, Y))");
}

TEST_CASE("binding a run-time batch: whole rows, one batch per point, at most max_batch", "[tensor][batch]") {
    data d;
    constexpr var<"X", batch, 4> X;
    constexpr var<"Y", batch, 3> Y;
    auto message = [](auto&& call) {
        try {
            call();
        } catch (const std::exception& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(message([&] { (void)at(X = std::span<const double>(d.x.data(), 10), W1 = d.w1); }) ==
          "ctgrad::at: X is (batch x 4); the storage bound to it has 10 elements, not a positive multiple of 4");
    CHECK(message([&] { (void)at(X = std::span<const double>(d.x.data(), 0), W1 = d.w1); }) ==
          "ctgrad::at: X is (batch x 4); the storage bound to it has 0 elements, not a positive multiple of 4");
    CHECK(message([&] { (void)at(X = d.rows_of_x(5), Y = d.rows_of_y(4)); }) ==
          "ctgrad::at: the batched variables of a point have one batch; X has 5 rows, Y 4");
    const auto loss = mlp_mean::f(X, Y);
    auto ws = make_workspace<double>(loss, wrt(W1, b1, W2, b2), 8);
    const auto nine = at(X = d.rows_of_x(9), Y = d.rows_of_y(9), W1 = d.w1, b1 = d.bias1, W2 = d.w2, b2 = d.bias2);
    CHECK(message([&] { (void)ws.value_and_grad(nine); }) ==
          "ctgrad::workspace::value_and_grad: the point binds a batch of 9 rows; the workspace was made for at most 8 "
          "(make_workspace's max_batch)");
    CHECK(message([&] { (void)make_workspace<double>(loss, wrt(W1, b1, W2, b2), 0); }) ==
          "ctgrad::make_workspace: max_batch is 0; give the largest batch, at least 1");
    // the batch as columns (one column per batch row) and a vector of one value per row
    CHECK(at(var<"M", 3, batch>{} = d.rows_of_x(3), W1 = d.w1).batch() == 4);
    CHECK(message([&] { (void)at(var<"M", 5, batch>{} = d.rows_of_x(3)); }) ==
          "ctgrad::at: M is (5 x batch); the storage bound to it has 12 elements, not a positive multiple of 5");
    CHECK(at(var<"v", batch>{} = d.rows_of_y(2), W1 = d.w1).batch() == 6);
    // an Eigen matrix binds its rows
    Eigen::Matrix<double, Eigen::Dynamic, 4, Eigen::RowMajor> rows = Eigen::Matrix<double, Eigen::Dynamic, 4, Eigen::RowMajor>::Ones(6, 4);
    CHECK(at(X = rows, W1 = d.w1).batch() == 6);
}
