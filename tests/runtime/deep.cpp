// Deep expressions: programs are flattened with one constant-evaluation frame per tree
// level, so an expression 400 levels deep (g++ and clang++ allow 512 frames) is flattened,
// evaluated, differentiated by the reverse sweep and printed, in constant evaluation too.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <string>

#include <ctgrad/ctgrad.hpp>

using namespace ctgrad;

namespace {
constexpr var<"x"> x;
constexpr std::size_t depth = 400;

/// sigmoid(sigmoid(... sigmoid(x))) with N sigmoids: a tree N levels deep.
template <std::size_t N>
constexpr auto nested_sigmoid() {
    if constexpr (N == 0) return x;
    else return sigmoid(nested_sigmoid<N - 1>());
}
constexpr auto f = nested_sigmoid<depth>();
}  // namespace

TEST_CASE("a 400-level expression flattens, evaluates and differentiates", "[deep]") {
    constexpr auto p = at(x = 0.3);
    constexpr auto r = value_and_grad(f, wrt(x), p);
    static_assert(r.value > 0.5 && r.value < 1.0);
    // the reference: the same chain rule by hand, in double
    double s = 0.3, d = 1.0;
    for (std::size_t i = 0; i < depth; ++i) {
        s = 1.0 / (1.0 + std::exp(-s));
        d *= s * (1.0 - s);
    }
    CHECK(eval(f, p) == Approx(s).epsilon(1e-15));
    CHECK(r.value == Approx(s).epsilon(1e-15));
    CHECK(r.grad[x] == Approx(d).epsilon(1e-12));
    const std::string text = to_string(f);
    CHECK(text.size() == depth * std::string("sigmoid()").size() + 1);
    CHECK(text.rfind("sigmoid(sigmoid(x))") == text.size() - std::string("sigmoid(sigmoid(x))").size() - (depth - 2));
}
