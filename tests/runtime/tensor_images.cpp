// Rank-3 and rank-4 tensors: convolution (stride, padding, bias), max and average pooling,
// reshape and flatten, each checked element by element against central differences and the
// symbolic gradient at several shapes (stride 2, padding, odd sizes, overlapping windows, one
// sample), their values against direct loops, second derivatives through the closed sets of
// VJP operations, a run-time batch against static batches, and threads against one.
#include <ctgrad/ctgrad.hpp>

#include "../tensor_support.hpp"

using namespace ctgrad;
using namespace ctgrad_test;

namespace {
/// conv<Stride, Padding>(x, k) by its definition, N x C x H x W with O x C x kh x kw.
std::vector<double> direct_conv(const std::vector<double>& x, const std::vector<double>& k, std::size_t n, std::size_t c,
                                std::size_t h, std::size_t w, std::size_t o, std::size_t kh, std::size_t kw, std::size_t stride,
                                std::size_t pad) {
    const std::size_t oh = (h + 2 * pad - kh) / stride + 1, ow = (w + 2 * pad - kw) / stride + 1;
    std::vector<double> y(n * o * oh * ow);
    for (std::size_t s = 0; s < n; ++s)
        for (std::size_t f = 0; f < o; ++f)
            for (std::size_t i = 0; i < oh; ++i)
                for (std::size_t j = 0; j < ow; ++j) {
                    double total = 0;
                    for (std::size_t ci = 0; ci < c; ++ci)
                        for (std::size_t a = 0; a < kh; ++a)
                            for (std::size_t b = 0; b < kw; ++b) {
                                const long yy = long(i * stride + a) - long(pad), xx = long(j * stride + b) - long(pad);
                                if (yy < 0 || xx < 0 || yy >= long(h) || xx >= long(w)) continue;
                                total += x[((s * c + ci) * h + std::size_t(yy)) * w + std::size_t(xx)] *
                                         k[((f * c + ci) * kh + a) * kw + b];
                            }
                    y[((s * o + f) * oh + i) * ow + j] = total;
                }
    return y;
}

template <std::size_t Stride, std::size_t Padding, shape SX, shape SK>
void conv_case(unsigned seed) {
    binary_case<SX, SK>([](auto x, auto k) { return nn::conv2d<Stride, Padding>(x, k); }, "conv2d", -2.0, 2.0, seed);
}
}  // namespace

TEST_CASE("conv2d: gradients in the input and the kernel", "[tensor][image]") {
    conv_case<1, 0, image_shape(2, 3, 5, 4), image_shape(2, 3, 3, 2)>(1);  // no padding, rectangular kernel
    conv_case<2, 1, image_shape(2, 2, 7, 6), image_shape(3, 2, 3, 3)>(2);  // stride 2, padding, odd sizes
    conv_case<1, 2, image_shape(1, 1, 5, 5), image_shape(2, 1, 5, 5)>(3);  // one sample, padding 2, a whole-image kernel
    conv_case<3, 0, image_shape(2, 2, 7, 7), image_shape(2, 2, 1, 1)>(4);  // 1 x 1 kernel, stride 3
    conv_case<2, 0, image_shape(1, 1, 4, 4), image_shape(1, 1, 4, 4)>(5);  // one output pixel
}

TEST_CASE("conv2d with a bias: one value per output channel", "[tensor][image]") {
    constexpr var<"X", 2, 2, 5, 5> X;
    constexpr var<"K", 3, 2, 3, 3> K;
    constexpr var<"b", 3> b;
    constexpr var<"R", 2, 3, 3, 3> R;
    auto x = random_values(100, -1, 1, 11), k = random_values(54, -1, 1, 12), bias = random_values(3, -1, 1, 13),
         r = random_values(54, -1, 1, 14);
    check_gradient(sum(R * nn::conv2d<2, 1>(X, K, b)), "conv2d<2, 1> with bias", with(X, x), with(K, k), with(b, bias), with(R, r));
}

