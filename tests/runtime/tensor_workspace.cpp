// make_workspace: storage sized at compile time and allocated once; value_and_grad allocates
// nothing (operator new and Eigen's malloc are counted). Also: a 2-2-1 network written with
// scalars and with tensors has identical gradients, and bindings are checked at run time.
#include <span>
#include <vector>

// Eigen's own allocations (its GEMM's blocking buffers) go through aligned_malloc, which asks
// this check first when EIGEN_RUNTIME_NO_MALLOC is defined; count instead of aborting.
static int eigen_mallocs = 0;
#define EIGEN_RUNTIME_NO_MALLOC
#define eigen_assert(x) ((x) ? void(0) : void(++eigen_mallocs))
#include <ctgrad/ctgrad.hpp>

#include "../allocation_counting.hpp"
#include "../design_network.hpp"
#include "../tensor_support.hpp"

using namespace ctgrad;
using namespace ctgrad_test;


TEST_CASE("a 784-128-10 workspace allocates once, then never, Eigen included", "[tensor][workspace]") {
    using namespace design_network;
    std::vector<float> x(64 * 784), y(64 * 10, 0.0f), w1(128 * 784), bias1(128, 0.1f), w2(10 * 128), bias2(10, 0.0f);
    std::mt19937 rng(7);
    std::normal_distribution<float> normal(0.0f, 0.1f);
    for (float& v : x) v = normal(rng);
    for (float& v : w1) v = normal(rng);
    for (float& v : w2) v = normal(rng);
    for (std::size_t i = 0; i < 64; ++i) y[i * 10 + i % 10] = 1.0f;

    auto ws = make_workspace<float>(loss, wrt(W1, b1, W2, b2));
    const auto p = at(X = x, Y = y, W1 = w1, b1 = bias1, W2 = w2, b2 = bias2);
    if (!ctgrad_test::allocations_counted) WARN("operator new is not counted under AddressSanitizer");
    const long before = ctgrad_test::allocations.load();
    Eigen::internal::set_is_malloc_allowed(false);
    const float first = ws.value_and_grad(p);
    const float second = ws.value_and_grad(p);
    Eigen::internal::set_is_malloc_allowed(true);
    CHECK(ctgrad_test::allocations.load() == before);
    // Eigen's GEMM would malloc its panels for products this large (above
    // EIGEN_STACK_ALLOCATION_LIMIT); ctgrad hands it scratch space in the workspace instead.
    CHECK(eigen_mallocs == 0);
    CHECK(first == second);
    // the workspace agrees with value_and_grad in double on the same network
    std::vector<double> xd(x.begin(), x.end()), yd(y.begin(), y.end()), w1d(w1.begin(), w1.end()),
        b1d(bias1.begin(), bias1.end()), w2d(w2.begin(), w2.end()), b2d(bias2.begin(), bias2.end());
    const auto r = value_and_grad(loss, wrt(W1, b1, W2, b2), at(X = xd, Y = yd, W1 = w1d, b1 = b1d, W2 = w2d, b2 = b2d));
    CHECK(close(first, r.value, 1e-5));
    for (std::size_t k = 0; k < ws.grad[W1].size(); k += 97) CHECK(std::fabs(ws.grad[W1].data()[k] - r.grad[W1].data()[k]) < 1e-6);
    for (std::size_t j = 0; j < 10; ++j) CHECK(std::fabs(ws.grad[b2](j) - r.grad[b2](j)) < 1e-6);
    CHECK(ws.grad[W2].size() == 1280);
    CHECK(ws.grad[W2].rows() == 10);
}

