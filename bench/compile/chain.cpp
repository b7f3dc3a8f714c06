// Compile-time benchmark input: value_and_grad of a chain of OPERATIONS unary operations,
// u_N(... u_2(u_1(x))), cycling through sin, tanh, sigmoid and softplus; OPERATIONS from -DOPERATIONS=..
// (scripts/compile-curve.sh times it for growing OPERATIONS).
#include <cmath>
#include <cstdio>

#include <ctgrad/ctgrad.hpp>

using namespace ctgrad;

constexpr var<"x"> x;

template <int K, class E>
constexpr auto chain(const E& e) {
    if constexpr (K == 0) return e;
    else if constexpr (K % 4 == 1) return chain<K - 1>(sin(e));
    else if constexpr (K % 4 == 2) return chain<K - 1>(tanh(e));
    else if constexpr (K % 4 == 3) return chain<K - 1>(sigmoid(e));
    else return chain<K - 1>(softplus(e));
}

int main(int argc, char**) {
    constexpr auto f = chain<OPERATIONS>(x);
    auto r = value_and_grad(f, wrt(x), at(x = 0.3 + 0.0 * argc));
    std::printf("%d operations: value %.17g, derivative %.17g\n", OPERATIONS, r.value, r.grad[x]);
    return std::isfinite(r.grad[x]) ? 0 : 1;
}
