// tests/support.hpp - small helpers shared by the tests.
#pragma once
#include <ctgrad/ctgrad.hpp>

namespace ctgrad_test {
constexpr double absolute(double v) { return v < 0 ? -v : v; }
/// |a - b| <= rel * max(|a|, |b|), or both tiny.
constexpr bool close(double a, double b, double rel = 1e-12, double abs_floor = 1e-300) {
    double scale = absolute(a) > absolute(b) ? absolute(a) : absolute(b);
    return absolute(a - b) <= rel * scale || absolute(a - b) <= abs_floor;
}
template <class A, class B>
constexpr bool same_type(const A&, const B&) {
    return std::is_same<A, B>::value;
}
}  // namespace ctgrad_test