TEST_CASE("every kernel's scratch is one region, as large as the largest kernel's; kept values are the kernel's own", "[tensor][workspace]") {
    using namespace design_network;
    using program = ctgrad::detail::program_of<float, std::remove_cvref_t<decltype(loss)>>;
    constexpr auto& prog = program::value;
    constexpr auto& layout = ctgrad::detail::value_layout<program>::value;
    std::size_t values = 0, kept = 0, kernels = 0, largest = 0, every = 0;
    for (std::size_t i = 0; i < prog.code.size(); ++i) {
        if (!ctgrad::detail::read_in_place(prog, i)) values += prog.shapes[i].size();
        const auto& ins = prog.code[i];
        if (ins.kind == ctgrad::detail::slot_kind::operation && ins.rules->has_kept)
            kept += ins.rules->kept(prog.shapes[std::size_t(ins.a)], prog.shapes[std::size_t(ins.b)]);
        const std::size_t need = layout.scratch_size[i];
        kernels += need > 0;
        largest = std::max(largest, need);
        every += need;
        // a kernel's scratch lies past every value, inside the region
        if (need > 0) CHECK(layout.scratch_start.at(1) + need <= layout.size.at(1) + layout.scratch_region);
        if (need > 0) CHECK(layout.scratch_start.at(1) >= values);
    }
    CHECK(kernels == 2);  // X W1^T and a1 W2^T
    CHECK(largest >= 64 * 784);
    CHECK(kept == 2 * 64);  // softmax cross-entropy keeps each row's log-sum-exp for backward
    auto one = make_workspace<float>(loss, wrt(W1, b1, W2, b2));
    // (each tensor slot starts at a multiple of 16 elements: detail::tensor_alignment)
    CHECK(one.values_allocated() >= values + kept + largest);
    CHECK(one.values_allocated() < values + kept + largest + detail::tensor_alignment * (prog.code.size() + 1));
    CHECK(one.values_allocated() < values + kept + every);
    // each worker thread holds one more region
    auto three = make_workspace<float>(loss, wrt(W1, b1, W2, b2), {.threads = 3});
    CHECK(one.bytes_allocated() == (one.values_allocated() + one.adjoints_allocated()) * sizeof(float));
    CHECK(three.bytes_allocated() >= one.bytes_allocated() + 2 * largest * sizeof(float));
    CHECK(three.bytes_allocated() <= one.bytes_allocated() + 2 * (largest * sizeof(float) + 64));
}

TEST_CASE("a 2-2-1 network: scalars and tensors give the same gradients", "[tensor]") {
    // scalars, one variable per weight
    constexpr var<"x1"> x1;
    constexpr var<"x2"> x2;
    constexpr var<"w11"> w11;
    constexpr var<"w12"> w12;
    constexpr var<"w21"> w21;
    constexpr var<"w22"> w22;
    constexpr var<"c1"> c1;
    constexpr var<"c2"> c2;
    constexpr var<"v1"> v1;
    constexpr var<"v2"> v2;
    constexpr var<"d"> d;
    constexpr var<"t"> t;
    constexpr auto h1 = sigmoid(w11 * x1 + w12 * x2 + c1);
    constexpr auto h2 = sigmoid(w21 * x1 + w22 * x2 + c2);
    constexpr auto scalar_loss = nn::mse(sigmoid(v1 * h1 + v2 * h2 + d), t);
    const auto rs = value_and_grad(scalar_loss, wrt(w11, w12, w21, w22, c1, c2, v1, v2, d),
                                   at(x1 = 0.5, x2 = -1.5, w11 = 0.1, w12 = -0.2, w21 = 0.3, w22 = 0.4, c1 = 0.05, c2 = -0.1,
                                      v1 = 0.7, v2 = -0.6, d = 0.2, t = 1.0));
    // tensors, one variable per layer
    constexpr var<"x", 2> x;
    constexpr var<"W", 2, 2> W;
    constexpr var<"c", 2> c;
    constexpr var<"v", 2> v;
    std::vector<double> xs{0.5, -1.5}, ws{0.1, -0.2, 0.3, 0.4}, cs{0.05, -0.1}, vs{0.7, -0.6};
    constexpr auto tensor_loss = nn::mse(sigmoid(matmul(v, sigmoid(matmul(W, x) + c)) + d), t);
    const auto rt = value_and_grad(tensor_loss, wrt(W, c, v, d), at(x = xs, W = ws, c = cs, v = vs, d = 0.2, t = 1.0));
    CHECK(close(rt.value, rs.value, 1e-15));
    CHECK(close(rt.grad[W](0, 0), rs.grad[w11], 1e-15));
    CHECK(close(rt.grad[W](0, 1), rs.grad[w12], 1e-15));
    CHECK(close(rt.grad[W](1, 0), rs.grad[w21], 1e-15));
    CHECK(close(rt.grad[W](1, 1), rs.grad[w22], 1e-15));
    CHECK(close(rt.grad[c](0), rs.grad[c1], 1e-15));
    CHECK(close(rt.grad[c](1), rs.grad[c2], 1e-15));
    CHECK(close(rt.grad[v](0), rs.grad[v1], 1e-15));
    CHECK(close(rt.grad[v](1), rs.grad[v2], 1e-15));
    CHECK(close(rt.grad[d], rs.grad[d], 1e-15));
}

