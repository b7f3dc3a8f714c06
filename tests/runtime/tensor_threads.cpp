// make_workspace<T>(f, wrt(...), {.threads = n}): a step split over n threads gives the
// gradients of one thread (to the last bits a differently blocked sum may move), the same
// bits every run at a given count, and still allocates nothing per step.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

static int eigen_mallocs = 0;  // Eigen's own allocations, counted (see tensor_workspace.cpp)
#define EIGEN_RUNTIME_NO_MALLOC
#define eigen_assert(x) ((x) ? void(0) : void(++eigen_mallocs))
#include <ctgrad/ctgrad.hpp>

#include "../allocation_counting.hpp"
#include "../design_network.hpp"
#include "../tensor_support.hpp"

using namespace ctgrad;
using namespace ctgrad_test;

namespace {
template <class T>
std::vector<T> normal_values(std::size_t n, unsigned seed, double sd) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal(0.0, sd);
    std::vector<T> v(n);
    for (T& x : v) x = T(normal(rng));
    return v;
}

template <class Gradient, class... Vars>
std::vector<double> flattened(const Gradient& g, Vars... vars) {
    std::vector<double> out;
    (
        [&](auto v) {
            for (std::size_t k = 0; k < g[v].size(); ++k) out.push_back(double(g[v].data()[k]));
        }(vars),
        ...);
    return out;
}

double largest_difference(const std::vector<double>& a, const std::vector<double>& b) {
    double worst = 0;
    for (std::size_t k = 0; k < a.size(); ++k) worst = std::max(worst, std::fabs(a[k] - b[k]));
    return worst;
}
}  // namespace

// the parts of a split cover [0, n) in order, without overlap, each a multiple of the grain but the last
constexpr bool parts_cover(std::size_t n, std::size_t parts, std::size_t grain) {
    std::size_t next = 0;
    for (std::size_t part = 0; part < parts; ++part) {
        const auto r = ctgrad::detail::split_part(n, parts, part, grain);
        if (r.begin != next || r.end < r.begin || (r.end != n && (r.end - r.begin) % grain != 0)) return false;
        next = r.end;
    }
    return next == n;
}
static_assert(parts_cover(784, 2, 8) && parts_cover(784, 3, 8) && parts_cover(10, 4, 16) && parts_cover(0, 2, 1) &&
              parts_cover(1000003, 7, 16) && parts_cover(5, 8, 1));

TEST_CASE("a team runs every part once, on as many threads as asked", "[threads]") {
    for (std::size_t threads : {1, 2, 5}) {
        ctgrad::detail::thread_team team(threads, 256);
        CHECK(team.size() == threads);
        for (int round = 0; round < 100; ++round) {
            if (round % 10 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));  // the workers fall asleep
            std::vector<int> runs(threads, 0);
            std::vector<std::thread::id> ids(threads);
            auto task = [&](std::size_t part) { ++runs[part], ids[part] = std::this_thread::get_id(); };
            team.run(task);
            CHECK(std::count(runs.begin(), runs.end(), 1) == long(threads));
            CHECK(ids[0] == std::this_thread::get_id());  // part 0 is the caller's
            std::sort(ids.begin(), ids.end());
            CHECK(std::unique(ids.begin(), ids.end()) == ids.end());
        }
    }
}

TEST_CASE("784-128-10 on 1, 2 and 3 threads: the same gradients, allocation-free, deterministic", "[tensor][threads]") {
    using namespace design_network;
    const auto x = normal_values<float>(64 * 784, 1, 1.0), w1 = normal_values<float>(128 * 784, 2, 0.05),
               w2 = normal_values<float>(10 * 128, 3, 0.1), bias1 = normal_values<float>(128, 4, 0.1),
               bias2 = normal_values<float>(10, 5, 0.1);
    std::vector<float> y(64 * 10, 0.0f);
    for (std::size_t i = 0; i < 64; ++i) y[i * 10 + i % 10] = 1.0f;
    const auto p = at(X = x, Y = y, W1 = w1, b1 = bias1, W2 = w2, b2 = bias2);

    auto one = make_workspace<float>(loss, wrt(W1, b1, W2, b2));
    CHECK(one.threads() == 1);
    const float loss_one = one.value_and_grad(p);
    const auto grad_one = flattened(one.grad, W1, b1, W2, b2);
    for (std::size_t threads : {2, 3}) {
        auto ws = make_workspace<float>(loss, wrt(W1, b1, W2, b2), {.threads = threads});
        CHECK(ws.threads() == threads);
        long before = ctgrad_test::allocations.load();
        Eigen::internal::set_is_malloc_allowed(false);
        const float first = ws.value_and_grad(p);
        Eigen::internal::set_is_malloc_allowed(true);
        CHECK(ctgrad_test::allocations.load() == before);  // the threads exist: a step allocates nothing
        const auto grad_first = flattened(ws.grad, W1, b1, W2, b2);
        before = ctgrad_test::allocations.load();
        Eigen::internal::set_is_malloc_allowed(false);
        const float second = ws.value_and_grad(p);
        Eigen::internal::set_is_malloc_allowed(true);
        CHECK(ctgrad_test::allocations.load() == before);
        CHECK(eigen_mallocs == 0);
        // deterministic: the same bits twice
        CHECK(first == second);
        CHECK(flattened(ws.grad, W1, b1, W2, b2) == grad_first);
        // and one thread's gradients, to float rounding of differently blocked sums
        CHECK(std::fabs(first - loss_one) <= 1e-6f * std::fabs(loss_one));
        CHECK(largest_difference(grad_first, grad_one) < 1e-6);
    }
}

