// Simplification never changes a tensor's shape: A - A is a zero of A's shape, A / A a one,
// mse(v, v) a zero vector. Under every tensor operation such an operand gives the shape and
// the values that a variable holding those zeros or ones gives (NumPy's and PyTorch's), and
// gradients through it agree with value_and_grad and central differences.
#include <ctgrad/ctgrad.hpp>

#include "../tensor_support.hpp"

using namespace ctgrad;
using namespace ctgrad_test;
using namespace ctgrad::literals;

namespace {
constexpr var<"A", 2, 3> A;
constexpr var<"B", 3, 2> B;
constexpr var<"Y", 2, 3> Y;
constexpr var<"X", 4, 2> X;
constexpr var<"v", 2> v;
constexpr var<"s"> s;
constexpr var<"Z", 2, 3> Z;  // holds the zeros or ones the degenerate operand stands for
constexpr var<"z", 2> z;

static_assert(ctgrad::detail::shape_of<decltype(A - A)>{} == A.shape);
static_assert(ctgrad::detail::shape_of<decltype(A / A)>{} == A.shape);
static_assert(ctgrad::detail::shape_of<decltype((A - A) + s)>{} == A.shape);
static_assert(ctgrad::detail::shape_of<decltype(A * 0_c)>{} == A.shape);
static_assert(ctgrad::detail::shape_of<decltype(pow(A, 0_c))>{} == A.shape);
static_assert(ctgrad::detail::shape_of<decltype(nn::mse(v, v))>{} == v.shape);
static_assert(ctgrad::detail::shape_of<decltype(2_c * A - A - A)>{} == A.shape);

struct values {
    std::vector<double> a{1.5, -2, 3, 4, -5, 6}, b{1, 2, 3, 4, 5, 6}, y{0, 1, 0, 1, 0, 0};
    std::vector<double> x{1, 2, 3, 4, 5, 6, 7, 8}, vv{3, -4}, zeros = std::vector<double>(6, 0.0),
                                                              ones = std::vector<double>(6, 1.0),
                                                              zero_vector = std::vector<double>(2, 0.0);
    double sv = 0.5;
    std::vector<double> s1{0.5};
};

template <class R>
std::vector<double> elements(const R& r) {
    if constexpr (requires { r.data(); }) return std::vector<double>(r.data(), r.data() + r.size());
    else return {double(r)};
}

/// op(degenerate) against op(Z) with Z bound to what the degenerate operand stands for.
template <class D, class V, class Op>
void same_as_bound(D degenerate, V bound_variable, const std::vector<double>& stands_for, Op op, const char* name) {
    values w;
    auto p = at(A = w.a, B = w.b, Y = w.y, X = w.x, v = w.vv, s = w.sv);
    auto q = at(bound_variable = stands_for, B = w.b, Y = w.y, X = w.x, v = w.vv, s = w.sv, A = w.a);
    using Got = decltype(op(degenerate));
    using Want = decltype(op(bound_variable));
    INFO(name << " of " << to_string(degenerate) << ": " << to_string(op(degenerate)));
    CHECK(shape(ctgrad::detail::shape_of<Got>{}) == shape(ctgrad::detail::shape_of<Want>{}));
    const auto got = elements(eval(op(degenerate), p)), want = elements(eval(op(bound_variable), q));
    REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < got.size(); ++k) CHECK(close(got[k], want[k], 1e-15, 1e-15));
}