TEST_CASE("bindings: std::array, spans, vectors and Eigen matrices, sizes checked", "[tensor]") {
    constexpr var<"W", 2, 3> W;
    constexpr var<"b", 3> b;
    const std::array<double, 6> w{1, 2, 3, 4, 5, 6};
    const std::vector<double> bias{0.5, -0.5, 1};
    const auto expected = eval(sum(W * b), at(W = w, b = bias));
    CHECK(expected == 0.5 * 5 - 0.5 * 7 + 9);
    CHECK(eval(sum(W * b), at(W = std::span<const double, 6>(w), b = std::span<const double>(bias))) == expected);
    Eigen::Matrix<double, 2, 3, Eigen::RowMajor> m;
    m << 1, 2, 3, 4, 5, 6;
    Eigen::VectorXd e(3);
    e << 0.5, -0.5, 1;
    CHECK(eval(sum(W * b), at(W = m, b = e)) == expected);
    // a size known only at run time is checked then, naming the variable and both sizes
    const std::vector<double> short_bias{1, 2};
    CHECK_THROWS_WITH(at(W = w, b = short_bias), "ctgrad::at: b is (3), 3 elements; the storage bound to it has 2");
    Eigen::Matrix<double, 3, 2, Eigen::RowMajor> wrong;
    CHECK_THROWS_WITH(at(W = wrong, b = bias), "ctgrad::at: W is (2 x 3), 6 elements; the storage bound to it has 6");
    // a workspace's gradient of a variable f does not use is zero
    auto ws = make_workspace<double>(sum(W), wrt(W, b));
    const long before = ctgrad_test::allocations.load();
    const int eigen_before = eigen_mallocs;
    Eigen::internal::set_is_malloc_allowed(false);
    const double value = ws.value_and_grad(at(W = w, b = bias));
    Eigen::internal::set_is_malloc_allowed(true);
    CHECK(ctgrad_test::allocations.load() == before);  // (checked after: Catch's reporter may allocate)
    CHECK(value == 21);
    CHECK(eigen_mallocs == eigen_before);
    CHECK(ws.grad[W](1, 2) == 1.0);
    CHECK(ws.grad[b](2) == 0.0);
}

TEST_CASE("a 64-32-10 workspace allocates nothing at all, Eigen included", "[tensor][workspace]") {
    constexpr var<"X", 16, 64> X;
    constexpr var<"Y", 16, 10> Y;
    constexpr var<"W1", 32, 64> W1;
    constexpr var<"b1", 32> b1;
    constexpr var<"W2", 10, 32> W2;
    constexpr auto h = relu(matmul(X, transpose(W1)) + b1);
    constexpr auto loss = mean(nn::softmax_cross_entropy(matmul(h, transpose(W2)), Y));
    std::vector<float> x(16 * 64, 0.25f), y(16 * 10, 0.0f), w1(32 * 64, 0.01f), bias(32, 0.1f), w2(10 * 32, -0.02f);
    for (std::size_t i = 0; i < 16; ++i) y[i * 10 + i % 10] = 1.0f;
    auto ws = make_workspace<float>(loss, wrt(W1, b1, W2));
    const auto p = at(X = x, Y = y, W1 = w1, b1 = bias, W2 = w2);
    const long before = ctgrad_test::allocations.load();
    const int eigen_before = eigen_mallocs;
    Eigen::internal::set_is_malloc_allowed(false);
    const float l = ws.value_and_grad(p);
    Eigen::internal::set_is_malloc_allowed(true);
    CHECK(ctgrad_test::allocations.load() == before);
    CHECK(eigen_mallocs == eigen_before);
    CHECK(l > 0.0f);
    CHECK(ws.grad[b1](0) != 0.0f);
}