TEST_CASE("every product form split over threads: by rows, by columns, transposed operands", "[tensor][threads]") {
    // m < n splits C by columns, m > n by rows; the transposed forms read their operands with
    // the other stride
    constexpr var<"A", 24, 300> A;
    constexpr var<"B", 300, 400> B;
    constexpr var<"C", 300, 24> C;
    constexpr var<"D", 400, 300> D;
    constexpr auto f = sum(tanh(matmul(A, B))) + sum(sigmoid(matmul(transpose(C), B))) +
                       sum(square(matmul(A, transpose(D)))) + sum(exp(0.01 * matmul(transpose(C), transpose(D))));
    const auto a = normal_values<double>(24 * 300, 11, 0.1), b = normal_values<double>(300 * 400, 12, 0.1),
               c = normal_values<double>(300 * 24, 13, 0.1), d = normal_values<double>(400 * 300, 14, 0.1);
    const auto p = at(A = a, B = b, C = c, D = d);
    auto one = make_workspace<double>(f, wrt(A, B, C, D));
    const double value_one = one.value_and_grad(p);
    const auto grad_one = flattened(one.grad, A, B, C, D);
    for (std::size_t threads : {2, 3, 4}) {
        auto ws = make_workspace<double>(f, wrt(A, B, C, D), {.threads = threads});
        const double value = ws.value_and_grad(p);
        CHECK(std::fabs(value - value_one) <= 1e-12 * std::fabs(value_one));
        CHECK(largest_difference(flattened(ws.grad, A, B, C, D), grad_one) < 1e-12);
    }
}

TEST_CASE("elementwise passes split by rows: the same bits as one thread", "[tensor][threads]") {
    // 400 x 128 = 51,200 elements: split over up to 6 threads; r is broadcast over the rows (its
    // share is summed across them, split by columns), c over the columns (split with its rows)
    constexpr var<"P", 400, 128> P;
    constexpr var<"r", 128> r;
    constexpr var<"c", 400, 1> c;
    constexpr auto f = sum(exp(0.01 * P) * sigmoid(P + r)) + sum(square(P - c)) + sum(P * P / (1 + abs(r))) +
                       sum(tanh(c * r) * P);
    const auto pv = normal_values<double>(400 * 128, 21, 1.0), rv = normal_values<double>(128, 22, 1.0),
               cv = normal_values<double>(400, 23, 1.0);
    const auto p = at(P = pv, r = rv, c = cv);
    // each workspace runs twice: the second step starts from the first one's adjoints, so a
    // part that skipped zeroing its rows would show
    auto one = make_workspace<double>(f, wrt(P, r, c));
    one.value_and_grad(p);
    const double value_one = one.value_and_grad(p);
    const auto grad_one = flattened(one.grad, P, r, c);
    for (std::size_t threads : {2, 3, 5}) {
        auto ws = make_workspace<double>(f, wrt(P, r, c), {.threads = threads});
        CHECK(ws.value_and_grad(p) == value_one);
        CHECK(ws.value_and_grad(p) == value_one);
        CHECK(flattened(ws.grad, P, r, c) == grad_one);
    }
    // and one thread agrees with value_and_grad (no workspace)
    const auto reference = value_and_grad(f, wrt(P, r, c), p);
    CHECK(std::fabs(reference.value - value_one) <= 1e-12 * std::fabs(value_one));
    CHECK(largest_difference(flattened(reference.grad, P, r, c), grad_one) < 1e-9);
}

TEST_CASE("threads = 0 is one per core; small programs run on the caller alone", "[tensor][threads]") {
    constexpr var<"x", 4> x;
    constexpr var<"W", 3, 4> W;
    constexpr auto f = sum(sigmoid(matmul(W, x)));
    auto all = make_workspace<double>(f, wrt(W), {.threads = 0});
    CHECK(all.threads() == std::max(1u, std::thread::hardware_concurrency()));
    auto one = make_workspace<double>(f, wrt(W));
    const std::vector<double> xv{0.5, -1, 2, 0.25}, wv{0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.7, 0.8, -0.9, 1.0, 1.1, -1.2};
    const auto p = at(x = xv, W = wv);
    CHECK(all.value_and_grad(p) == one.value_and_grad(p));  // nothing is large enough to split
    CHECK(flattened(all.grad, W) == flattened(one.grad, W));
}
