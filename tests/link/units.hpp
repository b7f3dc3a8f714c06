// tests/link/units.hpp - two translation units that use the same expressions and the same
// inline function over value_and_grad. ctgrad's functions have internal linkage (one copy per
// unit: docs/architecture.md, "Names g++ never computes"); the units must link and agree.
#pragma once
#include <array>

#include "../seed_networks.hpp"

/// The seed's Q1(b) gradient, from an inline function each unit instantiates.
inline std::array<double, 7> seed_gradient(double c) {
    using namespace seed_q1b;
    const auto p = ctgrad::at(x1 = 1.0, x2 = -1.0, a = 1.0, b = 1.0, seed_q1b::c = c, d = 1.0, e = 2.0, f = 2.0);
    const auto r = ctgrad::value_and_grad(y, ctgrad::wrt(a, b, seed_q1b::c, d, e, f), p);
    return {r.value, r.grad[a], r.grad[b], r.grad[seed_q1b::c], r.grad[d], r.grad[e], r.grad[f]};
}

std::array<double, 7> gradient_in_unit_a(double c);  // unit_a.cpp