TEST_CASE("conv2d's value is the convolution", "[tensor][image]") {
    constexpr var<"X", 2, 3, 6, 5> X;
    constexpr var<"K", 4, 3, 3, 2> K;
    auto x = random_values(180, -1, 1, 21), k = random_values(72, -1, 1, 22);
    const auto y = eval(nn::conv2d<2, 1>(X, K), at(X = x, K = k));
    const auto expected = direct_conv(x, k, 2, 3, 6, 5, 4, 3, 2, 2, 1);
    static_assert(decltype(y)::dims == image_shape(2, 4, 3, 3));
    REQUIRE(y.size() == expected.size());
    for (std::size_t e = 0; e < expected.size(); ++e) CHECK(close(y.data()[e], expected[e], 1e-14, 1e-15));
    CHECK(to_string(nn::conv2d<2, 1>(X, K)) == "conv2d<2, 1>(X, K)");
}

TEST_CASE("max_pool2d and avg_pool2d", "[tensor][image]") {
    auto max2 = [](auto x) { return nn::max_pool2d<2>(x); };
    auto max3 = [](auto x) { return nn::max_pool2d<3, 2>(x); };  // overlapping windows
    auto avg2 = [](auto x) { return nn::avg_pool2d<2>(x); };
    auto avg3 = [](auto x) { return nn::avg_pool2d<3, 2>(x); };
    unary_case<image_shape(2, 3, 4, 6)>(max2, "max_pool2d<2>");
    unary_case<image_shape(1, 2, 5, 7)>(max2, "max_pool2d<2>");  // odd sizes: the last row and column unused
    unary_case<image_shape(2, 1, 7, 5)>(max3, "max_pool2d<3, 2>");
    unary_case<image_shape(2, 3, 4, 6)>(avg2, "avg_pool2d<2>");
    unary_case<image_shape(1, 2, 7, 5)>(avg3, "avg_pool2d<3, 2>");
    constexpr var<"X", 1, 1, 4, 4> X;
    std::vector<double> x{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, 15, 14, 13};
    const auto m = eval(nn::max_pool2d<2>(X), at(X = x));
    const auto a = eval(nn::avg_pool2d<2>(X), at(X = x));
    CHECK(m.data()[0] == 6);
    CHECK(m.data()[3] == 14);
    CHECK(a.data()[0] == 3.5);
    CHECK(a.data()[2] == 12.5);
    CHECK(to_string(diff(sum(nn::max_pool2d<2>(X)), X)) == "max_pool2d_scatter<2, 2>(X, broadcast<1, 1, 2, 2>(1))");
}

TEST_CASE("reshape and flatten: the same elements in other extents", "[tensor][image]") {
    unary_case<image_shape(2, 3, 2, 2)>([](auto x) { return flatten(x); }, "flatten");
    unary_case<image_shape(2, 3, 4)>([](auto x) { return reshape<4, 6>(x); }, "reshape<4, 6>");
    unary_case<shape{2, 6, 4}>([](auto x) { return reshape<2, 3, 2, 2>(x); }, "reshape<2, 3, 2, 2>");
    constexpr var<"X", 2, 3, 2, 2> X;
    static_assert(detail::shape_of<decltype(flatten(X))>{}.value == shape{2, 2, 12});
    static_assert(std::is_same_v<decltype(reshape<2, 3, 2, 2>(flatten(X))), var<"X", 2, 3, 2, 2>>);  // reshaped back: X
    CHECK(to_string(flatten(X)) == "reshape<2, 12>(X)");
    // a view: the reshape takes no value storage (its operand's elements are read in place),
    // and its operand takes over its adjoint (no reverse step of its own)
    using viewed = detail::program_of<double, decltype(sum(exp(flatten(X))))>;
    using direct = detail::program_of<double, decltype(sum(exp(X)))>;
    static_assert(detail::value_layout<viewed>::value.size == detail::value_layout<direct>::value.size);
    constexpr var<"Y", 2, 3, 2, 2> Y;
    using through = decltype(sum(exp(reshape<2, 3, 2, 2>(flatten(Y) * 2))));
    using schedule = detail::reverse_schedule<detail::program_of<double, through>, decltype(wrt(Y)), double, true>;
    static_assert(detail::adjoint_layout<schedule>::value.size == detail::adjoint_layout<
                  detail::reverse_schedule<detail::program_of<double, decltype(sum(exp(Y * 2)))>, decltype(wrt(Y)), double, true>>::value.size);
    unary_case<image_shape(2, 3, 2, 2)>([](auto x) { return reshape<2, 3, 2, 2>(exp(flatten(x) * 2)) * x; }, "reshape of a flatten");
}

