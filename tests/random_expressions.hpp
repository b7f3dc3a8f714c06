// tests/random_expressions.hpp - reproducible random expression types: a constexpr PRNG
// picks each node from the seed, so expression number I is the same type on every build.
// Domains are kept valid by construction (log and sqrt of 1 + u^2, division by 1 + u^2).
// Depth is the real depth of the expression tree: each operation spends the levels of
// its own nodes (a / (1 + b^2) spends 3 on b's side), so no expression exceeds its bound.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <utility>

#include <ctgrad/ctgrad.hpp>

#include "mutation.hpp"

namespace random_expressions {
using namespace ctgrad;
using namespace ctgrad::literals;
using ctgrad::detail::operand_t;

inline constexpr var<"x"> x;
inline constexpr var<"y"> y;
inline constexpr var<"z"> z;

/// Operations are numbered in the order they were added (see apply). Each generation of
/// expressions draws from the operations that existed when it was added, so adding an
/// operation never changes an existing expression: it gets a case in apply (and in levels,
/// where it needs more than one level) and a generation of its own, one line below.
struct generation {
    std::size_t first;    // its first expression number
    int operations;       // inner nodes draw from operations 0 .. operations - 1
    int first_new;        // roots cycle through first_new .. operations - 1
    int max_depth;        // the depth bound of its expressions
};
inline constexpr generation generations[] = {
    {0, 21, 0, 5},      // arithmetic, powers, elementary functions, piecewise, named
    {1050, 23, 21, 8},  // erf, nn::gelu (gelu spends 5 levels of its own)
};
inline constexpr std::size_t expression_count = 1150;  // tests/CMakeLists.txt reads this line
inline constexpr int max_depth = 8;                    // over all generations

constexpr const generation& generation_of(std::size_t i) {
    std::size_t g = 0;
    while (g + 1 < std::size(generations) && generations[g + 1].first <= i) ++g;
    return generations[g];
}

constexpr std::uint64_t mix(std::uint64_t s) {  // splitmix64
    s += 0x9e3779b97f4a7c15ull;
    s = (s ^ (s >> 30)) * 0xbf58476d1ce4e5b9ull;
    s = (s ^ (s >> 27)) * 0x94d049bb133111ebull;
    return s ^ (s >> 31);
}

template <class A>
constexpr auto positive(const A& a) {  // two levels: 1 + a^2
    return 1_c + square(a);
}

/// Levels operation Op puts above its operands: {first operand, second operand (0: none)}.
constexpr std::pair<int, int> levels(int op) {
    switch (op) {
        case 0: case 1: case 2: case 18: case 20: return {1, 1};  // a + b, a - b, a b, min, named(a b)
        case 3: return {1, 3};                                     // a / (1 + b^2)
        case 6: case 9: case 11: return {3, 0};                    // f(1 + a^2)
        case 7: return {3, 2};                                     // (1 + a^2)^tanh(b)
        case 10: return {2, 0};                                    // exp(tanh(a))
        case 16: case 17: return {2, 2};                           // relu(a) + softplus(b), max(a, b) |a|
        case 22: return {5, 0};                                    // 1/2 * (a * (1 + erf(1/sqrt(2) * a)))
        default: return {1, 0};                                    // -a, a^3, a^2, sin, cos, tanh, ...
    }
}
constexpr int levels_needed(int op) { return std::max(levels(op).first, levels(op).second); }

template <std::uint64_t Seed, int Depth, int Operations>
constexpr auto make();

/// Operation `Op` over random operands, the whole tree at most Depth deep; inner nodes draw
/// from the first `Operations` operations.
template <int Op, std::uint64_t Seed, int Depth, int Operations>
constexpr auto apply() {
    constexpr auto a = make<mix(Seed + 1), Depth - levels(Op).first, Operations>();
    // the second operand only where an operation has one: an unused type still costs
    constexpr auto b = [] {
        if constexpr (levels(Op).second > 0) return make<mix(Seed + 2), Depth - levels(Op).second, Operations>();
        else return 0;
    }();
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
    else if constexpr (Op == 12) return tested_sin(a);
    else if constexpr (Op == 13) return cos(a);
    else if constexpr (Op == 14) return tanh(a);
    else if constexpr (Op == 15) return sigmoid(a);
    else if constexpr (Op == 16) return relu(a) + softplus(b);
    else if constexpr (Op == 17) return max(a, b) * abs(a);
    else if constexpr (Op == 18) return min(a, b);
    else if constexpr (Op == 19) return log_sigmoid(a);
    else if constexpr (Op == 20) return named<"n">(a * b);
    else if constexpr (Op == 21) return erf(a);
    else if constexpr (Op == 22) return nn::gelu(a);
    else static_assert(Op < 23, "an operation number without a case");
}

/// A random subtree at most Depth deep: below the root a node is a leaf 1 time in 3
/// (or when its operation needs more levels than are left).
template <std::uint64_t Seed, int Depth, int Operations>
constexpr auto make() {
    constexpr std::uint64_t r = mix(Seed);
    constexpr int op = static_cast<int>((r >> 16) % Operations);
    if constexpr (Depth == 0) {
        constexpr int leaf = static_cast<int>((r >> 8) % 3);
        if constexpr (leaf == 0) return x;
        else if constexpr (leaf == 1) return y;
        else return z;
    } else if constexpr (r % 3 == 0 || levels_needed(op) > Depth) {
        constexpr int leaf = static_cast<int>((r >> 8) % 5);
        if constexpr (leaf == 0) return x;
        else if constexpr (leaf == 1) return y;
        else if constexpr (leaf == 2) return z;
        else if constexpr (leaf == 3) return constant<static_cast<std::intmax_t>((r >> 20) % 5) + 1, 2>{} * x;
        else return as_expression(0.25 + 0.1 * static_cast<double>((r >> 24) % 13)) * y;  // a value constant
    } else {
        return apply<op, Seed, Depth, Operations>();
    }
}

/// The depth of an expression type: a leaf (or a constant such as 1/sqrt(2)) is 0, a node
/// one more than its deepest operand (named is transparent).
template <class E, std::size_t... K>
constexpr int deepest_operand(std::index_sequence<K...>);
template <class E>
constexpr int depth_of() {
    if constexpr (!requires { E::arity; }) return 0;
    else if constexpr (E::arity == 0) return 0;
    else return (ctgrad::detail::is_named<E> ? 0 : 1) + deepest_operand<E>(std::make_index_sequence<E::arity>{});
}
/// Whether an expression holds a sum or product of three terms or more that the program emits
/// as one balanced chain (detail/program.hpp): the suite must exercise that form.
template <class E>
constexpr bool has_long_chain() {
    if constexpr (ctgrad::detail::long_chain<E>) return true;
    else if constexpr (!requires { E::arity; }) return false;
    else return []<std::size_t... K>(std::index_sequence<K...>) {
        return (false || ... || has_long_chain<operand_t<K, E>>());
    }(std::make_index_sequence<E::arity>{});
}
template <class E, std::size_t... K>
constexpr int deepest_operand(std::index_sequence<K...>) {
    return std::max({depth_of<operand_t<K, E>>()...});
}

/// Expression number I of generation g: its root cycles through g's new operations, and
/// its depth bound through 1 .. 5 (the first generation) or through what the root needs
/// plus 0 .. 3 (later ones), so each new operation is the root of expressions of every
/// depth it allows. Simplification can deepen a tree by a level (a (b / c) becomes
/// (a b) / c); such a draw is drawn again.
template <std::size_t I, std::uint64_t Attempt = 0>
constexpr auto expression_number() {
    constexpr generation g = generation_of(I);
    constexpr int roots = g.operations - g.first_new;
    constexpr int op = g.first_new + static_cast<int>((I - g.first) % roots);
    constexpr int turn = static_cast<int>((I - g.first) / roots);
    constexpr int depth = g.first == 0 ? std::max(1 + turn % 5, levels_needed(op)) : levels_needed(op) + turn % 4;
    constexpr auto f = apply<op, mix(I * 7919 + 17 + Attempt * 1000003), depth, g.operations>();
    if constexpr (depth_of<std::remove_const_t<decltype(f)>>() > g.max_depth) return expression_number<I, Attempt + 1>();
    else return f;
}
}  // namespace random_expressions
