// tests/random_expressions.hpp - reproducible random expression types: a constexpr PRNG
// picks each node from the seed, so expression number I is the same type on every build.
// Domains are kept valid by construction (log and sqrt of 1 + u^2, division by 1 + u^2).
#pragma once
#include <cstdint>

#include <ctgrad/ctgrad.hpp>

namespace random_expressions {
using namespace ctgrad;
using namespace ctgrad::literals;

inline constexpr var<"x"> x;
inline constexpr var<"y"> y;
inline constexpr var<"z"> z;

constexpr std::uint64_t mix(std::uint64_t s) {  // splitmix64
    s += 0x9e3779b97f4a7c15ull;
    s = (s ^ (s >> 30)) * 0xbf58476d1ce4e5b9ull;
    s = (s ^ (s >> 27)) * 0x94d049bb133111ebull;
    return s ^ (s >> 31);
}

inline constexpr int operation_count = 21;

template <class A>
constexpr auto positive(const A& a) {
    return 1_c + square(a);
}

template <std::uint64_t Seed, int Depth>
constexpr auto make();

/// Operation `Op` applied to random operands of depth Depth - 1.
template <int Op, std::uint64_t Seed, int Depth>
constexpr auto apply() {
    constexpr auto a = make<mix(Seed + 1), Depth - 1>();
    constexpr auto b = make<mix(Seed + 2), Depth - 1>();
    if constexpr (Op == 0) return a + b;
    else if constexpr (Op == 1) return a - b;
    else if constexpr (Op == 2) return a * b;
    else if constexpr (Op == 3) return a / positive(b);
    else if constexpr (Op == 4) return -a;
    else if constexpr (Op == 5) return pow(a, 3_c);
    else if constexpr (Op == 6) return pow(positive(a), constant<3, 2>{});
    else if constexpr (Op == 7) return pow(positive(a), tanh(b));
    else if constexpr (Op == 8) return square(a);
    else if constexpr (Op == 9) return sqrt(positive(a));
    else if constexpr (Op == 10) return exp(tanh(a));
    else if constexpr (Op == 11) return log(positive(a));
    else if constexpr (Op == 12) return sin(a);
    else if constexpr (Op == 13) return cos(a);
    else if constexpr (Op == 14) return tanh(a);
    else if constexpr (Op == 15) return sigmoid(a);
    else if constexpr (Op == 16) return relu(a) + softplus(b);
    else if constexpr (Op == 17) return max(a, b) * abs(a);
    else if constexpr (Op == 18) return min(a, b);
    else if constexpr (Op == 19) return log_sigmoid(a);
    else return named<"n">(a * b);
}

template <std::uint64_t Seed, int Depth>
constexpr auto make() {
    constexpr std::uint64_t r = mix(Seed);
    if constexpr (Depth == 0 || r % 5 == 0) {
        constexpr int leaf = static_cast<int>((r >> 8) % 5);
        if constexpr (leaf == 0) return x;
        else if constexpr (leaf == 1) return y;
        else if constexpr (leaf == 2) return z;
        else if constexpr (leaf == 3) return constant<static_cast<std::intmax_t>((r >> 20) % 5) + 1, 2>{} * x;
        else return as_expression(0.25 + 0.1 * static_cast<double>((r >> 24) % 13)) * y;  // a value constant
    } else {
        return apply<static_cast<int>((r >> 16) % operation_count), Seed, Depth>();
    }
}

/// Expression number I: its root operation is I mod operation_count, so every operation
/// is the root of some expressions; below it, nodes are random to depth 3.
template <std::size_t I>
constexpr auto expression_number() {
    return apply<static_cast<int>(I % operation_count), mix(I * 7919 + 17), 3>();
}
}  // namespace random_expressions