TEST_CASE("elementwise operations at rank 3 and 4: equal shapes and scalars", "[tensor][image]") {
    unary_case<image_shape(2, 3, 2, 2)>([](auto x) { return relu(x) * x + constant<2>{} * exp(x); }, "relu(x) x + 2 exp(x)");
    binary_case<image_shape(2, 2, 3), image_shape(2, 2, 3)>([](auto a, auto b) { return a * b - sigmoid(a); }, "a b - sigmoid(a)");
    binary_case<image_shape(2, 2, 3, 2), shape{}>([](auto a, auto s) { return a / (s * s + constant<1>{}); }, "a / (s^2 + 1)");
    constexpr var<"A", 2, 3, 4> A;
    CHECK(shape_string(detail::shape_of<decltype(A * A)>{}) == "(2 x 3 x 4)");
    CHECK(to_string(diff(sum(A * A), A)) == "2 * A");
}

TEST_CASE("second derivatives through convolution and pooling", "[tensor][image]") {
    // the gradient in K is itself differentiated: conv2d_kernel_grad's VJPs are conv2d and
    // conv2d_input_grad, whose VJPs close the set
    constexpr var<"X", 1, 2, 5, 4> X;
    constexpr var<"K", 2, 2, 3, 3> K;
    constexpr var<"S", 2, 2, 3, 3> S;
    auto x = random_values(40, -1, 1, 31), k = random_values(36, -1, 1, 32), s = random_values(36, -1, 1, 33);
    const auto y = nn::conv2d<1, 1>(X, K);
    const auto f = sum(tanh(y) * y);
    check_gradient(sum(S * diff(f, K)), "d/dK of conv2d", with(X, x), with(K, k), with(S, s));
    const auto pooled = sum(square(nn::max_pool2d<2>(tanh(y)))) + sum(nn::avg_pool2d<2, 1>(y * y));
    check_gradient(sum(S * diff(pooled, K)), "d/dK of pooled conv2d", with(X, x), with(K, k), with(S, s));
}

namespace {
/// A small CNN over images X with targets Y: conv + bias, relu, max-pool, flatten, dense,
/// softmax cross-entropy, mean.
template <class XV, class YV>
auto small_cnn(XV X, YV Y) {
    constexpr var<"K", 4, 2, 3, 3> K;
    constexpr var<"c", 4> c;
    constexpr var<"W", 3, 16> W;
    constexpr var<"d", 3> d;
    const auto h = nn::max_pool2d<2>(relu(nn::conv2d<1, 1>(X, K, c)));
    return mean(nn::softmax_cross_entropy(matmul(flatten(h), transpose(W)) + d, Y));
}
}  // namespace

