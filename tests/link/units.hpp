// tests/link/units.hpp - two translation units that use the same expressions and the same
// inline function over value_and_grad. ctgrad has ordinary linkage (docs/architecture.md,
// "Short keys"): the inline function is one entity, and so is every table it reads (the
// program, its schedule, a wrt list's names), one object at one address in both units.
#pragma once
#include <array>
#include <type_traits>

#include "../seed_networks.hpp"

/// The seed's Q1(b) gradient, from an inline function each unit instantiates.
inline std::array<double, 7> seed_gradient(double c) {
    using namespace seed_q1b;
    const auto p = ctgrad::at(x1 = 1.0, x2 = -1.0, a = 1.0, b = 1.0, seed_q1b::c = c, d = 1.0, e = 2.0, f = 2.0);
    const auto r = ctgrad::value_and_grad(y, ctgrad::wrt(a, b, seed_q1b::c, d, e, f), p);
    return {r.value, r.grad[a], r.grad[b], r.grad[seed_q1b::c], r.grad[d], r.grad[e], r.grad[f]};
}

/// The tables value_and_grad reads for seed_gradient: the program, the reverse schedule,
/// the point's map into the program, and the gradient's names.
inline std::array<const void*, 4> seed_tables() {
    using namespace seed_q1b;
    using program = ctgrad::detail::program_of<double, std::remove_const_t<decltype(y)>>;
    using W = decltype(ctgrad::wrt(a, b, seed_q1b::c, d, e, f));
    using P = decltype(ctgrad::at(x1 = 1.0, x2 = -1.0, a = 1.0, b = 1.0, seed_q1b::c = 1.0, d = 1.0, e = 2.0, f = 2.0));
    return {&program::value, &ctgrad::detail::reverse_schedule<program, W, double>::value,
            &ctgrad::detail::point_map<program, P>::index, &table_of(typename W::key{})};
}

std::array<double, 7> gradient_in_unit_a(double c);  // unit_a.cpp
std::array<const void*, 4> tables_in_unit_a();        // unit_a.cpp