template <class D, class V>
void every_matrix_operation(D d, V bound_variable, const std::vector<double>& stands_for) {
    auto check = [&](auto op, const char* name) { same_as_bound(d, bound_variable, stands_for, op, name); };
    check([](auto e) { return e; }, "itself");
    check([](auto e) { return sum(e); }, "sum");
    check([](auto e) { return sum<0>(e); }, "sum<0>");
    check([](auto e) { return sum<1>(e); }, "sum<1>");
    check([](auto e) { return mean(e); }, "mean");
    check([](auto e) { return softmax(e); }, "softmax");
    check([](auto e) { return log_softmax(e); }, "log_softmax");
    check([](auto e) { return transpose(e); }, "transpose");
    check([](auto e) { return matmul(e, B); }, "matmul on the left");
    check([](auto e) { return matmul(B, e); }, "matmul on the right");
    check([](auto e) { return matmul(e, transpose(A)); }, "matmul with a transpose");
    check([](auto e) { return matmul(transpose(e), v); }, "transposed times a vector");
    check([](auto e) { return nn::softmax_cross_entropy(e, Y); }, "softmax_cross_entropy");
    check([](auto e) { return nn::softmax_cross_entropy(A, e); }, "softmax_cross_entropy target");
    check([](auto e) { return nn::mse(e, Y); }, "mse");
    check([](auto e) { return exp(e); }, "exp");
    check([](auto e) { return sigmoid(e); }, "sigmoid");
    check([](auto e) { return tanh(e); }, "tanh");
    check([](auto e) { return relu(e); }, "relu");
    check([](auto e) { return abs(e); }, "abs");
    check([](auto e) { return square(e); }, "square");
    check([](auto e) { return e + s; }, "+ s");
    check([](auto e) { return e * s; }, "* s");
    check([](auto e) { return e + A; }, "+ A");
    check([](auto e) { return e * A; }, "* A");
    check([](auto e) { return e - e; }, "- itself");
    // constant<0>, not 0_c: clang++ 14 emits a call to the consteval _c in a generic lambda
    check([](auto e) { return e + sum<0>(A) * constant<0>{}; }, "+ a zero vector");
    check([](auto e) { return max(e, A); }, "max");
}
}  // namespace

TEST_CASE("A - A and A / A keep A's shape under every tensor operation", "[tensor]") {
    values w;
    every_matrix_operation(A - A, Z, w.zeros);
    every_matrix_operation(A / A, Z, w.ones);
    every_matrix_operation(A * 0_c, Z, w.zeros);
    every_matrix_operation(pow(A, 0_c), Z, w.ones);
}

TEST_CASE("mse(v, v) is a zero vector", "[tensor]") {
    values w;
    auto check = [&](auto op, const char* name) { same_as_bound(nn::mse(v, v), z, w.zero_vector, op, name); };
    check([](auto e) { return matmul(X, e); }, "matmul(X, .)");
    check([](auto e) { return matmul(e, transpose(X)); }, "matmul(., X^T)");
    check([](auto e) { return sum(e); }, "sum");
    check([](auto e) { return softmax(e); }, "softmax");
    check([](auto e) { return transpose(e); }, "transpose");
    check([](auto e) { return X + e; }, "broadcast");
}

TEST_CASE("the issue's reproducers: sum(A / A), sum((A - A) + s) and its derivative", "[tensor]") {
    values w;
    auto p = at(A = w.a, s = w.sv);
    CHECK(eval(sum(A / A), p) == 6);
    CHECK(eval(sum((A - A) + s), p) == 3);
    CHECK(eval(diff(sum((A - A) + s), s), p) == 6);
    CHECK(value_and_grad(sum((A - A) + s), wrt(s), p).grad[s] == 6);
    CHECK(to_string(A - A) == "broadcast<2, 3>(0)");
    CHECK(to_string(A / A) == "broadcast<2, 3>(1)");
}

TEST_CASE("gradients through degenerate operands", "[tensor]") {
    values w;
    check_gradient(sum((A - A) + s * A), "(A - A) + s A", with(A, w.a), with(s, w.s1));
    check_gradient(sum(Y * softmax((A - A) + A)), "softmax((A - A) + A)", with(A, w.a), with(Y, w.y));
    check_gradient(mean(nn::softmax_cross_entropy(A * (A / A), Y)), "sce(A (A / A), Y)", with(A, w.a), with(Y, w.y));
    check_gradient(sum(matmul(X, nn::mse(v, v) + v)), "X (mse(v, v) + v)", with(X, w.x), with(v, w.vv));
    check_gradient(sum(matmul((A - A) * s + A, B)), "((A - A) s + A) B", with(A, w.a), with(B, w.b),
                   with(s, w.s1));
}