TEST_CASE("a CNN with the run-time batch: the gradients of static batches, in every batch size", "[tensor][image][batch]") {
    constexpr var<"K", 4, 2, 3, 3> K;
    constexpr var<"c", 4> c;
    constexpr var<"W", 3, 16> W;
    constexpr var<"d", 3> d;
    const auto dynamic = small_cnn(var<"X", batch, 2, 4, 4>{}, var<"Y", batch, 3>{});
    auto k = random_values(72, -0.5, 0.5, 41), bias = random_values(4, -0.5, 0.5, 42), w = random_values(48, -0.5, 0.5, 43),
         dd = random_values(3, -0.5, 0.5, 44);
    auto ws = make_workspace<double>(dynamic, wrt(K, c, W, d), 7, {.threads = 2});
    auto run = [&]<std::size_t N>(std::integral_constant<std::size_t, N>) {
        auto x = random_values(N * 32, -1, 1, 50 + N), y = std::vector<double>(N * 3, 0.0);
        for (std::size_t i = 0; i < N; ++i) y[i * 3 + i % 3] = 1;
        const auto fixed = small_cnn(var<"X", N, 2, 4, 4>{}, var<"Y", N, 3>{});
        const auto expected = value_and_grad(fixed, wrt(K, c, W, d),
                                             at(var<"X", N, 2, 4, 4>{} = x, var<"Y", N, 3>{} = y, K = k, c = bias, W = w, d = dd));
        const auto point = at(var<"X", batch, 2, 4, 4>{} = x, var<"Y", batch, 3>{} = y, K = k, c = bias, W = w, d = dd);
        const auto once = value_and_grad(dynamic, wrt(K, c, W, d), point);
        const double value = ws.value_and_grad(point);
        INFO("batch " << N);
        CHECK(once.value == expected.value);
        CHECK(value == expected.value);
        auto same = [&](auto v) {
            const auto& e = expected.grad[v];
            for (std::size_t i = 0; i < e.size(); ++i) {
                CHECK(once.grad[v].data()[i] == e.data()[i]);
                CHECK(ws.grad[v].data()[i] == e.data()[i]);  // two threads: the one thread's bits
            }
        };
        same(K), same(c), same(W), same(d);
    };
    run(std::integral_constant<std::size_t, 1>{});
    run(std::integral_constant<std::size_t, 7>{});
    run(std::integral_constant<std::size_t, 3>{});
    // and against central differences, at a batch of 3
    auto x = random_values(96, -1, 1, 61), y = std::vector<double>{1, 0, 0, 0, 0, 1, 0, 1, 0};
    const auto fixed = small_cnn(var<"X", 3, 2, 4, 4>{}, var<"Y", 3, 3>{});
    check_gradient(fixed, "small CNN", with(var<"X", 3, 2, 4, 4>{}, x), with(var<"Y", 3, 3>{}, y), with(K, k), with(c, bias), with(W, w), with(d, dd));
}

TEST_CASE("a convolution large enough to split its kernel's VJP over threads", "[tensor][image][threads]") {
    // 8 samples x 8 x 27 x 100 multiply-adds, past gemm_split_work: each thread sums its samples
    // into its own partial, added in part order. Close to one thread's sum (not its bits), and
    // the same bits every run.
    constexpr var<"X", batch, 3, 10, 10> X;
    constexpr var<"K", 8, 3, 3, 3> K;
    constexpr var<"c", 8> c;
    const auto f = sum(square(relu(nn::conv2d<1, 1>(X, K, c))));
    auto x = random_values(8 * 300, -1, 1, 71), k = random_values(216, -0.5, 0.5, 72), bias = random_values(8, -0.5, 0.5, 73);
    const auto point = at(X = x, K = k, c = bias);
    const auto one = value_and_grad(f, wrt(K, c), point);
    auto ws = make_workspace<double>(f, wrt(K, c), 8, {.threads = 2});
    REQUIRE(ws.threads() == 2);
    const double value = ws.value_and_grad(point);
    CHECK(value == Approx(one.value).epsilon(1e-13));
    const std::vector<double> first_k(ws.grad[K].data(), ws.grad[K].data() + 216);
    for (std::size_t i = 0; i < 216; ++i) CHECK(first_k[i] == Approx(one.grad[K].data()[i]).epsilon(1e-12).margin(1e-12));
    for (std::size_t i = 0; i < 8; ++i) CHECK(ws.grad[c].data()[i] == Approx(one.grad[c].data()[i]).epsilon(1e-12).margin(1e-12));
    CHECK(ws.value_and_grad(point) == value);
    CHECK(std::equal(first_k.begin(), first_k.end(), ws.grad[K].data()));
    // (the one-thread VJPs are checked against central differences above)
}
